"""The typographic rules of one language, applied to plain text (never code or a URL).

french-typo (pinned) was tried for the French rules and not used: it only writes U+00A0
(French wants the narrow U+202F before ? ! ;), rewrites code it is handed, inserts a space
into "4G" (its unit rule), and keeps "h 30" breakable in "8 h 30". The rules below are
small, each has a test (tests/test_typography.py); the facts they need come from
libraries: month and unit names from Babel's CLDR data, phone numbers from phonenumbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import get_group_symbol
from babel.units import format_unit

from helpcentre.typography.phones import keep_phone_numbers_together

NBSP = "\u00a0"  # no-break space: before ':' and inside « » in French, and in values
NNBSP = "\u202f"  # narrow no-break space: before ? ! ; in French
Rule = Callable[[str], str]

# Units a number is glued to (their CLDR names in each language come from Babel).
_UNITS = (
    "duration-year",
    "duration-month",
    "duration-week",
    "duration-day",
    "duration-hour",
    "duration-minute",
    "duration-second",
    "length-kilometer",
    "length-meter",
    "speed-kilometer-per-hour",
)
# A text with none of these characters has nothing to typeset.
TRIGGER = re.compile(r"[\d?!:;«»'\"]")
# Separates the text nodes of a page typeset together: no rule matches across it (it is
# neither a space, a letter, a digit nor punctuation, and HTML text never contains it).
NODE_BREAK = "\x00"
# URLs and email addresses in prose are left exactly as written.
_ADDRESS = re.compile(
    r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]*://|\bwww\.)[^\s<>«»\"\x00]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_ADDRESS_MARK = 0xE000  # private-use characters stand in for addresses while rules run
# A run that may be a phone number (phonenumbers is asked only then: it is the slow rule).
_PHONE_HINT = re.compile(r"(?:\+|\b0)\d[\d \u00a0().-]{6,}\d")


@dataclass(frozen=True)
class Typesetter:
    """The rules of one language and locale, compiled once."""

    lang: str
    locale: str
    rules: tuple[Rule, ...]

    def typeset(self, text: str) -> str:
        """`text` (plain, not HTML) with this language's spaces and apostrophes."""
        if not TRIGGER.search(text):
            return text
        addresses: list[str] = []

        def hide(match: re.Match[str]) -> str:
            addresses.append(match.group(0))
            return chr(_ADDRESS_MARK + len(addresses) - 1)

        if "@" in text or "/" in text or "www." in text:
            text = _ADDRESS.sub(hide, text)
        for rule in self.rules:
            text = rule(text)
        for index, address in enumerate(addresses):
            text = text.replace(chr(_ADDRESS_MARK + index), address)
        return text


@lru_cache(maxsize=16)
def typesetter_for(lang: str, locale: str) -> Typesetter:
    """The typesetter of a site language formatted with a Babel locale (fr, fr_FR)."""
    months = _alternatives(_month_names(locale))
    units = _alternatives(_unit_words(locale))
    # Spaces that join a number to what it counts or dates, one pattern for one pass:
    # "30 jours", "5 %", "£ 25", "1 avril 2026", "1er avril", "8 h 30", "17 h", "8:30 am".
    glued = "|".join(
        [
            rf"(?<=\d) (?=(?:{units}|{months}|am|pm|a\.m\.|p\.m\.)(?!\w)|[%‰€£$¥]|h(?:\b|\d))",
            r"(?<=[€£$¥]) (?=\d)",
            rf"(?<=\der) (?=(?:{months})(?!\w))",
            r"(?<=\d[ \u00a0]h) (?=\d\d\b)",
        ]
    )
    rules: list[Rule] = [
        _phone_rule(locale),
        _sub(r"(?<=\d) (?=\d{3}(?!\d))", _group_space(locale)),
        _sub(glued, NBSP),
        _sub(rf"(?<![\w])((?:{months})) (?=\d)", rf"\1{NBSP}"),
    ]
    rules += _language_rules(lang.replace("_", "-").split("-")[0])
    return Typesetter(lang, locale, tuple(rules))


