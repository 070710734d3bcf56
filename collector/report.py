"""The report editors read: per article and language, reactions and score, worst first."""

from __future__ import annotations

import csv
import io
import json

from collector.store import WEIGHTS, ArticleScore
from helpcentre.contract import REACTION_NAMES, REACTIONS

COLUMNS = ("article", "lang", *REACTION_NAMES, "total", "score")


def as_rows(scores: list[ArticleScore]) -> list[dict[str, str | int | float]]:
    return [
        {
            "article": s.article,
            "lang": s.lang,
            **{name: s.count(name) for name in REACTION_NAMES},
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
    headings = ("article", "lang", *(emoji for _, emoji in REACTIONS), "total", "score")
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
    return "\n".join([line(headings), rule, *(line(c) for c in cells), "", _footer()]) + "\n"


def _footer() -> str:
    """How the score reads: 'from 0 (all 😞) to 100 (all 😃), 😐 counts 50'."""
    faces = [(emoji, weight) for (_, emoji), weight in zip(REACTIONS, WEIGHTS, strict=True)]
    between = "".join(f", {emoji} counts {weight:g}" for emoji, weight in faces[1:-1])
    first, last = faces[0][0], faces[-1][0]
    return f"score: average reaction from 0 (all {first}) to 100 (all {last}){between}"


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x1F300 else 1 for ch in text)
