"""The report editors read: per article and language, reactions and score, worst first."""

from __future__ import annotations

import csv
import io
import json

from collector.store import ArticleScore

COLUMNS = ("article", "lang", "sad", "neutral", "happy", "total", "score")


def as_rows(scores: list[ArticleScore]) -> list[dict[str, str | int | float]]:
    return [
        {
            "article": s.article,
            "lang": s.lang,
            "sad": s.sad,
            "neutral": s.neutral,
            "happy": s.happy,
            "total": s.total,
            "score": s.score,
        }
        for s in scores
    ]


def as_json(scores: list[ArticleScore]) -> str:
    return json.dumps(as_rows(scores), ensure_ascii=False, indent=2) + "\n"


def as_csv(scores: list[ArticleScore]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(as_rows(scores))
    return out.getvalue()


def as_table(scores: list[ArticleScore]) -> str:
    if not scores:
        return "No reactions yet.\n"
    headings = ("article", "lang", "😞", "😐", "😃", "total", "score")
    cells = [[str(row[c]) for c in COLUMNS] for row in as_rows(scores)]
    # The emoji headings are two columns wide in a terminal.
    widths = [max([_width(h)] + [len(line[i]) for line in cells]) for i, h in enumerate(headings)]
    numeric = set(range(2, len(COLUMNS)))

    def line(values: list[str] | tuple[str, ...]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _width(value))
            parts.append(pad + value if i in numeric else value + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    footer = "score: average reaction from 0 (all 😞) to 100 (all 😃), 😐 counts 50"
    return "\n".join([line(headings), rule, *(line(c) for c in cells), "", footer]) + "\n"


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x1F300 else 1 for ch in text)
