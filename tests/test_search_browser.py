"""Search in real Chromium: each language finds its own articles only, with title,
collection and an excerpt whose matched words are marked."""

from __future__ import annotations

import pytest
from conftest import TestBrowser, build_project, write_project
from site_builds import build_real_site

from bench.browser import serve_directory


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("search") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        site = build_project(root)
    with serve_directory(site.site_dir) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    site_dir = build_real_site(tmp_path_factory.mktemp("real") / "site")
    with serve_directory(site_dir) as base_url:
        yield base_url


def search(
    browser: TestBrowser, base_url: str, home: str, word: str
) -> tuple[str, list[tuple[str, str, str]]]:
    """Type a word in the home page's search box; the status line and (title, excerpt
    with its marked words in [brackets], href)."""
    page = browser.new_page()
    page.goto(base_url + home)
    page.fill("#hc-search-input", word)
    page.press("#hc-search-input", "Enter")
    page.wait_for_selector("[data-hc-search-results][data-hc-search-done]")
    status = page.locator(".hc-search-results__status").inner_text()
    items = [
        (
            link.locator(".hc-article-list__title").inner_text(),
            link.locator(".hc-article-list__lede").evaluate(MARKED),
            link.get_attribute("href") or "",
        )
        for link in page.locator(".hc-search-results__list a").all()
    ]
    return status, items


# The excerpt as text, each <mark> shown as [word].
MARKED = """node => Array.from(node.childNodes).map(n =>
  n.nodeName === 'MARK' ? '[' + n.textContent + ']' : n.textContent).join('')"""


def test_french_word_finds_the_french_article_with_title_and_excerpt(browser, tiny_site):
    status, items = search(browser, tiny_site, "", "préavis")
    assert [(title, href) for title, _, href in items] == [("Annuler", "/facturation/annulation/")]
    assert "[Préavis]" in items[0][1] and "Le [préavis] est de" in items[0][1]
    assert "«\xa0préavis\xa0»" in status


def test_english_word_finds_the_english_article_with_title_and_excerpt(browser, tiny_site):
    status, items = search(browser, tiny_site, "en/", "notice")
    assert [(title, href) for title, _, href in items] == [
        ("Cancelling", "/en/facturation/annulation/")
    ]
    assert "The [notice] period is" in items[0][1]
    assert "“notice”" in status


@pytest.mark.parametrize(("home", "word"), [("en/", "préavis"), ("", "notice")])
def test_a_word_of_the_other_language_finds_nothing(browser, tiny_site, home, word):
    status, items = search(browser, tiny_site, home, word)
    assert items == []
    assert word in status


def test_query_in_the_address_runs_the_search(browser, tiny_site):
    page = browser.new_page()
    page.goto(tiny_site + "en/?q=notice")
    page.wait_for_selector("[data-hc-search-results][data-hc-search-done]")
    assert page.locator("#hc-search-input").input_value() == "notice"
    titles = page.locator(".hc-search-results__list .hc-article-list__title").all_inner_texts()
    assert titles == ["Cancelling"]


@pytest.mark.parametrize(
    ("home", "word", "prefix"),
    [("", "abonnement", "/"), ("en/", "subscription", "/en/")],
)
def test_real_site_finds_only_pages_of_the_reader_language(browser, real_site, home, word, prefix):
    _, own = search(browser, real_site, home, word)
    assert own, f"'{word}' should find articles from /{home}"
    in_english = [href.startswith("/en/") for _, _, href in own]
    assert in_english == [prefix == "/en/"] * len(own), own
    other_home = "en/" if home == "" else ""
    _, other = search(browser, real_site, other_home, word)
    assert other == []
