"""Policy values typed by hand in an article are build errors naming the key to quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Comment
from conftest import (
    MINIMAL_DOCS,
    MINIMAL_POLICIES,
    SITE_LANGUAGES,
    build_failure,
    build_project,
    write_project,
)

from helpcentre.policies.literals import ValueIndexes, typed_values
from helpcentre.policies.model import load_policy_book

NBSP, NNBSP = "\xa0", "\u202f"
QUOTED = "{{ policy.cancellation.notice_period }} {{ policy.fees.default_fee }}"
POLICIES = MINIMAL_POLICIES + (
    "billing:\n"
    "  vat_rate: {type: percent, value: 20}\n"
    "  terms_date: {type: date, value: 2026-04-01}\n"
    "  max_users: {type: number, value: 10}\n"
    "  contract_term: {type: duration, value: 12 months}\n"
    "  renewal_term: {type: duration, value: 12 months}\n"
    "  note: {type: text, value: {fr: 7 jours francs, en: 7 clear days}}\n"
)
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
NOTICE, FEE = ("cancellation.notice_period",), ("fees.default_fee",)
ARTICLE = "docs/fr/facturation/annulation.md"
EN_ARTICLE = "docs/en/facturation/annulation.md"


def with_article(fr_body: str, en_body: str = QUOTED) -> dict[str, str]:
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = f"---\ntitle: Annuler\ndescription: D.\n---\n\n{fr_body}"
    docs["en/facturation/annulation.md"] = (
        f"---\ntitle: Cancelling\ndescription: D.\n---\n\n{en_body}"
    )
    return docs


def every_key_quoted() -> str:
    return (
        "{{ policy.billing.vat_rate }} {{ policy.billing.terms_date }} "
        "{{ policy.billing.max_users }} {{ policy.billing.contract_term }} "
        "{{ policy.billing.renewal_term }} {{ policy.billing.note }} "
        "{{ policy.contacts.support }}\n"
    )


@pytest.fixture
def book(tmp_path: Path):
    path = tmp_path / "policies.yml"
    path.write_text(POLICIES, encoding="utf-8")
    return load_policy_book(path, "data/policies.yml", SITE_LANGUAGES)


def found(book, text: str, lang: str = "fr", locale: str = "fr_FR") -> list[tuple]:
    """The values typed in `text`, read as a page of the site in `lang`."""
    index = ValueIndexes(book, LOCALES).get(lang, locale)
    return [(t.line, t.col, t.text, t.keys) for t in typed_values(text, index)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un préavis de 30 jours.", [(1, 15, "30 jours", ("cancellation.notice_period",))]),
        # the value scheduled for later is found too: it will be the one in force
        ("Bientôt 60 jours.", [(1, 9, "60 jours", ("cancellation.notice_period",))]),
        (f"Frais de 25,00{NBSP}£.", [(1, 10, "25,00 £", ("fees.default_fee",))]),
        ("Frais de 25,00 £.", [(1, 10, "25,00 £", ("fees.default_fee",))]),
        (
            f"TVA de 20{NNBSP}% et 20%.",
            [(1, 8, "20 %", ("billing.vat_rate",)), (1, 16, "20%", ("billing.vat_rate",))],
        ),
        ("Conditions du 1 avril 2026.", [(1, 15, "1 avril 2026", ("billing.terms_date",))]),
        # A bare number (type number) is not looked for: too often a step or a count.
        ("Jusqu'à 10 utilisateurs.", []),
        (
            "Durée : 12 mois.",
            [(1, 9, "12 mois", ("billing.contract_term", "billing.renewal_term"))],
        ),
        # a value broken over two lines of one paragraph is still one value
        ("Un préavis de 30\njours.", [(1, 15, "30 jours", ("cancellation.notice_period",))]),
        # word boundaries: other numbers, decimals and list numbers are not values
        ("130 jours, 1,10 mètre, 10,5 kg, v10, 300 jours", []),
        ("1. Ouvrez le tableau de bord.\n10. Fin.", []),
        # texts, contacts and tables are not looked for
        ("7 jours francs, support@example.com", []),
        # code, markers, links and HTML are not prose
        ("`30 jours` et\n\n    30 jours\n\n```\n30 jours\n```\n", []),
        ('[voir](https://x.example/30 jours) <span title="30 jours">x</span>', []),
        # a deliberate literal, on its line or alone on the line before
        ("Le délai légal est de 30 jours. <!-- literal: 30 jours -->", []),
        ("<!-- literal: 30 jours -->\nLe délai légal est de 30 jours.", []),
    ],
)
def test_values_typed_in_french_prose(book, text, expected):
    assert found(book, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # any spacing between the number and its unit, none included
        ("Sous 30  jours.", [(1, 6, "30 jours", NOTICE)]),
        (
            f"Sous 30{NBSP}jours, 30&nbsp;jours, 30jours.",
            [
                (1, 6, "30 jours", NOTICE),
                (1, 16, "30 jours", NOTICE),
                (1, 31, "30jours", NOTICE),
            ],
        ),
        # an amount with its symbol or code on either side, with or without decimals
        (
            "Frais : £25, 25 £, 25£.",
            [(1, 9, "£25", FEE), (1, 14, "25 £", FEE), (1, 20, "25£", FEE)],
        ),
        (
            "Frais : 25 GBP, GBP 25, 25,00 GBP.",
            [(1, 9, "25 GBP", FEE), (1, 17, "GBP 25", FEE), (1, 25, "25,00 GBP", FEE)],
        ),
        (
            "Frais : £ 25.00, 25.00 £, £25,00.",
            [(1, 9, "£ 25.00", FEE), (1, 18, "25.00 £", FEE), (1, 27, "£25,00", FEE)],
        ),
        # the other site language's words
        (
            "Sous 30 days, 60 days ou 12 months.",
            [
                (1, 6, "30 days", NOTICE),
                (1, 15, "60 days", NOTICE),
                (1, 26, "12 months", ("billing.contract_term", "billing.renewal_term")),
            ],
        ),
        # other amounts and numbers are not this value
        ("£25.50, 125 £, 25,5 £, 25 000 £, 2 GBP, £2.50, 25 livres", []),
        ("3 jours, 300 days, 30 ans, 2030 jours", []),
    ],
)
def test_values_typed_in_other_forms(book, text, expected):
    assert found(book, text) == expected


def test_an_allowance_covers_only_its_own_value_and_line(book):
    text = "<!-- literal: 30 jours -->\n30 jours, 25,00 £.\n\n30 jours."
    assert found(book, text) == [
        (2, 11, "25,00 £", ("fees.default_fee",)),
        (4, 1, "30 jours", ("cancellation.notice_period",)),
    ]


def test_values_are_looked_for_in_every_site_language(book):
    text = "30 days, £25.00 and 30 jours or 25,00 £."
    assert found(book, text, "en", "en_GB") == [
        (1, 1, "30 days", NOTICE),
        (1, 10, "£25.00", FEE),
        (1, 21, "30 jours", NOTICE),
        (1, 33, "25,00 £", FEE),
    ]


def test_the_index_is_built_once_per_data_file_and_language(book):
    # A build holds one ValueIndexes for its data file: nothing is cached across builds.
    indexes = ValueIndexes(book)
    assert indexes.get("fr", "fr_FR") is indexes.get("fr", "fr_FR")
    assert indexes.get("en", "en_GB") is not indexes.get("fr", "fr_FR")
    assert ValueIndexes(book).get("fr", "fr_FR") is not indexes.get("fr", "fr_FR")


def test_hand_typed_value_fails_the_french_build(tmp_path):
    body = (
        "Intro.\n\n"
        "Le préavis est de {{ policy.cancellation.notice_period }}, soit 30 jours.\n\n"
        "Des frais de 25,00 £ ({{ policy.fees.default_fee }}).\n"
    )
    english = f"{QUOTED} {every_key_quoted()}"
    root = write_project(tmp_path / "p", with_article(body, english), POLICIES)
    assert build_failure(root) == [
        f"{ARTICLE}:8:65: '30 jours' is the value of policy 'cancellation.notice_period': "
        "quote it as {{ policy.cancellation.notice_period }} (or mark a deliberate literal "
        "with <!-- literal: 30 jours --> on its line)",
        f"{ARTICLE}:10:14: '25,00 £' is the value of policy 'fees.default_fee': "
        "quote it as {{ policy.fees.default_fee }} (or mark a deliberate literal "
        "with <!-- literal: 25,00 £ --> on its line)",
    ]


def test_hand_typed_value_fails_the_english_build(tmp_path):
    fr = QUOTED + " " + every_key_quoted()
    en = "Intro.\n\nA fee of £25.00 may apply within 12 months.\n\n" + fr
    root = write_project(tmp_path / "p", with_article(fr, en), POLICIES)
    assert build_failure(root) == [
        f"{EN_ARTICLE}:8:10: '£25.00' is the value of policy 'fees.default_fee': "
        "quote it as {{ policy.fees.default_fee }} (or mark a deliberate literal "
        "with <!-- literal: £25.00 --> on its line)",
        f"{EN_ARTICLE}:8:34: '12 months' is the value of policies 'billing.contract_term', "
        "'billing.renewal_term': quote the one you mean, e.g. "
        "{{ policy.billing.contract_term }} (or mark a deliberate literal with "
        "<!-- literal: 12 months --> on its line)",
    ]


def test_another_languages_words_fail_the_build(tmp_path):
    fr = "Intro.\n\nSous 30 days, ou £25.\n\n" + QUOTED + "\n"
    en = "Intro.\n\nWithin 30 jours, or 25 GBP.\n\n" + QUOTED + "\n"
    root = write_project(tmp_path / "p", with_article(fr, en), POLICIES)
    english_lines = [
        f"{EN_ARTICLE}:8:8: '30 jours' is the value of policy 'cancellation.notice_period': "
        "quote it as {{ policy.cancellation.notice_period }} (or mark a deliberate literal "
        "with <!-- literal: 30 jours --> on its line)",
        f"{EN_ARTICLE}:8:21: '25 GBP' is the value of policy 'fees.default_fee': "
        "quote it as {{ policy.fees.default_fee }} (or mark a deliberate literal "
        "with <!-- literal: 25 GBP --> on its line)",
    ]
    assert build_failure(root) == [
        *english_lines,
        f"{ARTICLE}:8:6: '30 days' is the value of policy 'cancellation.notice_period': "
        "quote it as {{ policy.cancellation.notice_period }} (or mark a deliberate literal "
        "with <!-- literal: 30 days --> on its line)",
        f"{ARTICLE}:8:18: '£25' is the value of policy 'fees.default_fee': "
        "quote it as {{ policy.fees.default_fee }} (or mark a deliberate literal "
        "with <!-- literal: £25 --> on its line)",
    ]
    fr_clean = "Intro.\n\n" + QUOTED + " " + every_key_quoted()
    root = write_project(tmp_path / "q", with_article(fr_clean, en), POLICIES)
    assert build_failure(root) == english_lines


def test_pending_page_shows_the_source_values(tmp_path):
    # The English stub shows the French text, its values written in French.
    docs = with_article("Intro.\n\n" + QUOTED + "\n")
    docs["en/facturation/annulation.md"] = (
        "---\ntitle: Cancelling\ndescription: D.\ntranslation: pending\n---\n"
    )
    site = build_project(write_project(tmp_path / "p", docs))
    text = site.html("en/facturation/annulation/").select_one(".hc-body").get_text()
    assert f"30{NBSP}jours 25,00{NBSP}£" in text


def test_deliberate_literal_builds_and_leaves_no_trace(tmp_path):
    body = (
        "Intro {{ policy.cancellation.notice_period }} et {{ policy.fees.default_fee }}.\n"
        "<!-- literal: 30 jours -->\n"
        "Le délai légal de rétractation est aussi de 30 jours.\n\n"
        "Par exemple, 25,00 £ de plus. <!-- literal: 25,00 £ -->\n\n"
        "```\n<!-- literal: shown in code -->\n```\n"
    )
    site = build_project(write_project(tmp_path / "p", with_article(body)))
    article = site.html("facturation/annulation/").select_one(".hc-body")
    paragraphs = [p.get_text() for p in article.select("p")]
    assert paragraphs == [
        f"Intro 30{NBSP}jours et 25,00{NBSP}£.\n"
        f"Le délai légal de rétractation est aussi de 30{NBSP}jours.",
        f"Par exemple, 25,00{NBSP}£ de plus.",
    ]
    assert article.select_one("pre code").get_text() == "<!-- literal: shown in code -->\n"
    assert article.find_all(string=lambda text: isinstance(text, Comment)) == []
