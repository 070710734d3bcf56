"""Each language's search words, read from `words/<lang>.yml` inside the package: the
stop and question words a query drops, and the prefixes and endings the page's light
stemmer takes off a word (a language without a file keeps every word whole)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files

import yaml

from helpcentre.search.text import fold

_FOLDER = files("helpcentre.search") / "words"


@dataclass(frozen=True)
class LanguageWords:
    """What search knows of a language's words, folded as queries are."""

    stop_words: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()  # 'ies=y': the ending replaced rather than dropped

    @cached_property
    def dropped(self) -> frozenset[str]:
        """Words a query is read without: stop words and question words (joined once per
        language: every text the health report reads asks for them)."""
        return self.stop_words | self.question_words


@lru_cache(maxsize=32)
def language_words(lang: str) -> LanguageWords:
    """The words of `lang` ('pt-BR' falls back to 'pt'); empty for a language with no file."""
    for code in (lang, lang.replace("_", "-").split("-")[0]):
        entry = _FOLDER / f"{code}.yml"
        if entry.is_file():
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            return LanguageWords(
                stop_words=frozenset(_listed(data.get("stop_words"))),
                question_words=frozenset(_listed(data.get("question_words"))),
                prefixes=tuple(_listed(data.get("prefixes"))),
                endings=tuple(_listed(data.get("endings"))),
            )
    return LanguageWords()


def shipped_word_languages() -> list[str]:
    """The languages with a words file."""
    return sorted(
        entry.name.removesuffix(".yml")
        for entry in _FOLDER.iterdir()
        if entry.name.endswith(".yml")
    )


def _listed(value: object) -> list[str]:
    """A space-separated list (or a YAML list) of words, folded, in their order, once each."""
    items = value.split() if isinstance(value, str) else list(value or [])
    return list(dict.fromkeys(fold(str(item)) for item in items))  # 'ssä' is 'ssa' folded
