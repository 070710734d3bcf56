"""Gives each heading that quotes a policy value an anchor that does not change with it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from helpcentre.policies.markers import Marker

# How the site's table of contents turns a heading's text into an id (its `slugify` with
# its separator applied): the same rule, given other words, so ids look alike.
Slugify = Callable[[str], str]
NEEDS_ATTR_LIST = (
    "a heading that quotes a policy value needs attr_list to keep its anchor when the value "
    "changes (add attr_list under markdown_extensions in mkdocs.yml)"
)


@dataclass(frozen=True)
class Anchors:
    """How the site gives headings ids: the table of contents' rule, and whether a page
    can write an id of its own (attr_list's `{ #id }`)."""

    slugify: Slugify
    writable: bool


@dataclass(frozen=True)
class HeadingId:
    """An explicit `{ #id }` to add at `offset` of the Markdown, for the heading whose
    first marker is at `line`, `col` (1-based)."""

    line: int
    col: int
    offset: int
    text: str  # what to insert there


def heading_ids(markdown: str, markers: list[Marker], slugify: Slugify) -> list[HeadingId]:
    """An id for every heading (ATX or setext) holding a marker and no id of its own, made
    from the heading as written with each marker read as its key's words: "Préavis de
    {{ policy.cancellation.notice_period }}" -> "preavis-de-cancellation-notice-period".
    The filled-in value never enters it, so the anchor is the same on every date."""
    if not markers:
        return []
    by_line: dict[int, list[Marker]] = {}
    for marker in markers:
        by_line.setdefault(marker.line, []).append(marker)
    lines = markdown.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    used = set(_WRITTEN_ID.findall(markdown))
    found = []
    for number, quoted in sorted(by_line.items()):
        line = lines[number - 1]
        text_span = _heading_text(line, lines[number] if number < len(lines) else "")
        if text_span is None:
            continue
        start, end = text_span
        attributes = _ATTRIBUTES.search(line, start, end)
        if attributes and _ID.search(attributes.group("body")):
            continue  # the writer chose this heading's id
        words_end = attributes.start() if attributes else end
        written = _as_words(line, start, words_end, quoted, starts[number - 1])
        anchor = _unique(slugify(written), used)
        if attributes:  # one attribute list per heading: the id joins the writer's
            offset, text = attributes.start("body"), f"#{anchor} "
        else:
            offset, text = end, f" {{ #{anchor} }}"
        first = quoted[0]
        found.append(HeadingId(first.line, first.col, starts[number - 1] + offset, text))
    return found


def _heading_text(line: str, next_line: str) -> tuple[int, int] | None:
    """Where a heading's text is on its line (without `#` marks, closing `#`s or trailing
    spaces), read as Python-Markdown reads headings; None when the line is none."""
    atx = _ATX.match(line)
    if atx:
        return atx.start("text"), atx.start("text") + len(atx.group("text").rstrip())
    if line.strip() and _SETEXT_UNDERLINE.match(next_line):
        return len(line) - len(line.lstrip()), len(line.rstrip())
    return None


def _as_words(line: str, start: int, end: int, markers: list[Marker], offset: int) -> str:
    """The heading's text with each marker as its key's words, and without what
    Markdown does not show (link targets, tags, character references)."""
    pieces, position = [], start
    for marker in markers:
        col = marker.start - offset
        if start <= col < end:
            pieces += [line[position:col], " " + _KEY_WORDS.sub(" ", marker.key) + " "]
            position = marker.end - offset
    pieces.append(line[position:end])
    text = _NOT_SHOWN.sub(" ", "".join(pieces))
    return " ".join(html.unescape(text).split())


def _unique(anchor: str, used: set[str]) -> str:
    """Python-Markdown's rule for a repeated id: `_1`, `_2`… after it."""
    candidate, count = anchor, 0
    while candidate in used or not candidate:
        count += 1
        candidate = f"{anchor}_{count}"
    used.add(candidate)
    return candidate


# Python-Markdown: up to six `#` at the line's start, closing `#`s dropped (indented only
# inside a list item or admonition, whose content is read without its 4-column indent).
_ATX = re.compile(r"^(?: {4}|\t)*#{1,6}(?!#)[ \t]*(?P<text>.*?)[ \t]*#*[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^(?: {4}|\t)*(?:=+|-+)[ \t]*$")
# attr_list's list at the end of a heading: `{ #id .class }` or `{: … }`, after a space.
_ATTRIBUTES = re.compile(r"[ \t]+\{:?[ \t]*(?P<body>[^}\n]*)\}[ \t]*$")
_ID = re.compile(r"(?:^|\s)#[^\s}]")
_WRITTEN_ID = re.compile(r"\{:?[^{}\n]*?#([\w:.-]+)[^{}\n]*\}")
_KEY_WORDS = re.compile(r"[._]+")
_NOT_SHOWN = re.compile(
    r"<!--.*?-->|\]\([^)\n]*\)|\]\[[^\]\n]*\]|</?[A-Za-z][^<>\n]*>|[\\*_`\[\]!]"
)
