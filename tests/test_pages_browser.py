"""Browser tests of article pages in real Chromium: relative dates, privacy, mobile width."""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlsplit

import pytest
from conftest import build_project, write_project

from bench.browser import serve_directory


@pytest.fixture
def served(tmp_path):
    root = write_project(tmp_path / "p")
    nine_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=9)).timestamp()
    for lang in ("fr", "en"):
        path = root / "docs" / lang / "facturation" / "annulation.md"
        os.utime(path, (nine_days_ago, nine_days_ago))
    os.environ["HELPCENTRE_AS_OF"] = dt.date.today().isoformat()
    (root / "site").mkdir()
    # Built for the address it is served from, as `mkdocs serve` does (absolute links).
    with serve_directory(root / "site") as base_url:
        build_project(root, site_url=base_url)
        yield base_url


@pytest.mark.parametrize(
    ("path", "expected"),
    [("facturation/annulation/", "il y a 9 jours"), ("en/facturation/annulation/", "9 days ago")],
)
def test_relative_date_in_page_language_and_no_third_party_request(browser, served, path, expected):
    requests: list[str] = []
    page = browser.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    assert page.locator(".hc-updated time").inner_text() == expected
    assert requests, "the page made no request at all"
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}


def test_article_fits_a_375px_phone_screen(browser, served, tmp_path):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(served + "en/facturation/annulation/")
    page.wait_for_load_state("networkidle")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"horizontal scroll: {widths}"
    shot = tmp_path / "article-375.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert page.locator(".hc-breadcrumbs").is_visible()
    assert page.locator("h1").inner_text() == "Cancelling"


def test_print_hides_chrome_and_dark_mode_toggles(browser, served):
    page = browser.new_page()
    page.goto(served + "en/facturation/annulation/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("label[for='__palette_1']").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".hc-contact"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".hc-body").is_visible()
    assert page.locator("h1").is_visible()
