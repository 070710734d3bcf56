"""The report editors read: reactions and score per article and language (worst first),
the weekly trend, and the searches that found nothing; as a table, CSV, JSON or HTML."""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpcentre.collector.store import (
    SEARCH_MISS_READERS,
    WEIGHTS,
    ArticleScore,
    SearchMiss,
    StoreError,
    WeekScore,
    open_store,
)
from helpcentre.contract import REACTION_NAMES, REACTIONS, Manifest, ManifestError

log = logging.getLogger("collector")

COLUMNS = ("title", "article", "lang", *REACTION_NAMES, "total", "score")
# An unanswered query is listed only once this many different readers asked it.
SEARCH_MISS_THRESHOLD = SEARCH_MISS_READERS


@dataclass(frozen=True)
class ReportData:
    scores: list[ArticleScore]
    weeks: list[WeekScore]
    misses: dict[str, list[SearchMiss]]  # per language, most frequent first
    manifest: Manifest | None


def run(args: argparse.Namespace) -> int:
    location = args.db or os.environ.get("HELPCENTRE_COLLECTOR_DB") or "var/feedback.sqlite3"
    try:
        store = open_store(location, read_only=True)
        try:
            data = ReportData(
                scores=store.scores(args.since),
                weeks=store.weeks(args.since),
                misses=top_misses(store.search_misses(SEARCH_MISS_THRESHOLD, args.since), args.top),
                manifest=_manifest(args.manifest),
            )
        finally:
            store.close()
    except StoreError as error:
        log.error("%s", error)
        return 1
    render = {"table": as_table, "csv": as_csv, "json": as_json}
    sys.stdout.write(render[args.format](data))
    if args.html:
        try:
            from helpcentre.collector.report_html import as_html
        except ImportError:
            log.error("--html draws its charts with matplotlib: pip install 'helpcentre[charts]'")
            return 1
        try:
            args.html.write_text(as_html(data), encoding="utf-8")
        except OSError as error:
            log.error("%s: cannot write (%s)", args.html, error.strerror)
            return 1
    return 0


def top_misses(misses: list[SearchMiss], top: int) -> dict[str, list[SearchMiss]]:
    grouped: dict[str, list[SearchMiss]] = {}
    for miss in sorted(misses, key=lambda m: (m.lang, -m.count, m.query)):
        if len(grouped.get(miss.lang, [])) < top:
            grouped.setdefault(miss.lang, []).append(miss)
    return grouped


def article_url(data: ReportData, article: str, lang: str) -> str | None:
    """The article's address on the site, from the manifest (None when unknown)."""
    if data.manifest is None:
        return None
    entry = data.manifest.articles.get(article, {}).get(lang)
    url = entry.get("url") if isinstance(entry, dict) else None
    if not isinstance(url, str):
        return None
    origin = data.manifest.site_origin or ""
    return f"{origin}/{url.lstrip('/')}" if origin else "/" + url.lstrip("/")


def article_title(manifest: Manifest | None, article: str, lang: str) -> str:
    """The article's title from the manifest, else its path (an article since removed)."""
    entry = manifest.articles.get(article, {}).get(lang) if manifest else None
    title = entry.get("title") if isinstance(entry, dict) else None
    return title if isinstance(title, str) and title.strip() else article


def source_path(article: str, lang: str) -> str:
    return f"docs/{lang}/{article}"


def as_rows(
    scores: list[ArticleScore], manifest: Manifest | None = None
) -> list[dict[str, str | int | float]]:
    return [
        {
            "title": article_title(manifest, s.article, s.lang),
            "article": s.article,
            "lang": s.lang,
            **{name: s.count(name) for name in REACTION_NAMES},
            "total": s.total,
            "score": s.score,
        }
        for s in scores
    ]


def as_json(data: ReportData) -> str:
    document: dict[str, Any] = {
        "articles": [
            {**row, "url": article_url(data, str(row["article"]), str(row["lang"]))}
            | {"source": source_path(str(row["article"]), str(row["lang"]))}
            for row in as_rows(data.scores, data.manifest)
        ],
        "weeks": [
            {
                "week": w.week.isoformat(),
                "lang": w.lang,
                **{name: w.counts[i] for i, name in enumerate(REACTION_NAMES)},
                "total": w.total,
                "score": w.score,
            }
            for w in data.weeks
        ],
        "unanswered_searches": {
            lang: [{"query": m.query, "count": m.count} for m in misses]
            for lang, misses in data.misses.items()
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(data: ReportData) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(as_rows(data.scores, data.manifest))
    return out.getvalue()


def as_table(data: ReportData) -> str:
    lines = _score_table(data.scores, data.manifest)
    lines += ["", f"Unanswered searches (by {SEARCH_MISS_THRESHOLD} readers or more):"]
    if not data.misses:
        lines.append("  none yet")
    for lang, misses in data.misses.items():
        lines.append(f"  {lang}:")
        lines += [f"    {m.count:>5}  {_printable(m.query)}" for m in misses]
    return "\n".join(lines) + "\n"


def _score_table(scores: list[ArticleScore], manifest: Manifest | None) -> list[str]:
    if not scores:
        return ["No reactions yet."]
    headings = ("title", "article", "lang", *(e for _, e in REACTIONS), "total", "score")
    cells = [[_printable(str(row[c])) for c in COLUMNS] for row in as_rows(scores, manifest)]
    # The emoji headings are two columns wide in a terminal.
    widths = [
        max([_width(h)] + [_width(line[i]) for line in cells]) for i, h in enumerate(headings)
    ]
    numeric = set(range(3, len(COLUMNS)))

    def line(values: list[str] | tuple[str, ...]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _width(value))
            parts.append(pad + value if i in numeric else value + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(headings), rule, *(line(c) for c in cells), "", footer(), ORDER]


def footer() -> str:
    """How the score reads: 'from 0 (all 😞) to 100 (all 😃), 😐 counts 50'."""
    faces = [(emoji, weight) for (_, emoji), weight in zip(REACTIONS, WEIGHTS, strict=True)]
    between = "".join(f", {emoji} counts {weight:g}" for emoji, weight in faces[1:-1])
    first, last = faces[0][0], faces[-1][0]
    return f"score: average reaction from 0 (all {first}) to 100 (all {last}){between}"


ORDER = (
    "order: worst first by how bad each article surely is (lower end of the 95% Wilson "
    "interval), so a few reactions do not outrank many"
)


def _manifest(path: Path) -> Manifest | None:
    try:
        return Manifest.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ManifestError):
        return None


def _printable(text: str) -> str:
    """No terminal escape or control character from the database reaches the screen."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _width(text: str) -> int:
    return sum(
        2 if ord(ch) >= 0x1F300 or unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )
