"""`helpcentre import` run again (updates, edits kept, conflicts, nothing deleted), drafts,
and the live APIs through a fake server: pagination, 429 with Retry-After, a bad token."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import time
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from import_fixtures import PNG, run_command

from bench.browser import serve
from bench.import_responses import (
    Item,
    Text,
    intercom_article,
    intercom_collection,
    intercom_pages,
    intercom_section,
    write_intercom,
)
from helpcentre.importer import live
from helpcentre.importer.state import text_hash
from helpcentre.starter import create_site

COLLECTION = Item(
    1, {"fr": Text("Compte", "", "Le compte"), "en": Text("Account", "", "The account")}
)


def article(number: int, state: str = "published", updated: int = 0, extra: str = "") -> Item:
    return Item(
        number,
        {
            "fr": Text(f"Article {number}", f"<p>Texte {number}.{extra}</p>", f"Résumé {number}",
                       state, 1_760_000_000 + updated),
            "en": Text(f"Article {number} en", f"<p>Text {number}.{extra}</p>", f"Summary {number}",
                       state, 1_760_000_000 + updated),
        },
        parent=1,
    )  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    create_site(root, ["fr", "en"], "Acme", "https://help.example.com/")
    return root


def test_second_import_updates_keeps_edits_lists_conflicts_and_deletes_nothing(
    site: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    write_intercom(first, [COLLECTION], [article(11), article(12), article(13), article(15)])
    assert run_command(site, "import", "intercom", "--from", str(first)).status == 0
    docs = site / "docs"
    edited = {}
    for number in (12, 13):  # edited here since
        path = docs / "fr" / "compte" / f"article-{number}.md"
        edited[number] = path.read_text(encoding="utf-8") + "\nAjouté ici.\n"
        path.write_text(edited[number], encoding="utf-8")
    second = tmp_path / "second"
    changed = [article(11, updated=5, extra=" Nouveau"), article(12, updated=5, extra=" Nouveau")]
    write_intercom(second, [COLLECTION], [*changed, article(13), article(14)])  # 15 is gone

    run = run_command(site, "import", "intercom", "--from", str(second))

    assert run.status == 1
    assert run.err == [
        "docs/fr/compte/article-12.md:1:1: edited here and changed upstream since the last "
        "import: left as it is here (compare it with the product's version and merge by hand)"
    ]
    gone = "no longer in the product's responses: kept here (delete it if it should go)"
    assert run.out[:2] == [
        f"docs/en/compte/article-15.md:1:1: {gone}",
        f"docs/fr/compte/article-15.md:1:1: {gone}",
    ]
    # 11 and 12 changed upstream (12 in French edited here), 13 edited here, 14 new,
    # the collection and the rest as they were.
    assert run.out[-2] == "files: 1 conflict, 2 created, 1 kept, 3 unchanged, 3 updated"
    assert "Texte 11. Nouveau" in (docs / "fr/compte/article-11.md").read_text()
    assert "Text 12. Nouveau" in (docs / "en/compte/article-12.md").read_text()
    for number, text in edited.items():
        assert (docs / "fr" / "compte" / f"article-{number}.md").read_text() == text
    assert (docs / "fr/compte/article-14.md").is_file()
    assert (docs / "fr/compte/article-15.md").is_file()


def test_drafts_only_when_asked_and_outside_the_build(site: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    draft_translation = article(11)
    draft_translation.texts["en"].state = "draft"
    write_intercom(saved, [COLLECTION], [draft_translation, article(16, state="draft")])
    assert run_command(site, "import", "intercom", "--from", str(saved)).status == 0
    assert not list(site.rglob("article-16.md"))
    run = run_command(site, "import", "intercom", "--from", str(saved), "--include-drafts")
    assert run.status == 0
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("article-16.md")) == [
        "drafts/en/compte/article-16.md",
        "drafts/fr/compte/article-16.md",
    ]
    # A published article's draft translation waits too: no file, the source is served.
    assert (site / "docs/fr/compte/article-11.md").is_file()
    assert not (site / "docs/en/compte/article-11.md").exists()


def test_a_translation_that_comes_later_upstream(site: Path, tmp_path: Path) -> None:
    """No file while a language has no text upstream; the next import writes the one that
    came since, unless an editor wrote one here meanwhile (a conflict); an unedited pending
    stub of an earlier import is left and listed."""
    first, second = tmp_path / "first", tmp_path / "second"
    french_only = [article(n) for n in (11, 12, 13, 14)]
    for item in french_only:
        del item.texts["en"]
    french_only[2].texts["en"] = article(13).texts["en"]
    french_only[2].texts["en"].state = "draft"
    write_intercom(first, [COLLECTION], french_only)
    assert run_command(site, "import", "intercom", "--from", str(first)).status == 0
    english = site / "docs/en/compte"
    assert sorted(p.name for p in english.glob("*.md")) == ["index.md"]
    ours = english / "article-12.md"
    ours.write_text("---\ntitle: Ours\ndescription: Written here.\n---\n\nOurs.\n", "utf-8")
    # What an earlier version of the import wrote for a missing translation.
    stub = '---\ntitle: "Article 14"\ndescription: "Résumé 14"\ntranslation: "pending"\n---\n'
    (english / "article-14.md").write_text(stub, encoding="utf-8")
    state_file = site / "data/import-state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["intercom"]["files"]["docs/en/compte/article-14.md"] = {
        "key": "article:14@en",
        "updated_at": "1760000000",
        "hash": text_hash(stub),
    }
    state_file.write_text(json.dumps(state), encoding="utf-8")
    write_intercom(second, [COLLECTION], [article(11), article(12), article(13), french_only[3]])

    run = run_command(site, "import", "intercom", "--from", str(second))

    assert run.err == [
        "docs/en/compte/article-12.md:1:1: translated here and upstream since the last import: "
        "left as it is here (compare it with the product's version and merge by hand)"
    ]
    assert run.status == 1
    assert run.out[0] == (
        "docs/en/compte/article-14.md:1:1: a pending stub an earlier import wrote: the site "
        "serves the source's page without it too (delete it, or translate it)"
    )
    assert "Text 11." in (english / "article-11.md").read_text(encoding="utf-8")
    assert "Text 13." in (english / "article-13.md").read_text(encoding="utf-8")  # published
    assert ours.read_text(encoding="utf-8").endswith("\nOurs.\n")
    assert (english / "article-14.md").read_text(encoding="utf-8") == stub
    # Created: 11 and 13 in English; unchanged: the 4 French articles and both indexes.
    assert run.out[-2] == "files: 1 conflict, 2 created, 6 unchanged"


def test_saved_responses_that_are_not_json_are_one_line(site: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "articles.json").write_text('{"type": "list",\n "data": [}', encoding="utf-8")
    run = run_command(site, "import", "intercom", "--from", str(saved))
    assert (run.status, run.out) == (1, [])
    assert run.err == [
        f"helpcentre import intercom: {saved / 'articles.json'}:2:11: not JSON: Expecting value"
    ]


# -- the live APIs -----------------------------------------------------------------------------


class FakeApi(http.server.BaseHTTPRequestHandler):
    """Intercom's and Zendesk's endpoints, answering from `pages` (path+query -> payload);
    the first request for a path in `limited` is answered 429 with Retry-After: 1."""

    pages: ClassVar[dict[str, Any]] = {}
    limited: ClassVar[set[str]] = set()
    seen: ClassVar[list[tuple[float, str, int]]] = []
    authorization: ClassVar[str] = ""
    image_credentials: ClassVar[list[str | None]] = []
    intercom_versions: ClassVar[set[str | None]] = set()
    lock = threading.Lock()

    def do_GET(self) -> None:
        if self.path.startswith("/img/"):  # an image, as a CDN serves it
            with self.lock:
                self.image_credentials.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
            return
        status, payload = self._answer()
        with self.lock:
            self.seen.append((time.monotonic(), self.path, status))
        body = json.dumps(payload).encode()
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self) -> tuple[int, Any]:
        if self.headers.get("Authorization") != self.authorization:
            return 401, {"type": "error.list", "errors": [{"code": "unauthorized"}]}
        version = self.headers.get("Intercom-Version")
        with self.lock:
            self.intercom_versions.add(version)
        if self.path.startswith("/help_center/sections") and version in ("2.10", "2.11"):
            return 404, {"type": "error.list", "errors": [{"code": "not_found"}]}
        with self.lock:
            if self.path in self.limited:
                self.limited.discard(self.path)
                return 429, {"errors": [{"code": "rate_limit_exceeded"}]}
        if self.path not in self.pages:
            return 404, {"error": "not found"}
        return 200, self.pages[self.path]

    def log_message(self, format: str, *args: object) -> None:
        pass


def cursor_page(kind: str, items: list[dict[str, Any]], following: str = "") -> dict[str, Any]:
    """A Zendesk listing page: `links.next` while `meta.has_more`."""
    return {
        kind: items,
        "meta": {"has_more": bool(following), "after_cursor": "c1" if following else None},
        "links": {"next": following or None},
    }


def _page_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


SECTIONS = [
    Item(5, {"fr": Text("Sécurité", ""), "en": Text("Security", "")}, parent=1, order=1),
    Item(6, {"fr": Text("Factures", ""), "en": Text("Invoices", "")}, parent=1, order=2),
]


def intercom_api(base: str, sections: bool = False) -> None:
    """Articles 11 to 13 in collection 1 (12 and 13 in its sections 5 and 6 when
    `sections`: the sections listed two pages, one each)."""
    items = [article(n) for n in (11, 12, 13)]
    items[0].texts["fr"].body += f'<p><img src="{base}/img/1.png" alt="Écran"></p>'
    if sections:
        for item, section in zip(items[1:], SECTIONS, strict=True):
            item.parent, item.parent_type = section.id, "section"
    articles = [intercom_article(item) for item in items]
    pages = intercom_pages(articles, 2, f"{base}/articles")
    FakeApi.pages = {
        "/help_center/collections?per_page=50": intercom_pages(
            [intercom_collection(COLLECTION)], 50, ""
        )[0],
        "/articles?per_page=50": pages[0],
        _page_path(pages[0]["pages"]["next"]): pages[1],
    }
    if sections:
        listed = intercom_pages(
            [intercom_section(s) for s in SECTIONS], 1, f"{base}/help_center/sections"
        )
        FakeApi.pages["/help_center/sections?per_page=50"] = listed[0]
        FakeApi.pages[_page_path(listed[0]["pages"]["next"])] = listed[1]
    FakeApi.limited = {_page_path(pages[0]["pages"]["next"])}
    FakeApi.seen = []
    FakeApi.image_credentials = []
    FakeApi.intercom_versions = set()
    FakeApi.authorization = "Bearer good-token"


def test_intercom_api_pages_and_a_429_with_retry_after(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(FakeApi) as base:
        intercom_api(base)
        monkeypatch.setenv("INTERCOM_TOKEN", "good-token")
        saved = tmp_path / "saved"
        run = run_command(site, "import", "intercom", "--api-url", base, "--save", str(saved))
    assert run.status == 0, run.err
    written = sorted(p.name for p in (site / "docs/fr/compte").glob("*.md"))
    assert written == ["article-11.md", "article-12.md", "article-13.md", "index.md"]
    assert len(list((site / "docs/fr/compte").glob("*.png"))) == 1  # article 11's image
    limited = [i for i, (_, _, status) in enumerate(FakeApi.seen) if status == 429]
    assert len(limited) == 1
    refused, retried = FakeApi.seen[limited[0]], FakeApi.seen[limited[0] + 1]
    assert (retried[1], retried[2]) == (refused[1], 200)
    assert retried[0] - refused[0] >= 1.0  # as long as Retry-After asked
    assert len(list(saved.glob("*.json"))) == 3  # the responses, kept for a later --from
    assert FakeApi.image_credentials == [None]  # the token is never sent to an image's host
    # 2.11 lists sections as collections: their old endpoint is not asked for.
    assert FakeApi.intercom_versions == {"2.11"}
    assert not [path for _, path, _ in FakeApi.seen if path.startswith("/help_center/sections")]


@pytest.mark.parametrize("served", [True, False])
def test_intercom_api_before_2_10_reads_sections(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: bool
) -> None:
    with serve(FakeApi) as base:
        intercom_api(base, sections=served)
        FakeApi.limited = set()  # the wait for Retry-After is tested above
        monkeypatch.setenv("INTERCOM_TOKEN", "good-token")
        saved = tmp_path / "saved"
        run = run_command(
            site, "import", "intercom", "--api-url", base, "--api-version", "2.9", "--save",
            str(saved),
        )  # fmt: skip
    assert run.status == 0, run.err
    assert FakeApi.intercom_versions == {"2.9"}
    asked = [(path, status) for _, path, status in FakeApi.seen if "/sections" in path]
    if not served:  # a workspace without sections: their endpoint answers 404, nothing to read
        assert asked == [("/help_center/sections?per_page=50", 404)]
        assert not list(saved.glob("intercom-sections-*.json"))
        return
    assert [status for _, status in asked] == [200, 200]  # two pages
    assert len(list(saved.glob("intercom-sections-*.json"))) == 2
    for lang in ("fr", "en"):  # folders named from the French names of the sections
        folder = site / "docs" / lang / "compte"
        assert (folder / "securite" / "article-12.md").is_file()
        assert (folder / "factures" / "article-13.md").is_file()
    overview = (site / "docs/en/compte/factures/index.md").read_text(encoding="utf-8")
    assert overview.startswith('---\ntitle: "Invoices"\n')
    assert "- [Article 13 en](article-13.md)" in overview


def test_bad_token_is_one_line(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with serve(FakeApi) as base:
        intercom_api(base)
        monkeypatch.setenv("INTERCOM_TOKEN", "expired-token")
        run = run_command(site, "import", "intercom", "--api-url", base)
    assert (run.status, run.out) == (1, [])
    assert run.err == [
        "helpcentre import intercom: the API refused the credentials (HTTP 401 at "
        f"{base}/help_center/collections?per_page=50): check INTERCOM_TOKEN and its permissions"
    ]
    assert not (site / "docs/fr/compte").exists()


def test_missing_token_is_wrong_use(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERCOM_TOKEN", raising=False)
    run = run_command(site, "import", "intercom")
    assert (run.status, run.err) == (
        2,
        [
            "helpcentre import intercom: set INTERCOM_TOKEN (or give --from DIR with saved "
            "responses) (see helpcentre import intercom --help)"
        ],
    )


def test_unknown_api_version_is_wrong_use(site: Path) -> None:
    run = run_command(site, "import", "intercom", "--api-version", "v2")
    assert (run.status, run.err) == (
        2,
        [
            "helpcentre import intercom: Invalid value for '--api-version': 'v2' is not an "
            "Intercom API version (2.11, 2.9, Unstable) (see helpcentre import intercom --help)"
        ],
    )


def test_zendesk_api_follows_the_cursor(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = "/api/v2/help_center"
    with serve(FakeApi) as base:

        def listing(locale: str, kind: str, items: list[dict[str, Any]], after: str = "") -> str:
            return f"{api}/{locale}/{kind}.json?page%5Bsize%5D=100" + after

        FakeApi.pages = {
            f"{api}/locales.json": {"locales": ["fr", "en-us"], "default_locale": "fr"}
        }
        for locale, title in (("fr", "Livraison"), ("en-us", "Delivery")):
            category = {
                "id": 10,
                "name": title,
                "description": title,
                "locale": locale,
                "source_locale": "fr",
                "position": 1,
                "updated_at": "2026-01-01T00:00:00Z",
                "html_url": f"https://acme.zendesk.com/hc/{locale}/categories/10",
            }
            section = {
                **category,
                "id": 20,
                "category_id": 10,
                "parent_section_id": None,
                "html_url": f"https://acme.zendesk.com/hc/{locale}/sections/20",
            }
            articles = [
                {"id": n, "title": f"{title} {n}", "body": f"<p>{title} {n}.</p>", "locale": locale,
                 "source_locale": "fr", "section_id": 20, "draft": False, "position": n,
                 "updated_at": "2026-01-01T00:00:00Z",
                 "html_url": f"https://acme.zendesk.com/hc/{locale}/articles/{n}"}
                for n in (1, 2)
            ]  # fmt: skip
            second = f"{base}{listing(locale, 'articles', [])}&page%5Bafter%5D=c1"
            FakeApi.pages |= {
                listing(locale, "categories", []): cursor_page("categories", [category]),
                listing(locale, "sections", []): cursor_page("sections", [section]),
                listing(locale, "articles", []): cursor_page("articles", articles[:1], second),
                _page_path(second): cursor_page("articles", articles[1:]),
            }
        FakeApi.limited = set()
        FakeApi.authorization = "Basic " + base64.b64encode(b"me@acme.test/token:zt").decode()
        monkeypatch.setenv("ZENDESK_EMAIL", "me@acme.test")
        monkeypatch.setenv("ZENDESK_API_TOKEN", "zt")
        run = run_command(site, "import", "zendesk", "--api-url", base)
    assert run.status == 0, run.err
    written = site.rglob("livraison-*.md")
    assert sorted(p.relative_to(site / "docs").as_posix() for p in written) == [
        "en/livraison/livraison/livraison-1.md", "en/livraison/livraison/livraison-2.md",
        "fr/livraison/livraison/livraison-1.md", "fr/livraison/livraison/livraison-2.md",
    ]  # fmt: skip
    assert "Delivery 2" in (site / "docs/en/livraison/livraison/livraison-2.md").read_text()


def test_a_listing_that_never_ends_is_one_line(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "MAX_PAGES", 3)
    api = "/api/v2/help_center"
    with serve(FakeApi) as base:
        first = f"{api}/fr/categories.json?page%5Bsize%5D=100"
        FakeApi.pages = {
            f"{api}/locales.json": {"locales": ["fr"], "default_locale": "fr"},
            first: cursor_page("categories", [], f"{base}{first}"),  # next: itself, forever
        }
        FakeApi.limited, FakeApi.seen = set(), []
        FakeApi.authorization = "Basic " + base64.b64encode(b"me@acme.test/token:zt").decode()
        monkeypatch.setenv("ZENDESK_EMAIL", "me@acme.test")
        monkeypatch.setenv("ZENDESK_API_TOKEN", "zt")
        saved = tmp_path / "saved"
        run = run_command(site, "import", "zendesk", "--api-url", base, "--save", str(saved))
    assert (run.status, run.out) == (1, [])
    assert run.err == [
        f"helpcentre import zendesk: {base}{first} still had a next page after 3 pages: given up"
    ]
    assert [path for _, path, _ in FakeApi.seen] == [f"{api}/locales.json"] + [first] * 3
    assert sorted(p.name for p in saved.glob("*.json")) == [
        "zendesk-fr-categories-0001.json",
        "zendesk-fr-categories-0002.json",
        "zendesk-fr-categories-0003.json",
        "zendesk-locales.json",
    ]


def test_sections_unknown_languages_and_markers_in_titles(site: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    section = {
        "type": "section",
        "id": "5",
        "parent_id": "1",
        "name": "Sécurité",
        "order": 1,
        "url": "https://help.acme.test/fr/collections/5-securite",
    }
    texts = {
        "fr": Text("Mot de passe {{ x }}", "<p>Changez-le.</p>"),
        "pt-br": Text("Senha", "<p>Mude.</p>"),
    }
    article = intercom_article(Item(21, texts, parent=5, parent_type="section"))
    (saved / "objects.json").write_text(json.dumps({"type": "list", "data": [
        intercom_collection(COLLECTION), section, article, {"type": "admin", "id": "9"},
    ]}), encoding="utf-8")  # fmt: skip

    run = run_command(site, "import", "intercom", "--from", str(saved))

    assert run.status == 1
    config_line = next(
        number
        for number, line in enumerate((site / "mkdocs.yml").read_text().split("\n"), 1)
        if line.strip() == "- locale: en"
    )
    marker = (
        ":2:1: the title has '{{', which the build reads as a policy marker: reword it "
        "(markers work in the body only)"
    )
    assert run.err == [
        f"docs/fr/compte/securite/mot-de-passe-x.md{marker}",  # no English file to say it
        f"mkdocs.yml:{config_line}:1: the help centre has texts in 'pt-br', which is not a site "
        "language: add '- {locale: pt, name: Português, build: true}' after this line, in "
        "plugins > i18n > languages (or import again with --add-languages)",
    ]
    assert run.out[0] == (
        f"{saved / 'objects.json'}:1:1: an object of type 'admin' is not an article or collection"
    )
    run = run_command(site, "import", "intercom", "--from", str(saved), "--add-languages")
    config = (site / "mkdocs.yml").read_text()
    assert "        - locale: pt\n          name: Português\n          build: true\n" in config
    assert "      pt: pt_BR\n" in config
    assert "    languages_in_progress: [pt]\n" in config
    assert "Mude." in (site / "docs/pt/compte/securite/mot-de-passe-x.md").read_text()
    assert not (site / "docs/pt/compte/index.md").exists()  # no Portuguese name upstream


@pytest.mark.parametrize(
    ("options", "link"),
    [
        ((), "https://support.acme.com/en/articles/12-article-12-en"),  # another site's
        (("--domain", "support.acme.com"), "article-12.md"),
    ],
)
def test_links_on_a_custom_domain(
    site: Path, tmp_path: Path, options: tuple[str, ...], link: str
) -> None:
    saved = tmp_path / "saved"
    body = '<p><a href="https://support.acme.com/en/articles/12-article-12-en">12</a></p>'
    linking = Item(
        11, {"fr": Text("Article 11", body), "en": Text("Article 11 en", body)}, parent=1
    )
    write_intercom(saved, [COLLECTION], [linking, article(12)])
    run = run_command(site, "import", "intercom", "--from", str(saved), *options)
    assert (run.status, run.err) == (0, [])
    assert f"[12]({link})" in (site / "docs/fr/compte/article-11.md").read_text()


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        (
            "data/import-state.json",
            '{"intercom": {\n  "paths": }',
            "data/import-state.json:2:12: not JSON: Expecting value "
            "(restore it from version control)",
        ),
        (
            "data/import-state.json",
            '{"intercom": {"files": {"docs/fr/a.md": {"hash": "x"}}}}',
            "data/import-state.json:1:1: not the import's record of 'intercom' (restore it from "
            "version control, or delete it: the next import then leaves every existing page "
            "alone)",
        ),
        (
            "data/redirects.yml",
            "fr:\n  /old/a: compte/a.md\n  - broken\n",
            "data/redirects.yml:3:3: not valid YAML: expected <block end>, but found '-'",
        ),
    ],
)
def test_a_broken_state_or_redirect_list_is_one_line_and_nothing_is_written(
    site: Path, tmp_path: Path, name: str, text: str, error: str
) -> None:
    saved = tmp_path / "saved"
    write_intercom(saved, [COLLECTION], [article(11)])
    (site / name).parent.mkdir(exist_ok=True)
    (site / name).write_text(text, encoding="utf-8")
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    run = run_command(site, "import", "intercom", "--from", str(saved))
    assert (run.status, run.out, run.err) == (1, [], [error])
    assert (site / name).read_text(encoding="utf-8") == text  # not written over
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
