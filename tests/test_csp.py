"""The Content-Security-Policy: one `<meta>` right after the charset on every page the build
writes, hashing that page's inline scripts, and the whole site's policy in `_headers`."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import MINIMAL_DOCS, BuiltSite, build_project, write_project

from helpcentre.mkdocs.engine import driver
from helpcentre.mkdocs.outputs.csp import ContentPolicy, inline_script_hashes, secure_page

ENDPOINT = "https://feedback.example.com:8443/api/feedback"
ARTICLE = "facturation/annulation/"
MOVED_FROM = "facturation/resilier/"
PAGES = {
    "home": "",
    "collection": "facturation/",
    "article": ARTICLE,
    "404": "404.html",
    "redirect": MOVED_FROM,
}
PREFIXES = {"fr": "", "en": "en/"}
DOCS = {
    **MINIMAL_DOCS,
    "fr/facturation/annulation.md": MINIMAL_DOCS["fr/facturation/annulation.md"].replace(
        "---\n\n", "aliases: [facturation/resilier.md]\n---\n\n", 1
    ),
}
# The policy of every page, but for its scripts' hashes (script-src) and the collector.
FIXED = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
RUNS = {"", "text/javascript", "application/javascript", "module"}


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


def script_hashes(soup: BeautifulSoup) -> set[str]:
    """What the browser hashes: the text of each inline script it would run."""
    hashes = set()
    for script in soup.find_all("script"):
        if script.get("src") is not None or (script.get("type") or "").lower() not in RUNS:
            continue
        digest = hashlib.sha256((script.string or "").encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return hashes


def page_policy(soup: BeautifulSoup) -> str:
    """The page's one policy, which must come right after <meta charset>: before anything
    it governs."""
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1
    head = [child for child in soup.head.children if isinstance(child, Tag)]
    assert head[0].name == "meta" and head[0].get("charset") == "utf-8"
    assert head[1] is metas[0]
    return str(metas[0]["content"])


@dataclass
class Built:
    site: BuiltSite
    connect: list[str]  # connect-src as every page must carry it


@pytest.fixture(scope="module", params=[ENDPOINT, ""], ids=["collector", "no collector"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = write_project(tmp_path_factory.mktemp("csp") / "p", DOCS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.setenv("HELPCENTRE_FEEDBACK_ENDPOINT", request.param)
        site = build_project(root)
    origin = ["https://feedback.example.com:8443"] if request.param else []
    return Built(site, ["'self'", *origin])


@pytest.mark.parametrize("lang", list(PREFIXES))
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_carries_its_policy_first(built, kind, lang):
    soup = built.site.html(PREFIXES[lang] + PAGES[kind])
    policy = directives(page_policy(soup))
    hashes = script_hashes(soup)
    assert {name: policy[name] for name in FIXED} == FIXED
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", *sorted(hashes)]
    assert policy["connect-src"] == built.connect
    assert set(policy) == {*FIXED, "script-src", "connect-src"}
    # Material's pages run inline scripts (colour scheme, storage scope); redirects none.
    assert bool(hashes) == (kind != "redirect")


def test_the_collectors_origin_is_allowed_only_when_there_is_one(built):
    soup = built.site.html(ARTICLE)
    widget = soup.select_one("[data-hc-feedback]")
    assert directives(page_policy(soup))["connect-src"] == built.connect
    assert (widget is not None) == (len(built.connect) == 2)
    if widget is not None:  # the widget posts where the policy lets it
        assert widget["data-endpoint"] == ENDPOINT


def test_headers_carry_the_policy_of_every_page_and_what_a_meta_cannot(built):
    site_dir = built.site.site_dir
    lines = (site_dir / "_headers").read_text("utf-8").splitlines()
    assert lines[0] == "/*"
    assert all(line.startswith("  ") for line in lines[1:])
    headers = dict(line.strip().split(": ", 1) for line in lines[1:])
    assert set(headers) == {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"}
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    every_page = set()
    for html in site_dir.rglob("*.html"):
        every_page |= script_hashes(BeautifulSoup(html.read_text("utf-8"), "html.parser"))
    policy = directives(headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", *sorted(every_page)]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == built.connect
    assert {name: policy[name] for name in FIXED} == FIXED
    assert set(policy) == {*FIXED, "script-src", "connect-src", "frame-ancestors"}

    nginx = (site_dir / "nginx-headers.conf").read_text("utf-8").splitlines()
    assert nginx == [f'add_header {name} "{value}" always;' for name, value in headers.items()]


def test_a_preview_writes_no_policy(tmp_path: Path):
    """MkDocs' live-reload server adds a script to every page it serves, which a policy
    would block."""
    root = write_project(tmp_path / "p", DOCS)
    outcome = driver.build_site(root, root / "site", command="serve")
    assert outcome.ok, outcome.error
    for path in (root / "site").rglob("*.html"):
        assert "Content-Security-Policy" not in path.read_text("utf-8"), path
    assert not (root / "site" / "_headers").exists()


def test_only_scripts_a_browser_runs_are_hashed():
    page = (
        "<script>one()</script>"
        '<script type="module">two()</script>'
        "<script TYPE='text/javascript'>three()\r\n</script>"
        '<script type="application/ld+json">{"not": "run"}</script>'
        '<script id="__config" type="application/json">{}</script>'
        '<script src="x.js"></script>'
        '<script data-src="y.js">four()</script >'
    )

    def sha(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert inline_script_hashes(page) == {
        sha("one()"),
        sha("two()"),
        sha("three()\n"),  # the browser reads the page's line ends as \n
        sha("four()"),
    }


def test_a_script_in_the_articles_text_is_never_allowed():
    """The build refuses scripts in articles; one that got past it is not the theme's."""
    article = "<p>Text</p><script>planted()</script>"
    page = (
        '<html><head><meta charset="utf-8"><script>theme()</script></head>'
        f"<body>{article}</body></html>"
    )
    secured, hashes = secure_page(page, ContentPolicy(), article)
    assert hashes == inline_script_hashes("<script>theme()</script>")
    policy = directives(page_policy(BeautifulSoup(secured, "html.parser")))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", f"'{hashes.pop()}'"]
