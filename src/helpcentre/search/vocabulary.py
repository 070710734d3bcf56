"""The words of one language's articles: what a misspelt query word is corrected to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from helpcentre.search.text import words

# Markdown a reader never sees as words: link targets, policy markers, code fences' info.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKER = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


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
