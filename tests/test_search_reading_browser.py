"""Search in real Chromium as readers use it: typos, synonyms, whole questions, keyboard,
results as you type, and what a search that finds nothing offers and reports."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import ClassVar
from urllib.parse import quote

import pytest
from conftest import MINIMAL_DOCS, REPO, build_project, write_project
from site_builds import build_real_site
from test_feedback_browser import _listening_port

from bench.browser import serve, serve_directory

DONE = "[data-hc-search-results][data-hc-search-done]"
RESULTS = ".hc-search-results__list a"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    site_dir = build_real_site(tmp_path_factory.mktemp("real") / "site")
    with serve_directory(site_dir) as base_url:
        yield base_url


def found(page, base: str, home: str, query: str) -> list[str]:
    """The result links of `/<home>?q=query`, in rank order, as paths."""
    page.goto(f"{base}{home}?q={quote(query)}")
    page.wait_for_selector(DONE)
    hrefs = page.eval_on_selector_all(RESULTS, "links => links.map(a => a.pathname)")
    return list(hrefs)


@pytest.mark.parametrize(
    ("home", "query", "first"),
    [
        ("", "anuler", "/facturation/modifier-ou-annuler-un-plan/"),  # one typo
        ("", "renouvelement automatque", "/facturation/renouvellement-automatique/"),
        ("en/", "cancle", "/en/facturation/modifier-ou-annuler-un-plan/"),
        ("en/", "reset pasword", "/en/depannage/probleme-de-connexion/"),
    ],
)
def test_a_typo_still_finds_the_article(real_site, browser, home, query, first):
    page = browser.new_page()
    assert found(page, real_site, home, query)[0] == first


@pytest.mark.parametrize(
    ("home", "query", "first"),
    [
        ("", "résiliations", "/facturation/modifier-ou-annuler-un-plan/"),  # plural, noun
        ("", "INVITER DES COLLÈGUES", "/compte/gerer-les-utilisateurs/"),
        ("en/", "invoices", "/en/facturation/comprendre-sa-facture/"),
        ("en/", "renewing", "/en/facturation/renouvellement-automatique/"),
    ],
)
def test_plurals_inflections_case_and_accents_are_ignored(real_site, browser, home, query, first):
    page = browser.new_page()
    assert found(page, real_site, home, query)[0] == first


@pytest.mark.parametrize(
    ("home", "query", "first"),
    [
        ("", "RGPD", "/confidentialite/demande-de-donnees/"),
        ("", "boîtier ne répond pas", "/depannage/traceur-hors-ligne/"),
        ("", "reconduction tacite", "/facturation/renouvellement-automatique/"),
        ("en/", "GDPR", "/en/confidentialite/demande-de-donnees/"),
        ("en/", "trip history", "/en/suivi/historique-des-trajets/"),
    ],
)
def test_an_editor_synonym_finds_the_article_using_another_word(
    real_site, browser, home, query, first
):
    page = browser.new_page()
    assert found(page, real_site, home, query)[0] == first


@pytest.mark.parametrize(
    ("home", "query", "first"),
    [
        ("", "Comment annuler mon abonnement ?", "/facturation/modifier-ou-annuler-un-plan/"),
        ("", "je n'arrive pas a me connecter", "/depannage/probleme-de-connexion/"),
        ("en/", "How do I delete my data?", "/en/confidentialite/demande-de-donnees/"),
        ("en/", "can't log in", "/en/depannage/probleme-de-connexion/"),
    ],
)
def test_a_whole_question_finds_the_article(real_site, browser, home, query, first):
    page = browser.new_page()
    assert found(page, real_site, home, query)[0] == first


def test_results_show_collection_and_marked_excerpt_with_title_matches_first(real_site, browser):
    page = browser.new_page()
    found(page, real_site, "en/", "invoice")
    first = page.locator(RESULTS).first
    assert first.locator(".hc-article-list__title").inner_text() == "Understanding your invoice"
    assert first.locator(".hc-search-results__collection").inner_text().lower() == (
        "billing and payments"
    )
    marks = first.locator("mark").all_inner_texts()
    assert marks and all(m.lower().startswith("invoice") for m in marks)


def test_keyboard_moves_through_results_opens_and_clears(real_site, browser):
    page = browser.new_page()
    hrefs = found(page, real_site, "", "facture")
    assert len(hrefs) >= 2
    page.focus("#hc-search-input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.pathname") == hrefs[1]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.pathname") == hrefs[0]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "hc-search-input"
    page.keyboard.press("Escape")
    assert page.input_value("#hc-search-input") == ""
    assert page.locator("[data-hc-search-results]").is_hidden()
    page.fill("#hc-search-input", "facture")
    page.press("#hc-search-input", "Enter")
    page.wait_for_selector(DONE)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{real_site}{hrefs[0].lstrip('/')}")


def test_results_appear_under_the_home_box_as_you_type(real_site, browser):
    page = browser.new_page()
    page.goto(real_site + "en/")
    page.type("#hc-search-input", "geofen", delay=40)  # no Enter
    # A slow machine may pause long enough mid-word for a search of "geo" to finish first:
    # wait for the search of the whole word.
    page.wait_for_function(
        """([results, expected]) => {
            const region = document.querySelector("[data-hc-search-results]");
            const first = document.querySelector(results);
            return document.querySelector("#hc-search-input").value === "geofen"
                && region.hasAttribute("data-hc-search-done")
                && first !== null && first.pathname === expected;
        }""",
        arg=[RESULTS, "/en/suivi/zones-geographiques/"],
    )


def test_the_box_of_an_article_page_sends_the_query_to_the_home(real_site, browser):
    page = browser.new_page()
    page.goto(real_site + "suivi/alertes/")
    page.fill("#hc-search-input", "facture")
    page.press("#hc-search-input", "Enter")
    page.wait_for_selector(DONE)
    assert page.url == real_site + "?q=facture"
    assert page.locator(RESULTS).count() >= 1


# -- searches that find nothing --------------------------------------------------------------


class _Collector(BaseHTTPRequestHandler):
    """Records what the page posts to /api/search-miss (CORS as the real collector)."""

    posts: ClassVar[list[dict]] = []

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.posts.append({"path": self.path, **json.loads(body)})
        self.send_response(204)
        self._cors()
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def collector() -> Iterator[tuple[str, list[dict]]]:
    handler = type("Recorder", (_Collector,), {"posts": []})
    with serve(handler) as base_url:
        yield f"{base_url}/api/feedback", handler.posts


# Markup in a title, a lede and a keyword: shown as text, never run.
MARKUP_DOCS = {
    **MINIMAL_DOCS,
    "fr/facturation/boitier.md": (
        "---\ntitle: Le <b>boîtier</b> & vous\ndescription: Votre <i>traceur</i>.\n"
        "keywords: [balise, '<img src=x onerror=window.pwned=1>']\n---\n\nLe boîtier.\n"
    ),
    "en/facturation/boitier.md": (
        "---\ntitle: The <b>box</b> & you\ndescription: Your <i>tracker</i>.\n---\n\nThe box.\n"
    ),
}


@pytest.fixture(scope="module")
def missing(tmp_path_factory):
    """A tiny site whose feedback endpoint is a recording server: (base URL, posts)."""
    with collector() as (endpoint, posts):
        root = write_project(tmp_path_factory.mktemp("miss") / "project", dict(MARKUP_DOCS))
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
            patch.setenv("HELPCENTRE_FEEDBACK_ENDPOINT", endpoint)
            site = build_project(root)
        build = site.html("").select_one("[data-hc-search-results]")["data-build"]
        with serve_directory(site.site_dir) as base:
            yield base, posts, build


def submit(page, query: str) -> None:
    page.fill("#hc-search-input", query)
    page.press("#hc-search-input", "Enter")
    page.wait_for_selector(DONE)


def settle(posts: list[dict], count: int) -> None:
    """Wait (2 s at most) for the collector to have received `count` posts."""
    deadline = time.monotonic() + 2
    while len(posts) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_nothing_found_offers_did_you_mean_suggestions_and_contact(missing, browser):
    base, posts, build = missing
    page = browser.new_page()
    page.goto(base)
    submit(page, "fras")
    assert page.locator(RESULTS).count() == 0
    none = page.locator("[data-hc-search-none]")
    assert none.is_visible()
    assert none.locator("[data-hc-did-you-mean]").inner_text() == (
        "Vouliez-vous dire «\u00a0frais\u00a0»\u202f?"
    )
    titles = none.locator(".hc-search-results__suggested .hc-article-list__title")
    assert titles.all_inner_texts() == ["Annuler"]
    assert none.locator(".hc-contact").is_visible()
    settle(posts, 1)
    assert posts == [{"path": "/api/search-miss", "lang": "fr", "query": "fras", "build": build}]
    none.locator("[data-hc-did-you-mean] a").click()
    page.wait_for_selector(DONE + " " + RESULTS)
    assert page.input_value("#hc-search-input") == "frais"
    assert page.locator(RESULTS).first.get_attribute("href") == "/facturation/annulation/"
    posts.clear()


def test_only_settled_clean_misses_are_sent_once_each(missing, browser):
    base, posts, _ = missing
    page = browser.new_page()
    page.goto(base + "en/")
    for query in ("order 12345", "me@example.com", "x" * 61):
        submit(page, query)  # a digit, an address, too long: nothing sent
    submit(page, "  Xyzzy   PLUGH ")
    submit(page, "xyzzy plugh")  # the same query again: already counted
    page.fill("#hc-search-input", "")
    page.type("#hc-search-input", "qwrtp", delay=30)  # as you type: once, after a pause
    settle(posts, 2)
    time.sleep(0.3)
    assert [(p["lang"], p["query"]) for p in posts] == [("en", "xyzzy plugh"), ("en", "qwrtp")]
    posts.clear()


def test_no_endpoint_sends_nothing(tmp_path, browser):
    root = write_project(tmp_path / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_FEEDBACK_ENDPOINT", "")
        site = build_project(root)
    requests: list[str] = []
    with serve_directory(site.site_dir) as base:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base)
        submit(page, "zzxq")
        assert page.locator("[data-hc-search-none]").is_visible()
    assert not [url for url in requests if "search-miss" in url]


def test_a_keyword_finds_its_article_and_markup_stays_text(missing, browser):
    base, posts, _ = missing
    page = browser.new_page()
    page.goto(base)
    submit(page, "balise")  # only in the article's keywords
    first = page.locator(RESULTS).first
    assert first.locator(".hc-article-list__title").inner_text() == "Le <b>boîtier</b> & vous"
    assert page.locator("[data-hc-search-results] b, [data-hc-search-results] img").count() == 0
    submit(page, "<img src=x onerror=window.pwned=1>")
    assert page.evaluate("window.pwned") is None
    posts.clear()


def test_misses_reach_the_real_collector_and_are_counted(tmp_path, browser):
    """End to end: three page views miss the same query; `python -m helpcentre.collector serve`
    stores it once, counted three times, and nothing of a query holding a digit."""
    root = write_project(tmp_path / "p")
    (root / "site").mkdir()
    db = tmp_path / "var" / "feedback.sqlite3"
    with serve_directory(root / "site") as base_url:
        log = tmp_path / "collector.log"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "helpcentre.collector", "serve", "--db", str(db),
                    "--manifest", str(root / "site" / "feedback-manifest.json"),
                    "--origin", base_url.rstrip("/"), "--port", "0",
                ],
                cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            port = _listening_port(log, process)
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv(
                    "HELPCENTRE_FEEDBACK_ENDPOINT", f"http://127.0.0.1:{port}/api/feedback"
                )
                build_project(root, site_url=base_url)
            for query in ("Xyzzy plugh", "xyzzy  PLUGH", "xyzzy plugh"):
                page = browser.new_page()
                with page.expect_response(_miss_post) as sent:
                    page.goto(base_url + "en/?q=" + quote(query))
                assert sent.value.status == 204
                page.close()
            page = browser.new_page()
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url) if "search-miss" in r.url else None)
            page.goto(base_url + "en/?q=" + quote("zone 51"))
            page.wait_for_selector(DONE)
            page.wait_for_timeout(300)
            assert asked == []
        finally:
            process.terminate()
            process.wait(timeout=10)
    with sqlite3.connect(db) as store:
        rows = list(store.execute("SELECT lang, query, count FROM search_misses"))
    assert rows == [("en", "xyzzy plugh", 3)]


def _miss_post(response: object) -> bool:
    request = response.request  # type: ignore[attr-defined]
    return request.method == "POST" and request.url.endswith("/api/search-miss")
