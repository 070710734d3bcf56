"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page type, in every
language, both colour schemes and at phone and desktop widths (one site, one browser)."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from site_builds import build_real_site

from bench.browser import serve_directory

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Page type -> path under each language's root; {query} is a word of that language.
PAGES = {
    "home": "",
    "collection": "facturation/",
    "article": "facturation/modifier-ou-annuler-un-plan/",
    "search results": "?q={query}",
    "404": "404.html",
}
QUERIES = {"fr": "facture", "en": "invoice"}
LANGUAGE_ROOTS = {"fr": "", "en": "en/"}
# Material's palette follows prefers-color-scheme (mkdocs.yml): light is "default", dark "slate".
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = (375, 1280)


def page_path(kind: str, lang: str) -> str:
    return LANGUAGE_ROOTS[lang] + PAGES[kind].format(query=QUERIES[lang])


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `make test` (npm ci installs axe-core)")
    site_dir = build_real_site(tmp_path_factory.mktemp("a11y") / "site")
    with serve_directory(site_dir) as base_url:
        yield base_url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_wcag_a_or_aa_violation(site_url, browser, kind, lang, scheme, width):
    # axe is added to the page as an inline script, which the page's policy would block.
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        reduced_motion="reduce",
        bypass_csp=True,
    )
    try:
        page = context.new_page()
        page.goto(site_url + page_path(kind, lang))
        page.wait_for_load_state("networkidle")
        if kind == "search results":
            page.wait_for_selector("[data-hc-search-done] .hc-search-results__list a")
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_21_A_AA,
        )
    finally:
        context.close()
    violations = [
        f"{v['id']}: {v['help']} -> "
        + "; ".join(f"{n['target'][0]} ({n['failureSummary'][-120:]})" for n in v["nodes"][:5])
        for v in results["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
