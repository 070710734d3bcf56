"""The site's languages: which one is the source, which are still being translated."""

from __future__ import annotations

from dataclasses import dataclass, field


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
