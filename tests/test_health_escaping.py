"""Markup in every string the health page shows, written by editors (team names, owners,
data-file values, link targets, file names) or stored by the collector (article ids,
queries), is shown as text: the page gains no element, the JSON keeps the text as it is."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from conftest import write_project
from health_site import TODAY, at, commit_all, run_git

from helpcentre.checks.project import load_project
from helpcentre.collector.store import Reaction, open_store
from helpcentre.health.reader_signals import read_signals
from helpcentre.health.render_html import as_html
from helpcentre.health.render_json import as_json
from helpcentre.health.report import gather

TEAM = "<b>Billing</b> & co"
GHOST = "<i>ghost</i>"
BEFORE, AFTER, SOON = "<u>before</u>", "<u>after</u>", "<s>soon</s>"
TARGET = "gone&<'\".md"
ARTICLE = "aide/<em>x.md"  # a file name (no `/` inside it)
STORED = "aide/<script>alert(1)<.md"  # an article id only the database knows
QUERY = "<img src=x onerror=alert(1)>"
MARKUP = ["b", "i", "u", "s", "em", "script", "img"]


def policies(value: str) -> str:
    return (
        "notes:\n  motto:\n    type: text\n    values:\n"
        f"      - {{from: 2024-01-01, value: {{fr: '{value}', en: '{value}'}}}}\n"
        f"      - {{from: 2026-06-05, value: {{fr: '{SOON}', en: '{SOON}'}}}}\n"
    )


@pytest.fixture(scope="module")
def page_and_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[BeautifulSoup, dict]:
    root = tmp_path_factory.mktemp("escaping") / "site"
    article = (
        f"---\ntitle: T\ndescription: D.\nowner: '{GHOST}'\nreviewed: 2026-03-15\n---\n\n"
        f"Notre devise : {{{{ policy.notes.motto }}}}. Voir [ceci]({TARGET}).\n"
    )
    docs = {
        "fr/index.md": "---\ntitle: Accueil\ndescription: Accueil.\n---\n",
        "fr/aide/index.md": (
            "---\ntitle: Aide\ndescription: Aide.\nicon: material/help\nowner: billing\n"
            "review_every: 1 month\n---\n"
        ),
        f"fr/{ARTICLE}": article,
        "en/index.md": "---\ntitle: Home\ndescription: Home.\n---\n",
    }
    write_project(root, docs=docs, policies=policies(BEFORE))
    (root / "data" / "teams.yml").write_text(
        f"billing:\n  name: {{fr: '{TEAM}', en: '{TEAM}'}}\n  email: billing@example.com\n",
        encoding="utf-8",
    )
    run_git(root, None, "init", "-q", "-b", "main")
    commit_all(root, "2026-03-01", "the site")
    (root / "data" / "policies.yml").write_text(policies(AFTER), encoding="utf-8")
    commit_all(root, "2026-04-01", "a new motto")
    db = root / "var" / "feedback.sqlite3"
    store = open_store(str(db))
    try:
        for number, article_id in enumerate([STORED, STORED, STORED, ARTICLE]):
            vote = f"vote{number:012d}"
            store.add_reaction(Reaction(article_id, "fr", "sad", "/", "b1", vote), at("2026-05-20"))
            store.add_page_view(article_id, "fr", at("2026-05-20"))
        for reader in ("a", "b", "c"):
            store.add_search_miss("fr", QUERY, at("2026-05-21"), reader)
    finally:
        store.close()
    project = load_project(root)
    report = gather(project, TODAY, read_signals(str(db), project, TODAY))
    return BeautifulSoup(as_html(report), "html.parser"), json.loads(as_json(report))


def test_no_string_becomes_an_element(page_and_json):
    page, _ = page_and_json
    assert page.find_all(MARKUP) == []


@pytest.mark.parametrize(
    "text",
    [TEAM, GHOST, BEFORE, AFTER, SOON, TARGET, f"docs/fr/{ARTICLE}", STORED, QUERY],
    ids=["team", "owner", "before", "after", "scheduled", "link", "file", "stored", "query"],
)
def test_each_string_shows_as_written(page_and_json, text):
    page, document = page_and_json
    assert text in page.get_text()
    assert any(text in value for value in _strings(document))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_a_query_keeps_its_language_and_an_attribute_stays_quoted(page_and_json):
    page, _ = page_and_json
    cell = page.find("td", string=QUERY)
    assert cell is not None and cell["lang"] == "fr"
    assert [s["data-owner"] for s in page.select("section.owner")] == ["billing", GHOST, ""]
