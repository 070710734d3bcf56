"""`helpcentre import` of an Intercom and a Zendesk help centre (saved responses) into a
site made by `helpcentre new`: structure, bodies, images, links, old addresses, facts and
the report, then a strict build, `helpcentre check`, and the old addresses in Chromium.
One site, imported and built once for the whole module."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BuiltSite, build_failure, build_project
from import_fixtures import (
    CLOSE_EN,
    POLICIES,
    ImageHandler,
    Run,
    intercom_help_centre,
    run_command,
    zendesk_help_centre,
)

from bench.browser import require_chromium, serve, serve_directory
from bench.import_responses import write_intercom, write_zendesk
from helpcentre.starter import create_site

ARTICLE = "compte-et-facturation/changer-d-adresse.md"
NESTED = "compte-et-facturation/securite/fermer-le-compte.md"


@dataclass
class Imported:
    root: Path
    images: str
    intercom: Run
    zendesk: Run
    built: BuiltSite
    base_url: str
    first_build: list[str]  # the lines of the build before the editor decided
    originals: dict[str, str]  # files as the import wrote them, before the editor's changes

    def text(self, path: str) -> str:
        if path in self.originals:
            return self.originals[path]
        return (self.root / path).read_text(encoding="utf-8")

    def line_of(self, path: str, needle: str) -> int:
        lines = self.text(path).split("\n")
        return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    base = tmp_path_factory.mktemp("import")
    root = base / "site"
    create_site(root, ["fr", "en"], "Acme", "https://help.example.com/")
    (root / "data" / "policies.yml").write_text(POLICIES, encoding="utf-8")
    saved_env = {key: os.environ.get(key) for key in ("HELPCENTRE_SITE_URL", "HELPCENTRE_AS_OF")}
    with serve(ImageHandler) as images, serve_directory(root / "site") as base_url:
        collections, articles = intercom_help_centre(images)
        write_intercom(base / "intercom", collections, articles, per_page=2)
        write_zendesk(base / "zendesk", *zendesk_help_centre(), per_page=1, translations_of=(201,))
        intercom = run_command(root, "import", "intercom", "--from", str(base / "intercom"))
        zendesk = run_command(root, "import", "zendesk", "--from", str(base / "zendesk"))
        # Redirect pages name their target by site_url: the local server's, here.
        os.environ["HELPCENTRE_SITE_URL"] = base_url
        os.environ["HELPCENTRE_AS_OF"] = "2026-06-01"
        try:
            first_build = build_failure(root)
            originals = {}
            for lang, days in (("fr", "30 jours"), ("en", "30 days")):  # the editor decides
                path = root / "docs" / lang / ARTICLE
                text = originals[f"docs/{lang}/{ARTICLE}"] = path.read_text(encoding="utf-8")
                text = text.replace(days, "{{ policy.delivery.delay }}")
                path.write_text(text + "\n{{ policy.returns.window }}\n", "utf-8")
            assert run_command(root, "translation-done", f"docs/en/{ARTICLE}").status == 0
            built = build_project(root)
            yield Imported(root, images, intercom, zendesk, built, base_url, first_build, originals)
        finally:
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def docs_files(root: Path, lang: str) -> set[str]:
    folder = root / "docs" / lang
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


# -- structure ---------------------------------------------------------------------------------


def test_collections_nested_collections_and_articles_keep_their_places(imported: Imported) -> None:
    starter = {"index.md", "premiers-pas/index.md", "premiers-pas/demander-un-remboursement.md"}
    pages = {
        "compte-et-facturation/index.md",
        ARTICLE,
        "compte-et-facturation/securite/index.md",
        NESTED,
        "demarrer/index.md",
        "demarrer/les-balises-script-alert-t-script.md",
        "livraison/index.md",
        "livraison/suivi/index.md",
        "livraison/suivi/suivre-mon-colis.md",
        "livraison/suivi/retards/index.md",
        "livraison/suivi/retards/colis-en-retard.md",
    }
    image = {p for p in docs_files(imported.root, "fr") if p.endswith(".png")}
    assert docs_files(imported.root, "fr") == starter | pages | image
    # No English text of "Démarrer" nor of its article: no file (the image is shared).
    untranslated = {"demarrer/index.md", "demarrer/les-balises-script-alert-t-script.md"}
    assert docs_files(imported.root, "en") == starter | pages - untranslated
    assert [Path(p).parent.as_posix() for p in image] == ["compte-et-facturation"]
    assert not (imported.root / "drafts").exists()  # the draft waits for --include-drafts


def test_collection_index_and_nested_overview(imported: Imported) -> None:
    top = imported.text("docs/en/compte-et-facturation/index.md")
    assert top.startswith(
        '---\ntitle: "Account and billing"\ndescription: "Your <b>account</b>"\n'
        'icon: "material/credit-card-outline"\norder: 1\nsource_hash: "'
    )
    overview = imported.built.html("en/compte-et-facturation/securite/")
    links = [
        (a.get_text(), a["href"])
        for a in overview.select("article .md-typeset a, .md-content li a")
    ]
    assert (CLOSE_EN, "fermer-le-compte/") in links
    assert not overview.select(".hc-body i")


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("demarrer/les-balises-script-alert-t-script", "Texte."),
        ("demarrer/index", ""),  # the collection: its page lists the French article
    ],
)
def test_missing_translation_has_no_file_and_shows_the_source(
    imported: Imported, page: str, text: str
) -> None:
    assert (imported.root / f"docs/fr/{page}.md").is_file()
    assert not (imported.root / f"docs/en/{page}.md").exists()
    address = page.removesuffix("index")
    served = imported.built.html(f"en/{address}/".replace("//", "/"))
    assert served.find("h1").get_text(strip=True) == imported.built.html(
        f"{address}/".replace("//", "/")
    ).find("h1").get_text(strip=True)
    if text:  # an article: the French body, marked as French, under the pending notice
        notice = served.select_one("[data-hc-translation=pending]")
        assert notice.get_text(" ", strip=True).startswith(
            "This article is not yet available in English."
        )
        body = served.select_one(".hc-body")
        assert (body["lang"], body.get_text(strip=True)) == ("fr", text)
    else:
        links = [a["href"] for a in served.select(".md-content a")]
        assert "les-balises-script-alert-t-script/" in links


def test_markup_in_titles_and_descriptions_is_text(imported: Imported) -> None:
    page = imported.built.html("demarrer/les-balises-script-alert-t-script/")
    assert page.find("h1").get_text(strip=True) == 'Les balises <script>alert("t")</script>'
    scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert not [s for s in scripts if "alert" in s.get_text()]
    assert not page.select("main i")


# -- bodies ------------------------------------------------------------------------------------


def article_html(imported: Imported, lang: str) -> BeautifulSoup:
    return imported.built.html(
        ("en/" if lang == "en" else "") + "compte-et-facturation/changer-d-adresse/"
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_block_converts(imported: Imported, lang: str) -> None:
    page = article_html(imported, lang)
    body = page.select_one("div.hc-body")
    headings = [(h.name, h.get_text(strip=True).rstrip("¶")) for h in body.select("h2, h3")]
    expected = {"fr": ["Avant de commencer", "Étapes"], "en": ["Before you start", "Steps"]}
    assert [h for h in headings if h[1] in expected[lang]] == [
        ("h2", expected[lang][0]),
        ("h3", expected[lang][1]),
    ]
    assert not body.select('[id^="h_"]')  # the product's heading ids are gone
    kinds = [d["class"] for d in body.select("div.admonition")]
    assert kinds == [["admonition", "warning"], ["admonition", "tip"], ["admonition", "note"]]
    assert [li.get_text(" ", strip=True) for li in body.select("ol > li > ul > li")] == ["1.1"]
    table = body.select_one("table")
    assert [th.get_text() for th in table.select("thead th")] == ["Plan", "€"]
    assert [td.get_text() for td in table.select("tbody td")] == ["A|B", "10"]
    summary = body.select_one("details summary").get_text().replace("\u202f", " ")
    assert summary == {"fr": "Et si je déménage ?", "en": "And if I move?"}[lang]
    assert body.select_one("pre code").get_text() == 'address = "1"\n'
    videos = [a["href"] for a in body.select("a") if a.get_text().startswith("▶")]
    assert videos == [
        "https://www.youtube.com/watch?v=yt1",
        "https://vimeo.com/42",
        "https://www.loom.com/share/abc123",
        "https://fast.wistia.net/embed/iframe/w1",
    ]
    assert not body.select("iframe, form, input, script")
    assert "<img src=x onerror=alert(1)>" in body.get_text()  # text, not an element
    assert "{{ name }} {% if %}" in body.get_text()  # text, not a marker


def test_images_downloaded_once_and_referenced_relatively(imported: Imported) -> None:
    stored = sorted((imported.root / "docs/fr/compte-et-facturation").glob("*.png"))
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{16}\.png", stored[0].name)
    for lang, prefix in (("fr", ""), ("en", "en/")):
        image = article_html(imported, lang).select_one(f'img[alt="{lang} screen"]')
        source = imported.built.site_dir / prefix / "compte-et-facturation/changer-d-adresse"
        assert (source / image["src"]).resolve().is_file()
    # The expired one stays a remote address, and the report says so (below).
    assert f"]({imported.images}/expired/2.png?signature=old)" in imported.text(
        f"docs/fr/{ARTICLE}"
    )


def test_links_to_imported_pages_become_relative_in_the_same_language(imported: Imported) -> None:
    for lang, prefix in (("fr", ""), ("en", "en/")):
        links = {a.get_text(): a["href"] for a in article_html(imported, lang).select("a")}
        assert links["→ 1"] == links["→ 2"] == "../securite/fermer-le-compte/"
        assert links["→ 3"].endswith(f"/{lang}/articles/999-gone")  # not imported: as it was
        anchor = links["→ 4"]  # the product's heading id, now the heading's own anchor
        assert (
            article_html(imported, lang)
            .select_one(anchor)
            .get_text()
            .startswith({"fr": "Étapes", "en": "Steps"}[lang])
        )
        target = (
            imported.built.site_dir / prefix / "compte-et-facturation/securite/fermer-le-compte"
        )
        assert (target / "index.html").is_file()
    nested = imported.text(f"docs/en/{NESTED}")
    assert "[1](../index.md)" in nested  # a collection's address in the other language


HEADINGS = [  # a link to another article's heading, by its id in the other language's text
    ("compte-et-facturation/changer-d-adresse/", "→ 5", "../securite/fermer-le-compte/", "Données"),
    ("en/compte-et-facturation/changer-d-adresse/", "→ 5", "../securite/fermer-le-compte/",
     "Your data"),
    ("livraison/suivi/suivre-mon-colis/", "les retards", "../retards/colis-en-retard/",
     "Combien de temps ?"),
    ("en/livraison/suivi/suivre-mon-colis/", "the delays", "../retards/colis-en-retard/",
     "How long?"),
]  # fmt: skip


@pytest.mark.parametrize(("page", "text", "target", "heading"), HEADINGS)
def test_links_to_a_heading_of_another_article_keep_it(
    imported: Imported, page: str, text: str, target: str, heading: str
) -> None:
    links = {a.get_text(): a["href"] for a in imported.built.html(page).select(".hc-body a")}
    address, _, anchor = links[text].partition("#")
    assert address == target
    landed = imported.built.html(posixpath.normpath(posixpath.join(page, target)) + "/")
    assert landed.select_one(f"h2#{anchor}").get_text().rstrip("¶").replace("\u202f", " ") == (
        heading
    )


def test_facts_become_markers_or_are_listed(imported: Imported) -> None:
    french = imported.text(f"docs/fr/{ARTICLE}")
    assert "Vous avez **{{ policy.refunds.window }}**" in french
    english = imported.text(f"docs/en/{ARTICLE}")
    assert "You have **{{ policy.refunds.window }}**" in english
    marker = "{{ policy.refunds.window }}"
    for lang, typed in (("fr", "14 jours"), ("en", "14 days")):
        path = f"docs/{lang}/{ARTICLE}"
        line = imported.line_of(path, marker)
        col = imported.text(path).split("\n")[line - 1].index(marker) + 1
        assert f"{path}:{line}:{col}: '{typed}' is now {marker}" in imported.intercom.out
    # Two policies are 30 days: the import left the text and listed it, the strict build
    # failed on those lines only, and built once the editor chose (the fixture did).
    listed = [line.split(": '")[0] for line in imported.intercom.err if "may be the value" in line]
    assert sorted(line.split(": '")[0] for line in imported.first_build) == sorted(listed)


# -- old addresses -----------------------------------------------------------------------------

OLD = [
    ("fr/articles/101-changer-d-adresse", "compte-et-facturation/changer-d-adresse/"),
    ("fr/articles/101", "compte-et-facturation/changer-d-adresse/"),
    ("en/articles/101-change-the-address", "en/compte-et-facturation/changer-d-adresse/"),
    ("en/collections/2-security", "en/compte-et-facturation/securite/"),
    ("hc/fr/articles/202-colis-en-retard", "livraison/suivi/retards/colis-en-retard/"),
    ("hc/en-us/articles/202", "en/livraison/suivi/retards/colis-en-retard/"),
    ("hc/en-us/sections/21-delays", "en/livraison/suivi/retards/"),
    ("hc/fr/categories/10-livraison", "livraison/"),
]


@pytest.mark.parametrize(("old", "new"), OLD)
def test_old_addresses_redirect_in_their_language(imported: Imported, old: str, new: str) -> None:
    page = imported.built.html(old + "/")
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh == f"0; url={imported.base_url}{new}"
    assert f"/{old} /{new} 301" in (imported.built.site_dir / "_redirects").read_text().split("\n")
    nginx = (imported.root / "nginx-redirects.conf").read_text()
    assert f'    "/{old}" "/{new}";' in nginx.split("\n")


def test_the_draft_has_no_old_address(imported: Imported) -> None:
    assert "104" not in (imported.root / "data/redirects.yml").read_text()


# -- the report --------------------------------------------------------------------------------


def test_intercom_report(imported: Imported) -> None:
    run = imported.intercom
    assert run.status == 1
    decisions = []
    other = {
        "fr": "https://help.acme.test/en/articles/102-close-the-account",
        "en": "https://help.acme.test/fr/articles/102-fermer-le-compte",
    }
    for lang in ("fr", "en"):
        path = f"docs/{lang}/{ARTICLE}"
        days = {"fr": "30 jours", "en": "30 days"}[lang]
        line = imported.line_of

        def column(path: str, needle: str, line: Callable[[str, str], int] = line) -> int:
            return imported.text(path).split("\n")[line(path, needle) - 1].index(needle) + 1

        decisions += [
            f"{path}:{line(path, 'import: a form element')}:1: a form element "
            "not converted: a comment stands in its place",
            f"{path}:{line(path, '999-gone')}:1: link to https://help.acme.test/{lang}/"
            "articles/999-gone, which was not imported: left as it was",
            f"{path}:{line(path, '→ 6')}:1: link to {other[lang]}#h_gone: the article has no "
            "heading with that id (the link goes to the top of its page)",
            f"{path}:{line(path, 'expired')}:1: image not downloaded (HTTP 403, expired or "
            f"refused): {imported.images}/expired/2.png?signature=old left as it was",
            f"{path}:{line(path, days)}:{column(path, days)}: "
            f"'{days}' may be the value of delivery.delay, returns.window: quote the one meant "
            "with its marker, or keep the text",
        ]
    assert sorted(run.err) == sorted(decisions)
    # Old addresses: each language version of the 3 collections (2 + 2 + 1) and of the 3
    # published articles (2 + 2 + 1), each by its address and by its id alone.
    redirected = 2 * (5 + 5)
    assert run.out[-3:] == [
        "imported: 3 collections; articles: en 2, fr 3; 1 images; "
        f"{redirected} old addresses redirected",
        # 3 collections and 3 articles in French, 2 and 2 in English (no file for the rest)
        f"files: {(3 + 3) + (2 + 2)} created",
        "to decide: 10 (the lines above; the import exits with 1)",
    ]


def test_zendesk_report(imported: Imported) -> None:
    assert imported.zendesk.err == []
    assert imported.zendesk.out[-2:] == ["files: 10 created", "to decide: 0"]
    assert imported.zendesk.status == 0


# -- the site ----------------------------------------------------------------------------------


def test_imported_site_passes_every_check(imported: Imported) -> None:
    run = run_command(imported.root, "check")
    assert run.status == 0, run.out + run.err
    # Only the warnings for the two pages the product has in French alone.
    assert run.out == [
        f"docs/fr/demarrer/{name}:1:1: HC401 no English version yet: readers see the French "
        f"text meanwhile; translate it as docs/en/demarrer/{name}"
        for name in ("index.md", "les-balises-script-alert-t-script.md")
    ] + ["checks: 0 errors, 2 warnings"]


@pytest.mark.parametrize(
    ("old", "title"),
    [
        ("fr/articles/101-changer-d-adresse", "Changer d’adresse"),
        ("hc/en-us/articles/202-late-parcel", "Late parcel"),
    ],
)
def test_old_addresses_land_on_the_new_article_in_chromium(
    imported: Imported, chromium: object, old: str, title: str
) -> None:
    require_chromium()
    context = chromium.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(imported.base_url + old)
        page.wait_for_selector("h1")
        new = dict(OLD).get(old) or "en/livraison/suivi/retards/colis-en-retard/"
        assert page.url == imported.base_url + new
        assert page.locator("h1").first.inner_text() == title
    finally:
        context.close()
