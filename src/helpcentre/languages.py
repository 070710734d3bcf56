"""The site's languages: which one is the source, which are still being translated, and
which way each is written."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Languages:
    """Site languages in build order, the source (served at the site root) first.

    Built by `helpcentre.mkdocs.i18n` from mkdocs.yml; nothing else decides which language
    is the source.
    """

    source: str
    all: tuple[str, ...]
    in_progress: frozenset[str] = field(default_factory=frozenset)

    @property
    def translations(self) -> tuple[str, ...]:
        """Every language but the source."""
        return tuple(lang for lang in self.all if lang != self.source)

    @property
    def complete(self) -> tuple[str, ...]:
        """Languages that must have every article and string (not marked in progress)."""
        return tuple(lang for lang in self.all if lang not in self.in_progress)

    def prefix(self, lang: str) -> str:
        """The URL folder of a language: '' for the source, 'en/' for the others."""
        return "" if lang == self.source else f"{lang}/"


def babel_locale(lang: str) -> str:
    """The code Babel reads for a site language: Material and static-i18n write a region
    with a hyphen (`pt-BR`), Babel with an underscore (`pt_BR`)."""
    return lang.replace("-", "_")


@lru_cache(maxsize=64)
def text_direction(lang: str) -> Literal["ltr", "rtl"]:
    """How a language is written, from CLDR: 'rtl' for Arabic, Hebrew, Persian, Urdu…
    (a code Babel does not know is taken as left to right)."""
    try:
        locale = Locale.parse(babel_locale(lang))
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_attributes(text_lang: str, page_lang: str) -> str:
    """` lang="fr" dir="ltr"` for an element whose text is in another language than its
    page's (a title served from the source language's file), else "": the text is then
    read, hyphenated and laid out in its own direction, its punctuation at its own end."""
    if not text_lang or text_lang == page_lang:
        return ""
    return f' lang="{html.escape(text_lang)}" dir="{text_direction(text_lang)}"'
