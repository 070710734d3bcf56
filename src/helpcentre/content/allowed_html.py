"""The raw HTML an article may use: elements, attributes and URL schemes, by allowlist.

Anything not named here is refused with a line saying what to write instead; nothing is
stripped silently. The list covers what a help article needs beyond Markdown (a table
cell spanning columns, a keyboard key, a collapsible block, a figure with a caption) and
everything the site's Markdown extensions write themselves, so rendered pages pass it too.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

ELEMENTS = frozenset(
    {
        # text
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
        "time", "u", "var", "wbr",
        # blocks
        "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "h1",
        "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "summary", "ul",
        # tables
        "caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    }
)  # fmt: skip
# On every allowed element; `aria-*` too (they only describe the element).
GLOBAL_ATTRIBUTES = frozenset({"class", "dir", "id", "lang", "role", "title"})
ARIA_PREFIX = "aria-"
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "blockquote": frozenset({"cite"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "del": frozenset({"cite", "datetime"}),
    "details": frozenset({"open"}),
    "img": frozenset({"alt", "height", "loading", "src", "width"}),
    "ins": frozenset({"cite", "datetime"}),
    "li": frozenset({"value"}),
    "ol": frozenset({"reversed", "start", "type"}),
    "q": frozenset({"cite"}),
    "td": frozenset({"align", "colspan", "headers", "rowspan", "style"}),
    "th": frozenset({"abbr", "align", "colspan", "headers", "rowspan", "scope", "style"}),
    "time": frozenset({"datetime"}),
}
# Attributes a browser follows or loads as a URL, and the schemes they may use (a URL
# without a scheme, such as `../x/` or `#part`, is a link within the site).
URL_ATTRIBUTES = frozenset({"cite", "href", "src"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# `style` only aligns table cells, as the tables extension writes it.
STYLE = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_HIDDEN = re.compile(r"[\x00-\x20]")


@dataclass(frozen=True)
class Refusal:
    """One thing outside the allowlist: an element, an attribute, a URL or a style."""

    kind: str  # "element", "attribute", "url" or "style"
    element: str
    attribute: str = ""
    value: str = ""


def attribute_allowed(element: str, attribute: str) -> bool:
    return (
        attribute in GLOBAL_ATTRIBUTES
        or attribute.startswith(ARIA_PREFIX)
        or attribute in ATTRIBUTES.get(element, ())
    )


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads in a URL (`javascript` for `java\tscript:`), or None."""
    found = _SCHEME.match(_HIDDEN.sub("", value))
    return found.group(1).lower() if found else None


def judge(element: str, attributes: Iterable[tuple[str, str | None]]) -> list[Refusal]:
    """What of one start tag (its name and decoded attributes) the allowlist refuses."""
    if element not in ELEMENTS:
        return [Refusal("element", element)]
    refused = []
    for name, value in attributes:
        if not attribute_allowed(element, name):
            refused.append(Refusal("attribute", element, name))
        elif name in URL_ATTRIBUTES and value and (url_scheme(value) or "https") not in SCHEMES:
            refused.append(Refusal("url", element, name, value))
        elif name == "style" and value and not STYLE.fullmatch(value):
            refused.append(Refusal("style", element, name, value))
    return refused


def refusals(fragment: str) -> list[Refusal]:
    """Everything of an HTML fragment outside the allowlist, in document order, read as a
    browser reads it: html5ever (through nh3) parses the fragment and writes it back out
    with everything kept, so a construct that Python's parser and a browser would read
    differently is judged in the browser's reading."""
    schemes = _schemes_in(fragment)
    read = as_browsers_read(fragment, schemes)
    # The usual page, with only allowed schemes and nothing outside the list: no walk.
    # (A value such as `java script:` is relative to a browser but refused here all the
    # same, as the Markdown scan refuses it: the walk judges it.)
    if not schemes - SCHEMES and _allowed_only(read) == read:
        return []
    return _Walker.walk(read)


