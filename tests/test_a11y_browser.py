"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on the key pages, in both languages."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from site_builds import build_real_site

from bench.browser import chromium_browser, serve_directory

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "home": "",
    "collection": "facturation/",
    "article": "facturation/modifier-ou-annuler-un-plan/",
    "search results": "?q=facture",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `make test` (npm ci installs axe-core)")
    site_dir = build_real_site(tmp_path_factory.mktemp("a11y") / "site")
    with serve_directory(site_dir) as base_url:
        yield base_url


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_wcag_a_or_aa_violation(real_site, kind, lang):
    path = ("" if lang == "fr" else "en/") + PAGES[kind]
    if kind == "search results" and lang == "en":
        path = "en/?q=invoice"
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(real_site + path)
        page.wait_for_load_state("networkidle")
        if kind == "search results":
            page.wait_for_selector("[data-hc-search-done] .hc-search-results__list a")
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_21_A_AA,
        )
    violations = [
        f"{v['id']}: {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
