"""Unit tests of the data file schema: values in force and located error lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcentre.languages import Languages
from helpcentre.policies.model import PolicyDataError, load_policy_book

LANGS = Languages(source="fr", all=("fr", "en"))


def load(tmp_path: Path, text: str):
    path = tmp_path / "policies.yml"
    path.write_text(text, encoding="utf-8")
    return load_policy_book(path, "data/policies.yml", LANGS)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PolicyDataError) as caught:
        load(tmp_path, text)
    return [problem.text() for problem in caught.value.problems]


def test_value_in_force_follows_from_dates(tmp_path):
    book = load(
        tmp_path,
        "notice:\n  period:\n    type: duration\n    values:\n"
        "      - {from: 2024-01-01, value: 30 days}\n"
        "      - {from: 2027-03-01, value: 60 days}\n",
    )
    policy = book.policies["notice.period"]
    assert policy.in_force(dt.date(2023, 12, 31)) is None
    assert policy.in_force(dt.date(2027, 2, 28)).value.amount == 30
    assert policy.in_force(dt.date(2027, 3, 1)).value.amount == 60
    assert book.latest_change({"notice.period"}, dt.date(2027, 6, 1)) == dt.date(2027, 3, 1)


def test_bad_amount_names_file_line_column_and_field(tmp_path):
    text = "fees:\n  default_fee:\n    type: money\n    value: abc GBP\n"
    assert problems(tmp_path, text) == [
        "data/policies.yml:4:12: fees.default_fee.value: not a valid amount 'abc'"
    ]


def test_unknown_currency(tmp_path):
    text = "fees:\n  default_fee:\n    type: money\n    value: 25.00 GPB\n"
    assert problems(tmp_path, text) == [
        "data/policies.yml:4:12: fees.default_fee.value: unknown currency 'GPB' "
        "(use an ISO 4217 code such as GBP or EUR)"
    ]


def test_bad_duration_in_history(tmp_path):
    text = (
        "notice:\n  period:\n    type: duration\n    values:\n"
        "      - {from: 2024-01-01, value: 30 dayz}\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:5:35: notice.period.values[0].value: not a duration '30 dayz' "
        "(write e.g. '30 days' or '12 months')"
    ]


def test_missing_language_and_unknown_type(tmp_path):
    text = (
        "teams:\n  name:\n    type: text\n    value: {fr: Finance}\n"
        "  odd:\n    type: colour\n    value: red\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:4:12: teams.name.value: missing text for language(s) en",
        "data/policies.yml:6:11: teams.odd.type: unknown type 'colour' "
        "(one of: duration, money, percent, number, date, text, contact, table)",
    ]


def test_contact_field_errors(tmp_path):
    text = (
        "contacts:\n  finance:\n    type: contact\n    value:\n"
        "      name: {fr: Finance, en: Finance}\n      email: not-an-email\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:6:14: contacts.finance.value.email: not an email address 'not-an-email'"
    ]


def test_invalid_yaml_is_one_line(tmp_path):
    lines = problems(tmp_path, "fees:\n  fee: [unclosed\n")
    assert len(lines) == 1
    assert lines[0].startswith("data/policies.yml:3:1: not valid YAML:")


def test_missing_file(tmp_path):
    with pytest.raises(PolicyDataError) as caught:
        load_policy_book(tmp_path / "nope.yml", "data/nope.yml", LANGS)
    assert str(caught.value) == "data/nope.yml:1:1: data file not found (create it or fix the path)"


def test_two_values_from_the_same_date(tmp_path):
    text = (
        "notice:\n  period:\n    type: duration\n    values:\n"
        "      - {from: 2024-01-01, value: 30 days}\n"
        "      - {from: 2024-01-01, value: 60 days}\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:5:7: notice.period.values: two values start on the same date "
        "(2024-01-01)"
    ]
