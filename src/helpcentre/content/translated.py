"""Pages that are not what they claim: a translation keeping the source's title or
description, or an article (a page, in any language) without text."""

from __future__ import annotations

from helpcentre.content.catalogue import PageKind
from helpcentre.content.front_matter import front_matter_position
from helpcentre.content.sources import SourceFile, is_pending
from helpcentre.problems import Problem

# Keys whose text a translation must translate. One word the same in both languages is a
# name (a product, a brand): it may stay.
TRANSLATED_KEYS = ("title", "description")
# Pages whose Markdown may be empty: the home page and the collections draw their lists.
MAY_BE_EMPTY = frozenset({PageKind.HOME, PageKind.COLLECTION})


def unfinished_text(
    page: SourceFile,
    where: str,
    kind: PageKind,
    source: SourceFile | None = None,
    source_lang: str = "",
) -> list[Problem]:
    """`missing_text` and `kept_source_text` of a page."""
    return missing_text(page, where, kind) + kept_source_text(page, where, source, source_lang)


def missing_text(page: SourceFile, where: str, kind: PageKind) -> list[Problem]:
    """An article or page with no text below its front matter, in any language. A pending
    stub shows its source's text: exempt."""
    if is_pending(page.meta) or kind in MAY_BE_EMPTY or page.body.strip():
        return []
    message = "the page has no text (write it below the front matter)"
    return [Problem(where, page.body_line, 1, message)]


def kept_source_text(
    page: SourceFile, where: str, source: SourceFile | None, source_lang: str
) -> list[Problem]:
    """A translation whose title or description is still its source's (`source`: the
    source-language version; None, or the page itself, for a source page)."""
    if source is None or source is page or is_pending(page.meta):
        return []
    problems = []
    for key in TRANSLATED_KEYS:
        mine, theirs = page.meta.get(key), source.meta.get(key)
        if not isinstance(mine, str) or not mine.strip() or mine.strip() != str(theirs).strip():
            continue
        if len(mine.split()) == 1:
            continue
        line, col = front_matter_position(page.text, key)
        message = (
            f"the {key} is still the '{source_lang}' source's (translate it: readers "
            f"and search engines see it as this language's {key})"
        )
        problems.append(Problem(where, line, col, message))
    return problems
