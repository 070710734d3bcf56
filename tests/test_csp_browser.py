"""The Content-Security-Policy in Chromium: no page type of either language breaks it (search,
feedback and misses posted to a real collector included), and a script planted in the
output does not run. The site is served with its `_headers` as real headers, so both the
pages' `<meta>` policies and the site's header policy are enforced."""

from __future__ import annotations

import http.server
import subprocess
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINIMAL_DOCS, REPO, build_project, write_project
from test_feedback_browser import _listening_port

from bench.browser import serve_directory

ARTICLE = "facturation/annulation/"
MOVED_FROM = "facturation/resilier/"
PREFIXES = {"fr": "", "en": "en/"}
QUERIES = {"fr": "préavis", "en": "notice"}
DONE = "[data-hc-search-results][data-hc-search-done]"
# What a policy governs beyond plain text: Material's icons (data: images in its CSS) and
# a table's aligned columns (style attributes).
EXTRAS = (
    '\n!!! note "Note"\n\n    {{ policy.fees.default_fee }}.\n\n'
    "| A | B |\n| :-- | --: |\n| 1 | 2 |\n"
)
DOCS = {
    **MINIMAL_DOCS,
    "fr/facturation/annulation.md": MINIMAL_DOCS["fr/facturation/annulation.md"].replace(
        "---\n\n", "aliases: [facturation/resilier.md]\n---\n\n", 1
    )
    + EXTRAS,
    "en/facturation/annulation.md": MINIMAL_DOCS["en/facturation/annulation.md"] + EXTRAS,
}
# Every violation the page reports, with where it was blocked.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push([event.violatedDirective, event.blockedURI]);
});
"""


@dataclass
class Served:
    base_url: str
    site_dir: Path


class _HeadersHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that sends the headers of the site's `_headers` with every answer."""

    def end_headers(self) -> None:
        headers = Path(self.directory, "_headers")
        if headers.is_file():  # the site is built once the server knows its port
            for line in headers.read_text("utf-8").splitlines()[1:]:
                self.send_header(*line.strip().split(": ", 1))
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


def serve_with_headers(directory: Path) -> AbstractContextManager[str]:
    """The site served with its `_headers` sent as real headers."""
    return serve_directory(directory, _HeadersHandler)


@pytest.fixture(scope="module")
def served(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The tiny site, posting its feedback and search misses to a real collector."""
    tmp = tmp_path_factory.mktemp("csp-browser")
    root = write_project(tmp / "p", DOCS)
    site_dir = root / "site"
    site_dir.mkdir()
    with serve_with_headers(site_dir) as base_url:
        log = tmp / "collector.log"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "helpcentre.collector", "serve",
                    "--db", str(tmp / "feedback.sqlite3"),
                    "--manifest", str(site_dir / "feedback-manifest.json"),
                    "--origin", base_url.rstrip("/"), "--port", "0",
                ],
                cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            port = _listening_port(log, process)
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
                patch.setenv("NO_MKDOCS_2_WARNING", "1")
                patch.setenv(
                    "HELPCENTRE_FEEDBACK_ENDPOINT", f"http://127.0.0.1:{port}/api/feedback"
                )
                build_project(root, site_url=base_url)
            yield Served(base_url, site_dir)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _posted(path: str):
    def matches(response) -> bool:
        return response.request.method == "POST" and response.url.endswith(path)

    return matches


@pytest.mark.parametrize("lang", list(PREFIXES))
def test_no_page_type_breaks_the_policy(served, browser, lang):
    base = served.base_url + PREFIXES[lang]
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    reported: list[str] = []  # also what workers and WebAssembly report, as console text
    page.on("console", lambda message: reported.append(message.text))
    violations: dict[str, list] = {}

    def note(step: str) -> None:
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp")
        found += [text for text in reported if "content security policy" in text.lower()]
        reported.clear()
        violations[step] = found

    try:
        for step, path in (("home", ""), ("collection", "facturation/"), ("404", "404.html")):
            page.goto(base + path)
            note(step)

        page.goto(base + ARTICLE)
        assert page.locator(".admonition").is_visible()
        assert page.locator("td[style]").count() == 2
        with page.expect_response(_posted("/api/feedback"), timeout=10_000) as feedback:
            page.locator('[data-hc-feedback] button[data-reaction="happy"]').click()
        assert feedback.value.status == 204
        note("article and its feedback")

        page.fill("#hc-search-input", QUERIES[lang])
        page.press("#hc-search-input", "Enter")
        page.wait_for_selector(DONE)
        assert page.locator("[data-hc-search-results] a[href]").count() > 0
        note("search results")

        with page.expect_response(_posted("/api/search-miss"), timeout=10_000) as miss:
            page.goto(base + "?q=xyzzy+plugh")
        assert miss.value.status == 204
        note("search without results")

        page.goto(base + MOVED_FROM)
        page.wait_for_url(base + ARTICLE)
        note("redirect")
    finally:
        context.close()
    assert violations == {step: [] for step in violations}


def test_a_script_planted_in_the_output_does_not_run(served, browser):
    article = served.site_dir / ARTICLE / "index.html"
    planted = article.with_name("planted.html")  # beside the article: the same policy
    planted.write_text(
        article.read_text("utf-8").replace(
            "</body>",
            '<script>window.__planted = 1</script><img src="x" onerror="window.__planted2 = 1">'
            "</body>",
        ),
        encoding="utf-8",
    )
    context = browser.new_context()
    context.add_init_script(LISTEN)
    try:
        page = context.new_page()
        page.goto(served.base_url + ARTICLE + "planted.html")
        page.wait_for_function("window.__csp.length >= 2")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("[window.__planted, window.__planted2]") == [None, None]
        violated = {tuple(found) for found in page.evaluate("window.__csp")}
        assert violated == {("script-src-elem", "inline"), ("script-src-attr", "inline")}
    finally:
        context.close()
