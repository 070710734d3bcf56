"""The real content in docs/ and data/: strict build, reference article, page budgets."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import REPO, BuiltSite, build_project, write_project

NBSP = "\xa0"
ARTICLE_HTML_BUDGET = 40 * 1024


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real docs and data, built in strict mode from a copy (the work tree stays clean)."""
    root = tmp_path_factory.mktemp("real")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "data", root / "data")
    write_project(root, docs={}, policies=None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        return build_project(root)


def article_pages(site: BuiltSite) -> list[Path]:
    pages = []
    for lang_root in (site.site_dir, site.site_dir / "en"):
        for collection in (REPO / "docs" / "fr").iterdir():
            if collection.is_dir():
                for md in collection.glob("*.md"):
                    if md.name != "index.md":
                        pages.append(lang_root / collection.name / md.stem / "index.html")
    return pages


def test_reference_article_in_both_languages(real_site):
    for prefix in ("", "en/"):
        page = real_site.html(f"{prefix}facturation/modifier-ou-annuler-un-plan/")
        body = page.select_one(".hc-body").get_text(" ", strip=True)
        for email in ("renewals@", "finance@", "support@"):
            assert f"{email}ramtracking.example" in body
        assert len(page.select(".hc-body table tr")) >= 2
    fr = real_site.html("facturation/modifier-ou-annuler-un-plan/").select_one(".hc-body")
    en = real_site.html("en/facturation/modifier-ou-annuler-un-plan/").select_one(".hc-body")
    assert f"30{NBSP}jours" in fr.get_text() and f"25,00{NBSP}£" in fr.get_text()
    assert f"30{NBSP}days" in en.get_text() and "£25.00" in en.get_text()
    assert en.find_parent("html")["lang"] == "en"


def test_content_size_goals(real_site):
    fr_articles = [p for p in article_pages(real_site) if "/en/" not in str(p)]
    collections = [p for p in (REPO / "docs" / "fr").iterdir() if p.is_dir()]
    assert len(collections) >= 5
    assert len(fr_articles) >= 16
    for page in article_pages(real_site):
        assert page.exists(), page


def test_every_article_page_is_under_the_html_budget(real_site):
    sizes = {str(p): p.stat().st_size for p in article_pages(real_site)}
    too_big = {path: size for path, size in sizes.items() if size > ARTICLE_HTML_BUDGET}
    assert not too_big


def test_articles_link_other_collections_only_in_breadcrumbs_and_related(real_site):
    for path in article_pages(real_site):
        url_path = str(path.parent.relative_to(real_site.site_dir)) + "/"
        soup = real_site.html(url_path)
        own_prefix = "/".join(url_path.split("/")[:-2]) + "/"
        for link in soup.select("a[href]"):
            href = link["href"]
            if href.startswith(("http", "mailto:", "tel:", "#")):
                continue
            target = urljoin("/" + url_path, href).lstrip("/")
            parts = target.strip("/").split("/")
            is_article_of_other_collection = (
                len(parts) >= 2 + (parts[0] == "en")
                and not target.startswith(own_prefix)
                and parts[-1] not in ("", "index.html")
            )
            if is_article_of_other_collection and not link.find_parent(
                class_=["hc-breadcrumbs", "hc-related", "hc-body", "md-select"]
            ):
                raise AssertionError(f"{url_path}: link to {target} outside allowed places")
