"""The real site in Chromium: header and search on phones, the measure on desktop, titles
and card links, every request answered on the site's own host, the switcher's #anchor."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from site_builds import build_real_site

from bench.browser import serve_directory

ARTICLE = "facturation/modifier-ou-annuler-un-plan/"
PAGE_TYPES = {
    "home": "",
    "collection": "facturation/",
    "article": ARTICLE,
    "search results": "?q=facture",
    "404": "404.html",
}
LANGUAGE_ROOTS = {"fr": "", "en": "en/"}
# Where an article counts its view: beside the feedback endpoint of mkdocs.yml (the
# collector `make serve` starts), the one origin other than the site's a page may reach.
PAGE_VIEW = "http://127.0.0.1:8001/api/page-view"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site_dir = build_real_site(tmp_path_factory.mktemp("layout") / "site")
    with serve_directory(site_dir) as base_url:
        yield base_url


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_at(url: str, width: int = 1280, scheme: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", ["home", "article", "404"])
def test_header_and_search_fit_a_phone(site_url, open_page, kind, lang, width):
    page = open_page(site_url + LANGUAGE_ROOTS[lang] + PAGE_TYPES[kind], width=width)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"horizontal scroll: {widths}"
    title = page.locator(".md-header__topic:first-child .md-ellipsis")
    cut = title.evaluate("(node) => node.scrollWidth > node.clientWidth + 1")
    assert not cut, f"site name cut: {title.inner_text()!r}"
    box = title.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    assert box["x"] + box["width"] <= width
    field = page.locator(".hc-search__input").first.bounding_box()
    button = page.locator(".hc-search__button").first.bounding_box()
    assert field["width"] >= button["width"], (field, button)
    assert button["x"] + button["width"] <= width


def characters_per_line(page, selector: str) -> int:
    """The most characters on one rendered line of the element (by each character's top)."""
    return page.locator(selector).evaluate(
        """(element) => {
            const lines = new Map();
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getBoundingClientRect();
                    if (!rect.width) continue;
                    const top = Math.round(rect.top);
                    lines.set(top, (lines.get(top) || 0) + 1);
                }
            }
            return Math.max(...lines.values());
        }"""
    )


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_article_text_is_65_to_80_characters_a_line_and_title_is_bold(site_url, open_page, lang):
    page = open_page(site_url + LANGUAGE_ROOTS[lang] + ARTICLE, width=1280)
    longest = max(characters_per_line(page, f".hc-body > p:nth-of-type({n})") for n in range(1, 6))
    assert 65 <= longest <= 80, longest
    title = page.locator(".hc-head h1")
    style = title.evaluate(
        "(h) => { const s = getComputedStyle(h); return [s.fontWeight, s.color,"
        " getComputedStyle(document.querySelector('.hc-body p')).color]; }"
    )
    assert int(style[0]) >= 700
    assert style[1] == style[2], "the title is not in the text colour"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_only_the_card_title_is_a_visible_link(site_url, open_page, scheme):
    page = open_page(site_url, scheme=scheme)
    decoration = page.locator(".hc-card").first.evaluate(
        """(card) => Object.fromEntries(
            ['.hc-card__title', '.hc-card__description', '.hc-card__count', '.hc-card__link']
              .map((s) => [s, getComputedStyle(card.querySelector(s)).textDecorationLine]))"""
    )
    assert decoration == {
        ".hc-card__title": "underline",
        ".hc-card__description": "none",
        ".hc-card__count": "none",
        ".hc-card__link": "none",
    }


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_request_succeeds_on_the_sites_own_host(site_url, browser, kind, lang):
    path = LANGUAGE_ROOTS[lang] + PAGE_TYPES[kind]
    if kind == "search results" and lang == "en":
        path = "en/?q=invoice"
    answers: list[tuple[str, int]] = []
    failures: list[str] = []
    counted: list[str] = []  # the view an article counts at the collector (not running here)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("response", lambda response: answers.append((response.url, response.status)))
        page.on(
            "requestfailed",
            lambda request: (counted if request.url == PAGE_VIEW else failures).append(
                f"{request.method} {request.url}"
            ),
        )
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        if kind == "search results":
            page.wait_for_selector("[data-hc-search-done]")
        page.wait_for_timeout(300)  # scripts that fetch after load (Material's) have run
    finally:
        context.close()
    host = urlsplit(site_url).netloc
    assert failures == []
    assert counted == ([f"POST {PAGE_VIEW}"] if kind == "article" else [])
    first, *rest = answers
    assert first == (site_url + path, 200)
    stray = [(url, status) for url, status in rest if status >= 400]
    assert stray == []
    assert {urlsplit(url).netloc for url, _ in answers if not url.startswith("data:")} == {host}


def test_language_switcher_keeps_the_section(site_url, open_page):
    page = open_page(site_url + ARTICLE + "#comment-annuler-ou-resilier-mon-plan")
    page.locator(".md-header .md-select").hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url("**/en/**")
    page.wait_for_load_state("networkidle")
    url = page.url
    assert urlsplit(url).path == "/en/" + ARTICLE
    target = page.locator(f"#{urlsplit(url).fragment}")
    assert target.evaluate("(h) => h.tagName") == "H2"
    assert target.inner_text().startswith("How do I cancel")


def test_language_switcher_without_a_section_goes_to_the_page(site_url, open_page):
    page = open_page(site_url + "en/" + ARTICLE)
    page.locator(".md-header .md-select").hover()
    page.locator("a.md-select__link[hreflang='fr']").click()
    page.wait_for_url(site_url + ARTICLE)
    assert urlsplit(page.url).fragment == ""


def test_hreflang_links_stay_in_the_head(site_url, open_page):
    page = open_page(site_url + ARTICLE)
    links = page.evaluate(
        """() => [...document.head.querySelectorAll('link[hreflang]')].map(
            (l) => [[...l.relList], l.hreflang])"""
    )
    assert links == [[["alternate"], "fr"], [["alternate"], "en"], [["alternate"], "x-default"]]


def test_only_the_article_title_is_underlined_in_a_collection(site_url, open_page):
    page = open_page(site_url + "facturation/")
    decoration = page.locator(".hc-article-list li").first.evaluate(
        """(item) => Object.fromEntries(
            ['.hc-article-list__title', '.hc-article-list__lede', 'a']
              .map((s) => [s, getComputedStyle(item.querySelector(s)).textDecorationLine]))"""
    )
    assert decoration == {
        ".hc-article-list__title": "underline",
        ".hc-article-list__lede": "none",
        "a": "none",
    }


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_404_search_box_is_left_aligned_like_its_text(site_url, open_page, lang):
    page = open_page(site_url + LANGUAGE_ROOTS[lang] + "404.html", width=1280)
    heading = page.locator(".hc-404 h1").bounding_box()
    form = page.locator(".hc-404 .hc-search").bounding_box()
    assert abs(form["x"] - heading["x"]) < 1, (form, heading)
