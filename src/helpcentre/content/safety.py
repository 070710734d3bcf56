"""Raw HTML an article may carry: only what `allowed_html` lists (no `<script>`, no inline
event handler, no URL scheme but http(s), mailto and tel), each refusal a located line.

One implementation for the build (which refuses the page) and `make check` (HC703), so
both name the same place with the same words and the check's report shows each defect once.
Code (fenced, indented, inline) is shown as text, never run: it is left out of the scan.
The scan of the Markdown reads it as the renderer does, and where it cannot (a subtlety of
Markdown it misreads), `unsafe_rendered_html` reads the page's HTML after rendering, which
no Markdown trick can hide from, and locates what it finds in the Markdown.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Iterable

from markdown.util import BLOCK_LEVEL_ELEMENTS

from helpcentre.content.allowed_html import (
    ATTRIBUTES,
    GLOBAL_ATTRIBUTES,
    SCHEMES,
    Refusal,
    judge,
    refusals,
    tag_refusals,
    url_scheme,
)
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
        found += [(tag.start(), message) for message in tag_problems(tag.group(0))]
    for pattern in (_LINK, _REFERENCE):
        for link in pattern.finditer(text):
            message = link_problem(link.group("target"))
            if message:
                found.append((link.start("target"), message))
    # attr_list turns `{ onclick="..." }` after a link or paragraph into real attributes.
    for attributes in _ATTR_LIST.finditer(text):
        message = _unsafe_attributes(attributes.group(0))
        if message:
            found.append((attributes.start(), message))
    return [
        Problem(path, *_position(text, offset, first_line), message)
        for offset, message in sorted(found)
    ]


def refuse_unsafe_rendered_html(content: str, body: str, first_line: int, path: str) -> None:
    """ProblemError with one line per unsafe construct of a page's rendered HTML."""
    problems = unsafe_rendered_html(content, body, first_line, path)
    if problems:
        raise ProblemError(problems)


def unsafe_rendered_html(content: str, body: str, first_line: int, path: str) -> list[Problem]:
    """Each unsafe construct of `content` (the HTML rendered from `body`, whose first line
    is `first_line` of the file) that the scan of the Markdown did not report, located
    where its tag, attribute or URL first occurs in the body (else on its first line)."""
    findings = [_finding(refusal) for refusal in refusals(content)]
    if not findings:
        return []
    # The Markdown scan names these already, with the same words: say each defect once.
    reported = Counter(p.message for p in unsafe_html(body, first_line, path))
    locate = _Locator(body, first_line)
    problems = []
    for finding in findings:
        problem = locate.find(finding, path)
        if reported[problem.message]:
            reported[problem.message] -= 1
            continue
        problems.append(problem)
    # Two constructs found at one place (the fallback line, say) make one line.
    return sorted(set(problems), key=lambda p: (p.line, p.col, p.message))


def may_render_unsafe(markdown: str, extensions: Iterable[str]) -> bool:
    """False when the HTML rendered from `markdown` cannot hold anything outside the
    allowlist, so the backstop need not parse it: with only the extensions named in
    READ_EXTENSIONS, Markdown writes allowed tags and attributes of its own (anything else
    needs raw HTML `<` or attr_list `{`), and a URL holds the link's characters (`&` for a
    character reference; backslash escapes and spaces are dropped here, as the check
    drops them), so a link's scheme is the one written."""
    if not set(extensions) <= READ_EXTENSIONS or any(c in markdown for c in "<{&"):
        return True
    if "javascript:" in _LETTERS_AND_COLONS.sub("", markdown.lower()):
        return True
    if "](" in markdown and ("```" in markdown or "~~~" in markdown):
        return True  # a fence inside a link's target can put its HTML in an attribute
    targets = (m.group("target") for p in (_LINK, _REFERENCE) for m in p.finditer(markdown))
    return any(link_problem(target) for target in targets)


def tag_problems(tag: str) -> list[str]:
    """Why a raw HTML start tag is refused (one message per refusal; none: allowed)."""
    return list(dict.fromkeys(_refusal_message(r) for r in tag_refusals(tag)))


def link_problem(target: str) -> str | None:
    """Why a Markdown link's target is refused (a scheme outside the allowlist), or None."""
    if is_javascript(target):
        return JAVASCRIPT_LINK
    scheme = url_scheme(html.unescape(target))
    if scheme is not None and scheme not in SCHEMES:
        return f"'{scheme}:' link ({_LINK_TO})"
    return None


def is_javascript(url: str) -> bool:
    """True for a `javascript:` URL, however a browser would still read it as one
    (character references, case, spaces and control characters)."""
    return _is_javascript_decoded(html.unescape(url))


