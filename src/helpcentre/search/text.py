"""How search sees text: accents and case folded, words split, stop words per language."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a question is made of but an answer is not found by: articles, pronouns,
# auxiliaries, question words and negations (folded: no accents, lower case). The
# page's script receives the same list (helpcentre.search.payload).
STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": _listed(
        """
        a au aux avec ce ces cet cette c ca d dans de des du elle elles en est et etre
        il ils j je l la le les leur leurs lui m ma mais me mes moi mon n ne ni nos
        notre nous on ont ou par pas peut peux plus pour qu que quel quelle quelles quels
        qui s sa sans se ses si son sont sur t ta te tes toi ton tu un une vos votre vous
        y comment pourquoi quand combien quoi puis suis ai as avez avons
        """
    ),
    "en": _listed(
        """
        a an and are as at be been but by can cant can't could did do does doesnt don dont
        for from had has have how i if in into is isnt it its me my no not of on or our
        s so t that the their them then there these they this to us was we were what when
        where which who why will with won wont would you your yours im ive get got
        should am
        """
    ),
}


def fold(text: str) -> str:
    """Lower case without accents: `Résilier` -> `resilier`, `boîtier` -> `boitier`."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFD", text).translate(_WITHOUT_COMBINING_MARKS).lower()


class _WithoutCombiningMarks(dict[int, int | None]):
    """A `str.translate` table dropping combining characters (accents, ...), each
    character looked up the first time it is met: building the whole table means asking
    about 1.1 million code points, 0.1 s in every build process."""

    def __missing__(self, code_point: int) -> int | None:
        kept = None if unicodedata.combining(chr(code_point)) else code_point
        self[code_point] = kept
        return kept


_WITHOUT_COMBINING_MARKS = _WithoutCombiningMarks()


def words(text: str) -> list[str]:
    """The folded words of a text, in order (apostrophes and hyphens split words)."""
    return _WORD.findall(fold(text))


def content_words(text: str, lang: str) -> list[str]:
    """The words of a text a search needs: stop words of its language left out."""
    stop = STOP_WORDS.get(lang, frozenset())
    return [word for word in words(text) if word not in stop]
