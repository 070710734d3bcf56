"""The health page in real Chromium: axe-core finds no WCAG 2.1 A/AA violation at a
phone's and a desktop's width, and a screenshot of it is taken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO
from health_site import TODAY, make_site, seed_feedback

from bench.browser import serve_directory
from helpcentre.checks.project import load_project
from helpcentre.health.reader_signals import read_signals
from helpcentre.health.render_html import as_html
from helpcentre.health.report import gather

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory):
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `make test` (npm ci installs axe-core)")
    folder = tmp_path_factory.mktemp("health-page")
    site = make_site(folder / "site")
    db = folder / "feedback.sqlite3"
    seed_feedback(str(db))
    project = load_project(site)
    report = gather(project, TODAY, read_signals(str(db), project, TODAY))
    served = folder / "served"
    served.mkdir()
    (served / "health.html").write_text(as_html(report), encoding="utf-8")
    with serve_directory(served) as base_url:
        yield base_url + "health.html"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_health_page_has_no_axe_violation(browser, page_url, width, tmp_path):
    # axe is added as an inline script, which the page's own policy would block.
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    page.goto(page_url)
    assert page.locator("ol.this-week > li").count() == 10
    shot = tmp_path / f"health-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_A_AA
    )
    assert Path(shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    violations = [
        f"{v['id']}: {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