@functools.lru_cache(maxsize=16)  # a pure function of the text, asked for by several checks
def prose(body: str) -> str:
    """The body with every code character blanked to a space: offsets, lines and columns
    stay those of the file, and nothing inside code can match."""
    lines = []
    in_list = in_indented = False
    previous_blank = True
    raw_html = _raw_html_lines(body)
    for number, line, in_fence in lines_with_code_state(body):
        blank = not line.strip()
        if number in raw_html:
            # Markdown passes a raw HTML block through as it is: nothing in it is code.
            lines.append(line)
            in_list = in_indented = False
        elif in_fence:
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


def _raw_html_lines(body: str) -> set[int]:
    """The 1-based numbers of the lines in a raw HTML block: from a block-level start tag
    at the start of a line (up to 3 spaces in) to the end tag closing it, as
    Python-Markdown reads them (fenced code is set aside before, so it is left out)."""
    # Only fences count as code here: the lines are scanned without their indents, so
    # none reads as an indented code block (which a raw HTML block holds as live HTML).
    if "<" not in body:
        return set()  # no tag, no raw HTML block
    lines = body.split("\n")
    dedented = "\n".join(line.lstrip(" \t") for line in lines)
    fenced = [in_fence for _, _, in_fence in lines_with_code_state(dedented)]
    text = "\n".join(" " * len(line) if f else line for line, f in zip(lines, fenced, strict=True))
    numbers: set[int] = set()
    position = 0
    while start := _BLOCK_START.search(text, position):
        name = start.group("name").lower()
        position = start.end()
        if name not in BLOCK_LEVEL_ELEMENTS:
            continue
        # The renderer closes the block at the end tag that empties its stack of open
        # tags (an end tag closes the tags opened inside it); unclosed, it runs to the end.
        stack = [] if name == "hr" or start.group(0).endswith("/>") else [name]
        while stack:
            token = _TAG_OR_END.search(text, position)
            if token is None:
                position = len(text)
                break
            position = token.end()
            if token.group("open"):
                if not token.group(0).endswith("/>"):
                    stack.append(token.group("open").lower())
            elif token.group("close").lower() in stack:
                while stack.pop() != token.group("close").lower():
                    pass
        first = text.count("\n", 0, start.start()) + 1
        last = text.count("\n", 0, position) + 1
        numbers.update(n for n in range(first, last + 1) if not fenced[n - 1])
    return numbers


def _without_code_spans(line: str) -> str:
    if "`" not in line:
        return line
    kept = [" "] * len(line)
    for start, end in text_segments(line):
        kept[start:end] = line[start:end]
    return "".join(kept)


def _unsafe_attributes(text: str) -> str | None:
    """Why attr_list attributes (`{ #id .class key=value }`) are refused, or None: they
    land on whatever element they follow, so only attributes allowed on every element."""
    handler = _HANDLER.search(text)
    if handler:
        return f"inline event handler '{handler.group(1)}' (remove it: articles run no scripts)"
    for attribute in _ATTRIBUTE.finditer(text):
        name = attribute.group("name").lower()
        value = next((v for v in attribute.group("dq", "sq", "uq") if v is not None), "")
        if is_javascript(value):
            return JAVASCRIPT_HTML
        refused = judge("span", [(name, html.unescape(value))])
        if refused:
            return _refusal_message(refused[0])
    return None


_LINK_TO = "link to a page or an https://, mailto: or tel: address"


def _handler_message(written: str) -> str:
    return f"inline event handler '{written}' (remove it: articles run no scripts)"


def _refusal_message(refusal: Refusal) -> str:
    """The words for one refusal, the same in the Markdown scan and the backstop."""
    element, attribute, value = refusal.element, refusal.attribute, refusal.value
    if refusal.kind == "element":
        if element == "script":
            return SCRIPT
        return (
            f"<{element}> is not allowed in an article (write it in Markdown, or use an "
            "allowed element: README, 'Raw HTML in articles')"
        )
    if refusal.kind == "attribute":
        if attribute.startswith("on"):
            return _handler_message(attribute)
        allowed = sorted(GLOBAL_ATTRIBUTES | ATTRIBUTES.get(element, frozenset()))
        return (
            f"attribute '{attribute}' is not allowed on <{element}> (allowed there: "
            f"{', '.join(allowed)}, aria-*)"
        )
    if refusal.kind == "url":
        if _is_javascript_decoded(value):
            return JAVASCRIPT_HTML
        return f"'{url_scheme(value)}:' URL in <{element} {attribute}> ({_LINK_TO})"
    return (
        f"style '{value.strip()}' on <{element}> (only text-align is allowed in an "
        "article; the site's look belongs in overrides/assets)"
    )


