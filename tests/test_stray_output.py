"""Nothing stray in the built site: no template source, no HTML comment on any page type."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment
from conftest import THEME
from site_builds import build_real_site

TEMPLATE_SOURCE = ("{%", "%}", "{#", "#}", "{{")


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return build_real_site(tmp_path_factory.mktemp("stray") / "site")


def test_no_template_file_is_published(site_dir):
    published = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*")}
    assert not any(name.startswith("partials") for name in published)
    partials = {path.relative_to(THEME).as_posix() for path in (THEME / "partials").iterdir()}
    assert partials and not partials & published


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(path for path in site_dir.rglob("*.html") if "pagefind" not in path.parts)


def test_every_page_type_is_checked(site_dir):
    names = {path.relative_to(site_dir).as_posix() for path in html_pages(site_dir)}
    for page in (
        "index.html",
        "en/index.html",
        "facturation/index.html",
        "facturation/modifier-ou-annuler-un-plan/index.html",
        "en/facturation/modifier-ou-annuler-un-plan/index.html",
        "404.html",
        "en/404.html",
    ):
        assert page in names


@pytest.mark.parametrize("lang_root", ["", "en/"])
def test_no_comment_or_template_source_in_any_page(site_dir, lang_root):
    pages = [
        path
        for path in html_pages(site_dir)
        if (path.relative_to(site_dir).as_posix().startswith("en/")) == (lang_root == "en/")
    ]
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        comments = soup.find_all(string=lambda node: isinstance(node, Comment))
        assert comments == [], f"{path}: {comments[:3]}"
        for script in soup.find_all(["script", "style"]):
            script.decompose()
        shown = str(soup)
        assert not [mark for mark in TEMPLATE_SOURCE if mark in shown], path
