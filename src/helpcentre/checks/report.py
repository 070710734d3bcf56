"""Problem codes, severities and the output format of `make check`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TextIO

from helpcentre.problems import Problem

# code -> (severity, what it means for an editor); README lists the same codes.
CODES: dict[str, tuple[str, str]] = {
    "HC101": ("error", "the strict build failed"),
    "HC201": ("error", "broken internal link or anchor"),
    "HC202": ("error", "broken external link (only with --external)"),
    "HC203": ("error", "a URL of published-urls.txt no longer resolves"),
    "HC301": ("error", "link to a page in another language"),
    "HC401": ("error", "article or collection missing in a language"),
    "HC402": ("error", "translation without a source-language file"),
    "HC403": ("warning", "article or collection not yet in a language in progress"),
    "HC404": ("error", "interface string missing in a language"),
    "HC405": ("warning", "interface string not yet in a language in progress"),
    "HC406": ("warning", "data-file text not yet in a language in progress"),
    "HC501": ("warning", "translation older than its source"),
    "HC502": ("error", "translation records no source_hash"),
    "HC503": ("error", "translation keeps the source's title or description"),
    "HC601": ("error", "language versions quote different policy keys"),
    "HC602": ("error", "language versions link to different pages"),
    "HC603": ("error", "language versions have different numbers of H2 sections"),
    "HC701": ("error", "front matter does not follow the schema"),
    "HC702": ("error", "image without alt text"),
    "HC703": ("error", "unsafe raw HTML (script, event handler, javascript: URL)"),
    "HC704": ("error", "article or page without text"),
    "HC801": ("error", "Markdown lint"),
    "HC901": ("warning", "a scheduled value change is less than 14 days away"),
    "HC921": ("error", "unknown article owner, or a malformed teams file"),
    "HC922": ("warning", "an article's review is due within 14 days"),
    "HC923": ("warning", "an article's review is overdue"),
    "HC924": ("error", "an article's review is overdue (reviews.overdue: error)"),
    "HC925": ("warning", "a value the article quotes changed since its last review"),
    "HC926": ("error", "a value changing within 14 days, article not reviewed since scheduled"),
    "HC951": ("error", "search data file (data/synonyms.yml) malformed"),
    "HC952": ("error", "synonym, suggested article or keyword listed twice"),
    "HC953": ("error", "suggested article that does not exist"),
    "HC954": ("error", "synonym or keyword in another language's list"),
}


def severity(problem: Problem) -> str:
    return CODES.get(problem.code, ("error", ""))[0]


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """Drop repeats, and keep one problem where the build and a check may see the same
    defect: a front-matter error keeps its check code, else the build's message wins.

    Only the codes of `_PRECEDENCE` claim a place: other problems at one place (one line
    per missing string of a catalogue, say) are distinct defects."""
    claimed: dict[tuple[str, int, int], str] = {}
    seen: set[str] = set()
    kept = []
    for problem in sorted(problems, key=lambda p: _PRECEDENCE.get(p.code, len(_PRECEDENCE))):
        place = (problem.path, problem.line, problem.col)
        if problem.text() in seen or claimed.get(place, problem.code) != problem.code:
            continue
        seen.add(problem.text())
        kept.append(problem)
        if problem.code in _PRECEDENCE:
            claimed.setdefault(place, problem.code)
    return kept


def print_report(problems: list[Problem], out: TextIO) -> int:
    """One line per problem, GitHub annotations on Actions, a summary; the exit code."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.code))
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in ordered:
        out.write(problem.text() + "\n")
        if annotate:
            out.write(_annotation(problem) + "\n")
    errors = sum(1 for p in ordered if severity(p) == "error")
    warnings = len(ordered) - errors
    out.write(f"checks: {_count(errors, 'error')}, {_count(warnings, 'warning')}\n")
    return 1 if errors else 0


_PRECEDENCE = {
    code: rank
    for rank, code in enumerate(["HC701", "HC703", "HC503", "HC704", "HC101", "HC301", "HC702"])
}


def _annotation(problem: Problem) -> str:
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return (
        f"::{severity(problem)} file={problem.path},line={problem.line},col={problem.col},"
        f"title={problem.code}::{message}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
