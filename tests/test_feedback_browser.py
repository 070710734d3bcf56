"""The feedback widget in real Chromium, posting to a real collector, both on 127.0.0.1."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import REPO, build_project, interface_strings, write_project

from bench.browser import chromium_browser, serve_directory
from helpcentre.typography import typesetter_for

LOCALES = {"fr": "fr_FR", "en": "en_GB"}  # mkdocs.yml, extra.helpcentre.formatting_locales

ARTICLE = "facturation/annulation.md"
PAGES = {"fr": "facturation/annulation/", "en": "en/facturation/annulation/"}
BUILD = "browser-test"


@dataclass
class Served:
    base_url: str
    db: Path

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        with sqlite3.connect(self.db) as db:
            return list(
                db.execute("SELECT article, lang, reaction, page, build FROM reactions ORDER BY id")
            )


@pytest.fixture
def served(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Served]:
    """The tiny site on one port and `python -m collector serve` on another; parametrize
    indirectly with a Material feature to turn on (e.g. navigation.instant)."""
    root = write_project(tmp_path / "p")
    feature = getattr(request, "param", None)
    if feature:
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8")
        config.write_text(text.replace("  features:\n", f"  features:\n    - {feature}\n", 1))
    (root / "site").mkdir()
    db = tmp_path / "var" / "feedback.sqlite3"
    with serve_directory(root / "site") as base_url:
        origin = base_url.rstrip("/")
        log = tmp_path / "collector.log"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "collector", "serve", "--db", str(db),
                    "--manifest", str(root / "site" / "feedback-manifest.json"),
                    "--origin", origin, "--port", "0",
                ],
                cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            port = _listening_port(log, process)
            monkeypatch.setenv(
                "HELPCENTRE_FEEDBACK_ENDPOINT", f"http://127.0.0.1:{port}/api/feedback"
            )
            monkeypatch.setenv("HELPCENTRE_BUILD_ID", BUILD)
            # static-i18n warns that its contextual language links do not survive instant
            # navigation: that warning is not ours, so this one build is not strict.
            build_project(root, site_url=base_url, strict=not feature)
            yield Served(base_url, db)
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_each_reaction_in_each_language_is_stored_and_thanked(served):
    expected = []
    with chromium_browser() as browser:
        for lang, path in PAGES.items():
            for reaction in ("sad", "neutral", "happy"):
                context = browser.new_context()  # a fresh localStorage: a new visitor
                page = context.new_page()
                page.goto(served.base_url + path)
                widget = page.locator("[data-hc-feedback]")
                assert widget.is_visible()
                with page.expect_response(_feedback_post) as posted:
                    widget.locator(f'button[data-reaction="{reaction}"]').click()
                assert posted.value.status == 204
                assert posted.value.request.resource_type == "ping"  # navigator.sendBeacon
                expected.append((ARTICLE, lang, reaction, "/" + path, BUILD))
                assert served.rows() == expected

                key = "feedback.sorry" if reaction == "sad" else "feedback.thanks"
                message = widget.locator("[data-hc-feedback-sorry], [data-hc-feedback-thanks]")
                assert message.locator("visible=true").count() == 1
                shown = typesetter_for(lang, LOCALES[lang]).typeset(interface_strings(lang)[key])
                assert shown in message.locator("visible=true").inner_text()
                buttons = widget.locator("button[data-reaction]")
                assert [buttons.nth(i).get_attribute("aria-pressed") for i in range(3)] == [
                    str(r == reaction).lower() for r in ("sad", "neutral", "happy")
                ]
                assert all(buttons.nth(i).is_disabled() for i in range(3))
                contact = widget.locator("a.hc-feedback__contact")
                assert contact.is_visible() == (reaction == "sad")
                if reaction == "sad":
                    href = unquote(contact.get_attribute("href") or "")
                    assert contact.inner_text() == interface_strings(lang)["contact_us"]
                    assert href.startswith("mailto:support@example.com?subject=")
                    assert f": {ARTICLE}\n" in href
                    assert ("Langue : fr" if lang == "fr" else "Language: en") in href
                assert context.cookies() == []
                context.close()
    assert [(a, lang) for a, lang, *_ in served.rows()] == [(ARTICLE, "fr")] * 3 + [
        (ARTICLE, "en")
    ] * 3


@pytest.mark.parametrize(("lang", "key"), [("fr", "Space"), ("en", "Enter")])
def test_widget_works_with_the_keyboard_alone(served, lang, key):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(served.base_url + PAGES[lang])
        # Tab from the top of the page until a reaction has the focus.
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.dataset.reaction || ''"):
                break
        assert page.evaluate("() => document.activeElement.dataset.reaction") == "sad"
        assert (
            page.evaluate("() => document.activeElement.getAttribute('aria-label')")
            == (interface_strings(lang)["feedback.sad"])
        )
        with page.expect_response(_feedback_post):
            page.keyboard.press(key)
        assert page.evaluate("() => document.activeElement.hasAttribute('data-hc-feedback-sorry')")
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.activeElement.classList.contains('hc-feedback__contact')"
        )
    assert served.rows() == [(ARTICLE, lang, "sad", "/" + PAGES[lang], BUILD)]


def test_reload_shows_the_remembered_choice_and_sends_nothing_more(served):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(served.base_url + PAGES["en"])
        with page.expect_response(_feedback_post):
            page.locator('button[data-reaction="happy"]').click()
        page.reload()
        widget = page.locator("[data-hc-feedback]")
        assert (
            widget.locator('button[data-reaction="happy"]').get_attribute("aria-pressed") == "true"
        )
        assert widget.locator('button[data-reaction="sad"]').is_disabled()
        assert (
            widget.locator("[data-hc-feedback-thanks]").inner_text()
            == (interface_strings("en")["feedback.thanks"])
        )
        widget.locator('button[data-reaction="sad"]').click(force=True)  # disabled: ignored
        # The French page of the same article is a page of its own: not answered yet.
        page.goto(served.base_url + PAGES["fr"])
        assert page.locator('button[data-reaction="sad"]').is_enabled()
        stored = page.evaluate("() => Object.entries(localStorage)")
        ours = [entry for entry in stored if entry[0].startswith("hc-feedback:")]
        assert ours == [[f"hc-feedback:v1:en:{ARTICLE}", "happy"]]
    assert served.rows() == [(ARTICLE, "en", "happy", "/" + PAGES["en"], BUILD)]


def test_fetch_is_the_fallback_without_send_beacon(served):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.add_init_script("Object.defineProperty(navigator, 'sendBeacon', {value: undefined})")
        page.goto(served.base_url + PAGES["fr"])
        with page.expect_response(_feedback_post) as posted:
            page.locator('button[data-reaction="neutral"]').click()
        assert (posted.value.request.resource_type, posted.value.status) == ("fetch", 204)
    assert served.rows() == [(ARTICLE, "fr", "neutral", "/" + PAGES["fr"], BUILD)]


@pytest.mark.parametrize("served", ["navigation.instant"], indirect=True)
def test_widget_binds_after_instant_navigation(served):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(served.base_url + "en/facturation/")
        page.wait_for_function("() => window.document$ !== undefined")
        page.evaluate("() => { window.hcSamePage = true; }")
        page.locator(".md-content a[href$='annulation/']").first.click()
        page.wait_for_url("**/en/facturation/annulation/")
        widget = page.locator("[data-hc-feedback]")
        widget.wait_for(state="visible")
        assert page.evaluate("() => window.hcSamePage === true"), "not an instant navigation"
        with page.expect_response(_feedback_post):
            widget.locator('button[data-reaction="happy"]').click()
        assert widget.locator("[data-hc-feedback-thanks]").is_visible()
    assert served.rows() == [(ARTICLE, "en", "happy", "/" + PAGES["en"], BUILD)]


def _feedback_post(response: object) -> bool:
    request = response.request  # type: ignore[attr-defined]
    return request.method == "POST" and request.url.endswith("/api/feedback")


def _listening_port(log: Path, process: subprocess.Popen[bytes]) -> int:
    """The port the collector chose, from its start-up line."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", log.read_text())
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"the collector did not start:\n{log.read_text()}")
