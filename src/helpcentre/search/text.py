"""How search sees text: accents and other marks folded away with case, words split; the
stop words of each language come from its words file (helpcentre.search.words)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents or other marks: `Résilier` -> `resilier`, Arabic
    without its harakat, tatweel or hamza seat (`فَاتُورَة` -> `فاتورة`, `أ` -> `ا`),
    Hebrew without niqqud. The page's script folds queries the same way (hc-search.js)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFD", text).translate(_WITHOUT_COMBINING_MARKS).lower()


class _WithoutCombiningMarks(dict[int, int | None]):
    """A `str.translate` table dropping combining characters (accents, ...), each
    character looked up the first time it is met: building the whole table means asking
    about 1.1 million code points, 0.1 s in every build process."""

    def __missing__(self, code_point: int) -> int | None:
        char = chr(code_point)
        # Non-spacing marks (accents, harakat, niqqud) and the Arabic tatweel, a
        # stretching stroke with no meaning: what `[\p{Mn}\u0640]` drops in the script.
        mark = unicodedata.category(char) == "Mn" or char == _TATWEEL
        kept = None if mark else code_point
        self[code_point] = kept
        return kept


_TATWEEL = "\u0640"
_WITHOUT_COMBINING_MARKS = _WithoutCombiningMarks()


def words(text: str) -> list[str]:
    """The folded words of a text, in order (apostrophes and hyphens split words)."""
    return _WORD.findall(fold(text))


def content_words(text: str, lang: str) -> list[str]:
    """The words of a text a search needs: stop and question words of its language left out."""
    from helpcentre.search.words import language_words  # it reads its lists with fold()

    stop = language_words(lang).dropped
    return [word for word in words(text) if word not in stop]
