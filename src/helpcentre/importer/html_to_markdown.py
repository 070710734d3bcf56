"""An article's HTML as clean Markdown for this site, through markdownify plus our rules.

markdownify (a maintained, pure-Python converter built on BeautifulSoup) does the common
part: paragraphs, ordered and nested lists, code, emphasis, links and tables. It lets a
subclass say how one element converts, which is where the products' own constructs go:
callouts become admonitions (by their class, else their colour), `details`/`summary`
become collapsible blocks, video players become links to the video, headings keep their
text without the products' generated ids. What cannot be said in Markdown or in the
site's allowed HTML is not dropped silently: a comment stands in its place and the
report names its line.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from markdownify import ATX, MarkdownConverter

from helpcentre.content.slugs import slugify as toc_slugify
from helpcentre.importer.videos import video_link

# Elements with no Markdown form and no place in the site's allowed HTML.
UNCONVERTIBLE = (
    "script", "style", "form", "iframe", "object", "embed", "svg", "math", "canvas",
    "input", "button", "select", "textarea", "audio", "video", "noscript", "template",
)  # fmt: skip
PLACEHOLDER = "HCIMPORTPLACEHOLDER{}X"
_PLACEHOLDER = re.compile(r"HCIMPORTPLACEHOLDER(\d+)X")
ADMONITION_WORDS = {
    "tip": "tip", "success": "tip", "green": "tip",
    "warning": "warning", "warn": "warning", "caution": "warning", "danger": "warning",
    "important": "warning", "error": "warning", "yellow": "warning", "red": "warning",
    "note": "note", "info": "note", "information": "note", "blue": "note",
}  # fmt: skip
CALLOUT_CLASSES = re.compile(r"callout|alert|notice|admonition|note|tip|warning|info", re.I)
_HEX = re.compile(r"#([0-9a-f]{3,8})\b", re.I)
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)", re.I)


@dataclass
class Converted:
    markdown: str
    # What was not converted: (text of the comment left in its place, what it was).
    skipped: list[str] = field(default_factory=list)
    # Links to a heading id the article does not have: (address, the text kept).
    lost_anchors: list[tuple[str, str]] = field(default_factory=list)


Rewrite = Callable[[str], str | None]


def html_to_markdown(
    html: str, rewrite_link: Rewrite | None = None, rewrite_image: Rewrite | None = None
) -> Converted:
    """Markdown of an article body. `rewrite_link` and `rewrite_image` give the new address
    of a link or image (None: leave it as it was)."""
    soup = BeautifulSoup(html, "html.parser")
    skipped: list[str] = []
    lost: list[tuple[str, str]] = []
    _replace_videos_and_unconvertible(soup, skipped)
    anchors = _heading_anchors(soup)
    _normalise_headings(soup)
    for link in soup.find_all("a"):
        href = str(link.get("href") or "")
        if href.startswith("#") and len(href) > 1:
            # The products' heading ids are gone: the heading's own anchor, from its text.
            if href[1:] in anchors:
                link["href"] = "#" + anchors[href[1:]]
            else:
                lost.append((href, link.get_text()))
                link.replace_with(link.get_text())
            continue
        new = rewrite_link(href) if rewrite_link and href else None
        if new is not None:
            link["href"] = new
        if link.get("href") and not _safe_href(str(link["href"])):
            del link["href"]  # the text stays; the address was not one a reader may follow
    for image in soup.find_all("img"):
        src = str(image.get("src") or "")
        new = rewrite_image(src) if rewrite_image and src else None
        if new is not None:
            image["src"] = new
        image["alt"] = _alt_text(str(image.get("alt") or ""))
    markdown = _Converter().convert_soup(soup)
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip("\n") + "\n"

    def comment(match: re.Match[str]) -> str:
        return f"<!-- import: {skipped[int(match.group(1))]} not converted -->"

    return Converted(_PLACEHOLDER.sub(comment, markdown), skipped, lost)


def _replace_videos_and_unconvertible(soup: BeautifulSoup, skipped: list[str]) -> None:
    for element in soup.find_all(UNCONVERTIBLE):
        if soup not in element.parents:  # inside an element already replaced
            continue
        src = str(element.get("src") or "")
        if not src:
            source = element.find("source")
            src = str(source.get("src") or "") if isinstance(source, Tag) else ""
        link = video_link(src) if src else None
        if link is not None:
            paragraph = soup.new_tag("p")
            anchor = soup.new_tag("a", href=link.url)
            anchor.string = f"▶ {element.get('title') or link.provider}"
            paragraph.append(anchor)
            element.replace_with(paragraph)
            continue
        host = urlsplit(src).hostname if src else None
        skipped.append(f"a {element.name} element" + (f" from {host}" if host else ""))
        paragraph = soup.new_tag("p")
        paragraph.string = PLACEHOLDER.format(len(skipped) - 1)
        element.replace_with(paragraph)


def heading_anchors(html: str) -> list[tuple[list[str], str]]:
    """Each heading of a body, in order: the product's ids on it, and the anchor the site
    gives its text (what a link from another article to one of those ids becomes)."""
    return _headings(BeautifulSoup(html, "html.parser"))


def _headings(soup: BeautifulSoup) -> list[tuple[list[str], str]]:
    found = []
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        text = re.sub(r"[\s.,;:!]+$", "", heading.get_text(" ").strip())
        ids = [str(e["id"]) for e in [heading, *heading.find_all(id=True)] if e.get("id")]
        found.append((ids, toc_slugify(text, "-")))
    return found


def _heading_anchors(soup: BeautifulSoup) -> dict[str, str]:
    """The product's id of each heading -> the anchor the site gives its text."""
    return {id_: anchor for ids, anchor in _headings(soup) for id_ in ids}


