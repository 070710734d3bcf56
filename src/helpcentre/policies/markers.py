"""Finds `{{ policy.some.key }}` markers in Markdown outside code, and their near misses."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Collection, Iterator
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
    """Braces that are not a well-formed policy marker but look meant as one."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def find_markers(markdown: str, keys: Collection[str] = ()) -> list[Marker]:
    """Every policy marker outside code, in order; raise MarkerSyntaxError on the first
    near miss (`keys`, the known policy keys, let it suggest the key meant)."""
    markers, errors = scan_markers(markdown, keys)
    if errors:
        raise errors[0]
    return markers


def scan_markers(
    markdown: str, keys: Collection[str] = ()
) -> tuple[list[Marker], list[MarkerSyntaxError]]:
    """Every policy marker outside code, and every near miss (each with its fix)."""
    markers: list[Marker] = []
    errors: list[MarkerSyntaxError] = []
    offset = 0
    for number, line, in_code in lines_with_code_state(markdown):
        if not in_code and "{" in line:
            for start, end in text_segments(line):
                for found in _braces_in_segment(line, start, end, number, offset, keys):
                    (markers if isinstance(found, Marker) else errors).append(found)
        offset += len(line) + 1
    return markers, errors


def in_link_text(markdown: str, markers: list[Marker]) -> list[tuple[Marker, str]]:
    """Each of `markers` (found in `markdown`) that stands in a link's text or an image's
    alt text, with which of the two ("link" or "image"): a value written as a link
    would put a link inside a link there."""
    if "[" not in markdown and "<" not in markdown:
        return []
    text = _code_blanked(markdown)
    labels = _labels(text)
    spans = []
    # Every bracket is tried (an image's alt text may sit inside a link's text).
    for opening in (index for index, char in enumerate(text) if char == "["):
        match = _LINK_TEXT.match(text, opening)
        if match is None or (opening and text[opening - 1] == "\\"):
            continue
        after = match.group("after")
        if not after and _label(match.group("text")) not in labels:
            continue  # brackets, not a link (nor the definition of a reference)
        if not after and text.startswith(":", match.end()):
            continue
        bang = opening and text[opening - 1] == "!"
        spans.append((match.start("text"), match.end("text"), "image" if bang else "link"))
    spans += [(m.start("text"), m.end("text"), "link") for m in _HTML_LINK.finditer(text)]
    found = []
    for marker in markers:
        holding = [span for span in spans if span[0] <= marker.start and marker.end <= span[1]]
        if holding:  # the innermost: an image's alt text inside a link's text, say
            found.append((marker, min(holding, key=lambda span: span[1] - span[0])[2]))
    return found


def _code_blanked(markdown: str) -> str:
    """The Markdown with its code (fenced, indented, inline) blanked out, offsets kept."""
    lines = []
    for _, line, in_code in lines_with_code_state(markdown):
        if in_code:
            lines.append(" " * len(line))
            continue
        kept, position = [], 0
        for start, end in text_segments(line):
            kept += [" " * (start - position), line[start:end]]
            position = end
        lines.append("".join(kept) + " " * (len(line) - position))
    return "\n".join(lines)


def _labels(text: str) -> set[str]:
    return {_label(match.group(1)) for match in _REFERENCE_DEFINITION.finditer(text)}


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def replace_markers(
    markdown: str, render: Callable[[Marker], str], keys: Collection[str] = ()
) -> str:
    """Replace each marker with `render(marker)`; the text outside markers is untouched."""
    return splice_markers(markdown, find_markers(markdown, keys), render)


def splice_markers(markdown: str, markers: list[Marker], render: Callable[[Marker], str]) -> str:
    """The Markdown with each of `markers` (found in it, in order) replaced by its render."""
    pieces: list[str] = []
    position = 0
    for marker in markers:
        pieces.append(markdown[position : marker.start])
        pieces.append(render(marker))
        position = marker.end
    pieces.append(markdown[position:])
    return "".join(pieces)


