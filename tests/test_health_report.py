"""The health page of a tiny site with two owners, reviews overdue and due, values changed
after a review (in a git history the test makes), a scheduled change, translations behind
or pending, links that lead nowhere, and a feedback database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from health_site import TODAY, make_site, seed_feedback

from bench.collector_run import database
from helpcentre.checks.project import load_project
from helpcentre.cli import main
from helpcentre.health.reader_signals import read_signals
from helpcentre.health.render_html import as_html
from helpcentre.health.render_json import as_json
from helpcentre.health.report import HealthReport, gather
from helpcentre.health.site_signals import translations

ANNULATION = "docs/fr/facturation/annulation.md"
FACTURES = "docs/fr/facturation/factures.md"
PASSWORD = "docs/fr/compte/mot-de-passe.md"
CONTACT = "docs/fr/divers/contact.md"

# (kind, where, owner) of "This week", in order: the most urgent kind first, then the most
# readers; the review due soon and the pending translation come eleventh and twelfth.
THIS_WEEK = [
    ("unreviewed-change", f"{ANNULATION}:10", "Billing team"),
    ("changed-value", f"{ANNULATION}:14", "Billing team"),
    ("overdue-review", f"{FACTURES}:4", "Billing team"),
    ("broken-link", "docs/en/divers/contact.md:8", "nobody"),
    ("broken-link", f"{CONTACT}:7", "nobody"),
    ("low-score", f"{ANNULATION}:1", "Billing team"),  # 120 views
    ("low-score", f"{PASSWORD}:1", "Support team"),  # 30 views
    ("low-score", f"{CONTACT}:1", "nobody"),  # 10 views
    ("unanswered-search", f"{ANNULATION}:1", "Billing team"),  # 7 searches
    ("unanswered-search", "", "nobody"),  # 4 searches, no article close
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("health") / "site")


@pytest.fixture(scope="module")
def report(site: Path) -> HealthReport:
    project = load_project(site)
    db = site / "var" / "feedback.sqlite3"
    seed_feedback(str(db))
    return gather(project, TODAY, read_signals(str(db), project, TODAY))


@pytest.fixture(scope="module")
def page(report: HealthReport) -> BeautifulSoup:
    return BeautifulSoup(as_html(report), "html.parser")


def test_this_week_lists_ten_items_most_urgent_first(page):
    items = page.select("ol.this-week > li")
    found = [
        (
            li["data-kind"],
            li.select_one(".where code").get_text() if li.select_one(".where") else "",
            li.select_one(".who").get_text().removeprefix("Owner: "),
        )
        for li in items
    ]
    assert found == THIS_WEEK
    first = items[0].select_one(".action").get_text()
    assert first == (
        "Review before 2026-06-10: cancellation.notice_period changes from 30 days to 60 days "
        "(scheduled on 2026-05-01, last review 2026-04-01); then run helpcentre reviewed "
        f"{ANNULATION}"
    )
    second = items[1].select_one(".action").get_text()
    assert second.startswith(
        "Reread the sentences around fees.default_fee: it changed from 20.00 GBP to 25.00 GBP "
        "on 2026-04-15 (edited in the data file), after the last review on 2026-04-01"
    )


def test_each_owner_has_a_section_with_all_their_items(page):
    sections = page.select("section.owner")
    assert [s.h2.get_text() for s in sections] == ["Billing team", "Support team", "No owner"]
    assert [s.get("data-owner") for s in sections] == ["billing", "support", ""]
    assert sections[0].select_one("p code").get_text() == "billing@example.com"

    def rows(section: BeautifulSoup) -> list[tuple[str, str, str]]:
        return [
            (tr["data-kind"], tr.select("td")[2].get_text(), tr.select("td")[3].get_text())
            for tr in section.select("tbody tr")
        ]

    assert rows(sections[0]) == [
        ("unreviewed-change", f"{ANNULATION}:10", "fr"),
        ("changed-value", f"{ANNULATION}:14", "fr"),
        ("overdue-review", f"{FACTURES}:4", "fr"),
        ("low-score", f"{ANNULATION}:1", "fr"),
        ("unanswered-search", f"{ANNULATION}:1", "fr"),
        ("stale-translation", "docs/en/facturation/annulation.md:1", "en"),
        ("pending-translation", "docs/en/facturation/factures.md:1", "en"),
    ]
    assert rows(sections[1]) == [
        ("low-score", f"{PASSWORD}:1", "fr"),
        ("redirected-link", "docs/en/compte/mot-de-passe.md:8", "en"),
        ("redirected-link", f"{PASSWORD}:7", "fr"),
        ("review-due-soon", f"{PASSWORD}:4", "fr"),
    ]
    assert rows(sections[2]) == [
        ("broken-link", "docs/en/divers/contact.md:8", "en"),
        ("broken-link", f"{CONTACT}:7", "fr"),
        ("low-score", f"{CONTACT}:1", "fr"),
        ("unanswered-search", "–", "fr"),
        ("score-drop", f"{CONTACT}:1", "fr"),
    ]


def test_the_json_holds_every_signal(report):
    document = json.loads(as_json(report))
    assert document["as_of"] == "2026-06-01"
    assert [(i["kind"], i["path"], i["owner"]) for i in document["this_week"]] == [
        (kind, where.rsplit(":", 1)[0], _owner_id(owner)) for kind, where, owner in THIS_WEEK
    ]
    assert [(o["owner"], len(o["items"])) for o in document["owners"]] == [
        ("billing", 7),
        ("support", 4),
        (None, 5),
    ]
    assert [
        (r["path"], r["owner"], r["every"], r["due"], r["state"]) for r in document["reviews"]
    ] == [
        (PASSWORD, "support", "12 months", "2026-06-10", "due soon"),
        (CONTACT, None, "12 months", "2027-05-20", "up to date"),
        (ANNULATION, "billing", "6 months", "2026-10-01", "up to date"),
        (FACTURES, "billing", "6 months", "2026-04-01", "overdue"),
    ]
    assert document["changed_values"] == [
        {
            "path": ANNULATION,
            "line": 14,
            "key": "fees.default_fee",
            "before": "20.00 GBP",
            "after": "25.00 GBP",
            "on": "2026-04-15",
            "how": "edited",
        }
    ]
    assert document["scheduled"] == [
        {
            "key": "cancellation.notice_period",
            "on": "2026-06-10",
            "before": "30 days",
            "after": "60 days",
            "scheduled_on": "2026-05-01",
            "quoted_by": [ANNULATION],
            "unreviewed": [ANNULATION],
        }
    ]
    assert document["translations"] == {
        "en": {
            "stale": ["docs/en/facturation/annulation.md"],
            "pending": ["docs/en/facturation/factures.md"],
        }
    }
    assert document["links"] == [
        {
            "path": "docs/fr/compte/mot-de-passe.md",
            "line": 7,
            "target": "../facturation/ancienne.md",
            "moved_to": "facturation/annulation.md",
        },
        {"path": CONTACT, "line": 7, "target": "inexistante.md", "moved_to": None},
        {
            "path": "docs/en/compte/mot-de-passe.md",
            "line": 8,
            "target": "../facturation/ancienne.md",
            "moved_to": "facturation/annulation.md",
        },
        {
            "path": "docs/en/divers/contact.md",
            "line": 8,
            "target": "inexistante.md",
            "moved_to": None,
        },
    ]
    feedback = document["feedback"]
    assert feedback["since"] == "2026-05-04"
    assert [
        (s["article"], s["lang"], s["reactions"], s["score"], s["trend"], s["views"])
        for s in feedback["lowest"]
    ] == [
        ("divers/contact.md", "fr", 3, 0.0, -100.0, 10),  # worst first (Wilson bound)
        ("facturation/annulation.md", "fr", 5, 20.0, None, 120),
        ("compte/mot-de-passe.md", "fr", 3, 16.7, None, 30),
        ("compte/mot-de-passe.md", "en", 3, 100.0, None, 0),
    ]
    assert [s["article"] for s in feedback["dropped"]] == ["divers/contact.md"]
    assert feedback["unanswered_searches"] == [
        {
            "lang": "fr",
            "query": "rembourser",
            "count": 7,
            "likely_article": "facturation/annulation.md",
        },
        {"lang": "fr", "query": "carte grise", "count": 4, "likely_article": None},
    ]
    assert feedback["views"] == 160


def _owner_id(name: str) -> str | None:
    return {"Billing team": "billing", "Support team": "support"}.get(name)


def test_postgres_gives_the_same_feedback_as_sqlite(report, site, tmp_path):
    with database("postgresql", tmp_path) as url:
        seed_feedback(url)
        signals = read_signals(url, load_project(site), TODAY)
    from_postgres = gather(load_project(site), TODAY, signals)
    assert json.loads(as_json(from_postgres))["feedback"] == json.loads(as_json(report))["feedback"]


@pytest.fixture
def copy(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the site (its git history too) to change, as the working folder."""
    target = tmp_path / "copy"
    shutil.copytree(site, target, symlinks=True)
    monkeypatch.chdir(target)
    for variable in ("HELPCENTRE_COLLECTOR_DB", "GITHUB_ACTIONS"):
        monkeypatch.delenv(variable, raising=False)
    yield target


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_a_value_changing_soon_fails_the_weekly_run_until_the_article_is_reviewed(copy):
    status, _, err = run("health", "--fail-on-unreviewed-changes", "--json", "-")
    assert status == 1
    assert err.splitlines() == [
        f"{ANNULATION}:10:1: HC926 Review before 2026-06-10: cancellation.notice_period "
        "changes from 30 days to 60 days (scheduled on 2026-05-01, last review 2026-04-01); "
        f"then run helpcentre reviewed {ANNULATION}",
        "helpcentre health: 1 article(s) to review before a value they quote changes",
    ]
    english = (copy / "docs/en/facturation/annulation.md").read_text(encoding="utf-8")

    status, out, err = run(
        "reviewed", ANNULATION, "docs/en/facturation/annulation.md", "docs/fr/compte/index.md"
    )
    assert status == 1
    assert out.splitlines() == [f"{ANNULATION}: reviewed on 2026-06-01"]
    assert err.splitlines() == [
        "docs/en/facturation/annulation.md:1:1: not an article of the source language "
        "(give docs/fr/…; translations keep no review date)",
        "docs/fr/compte/index.md:1:1: not an article (give a Markdown file of a collection)",
    ]
    source = (copy / ANNULATION).read_text(encoding="utf-8")
    assert "\nreviewed: 2026-06-01\n" in source and "2026-04-01" not in source
    assert (copy / "docs/en/facturation/annulation.md").read_text(encoding="utf-8") == english

    status, out, err = run("health", "--fail-on-unreviewed-changes", "--json", "-")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["changed_values"] == []
    assert document["scheduled"][0]["unreviewed"] == []
    # The review date is not what a translator translates: the translation is no staler.
    assert document["translations"]["en"]["stale"] == ["docs/en/facturation/annulation.md"]


