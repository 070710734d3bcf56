"""Head links, sitemap, 404 pages and redirects across the two languages (built, then parsed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINIMAL_DOCS, SITE_LANGUAGES, build_failure, write_project

from helpcentre.published_urls import missing_urls, sitemap_urls

SITE_URL = "https://help.ramtracking.example/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}

EN_ONLY = {
    "en/facturation/english-only.md": (
        "---\ntitle: Only here\ndescription: English.\n---\n\nText.\n"
    ),
}
PENDING = {
    "fr/facturation/nouveau.md": "---\ntitle: Nouveau\ndescription: Neuf.\n---\n\nTexte.\n",
    "en/facturation/nouveau.md": (
        "---\ntitle: New\ndescription: New.\ntranslation: pending\n---\n\nTexte.\n"
    ),
}


def head_links(soup) -> tuple[str | None, dict[str, str]]:
    canonical = soup.select_one('head link[rel="canonical"]')
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"]')
    }
    return (canonical["href"] if canonical else None), alternates


@pytest.mark.parametrize("path", ["", "facturation/", "facturation/annulation/"])
def test_every_language_version_has_absolute_alternates_and_canonical(build_site, path):
    site = build_site()
    expected = {"fr": SITE_URL + path, "en": SITE_URL + "en/" + path, "x-default": SITE_URL + path}
    for lang, url in (("fr", SITE_URL + path), ("en", SITE_URL + "en/" + path)):
        soup = site.html(url.removeprefix(SITE_URL))
        canonical, alternates = head_links(soup)
        assert soup.html["lang"] == lang
        assert canonical == url
        assert alternates == expected


def test_a_page_in_one_language_only_has_no_alternates(build_site):
    site = build_site(docs={**MINIMAL_DOCS, **EN_ONLY})
    canonical, alternates = head_links(site.html("en/facturation/english-only/"))
    assert canonical == SITE_URL + "en/facturation/english-only/"
    assert alternates == {"en": SITE_URL + "en/facturation/english-only/"}


def test_a_pending_translation_is_not_advertised(build_site):
    site = build_site(docs={**MINIMAL_DOCS, **PENDING})
    _, french = head_links(site.html("facturation/nouveau/"))
    assert french == {}
    canonical, english = head_links(site.html("en/facturation/nouveau/"))
    assert canonical == SITE_URL + "facturation/nouveau/"
    assert english == {}
    assert SITE_URL + "en/facturation/nouveau/" not in sitemap_urls(site.site_dir / "sitemap.xml")


def test_sitemap_lists_every_page_with_the_same_alternates_as_its_head(build_site):
    site = build_site(docs={**MINIMAL_DOCS, **EN_ONLY})
    root = ET.parse(site.site_dir / "sitemap.xml").getroot()
    entries = root.findall("s:url", NS)
    locs = [entry.findtext("s:loc", namespaces=NS) for entry in entries]
    assert set(locs) == {
        SITE_URL + prefix + p
        for prefix in ("", "en/")
        for p in ("", "facturation/", "facturation/annulation/")
    } | {SITE_URL + "en/facturation/english-only/"}
    for entry in entries:
        loc = entry.findtext("s:loc", namespaces=NS)
        assert loc.startswith(SITE_URL)
        in_sitemap = {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)
        }
        _, in_head = head_links(site.html(loc.removeprefix(SITE_URL)))
        assert in_sitemap == in_head, loc


@pytest.mark.parametrize(
    ("path", "lang", "home", "heading"),
    [("404.html", "fr", "/", "Page introuvable"), ("en/404.html", "en", "/en/", "Page not found")],
)
def test_each_language_has_its_own_404_with_search_and_home_link(
    build_site, path, lang, home, heading
):
    soup = build_site().html(path)
    assert soup.html["lang"] == lang
    assert soup.h1.get_text(strip=True) == heading
    form = soup.select_one("form[data-hc-search]")
    assert form["action"] == home
    assert form.select_one("input[name=q]") is not None
    assert [a["href"] for a in soup.select(".hc-404 a.md-button")] == [home]
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


MOVED = {
    **MINIMAL_DOCS,
    "fr/facturation/annulation.md": MINIMAL_DOCS["fr/facturation/annulation.md"].replace(
        "---\n\n",
        "aliases: [facturation/resilier.md, paiement/ancien.md, depannage/reindex.md]\n---\n\n",
        1,
    ),
}


@pytest.mark.parametrize("prefix", ["", "en/"])
# 'reindex' ends in 'index' but is no index page: its folder keeps the whole name.
@pytest.mark.parametrize("old", ["facturation/resilier/", "paiement/ancien/", "depannage/reindex/"])
def test_aliases_redirect_in_every_language_to_the_new_url(build_site, prefix, old):
    soup = build_site(docs=MOVED).html(prefix + old)
    target = SITE_URL + prefix + "facturation/annulation/"
    assert soup.html["lang"] == (prefix.rstrip("/") or "fr")
    assert soup.select_one('link[rel="canonical"]')["href"] == target
    assert soup.select_one('meta[http-equiv="refresh"]')["content"] == f"0; url={target}"
    assert soup.select_one("main a")["href"] == target


def test_an_alias_that_is_an_existing_page_fails_the_build(tmp_path: Path):
    docs = dict(MOVED)
    docs["fr/facturation/annulation.md"] = docs["fr/facturation/annulation.md"].replace(
        "paiement/ancien.md", "facturation/index.md"
    )
    root = write_project(tmp_path / "p", docs)
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:4:1: alias 'facturation/index.md' is an existing "
        "page (remove it from 'aliases:' or move that page)"
    ]


def test_an_alias_naming_a_page_of_another_language_fails_too(tmp_path: Path):
    # The French page's old path still has an English page: its redirect would replace it.
    docs = dict(MOVED)
    docs["en/facturation/resilier.md"] = "---\ntitle: Old\ndescription: Old.\n---\n\nText.\n"
    root = write_project(tmp_path / "p", docs)
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:4:1: alias 'facturation/resilier.md' is an existing "
        "page (remove it from 'aliases:' or move that page)"
    ]


def test_published_url_check_names_the_url_that_returns_nothing(build_site, tmp_path: Path):
    published = tmp_path / "published-urls.txt"
    published.write_text(
        f"# list\n{SITE_URL}facturation/annulation/\n{SITE_URL}en/facturation/resilier/\n",
        encoding="utf-8",
    )
    before = build_site()
    found = missing_urls(before.site_dir, published, "published-urls.txt", SITE_LANGUAGES)
    assert found == [
        f"published-urls.txt:3:1: HC203 {SITE_URL}en/facturation/resilier/ no longer resolves: "
        "the article moved? add 'aliases: [facturation/resilier.md]' to its new file's "
        "front matter"
    ]


def test_published_url_check_passes_once_the_alias_exists(build_site, tmp_path: Path):
    published = tmp_path / "published-urls.txt"
    published.write_text(f"{SITE_URL}en/facturation/resilier/\n", encoding="utf-8")
    site = build_site(docs=MOVED)
    assert missing_urls(site.site_dir, published, "published-urls.txt") == []


def test_real_site_still_serves_every_published_url(tmp_path: Path):
    from site_builds import build_real_site

    site_dir = build_real_site(tmp_path / "site")
    list_file = Path(__file__).resolve().parent.parent / "published-urls.txt"
    assert missing_urls(site_dir, list_file, "published-urls.txt") == []
    for url in sitemap_urls(site_dir / "sitemap.xml"):
        assert url.startswith(SITE_URL)
