"""Formats policy values for one language with Babel, as escaped Markdown/HTML."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.languages import get_official_languages
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol
from babel.units import format_unit

from helpcentre.languages import text_direction
from helpcentre.policies.model import Contact, Duration, LocalizedText, Money, PolicyType, Table
from helpcentre.typography.phones import format_phone

# `details`: the ways to reach a contact without its name ("finance@… or +44 …"), for a
# sentence that already names the team ("contact the Finance team, who will work it out:").
CONTACT_FIELDS = ("name", "details", "email", "phone", "url", "hours")


def format_plain(kind: PolicyType | str, value: Any, lang: str, locale: str) -> str:
    """A scalar policy value as plain text (not escaped) in the page's locale."""
    if kind == PolicyType.DURATION:
        assert isinstance(value, Duration)
        return format_unit(value.amount, f"duration-{value.unit}", length="long", locale=locale)
    if kind == PolicyType.MONEY:
        assert isinstance(value, Money)
        return _format_money(value, locale)
    if kind == PolicyType.PERCENT:
        return format_percent(Decimal(value) / 100, locale=locale, decimal_quantization=False)
    if kind == PolicyType.NUMBER:
        return format_decimal(value, locale=locale)
    if kind == PolicyType.DATE:
        assert isinstance(value, dt.date)
        return format_date(value, format="long", locale=locale)
    if kind == PolicyType.TEXT:
        assert isinstance(value, LocalizedText)
        return value.text(lang)
    raise ValueError(f"'{kind}' values are not plain text")


def format_inline(
    kind: PolicyType | str, value: Any, field: str | None, lang: str, locale: str
) -> str:
    """A policy value (or one field of a contact) as inline Markdown with HTML escaped."""
    if kind == PolicyType.CONTACT:
        assert isinstance(value, Contact)
        return _format_contact(value, field, lang, locale)
    return _isolated(kind, escape_markdown(format_plain(kind, value, lang, locale)), lang)


def _isolated(kind: PolicyType | str, written: str, lang: str) -> str:
    """An amount with its currency inside a right-to-left sentence, in <bdi>: its digits,
    separators and symbol keep their order whatever surrounds them (HTML's isolation)."""
    if kind == PolicyType.MONEY and text_direction(lang) == "rtl":
        return f"<bdi>{written}</bdi>"
    return written


def format_table(table: Table, lang: str, locale: str) -> str:
    """A table value as a Markdown pipe table with headers in the page's language."""
    headers = [escape_markdown(column.header.text(lang)) for column in table.columns]
    lines = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    for row in table.rows:
        cells = [
            _isolated(
                column.type,
                escape_markdown(format_plain(column.type, row[column.key], lang, locale)),
                lang,
            )
            for column in table.columns
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """Escape HTML and neutralise Markdown punctuation so a value renders as literal text
    (`line_start=False`: inside an HTML element, where no Markdown block can start)."""
    # A value is inline text: a line break in it could start a list or a heading, and
    # leading spaces a code block (a browser shows either as one space, or none).
    one_line = _LINE_BREAK.sub(" ", text).strip(" \t")
    escaped = html.escape(one_line, quote=True)
    escaped = "".join(_MARKDOWN_ENTITIES.get(char, char) for char in escaped)
    if not line_start:
        return escaped
    # A marker alone on its line puts the value at the start of a Markdown line, where
    # these characters open a heading, a list, an admonition or a setext underline.
    return _BLOCK_START.sub(lambda match: f"{match[1]}&#{ord(match[2])};", escaped, count=1)


def _format_contact(contact: Contact, field: str | None, lang: str, locale: str) -> str:
    """The whole contact ("the Finance team (finance@…, +44 …)") or one of its fields."""
    name = escape_markdown(contact.name.text(lang))
    # An address or a number is read left to right inside a right-to-left sentence too.
    ltr = text_direction(lang) == "rtl"
    email = _link(f"mailto:{contact.email}", contact.email, ltr) if contact.email else ""
    phone = (
        _link(tel_href(contact.phone), format_phone(contact.phone, locale), ltr)
        if contact.phone
        else ""
    )
    url = _link(contact.url, contact.url.removeprefix("https://"), ltr) if contact.url else ""
    hours = escape_markdown(contact.hours.text(lang)) if contact.hours else ""
    ways = [part for part in (email, phone) if part]
    details = format_list(ways, style="or", locale=locale) if ways else ""
    by_field = {
        "name": name,
        "details": details,
        "email": email,
        "phone": phone,
        "url": url,
        "hours": hours,
    }
    if field is not None:
        return by_field[field]
    return f"{name} ({', '.join(ways)})" if ways else name


def _link(href: str, text: str, ltr: bool = False) -> str:
    """A link; `ltr`: marked left to right (an element with `dir` is isolated)."""
    direction = ' dir="ltr"' if ltr else ""
    target = html.escape(href, quote=True)
    return f'<a href="{target}"{direction}>{escape_markdown(text, line_start=False)}</a>'


def tel_href(phone: str) -> str:
    """A `tel:` link target: the number without spaces or punctuation."""
    return "tel:" + "".join(char for char in phone if char.isdigit() or char == "+")


def _format_money(money: Money, locale: str) -> str:
    text = format_currency(money.amount, money.currency, locale=locale)
    local_symbol = get_currency_symbol(money.currency, locale=locale)
    narrow = home_symbol(money.currency)
    return text.replace(local_symbol, narrow) if narrow and local_symbol != narrow else text


@lru_cache(maxsize=64)
def home_symbol(currency: str) -> str | None:
    """The symbol the currency's own country uses ('£' for GBP), which customers recognise
    everywhere, rather than a disambiguated one such as '£GB'."""
    territory = currency[:2]
    for language in get_official_languages(territory, de_facto=True):
        try:
            return get_currency_symbol(currency, locale=Locale(language, territory))
        except Exception:
            continue
    return None


_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_BLOCK_START = re.compile(r"\A(\d+(?=[.)](?:\s|\Z))|)([#=+\-!?:.)])")
_MARKDOWN_ENTITIES = {
    "*": "&#42;",
    "_": "&#95;",
    "`": "&#96;",
    "[": "&#91;",
    "]": "&#93;",
    "|": "&#124;",
    "\\": "&#92;",
    "{": "&#123;",
    "}": "&#125;",
    "~": "&#126;",
    "^": "&#94;",
}
