"""The Content-Security-Policy in Chromium: no page type of either language breaks it (search,
feedback and misses posted to a real collector included), a script planted in the output
does not run, and a published editor runs under its own policy while the pages keep theirs.
The site is served with its `_headers` as real headers, so both the pages' `<meta>`
policies and the site's header policies are enforced."""

from __future__ import annotations

import base64
import http.server
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import MINIMAL_DOCS, REPO, build_project, with_editor, write_project
from test_feedback_browser import _listening_port

from bench.browser import serve_directory
from helpcentre.mkdocs.outputs.csp import EDITOR_DIRECTIVES, ContentPolicy, inline_script_hashes

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


def header_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a `_headers` file: each path with its headers."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            rules[-1][1].append((name, value))
        else:
            rules.append((line, []))
    return rules


def rule_matches(rule: str, path: str) -> bool:
    """A `_headers` path as both hosts read it: `*` ends a prefix, else the exact path."""
    return path.startswith(rule[:-1]) if rule.endswith("*") else path == rule


class _HeadersHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that sends, with every answer, the headers of every `_headers` rule
    its path matches, as Netlify and Cloudflare Pages do (a header two rules give is sent
    twice, and a browser enforces both policies)."""

    def end_headers(self) -> None:
        headers = Path(self.directory, "_headers")
        if headers.is_file():  # the site is built once the server knows its port
            path = self.path.split("?", 1)[0]
            for rule, pairs in header_rules(headers.read_text("utf-8")):
                if rule_matches(rule, path):
                    for name, value in pairs:
                        self.send_header(name, value)
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


# -- a published editor (/admin/) under its own policy --------------------------------------

GITHUB_API = "https://api.github.com"
EDITOR_SETTINGS = (
    "    editor:\n      publish: true\n      repo: acme/help\n"
    "      auth_url: https://auth.example.com\n"
)
# Decap keeps the signed-in editor here; a stored one skips the GitHub sign-in window.
SIGNED_IN = """
localStorage.setItem("decap-cms-user", JSON.stringify({backendName: "github", token: "t"}));
"""
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny site publishing its editor, with an image for the media library."""
    root = with_editor(
        write_project(tmp_path_factory.mktemp("csp-editor") / "p", DOCS), EDITOR_SETTINGS
    )
    (root / "docs" / "fr" / "facture.png").write_bytes(TINY_PNG)  # the media folder
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        build_project(root)
    return root


def policies_for(site_dir: Path, path: str) -> list[str]:
    """Every Content-Security-Policy a host sends for `path`, from `_headers`."""
    rules = header_rules((site_dir / "_headers").read_text("utf-8"))
    return [
        value
        for rule, pairs in rules
        if rule_matches(rule, path)
        for name, value in pairs
        if name == "Content-Security-Policy"
    ]


def test_every_path_gets_one_policy_and_the_editor_its_own(editor_site):
    site_dir = editor_site / "site"
    hashes = set().union(
        *(
            inline_script_hashes(page.read_text("utf-8"))
            for page in site_dir.rglob("*.html")
            if page.parts[len(site_dir.parts)] != "admin"
        )
    )
    # The pages' policy is the one a site without an editor sends, word for word.
    article = (site_dir / ARTICLE / "index.html").read_text("utf-8")
    collector = re.search(r"connect-src 'self' ([^;]+);", article)
    assert collector is not None  # the collector this site posts its feedback to
    site_policy = dict(ContentPolicy(connect=(collector[1],)).headers(hashes))[
        "Content-Security-Policy"
    ]
    for entry in sorted(site_dir.iterdir()):
        path = f"/{entry.name}/" if entry.is_dir() else f"/{entry.name}"
        if entry.name != "_headers":
            expected = "; ".join(EDITOR_DIRECTIVES) if entry.name == "admin" else site_policy
            assert policies_for(site_dir, path) == [expected], path
    assert policies_for(site_dir, "/") == [site_policy]
    assert policies_for(site_dir, "/admin/cms/decap-cms.js") == ["; ".join(EDITOR_DIRECTIVES)]
    nginx = (site_dir / "nginx-admin-headers.conf").read_text("utf-8").splitlines()
    assert (
        nginx[0] == f'add_header Content-Security-Policy "{"; ".join(EDITOR_DIRECTIVES)}" always;'
    )