# The quotation marks a language puts around a quotation typed with straight double
# quotes ("Flotte Plus" -> „Flotte Plus“ in German); a language not listed keeps the
# quotes as typed. French quotes are « » with no-break spaces (typed « » themselves).
QUOTES = {"de": ("„", "“"), "pl": ("„", "”")}
# Languages whose apostrophe between two letters is made the typographic one
# (l’application); other pages keep the apostrophe as written.
CURLY_APOSTROPHE = frozenset({"fr"})
# An opening straight quote: at the start, after a space, a bracket or a text node's end.
_OPENING_QUOTE = r'(?:(?<=^)|(?<=[\s(\[\x00]))"(?=[^\s"])'


def _language_rules(language: str) -> list[Rule]:
    """Rules of one language beyond those every language shares (numbers, dates, phones).

    Marks a language writes differently stay as the writer typed them: Spanish ¿ and ¡
    open a sentence with no space after them, so no rule touches them."""
    rules: list[Rule] = []
    if language in CURLY_APOSTROPHE:
        rules.append(_sub(r"(?<=[^\W\d_])'(?=[^\W\d_])", "’"))
    if language in QUOTES:
        opening, closing = QUOTES[language]
        rules += [_sub(_OPENING_QUOTE, opening), _sub('"', closing)]
    if language == "fr":
        # No-break spaces before the high punctuation and inside « » (French usage only).
        rules += [
            _sub(r"«[ \u00a0\u202f]*", "«" + NBSP),
            _sub(r"[ \u00a0\u202f]*»", NBSP + "»"),
            _sub(r"[ \u00a0]+(?=[?!;])", NNBSP),
            _sub(r"(?<=[^\W_])(?=[?!;](?:\s|»|\)|\x00|$))", NNBSP),
            _sub(r"[ \u202f]+(?=:)", NBSP),
            _sub(r"(?<=[^\W_])(?=:(?:\s|\x00|$))", NBSP),
        ]
    return rules


def _sub(pattern: str, replacement: str) -> Rule:
    compiled = re.compile(pattern)
    return lambda text: compiled.sub(replacement, text)


def _phone_rule(locale: str) -> Rule:
    """phonenumbers reads only the runs that may be phone numbers (reading a whole page
    costs it a parse for every group of digits)."""

    def rule(text: str) -> str:
        return _PHONE_HINT.sub(lambda run: keep_phone_numbers_together(run[0], locale), text)

    return rule


def _alternatives(words: set[str]) -> str:
    """A regex alternation of `words`, longest first (so 'mois' is not cut to 'moi')."""
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


def _group_space(locale: str) -> str:
    """The locale's thousands separator when it is a space (U+202F in French), else U+00A0."""
    symbol = get_group_symbol(locale=locale)
    return symbol if symbol.isspace() else NBSP


def _unit_words(locale: str) -> set[str]:
    """The words CLDR writes after a number for each unit, long and short, one and many."""
    words: set[str] = set()
    for unit in _UNITS:
        for length in ("long", "short"):
            for count in (1, 2, 5):
                shown = format_unit(count, unit, length=length, locale=locale)
                word = re.sub(r"[\d\s\u00a0\u202f]+", " ", shown).strip()
                if word and not word[0].isdigit():
                    words.add(word)
    # A one-letter symbol only where it cannot be a word of the sentence ("2 a été").
    return {word for word in words if len(word) > 1 or word in "hjmsd"}


def _month_names(locale: str) -> set[str]:
    """Month names, wide and abbreviated, as written in dates and capitalised."""
    names: set[str] = set()
    parsed = Locale.parse(locale)
    for width in ("wide", "abbreviated"):
        for name in get_month_names(width, context="format", locale=parsed).values():
            names.add(name)
            names.add(name[:1].upper() + name[1:])
    return {name for name in names if len(name.rstrip(".")) >= 3}
