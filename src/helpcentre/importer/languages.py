"""The products' locales (fr, en-us, pt-br) as the site's languages (fr, en, pt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from helpcentre.languages import Languages


@dataclass
class LanguageMap:
    """Which site language each upstream locale is written in; the others, unknown."""

    site: dict[str, str] = field(default_factory=dict)  # upstream locale -> site language
    unknown: dict[str, str] = field(default_factory=dict)  # upstream locale -> code to add
    dropped: dict[str, str] = field(default_factory=dict)  # a second locale of one language

    def lang(self, locale: str) -> str | None:
        return self.site.get(locale)


def map_locales(locales: set[str], languages: Languages) -> LanguageMap:
    """A locale goes to the site language of its code, else of its language alone
    (`en-us` -> `en`); when two go to one language, the exact one wins, else the first."""
    mapping = LanguageMap()
    for locale in sorted(locales, key=lambda code: (code not in languages.all, code)):
        base = locale.split("-")[0]
        lang = locale if locale in languages.all else base if base in languages.all else None
        if lang is None:
            mapping.unknown[locale] = base
        elif lang in mapping.site.values():
            mapping.dropped[locale] = lang
        else:
            mapping.site[locale] = lang
    return mapping
