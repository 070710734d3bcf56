"""`make serve`: a build error shows in the browser, and the page comes back once fixed."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SERVE_LOG, free_port, serving, write_project

from helpcentre.mkdocs.preview.server import error_page

MKDOCS = Path(sys.executable).with_name("mkdocs")
CHANGE_TIMEOUT = 15.0  # seconds: noticing a saved file and rebuilding
ARTICLE = "docs/fr/facturation/annulation.md"
ARTICLE_URL = "facturation/annulation/"
GOOD_MARKER = "{{ policy.cancellation.notice_period }}"
BAD_MARKER = "{{ policy.cancellation.notice_perod }}"
BROKEN_LINE = (
    "docs/fr/facturation/annulation.md:8:19: unknown policy key "
    "'cancellation.notice_perod' (did you mean 'cancellation.notice_period'?)"
)
ARTICLE_TEXT = "Le préavis est de 30\xa0jours."


@dataclass
class Preview:
    """A running `mkdocs serve --livereload --dirty --no-strict`, as `make serve` starts it."""

    root: Path
    base: str
    log: Path

    def edit(self, old: str, new: str) -> None:
        article = self.root / ARTICLE
        article.write_text(article.read_text(encoding="utf-8").replace(old, new), "utf-8")

    def get(self, url_path: str) -> BeautifulSoup:
        # The server holds a request while it rebuilds: the timeout bounds that too.
        try:
            with urllib.request.urlopen(self.base + url_path, timeout=CHANGE_TIMEOUT) as reply:
                return BeautifulSoup(reply.read().decode("utf-8"), "html.parser")
        except urllib.error.HTTPError as error:
            return BeautifulSoup(error.read().decode("utf-8"), "html.parser")

    def wait_for(
        self, url_path: str, shown: Callable[[BeautifulSoup], bool], what: str
    ) -> BeautifulSoup:
        deadline = time.monotonic() + CHANGE_TIMEOUT
        while True:
            page = self.get(url_path)
            if shown(page):
                return page
            if time.monotonic() > deadline:
                pytest.fail(f"/{url_path} never showed {what}; server log:\n{self.output()}")
            time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def error_lines(page: BeautifulSoup) -> list[str]:
    return [item.get_text() for item in page.select(".hc-build-error li")]


def article_text(page: BeautifulSoup) -> str:
    body = page.select_one(".hc-body")
    return body.get_text() if body is not None else ""


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = write_project(tmp_path_factory.mktemp("preview") / "site")
    address = f"127.0.0.1:{free_port()}"
    command = [str(MKDOCS), "serve", "--dev-addr", address, "--livereload", "--dirty"]
    server = Preview(root, f"http://{address}/", root / SERVE_LOG)
    with serving(root, [*command, "--no-strict"], lambda: server.get("")):
        yield server


def test_a_build_error_is_served_in_place_of_every_page_until_fixed(preview):
    assert ARTICLE_TEXT in article_text(preview.get(ARTICLE_URL))
    preview.edit(GOOD_MARKER, BAD_MARKER)
    try:
        page = preview.wait_for(ARTICLE_URL, error_lines, "the error page")
        assert error_lines(page) == [BROKEN_LINE]
        assert error_lines(preview.get("en/")) == [BROKEN_LINE]  # any page a reader has open
    finally:
        preview.edit(BAD_MARKER, GOOD_MARKER)
    page = preview.wait_for(ARTICLE_URL, lambda page: not error_lines(page), "the article")
    assert ARTICLE_TEXT in article_text(page)
    # The next build after an error rewrites every page, even though it is a dirty one.
    assert "The notice period is 30\xa0days." in article_text(preview.get("en/" + ARTICLE_URL))
    assert not error_lines(preview.get("en/"))

    output = preview.output()
    assert BROKEN_LINE in output
    assert "Traceback" not in output
    assert "Overriding 'en' config" not in output
    assert "documentation to directory" not in output
    assert output.count("A 'dirty' build is being performed") == 1


def test_an_open_page_switches_to_the_error_and_back_by_itself(browser, preview):
    url = preview.base + ARTICLE_URL
    page = browser.new_page()
    page.set_default_timeout(CHANGE_TIMEOUT * 1000)
    page.goto(url, wait_until="load")
    assert ARTICLE_TEXT in page.locator(".hc-body").text_content()
    preview.edit(GOOD_MARKER, BAD_MARKER)
    try:
        lines = page.locator(".hc-build-error li")
        lines.first.wait_for()
        assert lines.all_text_contents() == [BROKEN_LINE]
    finally:
        preview.edit(BAD_MARKER, GOOD_MARKER)
    page.locator(".hc-body").wait_for()
    assert ARTICLE_TEXT in page.locator(".hc-body").text_content()
    assert page.url == url  # reloaded in place: the test never navigated


def test_the_error_page_lists_every_problem_of_every_language(preview):
    english = preview.root / "docs" / "en" / "facturation" / "annulation.md"
    text = english.read_text(encoding="utf-8")
    missing = (
        "docs/en/facturation/annulation.md:14:1: image 'carte.png' not found (put the file at "
        "docs/fr/facturation/carte.png, beside the article: every language uses it)"
    )
    english.write_text(text + "\n![A map](carte.png)\n", encoding="utf-8")
    preview.edit(GOOD_MARKER, BAD_MARKER)
    try:
        page = preview.wait_for(ARTICLE_URL, lambda p: len(error_lines(p)) == 2, "both errors")
        assert error_lines(page) == [missing, BROKEN_LINE]
    finally:
        preview.edit(BAD_MARKER, GOOD_MARKER)
        english.write_text(text, encoding="utf-8")
    preview.wait_for(ARTICLE_URL, lambda page: not error_lines(page), "the article")


def test_the_error_page_escapes_what_it_quotes():
    line = "docs/fr/x.md:1:1: unknown key '<img src=x onerror=alert(1)>'"
    page = BeautifulSoup(error_page([line], "12:00:00"), "html.parser")
    assert error_lines(page) == [line]
    assert page.find("img") is None
