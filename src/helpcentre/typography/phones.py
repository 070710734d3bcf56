"""Phone numbers written the way a locale's readers dial them, with phonenumbers."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from babel import Locale

NBSP = "\u00a0"


@lru_cache(maxsize=256)
def format_phone(number: str, locale: str) -> str:
    """`number` (as the data file writes it, e.g. '+44 1234 567 800') in the national form
    for readers of its own country ('01234 567800' for en_GB) and the international form
    for everyone else ('+44 1234 567800' for fr_FR), spaces no-break so it never splits
    across lines. A number phonenumbers cannot read is kept as written."""
    try:
        parsed = phonenumbers.parse(number, region_of(locale))
    except phonenumbers.NumberParseException:
        return number.replace(" ", NBSP)
    if not phonenumbers.is_possible_number(parsed):
        return number.replace(" ", NBSP)
    same_country = phonenumbers.region_code_for_number(parsed) == region_of(locale)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style).replace(" ", NBSP)


@lru_cache(maxsize=32)
def region_of(locale: str) -> str | None:
    """The country of a Babel locale ('fr_FR' -> 'FR'), the region phone numbers are read in."""
    return Locale.parse(locale).territory


@lru_cache(maxsize=1024)
def keep_phone_numbers_together(text: str, locale: str) -> str:
    """Every phone number phonenumbers finds in `text` with its spaces made no-break
    (remembered: the same contact numbers come back on every page)."""
    region = region_of(locale)
    pieces: list[str] = []
    position = 0
    for match in phonenumbers.PhoneNumberMatcher(text, region or "ZZ"):
        pieces.append(text[position : match.start])
        pieces.append(match.raw_string.replace(" ", NBSP))
        position = match.end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)
