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


def test_a_data_file_that_is_not_utf8_is_one_line(tmp_path):
    data = tmp_path / "policies.yml"
    data.write_bytes("fees:\n  # préavis\n".encode("latin-1"))
    with pytest.raises(PolicyDataError) as caught:
        load_policy_book(data, "data/policies.yml", LANGS)
    assert str(caught.value) == (
        "data/policies.yml:2:1: not UTF-8 text (save the file as UTF-8 in your editor)"
    )


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


def test_duplicate_keys_name_both_lines_all_at_once(tmp_path):
    text = (
        "fees:\n"
        "  default_fee:\n    type: money\n    value: 25.00 GBP\n"
        "  default_fee:\n    type: money\n    value: 30.00 GBP\n"
        "contacts:\n  support:\n    type: contact\n    value:\n"
        "      name: {fr: Support, en: Support, fr: Assistance}\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:5:3: duplicate key 'default_fee' (first at line 2; "
        "remove or rename one)",
        "data/policies.yml:12:40: duplicate key 'fr' (first at line 12; remove or rename one)",
    ]


def test_duplicate_key_is_reported_with_the_other_data_errors(tmp_path):
    text = (
        "fees:\n  default_fee:\n    type: money\n    value: abc GBP\n"
        "  late_fee:\n    type: money\n    type: money\n    value: 5.00 GBP\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:7:5: duplicate key 'type' (first at line 6; remove or rename one)",
        "data/policies.yml:4:12: fees.default_fee.value: not a valid amount 'abc'",
    ]


@pytest.mark.parametrize(
    ("value", "why"),
    [("2027-13-01", "month must be in 1..12"), ("2027-02-30", "day is out of range for month")],
)
def test_impossible_from_date_is_located_with_its_field(tmp_path, value, why):
    text = (
        "notice:\n  period:\n    type: duration\n    values:\n"
        "      - {from: 2024-01-01, value: 30 days}\n"
        f"      - {{from: {value}, value: 60 days}}\n"
    )
    assert problems(tmp_path, text) == [
        f"data/policies.yml:6:16: notice.period.values[1].from: not a date '{value}' "
        f"({why}; write YYYY-MM-DD)"
    ]


def test_impossible_date_value_and_table_cell_are_located(tmp_path):
    text = (
        "contract:\n  terms_updated:\n    type: date\n    value: 2026-04-31\n"
        "  steps:\n    type: table\n    value:\n      columns:\n"
        "        - {key: day, type: date, header: {fr: Jour, en: Day}}\n"
        "      rows:\n        - {day: 2026-00-10}\n"
    )
    assert problems(tmp_path, text) == [
        "data/policies.yml:4:12: contract.terms_updated.value: not a date '2026-04-31' "
        "(day is out of range for month; write YYYY-MM-DD)",
        "data/policies.yml:11:17: contract.steps.value.rows[0].day: not a date '2026-00-10' "
        "(month must be in 1..12; write YYYY-MM-DD)",
    ]


def test_dates_are_read_as_dates(tmp_path):
    book = load(
        tmp_path,
        "contract:\n  terms_updated:\n    type: date\n    from: 2025-01-01\n"
        "    value: 2026-04-01\n",
    )
    timed = book.policies["contract.terms_updated"].history[0]
    assert (timed.since, timed.value) == (dt.date(2025, 1, 1), dt.date(2026, 4, 1))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", '"<img src=x onerror=alert(1)>@example.com"', "not an email address"),
        ("email", "'support@example.com\"><b>x</b>'", "not an email address"),
        ("phone", '"+44 <b>1234</b>"', "not a phone number"),
        ("url", "'https://example.com/\"><img src=x>'", "not an https:// address"),
        ("url", "javascript:alert(1)", "not an https:// address"),
    ],
)
def test_markup_in_contact_addresses_is_refused(tmp_path, field, value, message):
    text = (
        "contacts:\n  support:\n    type: contact\n    value:\n"
        f"      name: {{fr: Support, en: Support}}\n      {field}: {value}\n"
    )
    [line] = problems(tmp_path, text)
    assert line.startswith(
        f"data/policies.yml:6:{9 + len(field)}: contacts.support.value.{field}: {message}"
    )
