"""The words of one language's articles: what a misspelt query word is corrected to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser

from helpcentre.search.text import words

# Markdown a reader never sees as words: link targets, policy markers, code fences' info.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKER = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class _IndexedText(HTMLParser):
    """The text inside `data-pagefind-body` elements of a page: what Pagefind indexes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside an indexed element
        self.parts: list[str] = []

    _VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        if self.depth:
            self.depth += 1
        elif any(name == "data-pagefind-body" for name, _ in attrs):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self._VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def indexed_text(html: str) -> str:
    """The words a built page gives its search index."""
    parser = _IndexedText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def markdown_prose(source: str) -> str:
    """An article's Markdown as a reader reads it: no front matter delimiters, link
    targets or policy markers (their values come from the data file)."""
    text = _FRONT_MATTER.sub(lambda m: m.group(0).replace("---", " "), source)
    return _MARKER.sub(" ", _LINK_TARGET.sub("]", text))


def count_words(texts: Iterable[str]) -> Counter[str]:
    """Folded words and how often they appear; one-letter words and numbers left out."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in words(text) if len(w) > 1 and not w.isdigit())
    return counts


def ranked(counts: Counter[str]) -> list[str]:
    """Most frequent first (ties alphabetical): a correction prefers the common word."""
    return sorted(counts, key=lambda w: (-counts[w], w))
