"""Unit tests of policy value formatting in French and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from helpcentre.policies.format import escape_markdown, format_inline, format_plain, format_table
from helpcentre.policies.model import Contact, Duration, LocalizedText, Money, Table

NBSP = "\xa0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("kind", "value", "fr", "en"),
    [
        ("duration", Duration(30, "day"), f"30{NBSP}jours", "30 days"),
        ("duration", Duration(1, "month"), f"1{NBSP}mois", "1 month"),
        ("money", Money(Decimal("25.00"), "GBP"), f"25,00{NBSP}£", "£25.00"),
        ("money", Money(Decimal("1250"), "EUR"), f"1{NNBSP}250,00{NBSP}€", "€1,250.00"),
        ("percent", Decimal(5), f"5{NBSP}%", "5%"),
        ("percent", Decimal("2.5"), f"2,5{NBSP}%", "2.5%"),
        ("number", Decimal(1500), f"1{NNBSP}500", "1,500"),
        ("date", dt.date(2027, 1, 1), "1 janvier 2027", "1 January 2027"),
    ],
)
def test_scalar_values_per_language(kind, value, fr, en):
    assert format_plain(kind, value, "fr", "fr_FR") == fr
    assert format_plain(kind, value, "en", "en_GB") == en


def test_text_picks_the_page_language():
    text = LocalizedText.model_validate({"fr": "bonjour", "en": "hello"})
    assert format_plain("text", text, "en", "en_GB") == "hello"


def test_escape_neutralises_html_and_markdown():
    assert escape_markdown("<b>*x*</b> & [y](z)") == (
        "&lt;b&gt;&#42;x&#42;&lt;/b&gt; &amp; &#91;y&#93;(z)"
    )


def test_contact_fields_render_as_links():
    contact = Contact.model_validate(
        {
            "name": {"fr": "l'équipe Finance", "en": "the Finance team"},
            "email": "finance@example.com",
            "phone": "+44 1234 567 820",
        }
    )
    assert format_inline("contact", contact, "email", "en", "en_GB") == (
        '<a href="mailto:finance@example.com">finance@example.com</a>'
    )
    assert format_inline("contact", contact, "phone", "fr", "fr_FR") == (
        '<a href="tel:+441234567820">+44\u00a01234\u00a0567820</a>'
    )
    assert format_inline("contact", contact, "name", "fr", "fr_FR") == "l&#x27;équipe Finance"
    assert format_inline("contact", contact, None, "en", "en_GB").startswith(
        'the Finance team (<a href="mailto:'
    )


def test_table_has_localized_headers_and_cells():
    table = Table.model_validate(
        {
            "columns": [
                {"key": "term", "type": "duration", "header": {"fr": "Durée", "en": "Term"}},
                {"key": "discount", "type": "percent", "header": {"fr": "Remise", "en": "Off"}},
            ],
            "rows": [{"term": "24 months", "discount": 5}],
        }
    )
    assert format_table(table, "fr", "fr_FR").split("\n") == [
        "| Durée | Remise |",
        "| --- | --- |",
        f"| 24{NBSP}mois | 5{NBSP}% |",
    ]
    assert format_table(table, "en", "en_GB").split("\n")[2] == "| 24 months | 5% |"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# Titre", "&#35; Titre"),
        ("- item", "&#45; item"),
        ("1. premier", "1&#46; premier"),
        ("!!! note", "&#33;!! note"),
        ("    code", "code"),
        ("ligne\n- liste", "ligne - liste"),
        ("1.5 % de 30-60 jours", "1.5 % de 30-60 jours"),
    ],
)
def test_escape_keeps_a_value_alone_on_its_line_from_starting_a_block(text, escaped):
    assert escape_markdown(text) == escaped


def test_contact_parts_never_show_a_missing_field():
    contact = Contact.model_validate(
        {"name": {"fr": "Support", "en": "Support"}, "phone": "+44 1234 567 800"}
    )
    assert format_inline("contact", contact, None, "en", "en_GB") == (
        'Support (<a href="tel:+441234567800">01234\u00a0567800</a>)'
    )
    assert format_inline("contact", contact, "email", "en", "en_GB") == ""