class FakeGitHub:
    """GitHub's REST API for the editor, answered from the site's own files at the
    browser's network layer: the browser checks each request against the policy first."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def answer(self, route: Any) -> None:
        path = unquote(route.request.url.removeprefix(GITHUB_API).split("?", 1)[0])
        repo = "/repos/acme/help"
        body: Any = None
        if path == "/user":
            body = {"login": "ana", "name": "Ana"}
        elif path == repo:
            body = {"owner": {"login": "acme"}, "permissions": {"push": True}}
        elif path.startswith(f"{repo}/pulls"):
            body = []
        elif path.startswith(f"{repo}/git/trees/main:"):
            folder = self.root / path.split(":", 1)[1]
            body = {
                "tree": [
                    {"path": p.name, "type": "blob", "sha": p.relative_to(self.root).as_posix()}
                    for p in sorted(folder.iterdir())
                    if p.is_file()
                ]
            }
        elif path.startswith(f"{repo}/git/blobs/"):
            content = (self.root / path.split("/git/blobs/", 1)[1]).read_bytes()
            body = {"encoding": "base64", "content": base64.b64encode(content).decode()}
        elif path == f"{repo}/commits":
            body = [{"commit": {"author": {"name": "Ana", "date": "2026-05-01T09:00:00Z"}}}]
        route.fulfill(
            status=404 if body is None else 200,
            json={"message": "Not Found"} if body is None else body,
            headers={"access-control-allow-origin": "*"},
        )


@pytest.fixture(scope="module")
def editor_served(editor_site) -> Iterator[str]:
    with serve_with_headers(editor_site / "site") as base_url:
        yield base_url


def test_a_published_editor_runs_under_its_own_policy(editor_site, editor_served, browser):
    context = browser.new_context()
    context.add_init_script(LISTEN + SIGNED_IN)
    github = FakeGitHub(editor_site)
    elsewhere: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(GITHUB_API + "/"):
            github.answer(route)
        elif url.startswith(editor_served):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    reported: list[str] = []
    page.on("console", lambda message: reported.append(message.text))
    response = page.goto(editor_served + "admin/#/collections/facturation-fr")
    assert response is not None
    sent = [h["value"] for h in response.headers_array() if h["name"] == "Content-Security-Policy"]
    assert sent == ["; ".join(EDITOR_DIRECTIVES)]
    page.get_by_text("Annuler", exact=True).wait_for()  # read through GitHub's API
    page.get_by_text("Media", exact=True).click()
    page.locator("img[src^='blob:']").first.wait_for()  # the repository's image
    page.keyboard.press("Escape")
    page.get_by_text("Annuler", exact=True).click()
    page.get_by_text("Insert a value").wait_for()  # the article's form and its preview
    preview = page.frame_locator("iframe").locator(".hc-preview")
    assert "Le préavis est de 30\xa0jours." in preview.inner_text()  # its styles loaded
    violations = page.evaluate("window.__csp")
    violations += [text for text in reported if "content security policy" in text.lower()]
    assert violations == []
    assert elsewhere == []


def test_the_articles_keep_the_sites_policy_beside_a_published_editor(
    editor_site, editor_served, browser
):
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    response = page.goto(editor_served + ARTICLE)
    assert response is not None
    sent = [h["value"] for h in response.headers_array() if h["name"] == "Content-Security-Policy"]
    assert sent == policies_for(editor_site / "site", "/" + ARTICLE)
    assert (
        "'unsafe-eval'" not in sent[0]
        and "'unsafe-inline'" not in sent[0].split("style-src-attr")[0]
    )
    assert "api.github.com" not in sent[0]
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