def _finding(refusal: Refusal) -> tuple[str, str, str, Refusal]:
    """What to look for in the Markdown for a refusal of the rendered HTML."""
    if refusal.kind == "element":
        return ("element", refusal.element, "", refusal)
    if refusal.kind == "url":
        return ("url", refusal.attribute, refusal.value, refusal)
    return ("attribute", refusal.attribute, "", refusal)


def _is_javascript_decoded(url: str) -> bool:
    """`is_javascript` for a value whose character references are decoded already."""
    return re.sub(r"[\x00-\x20]", "", url).lower().startswith("javascript:")


class _Locator:
    """Finds each rendered construct in the body, outside code first; a second construct
    of the same kind is looked for after the first one's place."""

    def __init__(self, body: str, first_line: int) -> None:
        self.texts = (prose(body), body)
        self.first_line = first_line
        self.after: dict[str, int] = {}

    def find(self, finding: tuple[str, str, str, Refusal], path: str) -> Problem:
        kind, name, value, refusal = finding
        message = _refusal_message(refusal)
        if kind == "element":
            needle = rf"<{re.escape(name)}\b"
        elif kind == "attribute":
            needle = rf"(?<![\w:.-]){re.escape(name)}(?![\w:.-])"
        else:
            needle = _as_written(value)
        match = self._search(needle, kind + name + value)
        if match is None and kind == "url":
            scheme = url_scheme(value) or ""
            match = self._search(re.escape(scheme) if scheme else r"javascript", kind + name)
        if match is None:
            # Nothing to point at in the Markdown: the body's first line names the page.
            return Problem(path, self.first_line, 1, message)
        text, found = match
        line, col = _position(text, found.start(), self.first_line)
        if kind == "url" and message == JAVASCRIPT_HTML:
            message = _javascript_message(text, found.start())
        elif kind == "attribute" and name.startswith("on"):
            message = _handler_message(found.group(0))
        return Problem(path, line, col, message)

    def _search(self, needle: str, key: str) -> tuple[str, re.Match[str]] | None:
        pattern = re.compile(needle, re.IGNORECASE)
        for text in self.texts:
            found = pattern.search(text, self.after.get(key, 0))
            if found:
                self.after[key] = found.end()
                return text, found
        return None


def _as_written(value: str) -> str:
    """A pattern for a decoded attribute value however the Markdown spells it: each
    character as itself or as a numeric character reference."""
    return "".join(
        f"(?:{re.escape(c)}|&#0*{ord(c)};?|&#x0*{ord(c):x};?)" if c.isalnum() else re.escape(c)
        for c in value
    )


def _javascript_message(text: str, offset: int) -> str:
    """A `javascript:` URL written as a Markdown link's target, or in raw HTML."""
    if offset and _LINK_TARGET_BEFORE.search(text, 0, offset):
        return JAVASCRIPT_LINK
    return JAVASCRIPT_HTML


def _position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


# A tag may span lines; `/` separates attributes as well as spaces do (`<img/onerror=…>`).
# A quoted value may hold `>` (`alt="a>b"`): the tag ends at the first `>` outside quotes.
_TAG = re.compile(r"""<[a-zA-Z][\w-]*(?:[\s/](?:"[^"]*"|'[^']*'|[^'"<>])*)?>""")
_BLOCK_START = re.compile(
    r"""^ {0,3}<(?P<name>[a-zA-Z][\w-]*)(?:[\s/](?:"[^"]*"|'[^']*'|[^'"<>])*)?>""",
    re.MULTILINE,
)
_TAG_OR_END = re.compile(
    r"""<(?P<open>[a-zA-Z][\w-]*)(?:[\s/](?:"[^"]*"|'[^']*'|[^'"<>])*)?>"""
    r"""|</(?P<close>[a-zA-Z][\w-]*)\s*>"""
)
# The Markdown extensions `may_render_unsafe` was reasoned for (MkDocs' defaults and the
# project's): none writes an attribute or tag from text other than raw HTML and attr_list.
READ_EXTENSIONS = frozenset(
    {
        "toc",
        "tables",
        "fenced_code",
        "admonition",
        "attr_list",
        "pymdownx.details",
        "pymdownx.superfences",
    }
)
_LETTERS_AND_COLONS = re.compile(r"[^a-z:]")
# A URL right after `](` or `]:` (maybe in `<…>`) is a Markdown link's target.
_LINK_TARGET_BEFORE = re.compile(r"\](?:\(|:)\s*<?\s*\Z")
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
