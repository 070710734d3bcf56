"""Scheduled values are visible: build-info.json, `make impact` and the HC901 warning."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

from conftest import MINIMAL_DOCS, MINIMAL_POLICIES, build_project, write_project
from test_checks_defects import run, tiny_site

from helpcentre.languages import Languages
from helpcentre.policies.model import load_policy_book
from helpcentre.schedule import NextChange, next_change

LANGUAGES = Languages(source="fr", all=("fr", "en"))
ARTICLE = "facturation/annulation.md"
# The line and column of `from:` of the second notice period in MINIMAL_POLICIES.
SECOND_FROM = (6, 10)


def build_info(site_dir: Path) -> dict:
    return json.loads((site_dir / "build-info.json").read_text(encoding="utf-8"))


# -- the MkDocs-free schedule ---------------------------------------------------------------


def test_next_change_groups_the_keys_of_the_earliest_date(tmp_path):
    # The list need not be in date order.
    policies = MINIMAL_POLICIES.replace(
        "    value: 25.00 GBP\n",
        "    values:\n"
        "      - {from: 2031-01-01, value: 30.00 GBP}\n"
        "      - {from: 2024-01-01, value: 25.00 GBP}\n",
    )
    assert policies != MINIMAL_POLICIES
    data = tmp_path / "policies.yml"
    data.write_text(policies, encoding="utf-8")
    book = load_policy_book(data, "data/policies.yml", LANGUAGES)
    assert next_change(book, dt.date(2026, 6, 1)) == NextChange(
        dt.date(2030, 1, 1), ("cancellation.notice_period",)
    )
    assert next_change(book, dt.date(2030, 1, 1)) == NextChange(
        dt.date(2031, 1, 1), ("fees.default_fee",)
    )
    assert next_change(book, dt.date(2031, 1, 1)) is None
    data.write_text(policies.replace("2031-01-01", "2030-01-01"), encoding="utf-8")
    book = load_policy_book(data, "data/policies.yml", LANGUAGES)
    assert next_change(book, dt.date(2026, 6, 1)) == NextChange(
        dt.date(2030, 1, 1), ("cancellation.notice_period", "fees.default_fee")
    )


# -- build-info.json --------------------------------------------------------------------------


def test_build_info_names_the_next_change_and_the_articles_quoting_it(tmp_path):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    site = build_project(write_project(tmp_path / "p"))
    after = dt.datetime.now(dt.UTC)
    info = build_info(site.site_dir)
    built_at = dt.datetime.fromisoformat(info.pop("built_at").replace("Z", "+00:00"))
    assert built_at.utcoffset() == dt.timedelta(0)
    assert before <= built_at <= after
    assert info == {
        "values_as_of": "2026-06-01",
        "next_change": {
            "date": "2030-01-01",
            "keys": ["cancellation.notice_period"],
            "articles": {"en": [ARTICLE], "fr": [ARTICLE]},
        },
    }


def test_build_info_lists_each_language_s_own_articles(tmp_path):
    """An article quoting the key in one language only is listed for that language only."""
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/frais.md"] = (
        "---\ntitle: Frais\ndescription: Les frais.\n---\n\n"
        "Préavis : {{ policy.cancellation.notice_period }}.\n"
    )
    docs["en/facturation/frais.md"] = (
        "---\ntitle: Fees\ndescription: The fees.\n---\n\nA fee of {{ policy.fees.default_fee }}.\n"
    )
    site = build_project(write_project(tmp_path / "p", docs))
    assert build_info(site.site_dir)["next_change"]["articles"] == {
        "en": [ARTICLE],
        "fr": [ARTICLE, "facturation/frais.md"],
    }


def test_build_info_has_no_next_change_once_every_value_is_in_force(tmp_path, as_of):
    as_of("2030-01-01")
    site = build_project(write_project(tmp_path / "p"))
    info = build_info(site.site_dir)
    assert info["values_as_of"] == "2030-01-01"
    assert info["next_change"] is None
    assert sorted(info) == ["built_at", "next_change", "values_as_of"]


def test_build_info_has_no_next_change_when_nothing_is_scheduled(tmp_path):
    policies = MINIMAL_POLICIES.replace("      - {from: 2030-01-01, value: 60 days}\n", "")
    site = build_project(write_project(tmp_path / "p", policies=policies))
    assert build_info(site.site_dir)["next_change"] is None


def test_partial_rebuild_keeps_the_last_complete_build_s_file(tmp_path):
    """A `--dirty` rebuild renders one page: it cannot tell which others quote the key."""
    root = write_project(tmp_path / "p")
    build_project(root)
    written = (root / "site" / "build-info.json").read_text(encoding="utf-8")
    article = root / "docs" / "en" / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("The notice", "Your notice"), encoding="utf-8"
    )
    later = time.time() + 5
    os.utime(article, (later, later))
    site = build_project(root, strict=False, dirty=True)
    assert "partial rebuild: build-info.json waits for a complete build" in site.messages(20)
    assert (root / "site" / "build-info.json").read_text(encoding="utf-8") == written


# -- make impact ---------------------------------------------------------------------------------


def test_impact_shows_the_value_now_and_every_scheduled_value(tmp_path):
    policies = MINIMAL_POLICIES.replace(
        "      - {from: 2030-01-01, value: 60 days}\n",
        "      - {from: 2031-06-01, value: 3 months}\n      - {from: 2030-01-01, value: 60 days}\n",
    )
    root = tiny_site(tmp_path)
    (root / "data" / "policies.yml").write_text(policies, encoding="utf-8")
    assert run(root, "impact", "cancellation.notice_period", "fees.default_fee") == (
        0,
        [
            "docs/fr/facturation/annulation.md:8:19: cancellation.notice_period",
            "docs/en/facturation/annulation.md:9:22: cancellation.notice_period",
            "cancellation.notice_period: used in 2 place(s)",
            "cancellation.notice_period: 30 days now; 60 days from 2030-01-01; "
            "3 months from 2031-06-01",
            "docs/fr/facturation/annulation.md:12:14: fees.default_fee",
            "docs/en/facturation/annulation.md:13:10: fees.default_fee",
            "fees.default_fee: used in 2 place(s)",
            "fees.default_fee: £25.00 now",
        ],
    )


def test_impact_after_the_change_shows_only_the_value_in_force(tmp_path, as_of):
    as_of("2030-01-01")
    code, lines = run(tiny_site(tmp_path), "impact", "cancellation.notice_period")
    assert (code, lines[-1]) == (0, "cancellation.notice_period: 60 days now")


def test_impact_of_contacts_and_texts(tmp_path):
    policies = MINIMAL_POLICIES + (
        "notes:\n"
        "  access:\n"
        "    type: text\n"
        "    values:\n"
        "      - {from: 2024-01-01, value: {fr: jusqu'à la fin, en: until the end}}\n"
        "      - {from: 2027-01-01, value: {fr: un mois, en: one month}}\n"
    )
    root = tiny_site(tmp_path)
    (root / "data" / "policies.yml").write_text(policies, encoding="utf-8")
    code, lines = run(root, "impact", "contacts.support", "notes.access")
    assert code == 0
    assert [line for line in lines if not line.startswith("docs/")] == [
        "contacts.support: used in 0 place(s)",
        "contacts.support: the Support team (support@example.com, +44 1234 567 800, "
        "https://www.example.com/contact) now",
        "notes.access: used in 0 place(s)",
        'notes.access: "until the end" now; "one month" from 2027-01-01',
    ]


# -- make check: HC901 ---------------------------------------------------------------------------


def test_change_in_13_days_is_a_warning_naming_the_articles(tmp_path, as_of):
    as_of("2029-12-19")
    root = tiny_site(tmp_path)
    line, col = SECOND_FROM
    assert run(root, "check") == (
        0,
        [
            f"data/policies.yml:{line}:{col}: HC901 cancellation.notice_period changes on "
            "2030-01-01 (in 13 days): 60 days; quoted by facturation/annulation.md (fr, en) "
            "— review those articles before then",
            "checks: 0 errors, 1 warning",
        ],
    )


def test_change_in_14_or_15_days_is_not_reported(tmp_path, as_of):
    root = tiny_site(tmp_path)
    for date in ("2029-12-17", "2029-12-18"):
        as_of(date)
        assert run(root, "check") == (0, ["checks: 0 errors, 0 warnings"]), date


def test_warning_points_at_the_from_of_a_block_list_and_names_one_language(tmp_path, as_of):
    as_of("2029-12-31")
    policies = MINIMAL_POLICIES.replace(
        "      - {from: 2030-01-01, value: 60 days}\n",
        "      - from: 2030-01-01\n        value: 60 days\n",
    )
    root = tiny_site(tmp_path)
    (root / "data" / "policies.yml").write_text(policies, encoding="utf-8")
    article = root / "docs" / "en" / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "{{ policy.cancellation.notice_period }}", "one month"
        ),
        encoding="utf-8",
    )
    lines = run(root, "check")[1]
    assert [line for line in lines if "HC901" in line] == [
        "data/policies.yml:6:9: HC901 cancellation.notice_period changes on 2030-01-01 "
        "(in 1 day): 60 days; quoted by facturation/annulation.md (fr) "
        "— review those articles before then"
    ]


def test_impact_with_an_impossible_date_in_the_data_file_prints_no_traceback(tmp_path):
    root = tiny_site(tmp_path)
    policies = MINIMAL_POLICIES.replace("{from: 2030-01-01,", "{from: 2030-13-01,")
    (root / "data" / "policies.yml").write_text(policies, encoding="utf-8")
    assert run(root, "impact", "cancellation.notice_period") == (
        0,
        [
            "docs/fr/facturation/annulation.md:8:19: cancellation.notice_period",
            "docs/en/facturation/annulation.md:9:22: cancellation.notice_period",
            "cancellation.notice_period: used in 2 place(s)",
            "cancellation.notice_period: values not shown: the data file has errors "
            "(make check lists them)",
        ],
    )
