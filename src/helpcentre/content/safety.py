"""Raw HTML an article may not carry: `<script>`, inline event handlers, `javascript:` URLs.

One implementation for the build (which refuses the page) and `make check` (HC703), so
both name the same place with the same words and the check's report shows each defect once.
Code (fenced, indented, inline) is shown as text, never run: it is left out of the scan.
"""

from __future__ import annotations

import html
import re

from helpcentre.policies.markers import lines_with_code_state, text_segments
from helpcentre.problems import Problem, ProblemError

SCRIPT = "<script> in an article (scripts belong in overrides/assets, not in Markdown)"
JAVASCRIPT_LINK = "'javascript:' link (link to a page or an https:// address)"
JAVASCRIPT_HTML = "'javascript:' URL in raw HTML (link to a page or an https:// address)"


def refuse_unsafe_html(body: str, first_line: int, path: str) -> None:
    """ProblemError with one line per unsafe construct of an article body."""
    problems = unsafe_html(body, first_line, path)
    if problems:
        raise ProblemError(problems)


def unsafe_html(body: str, first_line: int, path: str) -> list[Problem]:
    """Each unsafe construct outside code, located in the file (`first_line`: the body's)."""
    text = prose(body)
    found: list[tuple[int, str]] = []
    for tag in _TAG.finditer(text):
        message = unsafe_tag(tag.group(0))
        if message:
            found.append((tag.start(), message))
    for pattern in (_LINK, _REFERENCE):
        for link in pattern.finditer(text):
            if is_javascript(link.group("target")):
                found.append((link.start("target"), JAVASCRIPT_LINK))
    # attr_list turns `{ onclick="..." }` after a link or paragraph into real attributes.
    for attributes in _ATTR_LIST.finditer(text):
        message = _unsafe_attributes(attributes.group(0))
        if message:
            found.append((attributes.start(), message))
    return [
        Problem(path, *_position(text, offset, first_line), message)
        for offset, message in sorted(found)
    ]


def unsafe_tag(tag: str) -> str | None:
    """Why a raw HTML tag is refused, or None when it is harmless."""
    if re.match(r"<script\b", tag, re.IGNORECASE):
        return SCRIPT
    return _unsafe_attributes(tag)


def is_javascript(url: str) -> bool:
    """True for a `javascript:` URL, however a browser would still read it as one
    (character references, case, spaces and control characters)."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    return cleaned.startswith("javascript:")


def prose(body: str) -> str:
    """The body with every code character blanked to a space: offsets, lines and columns
    stay those of the file, and nothing inside code can match."""
    lines = []
    in_list = in_indented = False
    previous_blank = True
    for _, line, in_fence in lines_with_code_state(body):
        blank = not line.strip()
        if in_fence:
            lines.append(" " * len(line))
            in_indented = False
        elif blank:
            lines.append(line)
        elif _INDENTED.match(line) and (in_indented or (previous_blank and not in_list)):
            # An indented code block: after a blank line, outside a list (where the same
            # indent continues the item, whose HTML would be real).
            in_indented = True
            lines.append(" " * len(line))
        else:
            in_indented = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif previous_blank and not _INDENTED.match(line):
                in_list = False
            lines.append(_without_code_spans(line))
        previous_blank = blank and not in_fence
    return "\n".join(lines)


def _without_code_spans(line: str) -> str:
    kept = [" "] * len(line)
    for start, end in text_segments(line):
        kept[start:end] = line[start:end]
    return "".join(kept)


def _unsafe_attributes(text: str) -> str | None:
    handler = _HANDLER.search(text)
    if handler:
        return f"inline event handler '{handler.group(1)}' (remove it: articles run no scripts)"
    for attribute in _ATTRIBUTE.finditer(text):
        value = next((v for v in attribute.group("dq", "sq", "uq") if v is not None), "")
        if is_javascript(value):
            return JAVASCRIPT_HTML
    return None


def _position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


# A tag may span lines; `/` separates attributes as well as spaces do (`<img/onerror=…>`).
_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*(?:[\s/][^<>]*)?>")
_HANDLER = re.compile(r"[\s/\"'{](on[a-zA-Z]+)\s*=", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"""[\s/{](?P<name>[a-zA-Z_:][-\w:.]*)\s*=\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'<>{}]+))"""
)
_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
