"""Teams, owners and review dates as editors write them: each mistake is one located line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcentre.content.front_matter import ArticleMeta, front_matter_problems
from helpcentre.content.sources import parse_source
from helpcentre.health.cadence import Cadence, CadenceError
from helpcentre.health.teams import load_teams
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.settings import read_settings


@pytest.mark.parametrize(
    ("cadence", "start", "due"),
    [
        ("90 days", "2026-01-01", "2026-04-01"),
        ("2 weeks", "2026-01-01", "2026-01-15"),
        ("1 month", "2026-01-31", "2026-02-28"),  # the month's last day
        ("6 Months", "2025-08-31", "2026-02-28"),
        ("1 year", "2024-02-29", "2025-02-28"),
    ],
)
def test_a_cadence_adds_calendar_units(cadence, start, due):
    after = Cadence.parse(cadence).after(dt.date.fromisoformat(start))
    assert after == dt.date.fromisoformat(due)


@pytest.mark.parametrize("text", ["6 moons", "0 days", "monthly", "", "-1 year"])
def test_a_cadence_that_cannot_be_read_says_how_to_write_one(text):
    with pytest.raises(CadenceError) as refused:
        Cadence.parse(text)
    assert str(refused.value) == (
        f"not a review cadence '{text}' (write a number and a unit: "
        "90 days, 8 weeks, 6 months, 1 year)"
    )


@pytest.mark.parametrize("every", ["6 moons", 6])
def test_a_site_cadence_that_cannot_be_read_says_how_to_write_one(every):
    with pytest.raises(BuildProblems) as refused:
        read_settings({"helpcentre": {"reviews": {"every": every}}})
    assert [p.text() for p in refused.value.problems] == [
        f"mkdocs.yml:1:1: extra.helpcentre.reviews: Sub-option 'every': not a review cadence "
        f"'{every}' (write a number and a unit: 90 days, 8 weeks, 6 months, 1 year)"
    ]


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "review_every: every month\n",
            "x.md:4:1: front matter 'review_every': not a review cadence 'every month' "
            "(write a number and a unit: 90 days, 8 weeks, 6 months, 1 year)",
        ),
        (
            "review_every: 6\n",  # a number without its unit
            "x.md:4:1: front matter 'review_every': not a review cadence '6' "
            "(write a number and a unit: 90 days, 8 weeks, 6 months, 1 year)",
        ),
        (
            "reviewed: last week\n",
            "x.md:4:1: front matter 'reviewed': not a date 'last week' "
            "(write YYYY-MM-DD, e.g. 2026-05-01)",
        ),
        (
            "owner: ''\n",
            "x.md:4:1: front matter 'owner' is empty",
        ),
        (
            "ownr: billing\n",
            "x.md:4:1: unknown front matter key 'ownr' (did you mean 'owner'? allowed: "
            + ", ".join(ArticleMeta.model_fields)
            + ")",
        ),
    ],
)
def test_owner_and_review_keys_are_checked_at_their_line(front_matter, expected):
    text = f"---\ntitle: T\ndescription: D.\n{front_matter}---\n\nText.\n"
    problems = front_matter_problems(parse_source(Path("x.md"), text), ArticleMeta, "x.md")
    assert [p.text() for p in problems] == [expected]


def test_each_defect_of_the_teams_file_is_a_located_line(tmp_path):
    teams = tmp_path / "teams.yml"
    teams.write_text(
        "billing:\n  name: {fr: Facturation}\n  email: billing@example.com\n"
        "Support Team:\n  name: {fr: Support, en: Support}\n  email: s@example.com\n"
        "legal:\n  name: {fr: Juridique, en: Legal}\n  email: not-an-address\n"
        "sales:\n  name: {fr: Ventes, en: Sales}\n  mail: sales@example.com\n",
        encoding="utf-8",
    )
    found = load_teams(teams, "data/teams.yml", ("fr", "en"))
    assert [p.text() for p in found.problems] == [
        "data/teams.yml:2:3: team 'billing' has no name in en (add it under name:)",
        "data/teams.yml:4:1: team id 'Support Team' must be lower case letters, digits, - or _",
        "data/teams.yml:9:3: team 'legal': email is not an address (write e.g. "
        "billing@example.com)",
        "data/teams.yml:10:1: team 'sales' has no 'email' (add it)",
        "data/teams.yml:12:3: team 'sales': unknown key 'mail' (allowed: name, email)",
    ]
    assert found.unknown_owner("biling") == (
        "unknown owner 'biling' (did you mean 'billing'? teams of data/teams.yml: billing)"
    )


def test_a_teams_file_that_is_not_yaml_is_one_line(tmp_path):
    teams = tmp_path / "teams.yml"
    teams.write_text("billing:\n  name: {fr: Facturation\n", encoding="utf-8")
    found = load_teams(teams, "data/teams.yml", ("fr",))
    assert [p.text() for p in found.problems] == [
        "data/teams.yml:3:1: not valid YAML: expected ',' or '}', but got '<stream end>'"
    ]


def test_a_teams_file_that_is_not_utf8_is_one_located_line(tmp_path):
    teams = tmp_path / "teams.yml"
    teams.write_bytes("support:\n  name: {fr: Équipe}\n".encode("latin-1"))
    found = load_teams(teams, "data/teams.yml", ("fr",))
    assert [p.text() for p in found.problems] == [
        "data/teams.yml:2:1: not UTF-8 text (save the file as UTF-8 in your editor)"
    ]
