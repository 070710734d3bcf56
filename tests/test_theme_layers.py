"""The package's theme between a site's overrides (first) and Material (last)."""

from __future__ import annotations

from pathlib import Path

from conftest import THEME, build_project, write_project


def own_overrides(root: Path) -> Path:
    """Replace the linked overrides with the site's own folder."""
    (root / "overrides").unlink()
    folder = root / "overrides"
    (folder / "partials").mkdir(parents=True)
    (folder / "assets").mkdir()
    return folder


def test_a_site_partial_replaces_the_package_one_by_name(tmp_path):
    root = write_project(tmp_path / "p")
    overrides = own_overrides(root)
    contact = (THEME / "partials" / "hc-contact.html").read_text(encoding="utf-8")
    assert 'class="hc-contact"' in contact
    (overrides / "partials" / "hc-contact.html").write_text(
        '<aside class="hc-contact acme-contact">Call us</aside>\n', encoding="utf-8"
    )
    page = build_project(root).html("en/facturation/annulation/")
    assert page.select_one(".acme-contact").get_text(strip=True) == "Call us"
    assert page.select_one(".hc-breadcrumbs") is not None  # the rest is the package's


def test_a_site_main_extends_the_layout_and_its_css_comes_after_the_theme(tmp_path):
    root = write_project(tmp_path / "p")
    overrides = own_overrides(root)
    (overrides / "main.html").write_text(
        '{% extends "hc-main.html" %}\n'
        '{% block extrahead %}{{ super() }}<meta name="acme" content="ours">{% endblock %}\n',
        encoding="utf-8",
    )
    (overrides / "assets" / "acme.css").write_text(".md-header { color: red; }\n")
    (overrides / "assets" / "favicon.svg").write_text('<svg id="acme"/>\n')
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "extra_css:\n  - assets/acme.css\n", encoding="utf-8"
    )
    site = build_project(root)
    page = site.html("facturation/annulation/")
    assert page.select_one('meta[name="acme"]')["content"] == "ours"
    assert page.select_one(".hc-article, article") is not None
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    ours = [href.split("/")[-1].split("?")[0] for href in sheets if "assets/" in href]
    assert ours[-5:] == [
        "helpcentre.css",
        "hc-feedback.css",
        "hc-a11y.css",
        "hc-search.css",
        "acme.css",
    ]
    assert (site.site_dir / "assets" / "favicon.svg").read_text() == '<svg id="acme"/>\n'
    # The 404 page extends main.html too: the site's block is there.
    missing = site.html("404.html")
    assert missing.select_one('meta[name="acme"]') is not None


def test_without_overrides_the_package_theme_is_complete(tmp_path):
    root = write_project(tmp_path / "p")
    own_overrides(root)  # empty: nothing of the site's own
    site = build_project(root)
    assert (site.site_dir / "assets" / "favicon.svg").read_bytes() == (
        THEME / "assets" / "favicon.svg"
    ).read_bytes()
    scripts = [tag["src"] for tag in site.html("en/").select("script[src]")]
    assert any(src.endswith("assets/hc-search.js") for src in scripts)
