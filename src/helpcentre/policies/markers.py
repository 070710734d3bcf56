"""Finds `{{ policy.some.key }}` markers in Markdown, skipping fenced and inline code."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    """One marker occurrence; `line` and `col` are 1-based within the text searched."""

    key: str
    line: int
    col: int
    start: int
    end: int
    alone_on_line: bool


class MarkerSyntaxError(Exception):
    """A `{{` that is not a well-formed policy marker."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def find_markers(markdown: str) -> list[Marker]:
    """Every policy marker outside code, in order; raise MarkerSyntaxError on a bad one."""
    markers: list[Marker] = []
    offset = 0
    for number, line, in_code in lines_with_code_state(markdown):
        if not in_code and "{{" in line:
            for start, end in text_segments(line):
                markers.extend(_markers_in_segment(line, start, end, number, offset))
        offset += len(line) + 1
    return markers


def replace_markers(markdown: str, render: Callable[[Marker], str]) -> str:
    """Replace each marker with `render(marker)`; the text outside markers is untouched."""
    pieces: list[str] = []
    position = 0
    for marker in find_markers(markdown):
        pieces.append(markdown[position : marker.start])
        pieces.append(render(marker))
        position = marker.end
    pieces.append(markdown[position:])
    return "".join(pieces)


def lines_with_code_state(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with its 1-based number and whether it belongs to a fenced code block."""
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group("fence")
                yield number, line, True
                continue
            yield number, line, False
        else:
            if (
                match
                and match.group("fence")[0] == fence[0]
                and len(match.group("fence")) >= len(fence)
                and not match.group("info").strip()
            ):
                fence = None
            yield number, line, True


def text_segments(line: str) -> Iterator[tuple[int, int]]:
    """Spans of a line that are not inside an inline code span."""
    position = 0
    for match in _CODE_SPAN.finditer(line):
        yield position, match.start()
        position = match.end()
    yield position, len(line)


def _markers_in_segment(
    line: str, start: int, end: int, number: int, offset: int
) -> Iterator[Marker]:
    search_from = start
    while True:
        opening = line.find("{{", search_from, end)
        if opening < 0:
            return
        closing = line.find("}}", opening + 2, end)
        if closing < 0:
            raise MarkerSyntaxError(
                number, opening + 1, "unclosed policy marker: add '}}' on the same line"
            )
        text = line[opening : closing + 2]
        match = _MARKER.fullmatch(text)
        if not match:
            raise MarkerSyntaxError(
                number,
                opening + 1,
                f"malformed policy marker '{text}' (write {{{{ policy.group.key }}}})",
            )
        yield Marker(
            key=match.group("key"),
            line=number,
            col=opening + 1,
            start=offset + opening,
            end=offset + closing + 2,
            alone_on_line=line.strip() == text,
        )
        search_from = closing + 2


_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_MARKER = re.compile(r"\{\{\s*policy\.(?P<key>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\s*\}\}")
