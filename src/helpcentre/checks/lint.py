"""Markdown lint with PyMarkdown (pymarkdownlnt), rules in checks/pymarkdown.json.

PyMarkdown's parser formats its whole token list into a debug message at every line,
logged or not, so one scan takes time growing with the square of the file's length (a
5,000-line article took minutes). A long file is therefore scanned section by section
(cut before its `## ` headings), then its front matter and headings alone for the rules
that compare headings across the file: the time grows with the length.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

from helpcentre.checks.project import MarkdownPage, Project
from helpcentre.content.safety import prose
from helpcentre.problems import Problem

CONFIG = Path(__file__).with_name("pymarkdown.json")
# A file up to this many lines is scanned whole; a longer one in sections about as long.
SECTION_LINES = 80
# Rules that compare the headings of a whole file (one title, no heading twice).
HEADING_RULES = frozenset({"MD024", "MD025"})


class Scope(Enum):
    """What a scanned piece of a file is, and so which rules' findings count in it."""

    WHOLE = "whole"  # every rule
    SECTION = "section"  # all but HEADING_RULES: a section sees only its own headings
    HEADINGS = "headings"  # only HEADING_RULES


@dataclass(frozen=True)
class Chunk:
    """A piece of a file scanned on its own; `lines[i]`: the file's line of its line i+1."""

    text: str
    lines: list[int]
    scope: Scope

    def counts(self, rule: str) -> bool:
        if self.scope == Scope.WHOLE:
            return True
        return (rule in HEADING_RULES) == (self.scope == Scope.HEADINGS)

    def file_line(self, line: int) -> int:
        return self.lines[min(max(line, 1), len(self.lines)) - 1]


def lint_problems(project: Project) -> list[Problem]:
    with _root_handlers_kept():
        return _scan(project)


def _scan(project: Project) -> list[Problem]:
    api = PyMarkdownApi().configuration_file_path(str(CONFIG))
    problems = []
    for page in sorted(project.pages.values(), key=lambda p: p.display):
        # Front matter that is not YAML is read as Markdown headings: HC701 says the one fix.
        if page.source.yaml_error is not None:
            continue
        try:
            problems += _scan_page(api, page)
        except PyMarkdownApiException as error:
            return [Problem(page.display, 1, 1, f"Markdown lint failed: {error}", "HC801")]
    return problems


def _scan_page(api: PyMarkdownApi, page: MarkdownPage) -> list[Problem]:
    problems = []
    # The text as read (a byte-order mark dropped): the mark is no lint problem.
    for chunk in chunks(page.source.text, page.source.body_line):
        for failure in api.scan_string(chunk.text).scan_failures:
            if not chunk.counts(failure.rule_id):
                continue
            detail = (failure.extra_error_information or "").strip()
            problems.append(
                Problem(
                    page.display,
                    chunk.file_line(failure.line_number),
                    failure.column_number,
                    f"{failure.rule_id} {failure.rule_description}"
                    + (f" {detail}" if detail else "")
                    + f" ({failure.rule_name}; rules: checks/pymarkdown.json)",
                    "HC801",
                )
            )
    return sorted(problems, key=lambda p: (p.line, p.col, p.message))


def chunks(text: str, body_line: int = 1) -> list[Chunk]:
    """The pieces a file is scanned in: the whole file when it is short or defines
    reference links (any section may use them); else its sections, each cut before a
    `## ` heading after a blank line, and its front matter with its headings alone."""
    lines = text.split("\n")
    code_free = prose(text).split("\n")
    starts = _section_starts(code_free, body_line - 1) if len(lines) > SECTION_LINES else [0]
    if len(starts) == 1 or any(_REFERENCE_DEFINITION.match(line) for line in code_free):
        return [Chunk(text, list(range(1, len(lines) + 1)), Scope.WHOLE)]
    pieces = []
    for begin, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        # A section ends on the blank line before the next one's heading: its newline.
        piece = "\n".join(lines[begin:end])
        pieces.append(Chunk(piece, list(range(begin + 1, end + 1)), Scope.SECTION))
    front = body_line - 1
    outline, numbers = lines[:front], list(range(1, front + 1))
    for number in range(front, len(lines)):
        if _HEADING.match(code_free[number]):
            outline += [lines[number], ""]
            numbers += [number + 1, number + 1]
    pieces.append(Chunk("\n".join(outline) + "\n", numbers or [1], Scope.HEADINGS))
    return pieces


def _section_starts(code_free: list[str], body: int) -> list[int]:
    """Line 0, then each line (0-based) of the body where a section begins: a `## `
    heading after a blank line, outside code, at least SECTION_LINES after the last."""
    starts = [0]
    for number in range(max(body, 1), len(code_free)):
        if number - starts[-1] < SECTION_LINES or not _SECTION_HEADING.match(code_free[number]):
            continue
        if not code_free[number - 1].strip():
            starts.append(number)
    return starts


_SECTION_HEADING = re.compile(r"^## ")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")


@contextmanager
def _root_handlers_kept() -> Iterator[None]:
    """PyMarkdown adds a stdout handler to the root logger: without this, every message
    logged later (the build's warnings) would be printed beside the report."""
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