def lines_with_code_state(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with its 1-based number and whether it is code: in a fenced code block,
    or in an indented code block (indented 4 spaces or a tab more than the list item or
    admonition it sits in, and not continuing a paragraph, which such a block cannot
    interrupt)."""
    return iter(_code_states(markdown))


# Several checks of one page read the same text in turn (markers, typed values, unsafe
# HTML, images): the scan is a pure function of the text, so the last few are kept.
@functools.lru_cache(maxsize=16)
def _code_states(markdown: str) -> tuple[tuple[int, str, bool], ...]:
    return tuple(_scan_code_states(markdown))


def _scan_code_states(markdown: str) -> Iterator[tuple[int, str, bool]]:
    fence: str | None = None
    # Content indents of the open list items and admonitions: Python-Markdown (which
    # renders the pages) nests their content 4 columns deeper, whatever the marker.
    containers: list[int] = []
    in_indented = False
    previous = "blank"  # the line before: blank, text (a paragraph goes on) or block
    for number, line in enumerate(markdown.split("\n"), start=1):
        if fence is not None:
            match = _FENCE.match(line)
            if (
                match
                and match.group("fence")[0] == fence[0]
                and len(match.group("fence")) >= len(fence)
                and not match.group("info").strip()
            ):
                fence = None
                # Python-Markdown reads a line right after a fence as going on from it.
                previous = "text"
            yield number, line, True
            continue
        if not line.strip():
            # A blank line inside an indented block belongs to it if code follows.
            previous = "blank"
            yield number, line, in_indented
            continue
        indent = _indent(line)
        if previous == "blank":
            while containers and indent < containers[-1]:
                containers.pop()
        base = containers[-1] if containers else 0
        if indent >= base + 4 and (in_indented or previous != "text"):
            in_indented = True
            previous = "block"
            yield number, line, True
            continue
        in_indented = False
        match = _FENCE.match(line)
        if match:
            fence = match.group("fence")
            previous = "block"
            yield number, line, True
            continue
        if _CONTAINER.match(line):
            while containers and indent < containers[-1]:
                containers.pop()
            containers.append(indent + 4)
        previous = "block" if _HEADING.match(line) else "text"
        yield number, line, False


def text_segments(line: str) -> Iterator[tuple[int, int]]:
    """Spans of a line that are not inside an inline code span, read as Python-Markdown
    reads them: a backslash-escaped backtick (`\\``) is a literal backtick and never opens
    a span (its HTML stays live), while `\\\\` before one is an escaped backslash."""
    position = index = 0
    while (index := line.find("`", index)) >= 0:
        backslashes = index - len(line[position:index].rstrip("\\")) - position
        span = None if backslashes % 2 else _CODE_SPAN.match(line, index)
        if span is None:
            index += 1
            continue
        yield position, index
        position = index = span.end()
    yield position, len(line)


def _indent(line: str) -> int:
    """Leading columns, a tab reaching the next multiple of 4."""
    prefix = line[: len(line) - len(line.lstrip(" \t"))]
    return len(prefix.expandtabs(4))


def _braces_in_segment(
    line: str, start: int, end: int, number: int, offset: int, keys: Collection[str]
) -> Iterator[Marker | MarkerSyntaxError]:
    for match in _BRACES.finditer(line, start, end):
        token = match.group(0)
        opens, closes = len(match.group("open")), len(match.group("close"))
        col = match.start() + 1
        body = match.group("body")
        exact = _MARKER.fullmatch(token)
        if exact:
            yield Marker(
                key=exact.group("key"),
                line=number,
                col=col,
                start=offset + match.start(),
                end=offset + match.end(),
                alone_on_line=line.strip() == token,
            )
            continue
        if match.group("statement"):
            yield MarkerSyntaxError(
                number,
                col,
                f"'{_shown(token)}' is a template statement, which articles cannot use "
                "(quote a value with {{ policy.group.key }}; show an example in `code`)",
            )
            continue
        meant = _meant_marker(body, keys)
        looks_meant = meant is not None
        problem: str | None = None
        if opens >= 3 or closes >= 3:
            if opens >= 2 or looks_meant:
                problem = "has triple braces"
        elif opens == 2 and closes == 2:
            problem = _double_brace_problem(body, keys)
        elif (opens, closes) == (2, 1) or ((opens, closes) == (1, 2) and looks_meant):
            problem = "has unbalanced braces"
        elif opens == 2 and closes == 0:
            problem = "is not closed on its line"
        elif opens == 1 and closes == 1 and looks_meant:
            problem = "has single braces"
        elif opens == 1 and closes == 0 and looks_meant:
            problem = "is not closed on its line"
        if problem is None:
            continue  # braces of another kind, such as attr_list's { .class }
        fix = meant or "{{ policy.group.key }}"
        yield MarkerSyntaxError(
            number, col, f"policy marker '{_shown(token)}' {problem} (write {fix})"
        )


def _double_brace_problem(body: str, keys: Collection[str]) -> str:
    """What is wrong with `{{ body }}` when it is not `{{ policy.key }}`."""
    text = " ".join(body.split())
    if _MARKER.fullmatch("{{" + text.lower() + "}}"):
        return "must be lower case"
    head = re.match(r"([A-Za-z_][\w-]*)\s*[.:\s]", text)
    if head and head.group(1).lower() != "policy" and _like_prefix(head.group(1)):
        return "misspells the 'policy.' prefix"
    if not text.lower().startswith("policy") and _meant_marker(body, keys):
        return "lacks the 'policy.' prefix"
    return "is malformed"


def _meant_marker(body: str, keys: Collection[str]) -> str | None:
    """The marker `body` (between braces) seems meant as, or None when it does not look
    like a policy marker at all."""
    text = re.sub(r"\s*([.:])\s*", r"\1", " ".join(body.split())).lower()
    head = re.fullmatch(r"([a-z_][\w-]*)(?:[.:]|\s)(.+)", text)
    if head and (head.group(1) == "policy" or _like_prefix(head.group(1))):
        key, prefixed = head.group(2), True
    else:
        key, prefixed = text, False
    if key in keys:
        return f"{{{{ policy.{key} }}}}"
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.8)
    if close:
        return f"{{{{ policy.{close[0]} }}}}"
    if prefixed and _KEY.fullmatch(key):
        return f"{{{{ policy.{key} }}}}"
    return None


def _like_prefix(word: str) -> bool:
    return bool(difflib.get_close_matches(word.lower(), ["policy"], n=1, cutoff=0.7))


def _shown(token: str) -> str:
    token = token.rstrip()
    return token if len(token) <= 60 else token[:59] + "…"


# A link's text or an image's alt text (one level of brackets inside, over the lines of
# one paragraph), before its target or reference label (else a shortcut reference).
_LINK_TEXT = re.compile(
    r"\[(?P<text>(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)\](?P<after>\(|\[)?"
)
_HTML_LINK = re.compile(r"<a(?:\s[^<>]*)?>(?P<text>.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.MULTILINE)
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Python-Markdown's code span: a closing run of exactly the opening's length; the
# content may end in a backslash (no escapes inside code).
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
# List items and admonitions (`!!! note`, `??? note`, `???+ note`) hold indented content.
_CONTAINER = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)]|!!!|\?\?\?\+?)(?:[ \t]|$)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
# Braces of any count around text with no brace in it; a `{%` opens a template statement.
_BRACES = re.compile(r"(?P<open>\{+)(?P<statement>%)?(?P<body>[^{}]*?)(?P<close>\}+|$)")
_KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")
_MARKER = re.compile(r"\{\{\s*policy\.(?P<key>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\s*\}\}")
