"""The feedback widget in real Chromium, posting to a real collector, both on 127.0.0.1:
each reaction, the keyboard, a changed vote, and a failed post offered again."""

from __future__ import annotations

import json
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

from bench.browser import serve_directory
from helpcentre.typography import typesetter_for

LOCALES = {"fr": "fr_FR", "en": "en_GB"}  # mkdocs.yml, extra.helpcentre.formatting_locales

ARTICLE = "facturation/annulation.md"
PAGES = {"fr": "facturation/annulation/", "en": "en/facturation/annulation/"}
BUILD = "browser-test"


@dataclass
class Served:
    base_url: str
    db: Path
    manifest: Path

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        with sqlite3.connect(self.db) as db:
            return list(
                db.execute("SELECT article, lang, reaction, page, build FROM reactions ORDER BY id")
            )

    def votes(self) -> list[tuple[str, str]]:
        with sqlite3.connect(self.db) as db:
            return list(db.execute("SELECT reaction, vote FROM reactions ORDER BY id"))


@pytest.fixture
def served(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Served]:
    """The tiny site on one port and `python -m helpcentre.collector serve` on another; parametrize
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
                    sys.executable, "-m", "helpcentre.collector", "serve", "--db", str(db),
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
            yield Served(base_url, db, root / "site" / "feedback-manifest.json")
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_each_reaction_in_each_language_is_stored_and_thanked(browser, served):
    expected = []
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
            assert posted.value.request.resource_type == "fetch"  # its answer is read
            expected.append((ARTICLE, lang, reaction, "/" + path, BUILD))
            assert served.rows() == expected

            key = "feedback.sorry" if reaction == "sad" else "feedback.thanks"
            message = widget.locator(
                "[data-hc-feedback-sorry], [data-hc-feedback-thanks], [data-hc-feedback-failed]"
            )
            message.locator("visible=true").wait_for()
            assert message.locator("visible=true").count() == 1
            shown = typesetter_for(lang, LOCALES[lang]).typeset(interface_strings(lang)[key])
            assert shown in message.locator("visible=true").inner_text()
            buttons = widget.locator("button[data-reaction]")
            assert [buttons.nth(i).get_attribute("aria-pressed") for i in range(3)] == [
                str(r == reaction).lower() for r in ("sad", "neutral", "happy")
            ]
            assert all(buttons.nth(i).is_enabled() for i in range(3))  # may change
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
def test_widget_works_with_the_keyboard_alone(browser, served, lang, key):
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
    page.wait_for_function("() => document.activeElement.hasAttribute('data-hc-feedback-sorry')")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('hc-feedback__contact')")
    assert served.rows() == [(ARTICLE, lang, "sad", "/" + PAGES[lang], BUILD)]


def test_reload_shows_the_remembered_choice_and_sends_nothing_more(browser, served):
    page = browser.new_page()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(served.base_url + PAGES["en"])
    with page.expect_response(_feedback_post):
        page.locator('button[data-reaction="happy"]').click()
    page.reload()
    widget = page.locator("[data-hc-feedback]")
    assert widget.locator('button[data-reaction="happy"]').get_attribute("aria-pressed") == "true"
    thanks = widget.locator("[data-hc-feedback-thanks]")
    assert thanks.is_visible()
    assert thanks.inner_text() == interface_strings("en")["feedback.thanks"]
    widget.locator('button[data-reaction="happy"]').click()  # the same answer: not sent
    # The French page of the same article is a page of its own: not answered yet.
    page.goto(served.base_url + PAGES["fr"])
    assert page.locator('button[data-reaction="sad"]').get_attribute("aria-pressed") == "false"
    stored = page.evaluate("() => Object.entries(localStorage)")
    ours = [entry for entry in stored if entry[0].startswith("hc-feedback:")]
    assert [key for key, _ in ours] == [f"hc-feedback:v2:en:{ARTICLE}"]
    remembered = json.loads(ours[0][1])
    assert {k: remembered[k] for k in ("reaction", "sent")} == {
        "reaction": "happy",
        "sent": True,
    }
    # One reaction sent; and one view counted per page shown (load, reload, French page).
    assert [url.rsplit("/", 1)[1] for url in posts] == [
        "page-view",
        "feedback",
        "page-view",
        "page-view",
    ]
    assert served.rows() == [(ARTICLE, "en", "happy", "/" + PAGES["en"], BUILD)]
    assert served.votes() == [("happy", remembered["vote"])]


def test_a_reader_can_change_their_vote_and_the_last_one_counts(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served.base_url + PAGES["fr"])
    widget = page.locator("[data-hc-feedback]")
    for reaction in ("happy", "sad"):
        with page.expect_response(_feedback_post) as posted:
            widget.locator(f'button[data-reaction="{reaction}"]').click()
        assert posted.value.status == 204
    widget.locator("[data-hc-feedback-sorry]").wait_for()
    assert served.rows() == [(ARTICLE, "fr", "sad", "/" + PAGES["fr"], BUILD)]
    page.reload()  # still the same reader after a reload: the vote id is remembered
    assert widget.locator('button[data-reaction="sad"]').get_attribute("aria-pressed") == "true"
    with page.expect_response(_feedback_post):
        widget.locator('button[data-reaction="neutral"]').click()
    widget.locator("[data-hc-feedback-thanks]").wait_for()
    assert widget.locator("[data-hc-feedback-sorry]").is_hidden()
    assert context.cookies() == []
    vote = json.loads(page.evaluate(f"() => localStorage.getItem('hc-feedback:v2:fr:{ARTICLE}')"))[
        "vote"
    ]
    # Another reader (a fresh browser profile) is another vote.
    other = browser.new_context().new_page()
    other.goto(served.base_url + PAGES["fr"])
    with other.expect_response(_feedback_post):
        other.locator('button[data-reaction="happy"]').click()
    votes = served.votes()
    assert [reaction for reaction, _ in votes] == ["neutral", "happy"]
    assert votes[0][1] == vote and votes[1][1] != vote
    assert re.fullmatch(r"[0-9a-f]{32}", vote)


def test_a_vote_that_could_not_be_sent_says_so_and_can_be_sent_again(browser, served):
    page = browser.new_page()
    page.goto(served.base_url + PAGES["en"])
    widget = page.locator("[data-hc-feedback]")
    failed = widget.locator("[data-hc-feedback-failed]")
    retry = failed.locator("button[data-hc-feedback-retry]")
    # 1. The network is down: the post never reaches the collector.
    page.route("**/api/feedback", lambda route: route.abort("internetdisconnected"))
    widget.locator('button[data-reaction="happy"]').click()
    failed.wait_for()
    assert interface_strings("en")["feedback.failed"] in failed.inner_text()
    assert retry.inner_text() == interface_strings("en")["feedback.retry"]
    assert widget.locator("[data-hc-feedback-thanks]").is_hidden()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-hc-feedback-failed')")
    page.unroute("**/api/feedback")
    # 2. The collector answers, but refuses (a manifest from an older build).
    manifest = served.manifest.read_text("utf-8")
    served.manifest.write_text(manifest.replace(f'"{ARTICLE}"', '"autre/article.md"'), "utf-8")
    with page.expect_response(_feedback_post) as posted:
        retry.click()
    assert posted.value.status == 422
    page.wait_for_function(
        "() => document.querySelector('[data-hc-feedback-failed]').hidden === false"
    )
    assert served.rows() == []
    # A reload remembers the answer was not sent and still offers to send it.
    page.reload()
    failed.wait_for()
    assert widget.locator('button[data-reaction="happy"]').get_attribute("aria-pressed") == "true"
    # 3. Sent again once the collector accepts it: thanked, stored once.
    served.manifest.write_text(manifest, "utf-8")
    with page.expect_response(_feedback_post) as posted:
        retry.click()
    assert posted.value.status == 204
    widget.locator("[data-hc-feedback-thanks]").wait_for()
    assert failed.is_hidden()
    assert served.rows() == [(ARTICLE, "en", "happy", "/" + PAGES["en"], BUILD)]


@pytest.mark.parametrize("served", ["navigation.instant"], indirect=True)
def test_widget_binds_after_instant_navigation(browser, served):
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


READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
CRAWLER_AGENT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def test_each_view_is_counted_once_without_a_cookie_and_a_crawlers_is_not(browser, served):
    """The page's own policy (CSP) lets the count through: the collector answers it."""

    def views() -> list[tuple[str, str, int]]:
        with sqlite3.connect(served.db) as db:
            return list(db.execute("SELECT article, lang, views FROM page_views ORDER BY lang"))

    def counted(response) -> bool:
        return response.url.endswith("/api/page-view")

    page = browser.new_page(user_agent=READER_AGENT)
    for path in (PAGES["fr"], PAGES["en"], PAGES["fr"]):
        with page.expect_response(counted) as view:
            page.goto(served.base_url + path)
        assert view.value.status == 204
        sent = view.value.request
        assert "cookie" not in sent.all_headers()
        assert set(sent.post_data_json) == {"article", "lang", "build"}
    assert views() == [(ARTICLE, "en", 1), (ARTICLE, "fr", 2)]
    note = page.locator(".hc-feedback__privacy")
    assert note.is_visible()
    shown = typesetter_for("fr", LOCALES["fr"]).typeset(interface_strings("fr")["feedback.privacy"])
    assert note.inner_text() == shown

    crawler = browser.new_page(user_agent=CRAWLER_AGENT)
    with crawler.expect_response(counted) as view:
        crawler.goto(served.base_url + PAGES["en"])
    assert view.value.status == 204  # answered as a reader's, not counted
    assert views() == [(ARTICLE, "en", 1), (ARTICLE, "fr", 2)]