def _allowed_only(read: str) -> str:
    """The browser's reading with only the allowlist kept (styles and `aria-*` left for the
    walk to judge): equal to the reading when nothing in it is refused."""
    return nh3.clean(
        read,
        tags=set(ELEMENTS),
        clean_content_tags=set(),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{k: set(v) for k, v in ATTRIBUTES.items()}},
        generic_attribute_prefixes={ARIA_PREFIX},
        url_schemes=set(SCHEMES),
        strip_comments=False,
        link_rel=None,
    )


def tag_refusals(tag: str) -> list[Refusal]:
    """What the allowlist refuses in one start tag as written (read alone: a browser
    would drop a lone `<td>` outside its table, so it is not read through html5ever;
    the rendered page, read whole, is)."""
    return _Walker.walk(tag)


def as_browsers_read(fragment: str, schemes: set[str] | None = None) -> str:
    """The fragment as a browser's HTML parser builds it, serialised with nothing removed
    (every element, attribute, URL and comment kept); `schemes`: `_schemes_in(fragment)`
    when the caller has it already."""
    return nh3.clean(
        fragment,
        tags=_EVERY_ELEMENT | _names_in(fragment),
        clean_content_tags=set(),
        attributes={},
        generic_attribute_prefixes=_EVERY_ATTRIBUTE_PREFIX,
        url_schemes=(_schemes_in(fragment) if schemes is None else schemes)
        | SCHEMES
        | _RISKY_SCHEMES,
        strip_comments=False,
        link_rel=None,
    )


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Refusal] = []

    @classmethod
    def walk(cls, fragment: str) -> list[Refusal]:
        walker = cls()
        walker.feed(fragment)
        walker.close()
        return walker.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += judge(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += judge(tag, attrs)


def _names_in(fragment: str) -> set[str]:
    """Element names the fragment writes, so the browser-reading pass keeps unknown ones."""
    return {name.lower() for name in re.findall(r"<([a-zA-Z][\w:-]*)", fragment)}


def _schemes_in(fragment: str) -> set[str]:
    """Every scheme a browser could read at the start of an attribute value (character
    references decoded, spaces and control characters dropped, as URL parsing drops
    them), so that reading the fragment drops no URL before it is judged. Only attribute
    values are read: a URL is always one, and the page's text is most of its length."""
    found: set[str] = set()
    for value in _VALUE.finditer(fragment):
        written = value.group(1) or value.group(2) or value.group(3) or ""
        if ":" in written or "&" in written:
            scheme = url_scheme(html.unescape(written))
            if scheme:
                found.add(scheme)
    return found


# An attribute's value as the tokenizer reads it: quoted, or up to a space or `>`.
_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


# Every HTML, SVG and MathML element name a browser knows (so that none is dropped while
# reading), and prefixes that cover every attribute name.
_EVERY_ELEMENT = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound
    big blink blockquote body br button canvas caption center cite code col colgroup data
    datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font
    footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img
    input ins isindex kbd keygen label legend li link listing main map mark marquee math menu
    menuitem meta meter nav nobr noembed noframes noscript object ol optgroup option output p
    param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search
    section select slot small source spacer span strike strong style sub summary sup svg
    table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr
    xmp animate animatemotion animatetransform circle clippath defs desc ellipse feimage
    filter foreignobject g line lineargradient marker mask metadata mpath path pattern
    polygon polyline radialgradient rect set stop switch symbol text textpath tspan use view
    annotation-xml maction maligngroup malignmark menclose merror mfenced mfrac mglyph mi
    mlabeledtr mlongdiv mmultiscripts mn mo mover mpadded mphantom mroot mrow ms mscarries
    mscarry msgroup msline mspace msqrt msrow mstack mstyle msub msubsup msup mtable mtd
    mtext mtr munder munderover semantics""".split()  # noqa: SIM905 (a word list reads best)
)
_EVERY_ATTRIBUTE_PREFIX = set(string.ascii_lowercase) | {"_", ":"}
_RISKY_SCHEMES = frozenset({"javascript", "vbscript", "data", "blob", "file", "filesystem"})