def test_the_command_without_a_file_prints_this_week(copy):
    status, out, _ = run("health")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "This week (2026-06-01):"
    assert lines[1] == (
        f"  1. {ANNULATION}:10: Review before 2026-06-10: cancellation.notice_period changes "
        "from 30 days to 60 days (scheduled on 2026-05-01, last review 2026-04-01); then run "
        f"helpcentre reviewed {ANNULATION} [billing]"
    )
    # Without a feedback database: the build-side items only.
    assert [line.split(": ", 1)[0].split(". ", 1)[1] for line in lines[2:]] == [
        f"{ANNULATION}:14",
        f"{FACTURES}:4",
        "docs/en/divers/contact.md:8",
        f"{CONTACT}:7",
        "docs/en/facturation/annulation.md:1",
        "docs/en/compte/mot-de-passe.md:8",
        f"{PASSWORD}:7",
        f"{PASSWORD}:4",
        "docs/en/facturation/factures.md:1",
    ]


def test_a_broken_teams_file_is_one_located_line_beside_the_page(copy):
    (copy / "data" / "teams.yml").write_text("billing:\n  name: {fr: F\n", encoding="utf-8")
    status, out, err = run("health")
    assert status == 0
    assert out.startswith("This week (2026-06-01):\n")
    assert err == (
        "data/teams.yml:3:1: HC921 not valid YAML: expected ',' or '}', but got '<stream end>'\n"
    )


