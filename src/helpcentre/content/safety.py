"""Raw HTML an article may not carry: `<script>`, inline event handlers, `javascript:` URLs.

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
from html.parser import HTMLParser

from markdown.util import BLOCK_LEVEL_ELEMENTS

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


def refuse_unsafe_rendered_html(content: str, body: str, first_line: int, path: str) -> None:
    """ProblemError with one line per unsafe construct of a page's rendered HTML."""
    problems = unsafe_rendered_html(content, body, first_line, path)
    if problems:
        raise ProblemError(problems)


def unsafe_rendered_html(content: str, body: str, first_line: int, path: str) -> list[Problem]:
    """Each unsafe construct of `content` (the HTML rendered from `body`, whose first line
    is `first_line` of the file) that the scan of the Markdown did not report, located
    where its tag, attribute or URL first occurs in the body (else on its first line)."""
    parser = _RenderedHtml()
    parser.feed(content)
    parser.close()
    if not parser.findings:
        return []
    # The Markdown scan names these already, with the same words: say each defect once.
    reported = Counter(p.message for p in unsafe_html(body, first_line, path))
    locate = _Locator(body, first_line)
    problems = []
    for finding in parser.findings:
        problem = locate.find(finding, path)
        if reported[problem.message]:
            reported[problem.message] -= 1
            continue
        problems.append(problem)
    # Two constructs found at one place (the fallback line, say) make one line.
    return sorted(set(problems), key=lambda p: (p.line, p.col, p.message))


def may_render_unsafe(markdown: str, extensions: Iterable[str]) -> bool:
    """False when the HTML rendered from `markdown` cannot hold a script, a handler or a
    `javascript:` URL, so the backstop need not parse it: with only the extensions named in
    READ_EXTENSIONS, Markdown writes tags and attributes of its own, with fixed names (a
    script or handler needs raw HTML `<` or attr_list `{`), and a URL holds the link's
    characters (`&` for a character reference; backslash escapes and spaces are dropped
    here, as the check drops them)."""
    if not set(extensions) <= READ_EXTENSIONS or any(c in markdown for c in "<{&"):
        return True
    return "javascript:" in _LETTERS_AND_COLONS.sub("", markdown.lower())


def unsafe_tag(tag: str) -> str | None:
    """Why a raw HTML tag is refused, or None when it is harmless."""
    if re.match(r"<script\b", tag, re.IGNORECASE):
        return SCRIPT
    return _unsafe_attributes(tag)


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
    handler = _HANDLER.search(text)
    if handler:
        return f"inline event handler '{handler.group(1)}' (remove it: articles run no scripts)"
    for attribute in _ATTRIBUTE.finditer(text):
        value = next((v for v in attribute.group("dq", "sq", "uq") if v is not None), "")
        if is_javascript(value):
            return JAVASCRIPT_HTML
    return None


def _is_javascript_decoded(url: str) -> bool:
    """`is_javascript` for a value whose character references are decoded already."""
    return re.sub(r"[\x00-\x20]", "", url).lower().startswith("javascript:")


class _RenderedHtml(HTMLParser):
    """Collects the unsafe constructs of rendered HTML, in document order: (what to look
    for in the Markdown, its kind, the attribute name, the attribute's value as written)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.findings.append(("script", tag, ""))
        written = self.get_starttag_text() or ""
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(("handler", name, ""))
            elif name in _URL_ATTRIBUTES and value and _is_javascript_decoded(value):
                self.findings.append(("url", name, _written_value(written, name) or value))


def _written_value(tag: str, name: str) -> str | None:
    """The value of attribute `name` as the tag's text writes it (before decoding)."""
    for attribute in _ATTRIBUTE.finditer(tag):
        if attribute.group("name").lower() == name:
            return next((v for v in attribute.group("dq", "sq", "uq") if v is not None), "")
    return None


class _Locator:
    """Finds each rendered construct in the body, outside code first; a second construct
    of the same kind is looked for after the first one's place."""

    def __init__(self, body: str, first_line: int) -> None:
        self.texts = (prose(body), body)
        self.first_line = first_line
        self.after: dict[str, int] = {}

    def find(self, finding: tuple[str, str, str], path: str) -> Problem:
        kind, name, value = finding
        if kind == "script":
            needle = r"<script\b"
        elif kind == "handler":
            needle = rf"(?<![\w:.-]){re.escape(name)}(?![\w:.-])"
        else:
            needle = re.escape(value)
        match = self._search(needle, kind + name + value)
        if match is None and kind == "url":
            match = self._search(r"javascript", kind + name + value)
        if match is None:
            # Nothing to point at in the Markdown: the body's first line names the page.
            return Problem(path, self.first_line, 1, _message(kind, name, "", 0))
        text, found = match
        line, col = _position(text, found.start(), self.first_line)
        return Problem(path, line, col, _message(kind, found.group(0), text, found.start()))

    def _search(self, needle: str, key: str) -> tuple[str, re.Match[str]] | None:
        pattern = re.compile(needle, re.IGNORECASE)
        for text in self.texts:
            found = pattern.search(text, self.after.get(key, 0))
            if found:
                self.after[key] = found.end()
                return text, found
        return None


def _message(kind: str, written: str, text: str, offset: int) -> str:
    """The Markdown scan's words for a construct (`written`: as the body spells it)."""
    if kind == "script":
        return SCRIPT
    if kind == "handler":
        return f"inline event handler '{written}' (remove it: articles run no scripts)"
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
# Attributes whose value a browser follows or loads as a URL.
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})
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
