"""The site-rooted redirect list (`data/redirects.yml`) in a build: redirect pages and
`_redirects` for its entries, one located line per entry that cannot be one; and the
import's rules (converter, slugs, old paths, report lines), one case each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import BuiltSite, build_failure, build_project, write_project

from helpcentre.content.redirects import read_redirects
from helpcentre.importer.html_to_markdown import callout_kind, html_to_markdown
from helpcentre.importer.redirects import old_paths
from helpcentre.importer.report import Report
from helpcentre.importer.slugs import unique_slug
from helpcentre.importer.videos import video_link
from helpcentre.mkdocs.page import old_addresses

LIST = """\
fr:
  /fr/articles/7-annuler: facturation/annulation.md
en:
  /hc/en-us/articles/7: facturation/annulation.md
"""


def with_list(root: Path, text: str) -> Path:
    write_project(root)
    (root / "data" / "redirects.yml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_project(with_list(tmp_path_factory.mktemp("list"), LIST))


@pytest.mark.parametrize(
    ("old", "target"),
    [
        ("fr/articles/7-annuler/", "facturation/annulation/"),
        ("hc/en-us/articles/7/", "en/facturation/annulation/"),
    ],
)
def test_each_entry_is_a_redirect_page(built: BuiltSite, old: str, target: str) -> None:
    page = built.html(old)
    assert page.select_one("link[rel=canonical]")["href"].endswith("/" + target)
    assert page.html["lang"] == ("en" if "/en-us/" in old else "fr")


def test_entries_are_written_for_servers_too(built: BuiltSite) -> None:
    assert (built.site_dir / "_redirects").read_text().split("\n") == [
        "/fr/articles/7-annuler /facturation/annulation/ 301",
        "/hc/en-us/articles/7 /en/facturation/annulation/ 301",
        "",
    ]


def test_wrong_entries_are_located_lines(tmp_path: Path) -> None:
    root = with_list(
        tmp_path,
        "fr:\n"
        "  /fr/articles/8: facturation/absent.md\n"
        "  articles/9: facturation/annulation.md\n"
        "  /facturation/annulation: facturation/annulation.md\n"
        "de:\n"
        "  /de/x: facturation/annulation.md\n",
    )
    assert build_failure(root) == [
        "data/redirects.yml:2:3: 'facturation/absent.md' is not a page of docs/fr/ (write the "
        "page the old address now leads to)",
        "data/redirects.yml:3:3: 'articles/9' is not an old address (a path from the root: "
        "/fr/articles/12-x)",
        "data/redirects.yml:4:3: '/facturation/annulation' is a page of the site (remove it "
        "from the list)",
        "data/redirects.yml:5:1: 'de' is not a language of the site (fr, en)",
    ]


def test_a_list_that_is_not_yaml_is_one_located_line(tmp_path: Path) -> None:
    root = with_list(tmp_path, "fr:\n  /fr/articles/8: facturation/annulation.md\n  - x\n")
    assert build_failure(root) == [
        "data/redirects.yml:3:3: not valid YAML: expected <block end>, but found '-'"
    ]


def test_the_list_is_read_once_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []

    def counted(path: Path, *args: Any) -> Any:
        reads.append(path)
        return read_redirects(path, *args)

    monkeypatch.setattr(old_addresses, "read_redirects", counted)
    built = build_project(with_list(tmp_path, LIST))  # every language, in this process
    assert built.html("hc/en-us/articles/7/").html["lang"] == "en"  # both languages built
    assert reads == [tmp_path / "data" / "redirects.yml"]


# -- the converter's rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "kind"),
    [
        ('style="background-color: #feedaf80"', "warning"),  # Intercom's yellow
        ('style="background-color: #fde0dc"', "warning"),  # red
        ('style="background-color: #d7efdc80"', "tip"),  # green
        ('style="background-color: rgb(227, 231, 250)"', "note"),  # blue
        ('class="callout callout--tip"', "tip"),
        ('class="alert alert-danger"', "warning"),
        ('class="note"', "note"),
        ('class="plain"', None),
    ],
)
def test_callouts_by_class_then_colour(attributes: str, kind: str | None) -> None:
    from bs4 import BeautifulSoup

    assert callout_kind(BeautifulSoup(f"<div {attributes}>x</div>", "html.parser").div) == kind


@pytest.mark.parametrize(
    ("player", "page"),
    [
        ("https://www.youtube-nocookie.com/embed/a1?rel=0", "https://www.youtube.com/watch?v=a1"),
        ("//www.youtube.com/embed/a2", "https://www.youtube.com/watch?v=a2"),
        ("https://player.vimeo.com/video/76979871", "https://vimeo.com/76979871"),
        ("https://www.loom.com/embed/0f1e2d", "https://www.loom.com/share/0f1e2d"),
        ("https://fast.wistia.com/embed/medias/x9", "https://fast.wistia.net/embed/iframe/x9"),
        ("https://example.com/embed/1", None),
    ],
)
def test_video_players_become_their_pages(player: str, page: str | None) -> None:
    link = video_link(player)
    assert (link.url if link else None) == page


def test_text_that_looks_like_markup_stays_text() -> None:
    converted = html_to_markdown("<p>&lt;script&gt;x&lt;/script&gt; a_b *c*</p>")
    assert converted.markdown == "&lt;script>x&lt;/script> a\\_b \\*c\\*\n"


def test_unsafe_link_addresses_are_dropped_and_text_kept() -> None:
    converted = html_to_markdown('<p><a href="javascript:alert(1)">here</a></p>')
    assert converted.markdown == "here\n"


@pytest.mark.parametrize(
    ("url", "paths"),
    [
        ("https://intercom.help/acme/fr/articles/12-x", ["/fr/articles/12-x", "/fr/articles/12"]),
        ("https://help.acme.com/en/collections/3-b/", ["/en/collections/3-b", "/en/collections/3"]),
        ("https://acme.zendesk.com/hc/pt-br/sections/7", ["/hc/pt-br/sections/7"]),
    ],
)  # fmt: skip
def test_old_paths_of_an_address(url: str, paths: list[str]) -> None:
    assert old_paths(url) == paths


def test_report_lines_carry_no_control_characters() -> None:
    report = Report()
    report.decide("docs/fr/a.md", 3, 1, "link to https://x.test/\x1b[31mred\nnext")
    assert report.decisions == ["docs/fr/a.md:3:1: link to https://x.test/\ufffd[31mred\ufffdnext"]


@pytest.mark.parametrize(
    ("titles", "slugs"),
    [
        (["Changer d'adresse", "Changer d’adresse"], ["changer-d-adresse", "changer-d-adresse-2"]),
        (["Œuvre à Zürich", "Справка", "?!"], ["oeuvre-a-zurich", "spravka", "article-9"]),
        (["Index"], ["index-2"]),  # `index` is the collection's own page
    ],
)  # fmt: skip
def test_slugs_are_ascii_and_unique_in_their_folder(titles: list[str], slugs: list[str]) -> None:
    taken: set[str] = set()
    assert [unique_slug(title, taken, "article-9") for title in titles] == slugs


def test_links_to_headings_follow_them_to_their_new_anchors() -> None:
    converted = html_to_markdown(
        '<p><a href="#h_1">voir</a>, <a href="#h_9">perdu</a></p>'
        '<h2 id="h_1"><b>Étapes à suivre :</b></h2><p>t</p>'
    )
    assert converted.markdown == "[voir](#etapes-a-suivre), perdu\n\n## Étapes à suivre\n\nt\n"
    assert converted.lost_anchors == [("#h_9", "perdu")]


def test_image_descriptions_stay_text() -> None:
    converted = html_to_markdown('<p><img src="a.png" alt="{{ x }} [y]\n<script>"></p>')
    assert converted.markdown == "![&#123;&#123; x &#125;&#125; \\[y\\] &lt;script>](a.png)\n"