def _normalise_headings(soup: BeautifulSoup) -> None:
    """The page title is the only level 1: headings start at level 2 and go down one level
    at a time; their emphasis and trailing colons go (the heading says it already)."""
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    if not headings:
        return
    shift = max(0, 2 - min(int(h.name[1]) for h in headings))
    previous = 1
    for heading in headings:
        level = min(int(heading.name[1]) + shift, previous + 1, 6)
        heading.name, previous = f"h{level}", level
        for key in list(heading.attrs):
            del heading[key]
        for emphasis in heading.find_all(["b", "strong", "em", "i"]):
            emphasis.unwrap()
        for anchor in heading.find_all("a"):
            if not anchor.get("href"):
                anchor.unwrap()
        last = heading.find_all(string=True)
        if last:
            last[-1].replace_with(re.sub(r"[\s.,;:!]+$", "", str(last[-1])))


def _alt_text(alt: str) -> str:
    """An image's description on one line, as Markdown writes it: no early `]`, no marker."""
    alt = " ".join(alt.split()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return alt.replace("{", "&#123;").replace("}", "&#125;").replace("<", "&lt;")


def _safe_href(href: str) -> bool:
    scheme = urlsplit(href).scheme.lower()
    return scheme in ("", "http", "https", "mailto", "tel")


def callout_kind(element: Tag) -> str | None:
    """note, tip or warning for a callout box (by its class, else its colour); None when
    the element is not one."""
    classes = " ".join(element.get("class") or [])
    style = str(element.get("style") or "")
    if not CALLOUT_CLASSES.search(classes) and "background" not in style:
        return None
    for word in re.findall(r"[a-z]+", classes.lower()):
        if word in ADMONITION_WORDS:
            return ADMONITION_WORDS[word]
    colour = re.search(r"background(?:-color)?\s*:\s*([^;]+)", style)
    if colour:
        return _kind_of_colour(colour.group(1))
    return "note" if CALLOUT_CLASSES.search(classes) else None


def _kind_of_colour(value: str) -> str | None:
    rgb = None
    hex_match, rgb_match = _HEX.search(value), _RGB.search(value)
    if hex_match:
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits[:3])
        rgb = tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    elif rgb_match:
        rgb = tuple(int(rgb_match.group(i)) for i in (1, 2, 3))
    if rgb is None:
        return None
    hue, _lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    if saturation < 0.15:
        return "note"  # a grey box: a plain note
    degrees = hue * 360
    if 75 <= degrees < 170:
        return "tip"
    if degrees < 75 or degrees >= 330:
        return "warning"  # yellow, orange, red
    return "note"  # blue, purple


class _Converter(MarkdownConverter):
    """markdownify with our settings and the products' constructs."""

    def __init__(self) -> None:
        super().__init__(
            heading_style=ATX,
            bullets="-",
            escape_misc=False,
            table_infer_header=True,
            newline_style="backslash",
            strip_document=None,
            code_language="text",
        )

    def escape(self, text: str, parent_tags: set[str]) -> str:
        # Text the product showed as text stays text: no raw HTML made of `&lt;`.
        text = super().escape(text, parent_tags).replace("<", "&lt;")
        # Braces would read as policy markers (or mistakes in them) to the build.
        text = text.replace("{", "&#123;").replace("}", "&#125;")
        if "td" in parent_tags or "th" in parent_tags:
            text = text.replace("|", r"\|")
        return text

    def convert_div(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        kind = callout_kind(el)
        if kind is None or "_inline" in parent_tags:
            return super().convert_div(el, text, parent_tags)
        return _block(f'!!! {kind} ""', text)

    convert_aside = convert_div

    def convert_details(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        summary = el.find("summary")
        title = " ".join(summary.get_text(" ").split()) if isinstance(summary, Tag) else ""
        title = title.replace('"', "'")
        marker = "???+" if el.has_attr("open") else "???"
        return _block(f'{marker} note "{title}"', text)

    def convert_summary(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return ""  # said as the collapsible block's title

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A list item whose following lines (nested lists, paragraphs) are indented by four
        spaces: Python-Markdown nests by four, whatever the width of the marker."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}. "
        else:
            bullet = "- "
        head, *rest = text.split("\n")
        body = "\n".join(("    " + line) if line.strip() else "" for line in rest)
        # An item of paragraphs ends with a blank line, or the next item would join its last.
        end = "\n\n" if "\n\n" in text else "\n"
        return bullet + head + ("\n" + body if body else "") + end

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        kind = callout_kind(el) if "_inline" not in parent_tags else None
        if kind is not None:
            return _block(f'!!! {kind} ""', text)
        return super().convert_p(el, text, parent_tags)


def _block(opening: str, text: str) -> str:
    """An admonition or collapsible block: its content indented by four spaces."""
    body = "\n".join(("    " + line) if line.strip() else "" for line in text.strip().split("\n"))
    return f"\n\n{opening}\n\n{body}\n\n"
