"""Links, images, raw HTML and headings of a Markdown body, with their source positions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# The policy marker finder already knows where fenced and inline code are.
from helpcentre.policies.markers import lines_with_code_state, text_segments


@dataclass(frozen=True)
class Found:
    """Something found in a body; `line` and `col` are 1-based within the whole file."""

    kind: str  # link, image, html_link, html_image, tag, h2
    text: str  # the link target, the alt text, or the raw tag
    line: int
    col: int
    alt: str | None = None


def scan(body: str, first_line: int) -> list[Found]:
    """Every link, image, raw HTML tag and H2 heading outside code, in order."""
    found: list[Found] = []
    for number, line, in_code in lines_with_code_state(body):
        if in_code:
            continue
        line_no = first_line + number - 1
        if _H2.match(line):
            found.append(Found("h2", line[3:].strip(), line_no, 1))
        for start, end in text_segments(line):
            segment = line[start:end]
            for match in _INLINE.finditer(segment):
                kind = "image" if match.group("bang") else "link"
                col = start + match.start("target") + 1
                found.append(
                    Found(kind, match.group("target"), line_no, col, alt=match.group("text"))
                )
            for match in _REFERENCE.finditer(segment):
                found.append(
                    Found("link", match.group("target"), line_no, start + match.start("target") + 1)
                )
            for match in _TAG.finditer(segment):
                tag = match.group(0)
                found.append(Found("tag", tag, line_no, start + match.start() + 1))
                name = match.group("name").lower()
                for attr in _ATTR.finditer(tag):
                    if (name, attr.group("name").lower()) in (("a", "href"), ("img", "src")):
                        kind = "html_link" if name == "a" else "html_image"
                        alt = _attribute(tag, "alt") if name == "img" else None
                        col = start + match.start() + _value_start(attr) + 1
                        found.append(Found(kind, _value(attr) or "", line_no, col, alt=alt))
    return found


def links(found: list[Found]) -> Iterator[Found]:
    return (f for f in found if f.kind in ("link", "html_link"))


def _attribute(tag: str, name: str) -> str | None:
    """The attribute's value ("" when present without one), None when absent."""
    for attr in _ATTR.finditer(tag):
        if attr.group("name").lower() == name:
            return _value(attr) or ""
    return None


def _value(attr: re.Match[str]) -> str | None:
    return next((v for v in attr.group("dq", "sq", "uq") if v is not None), None)


def _value_start(attr: re.Match[str]) -> int:
    for group in ("dq", "sq", "uq"):
        if attr.group(group) is not None:
            return attr.start(group)
    return attr.start()


_H2 = re.compile(r"^## (?!#)")
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<target>[^)\s>]*)>?"
    r"(?:\s+[\"'(][^)]*)?\)"
)
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)")
_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
_ATTR = re.compile(
    r"""\s(?P<name>[a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'>]+)))?"""
)