def test_an_unusable_feedback_database_is_one_line(copy):
    status, _, err = run("health", "--feedback", "var/none.sqlite3")
    assert status == 1
    assert err == (
        "helpcentre health: --feedback: var/none.sqlite3: no such database "
        "(start the collector first)\n"
    )


def test_check_names_unknown_owners_and_reviews_due_overdue_or_outdated(copy):
    from helpcentre.checks.reviews import review_problems

    index = copy / "docs/fr/compte/index.md"
    index.write_text(index.read_text("utf-8").replace("owner: support", "owner: suport"), "utf-8")
    config = copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("every: 12 months\n", "every: 12 months\n      overdue: error\n")
    )
    assert [p.text() for p in review_problems(load_project(copy))] == [
        "docs/fr/compte/index.md:6:1: HC921 unknown owner 'suport' (did you mean 'support'? "
        "teams of data/teams.yml: billing, support)",
        "docs/fr/compte/mot-de-passe.md:4:1: HC922 review due on 2026-06-10 (every 12 months, "
        "last review 2025-06-10): reread the article, then run helpcentre reviewed "
        "docs/fr/compte/mot-de-passe.md",
        f"{FACTURES}:4:1: HC924 review overdue since 2026-04-01 (every 6 months, last review "
        f"2025-10-01): reread the article, then run helpcentre reviewed {FACTURES}",
        f"{ANNULATION}:14:14: HC925 value fees.default_fee changed from 20.00 GBP to 25.00 GBP "
        "on 2026-04-15 (edited in the data file) after the last review (2026-04-01): reread "
        f"the sentences around it, then run helpcentre reviewed {ANNULATION}",
    ]


def test_an_overdue_review_is_a_warning_by_default(copy):
    from helpcentre.checks.report import severity
    from helpcentre.checks.reviews import review_problems

    found = {p.code: severity(p) for p in review_problems(load_project(copy))}
    assert found == {"HC922": "warning", "HC923": "warning", "HC925": "warning"}


def test_the_html_page_is_self_contained(page):
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert policy["content"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert not page.find_all(["script", "link", "img", "iframe"])  # nothing loaded


def test_an_article_with_no_file_in_a_language_is_pending_there(copy):
    # No English file at all: the English site serves the French page, as for a stub.
    (copy / "docs" / "en" / "compte" / "mot-de-passe.md").unlink()
    pending = translations(load_project(copy))["en"].pending
    assert [page.display for page in pending] == [
        "docs/en/compte/mot-de-passe.md",
        "docs/en/facturation/factures.md",
    ]
