"""The sitemap, the redirects of old paths and each language's 404 page, written once per site."""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from helpcentre.mkdocs import compat
from helpcentre.mkdocs.outputs import csp
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.urls import home_url, site_root_path

log = logging.getLogger("mkdocs.hooks.helpcentre.seo")


@dataclass(frozen=True)
class NotFoundView:
    lang: str
    text: dict[str, str]
    home_url: str


def not_found_switcher(site: SiteBuild) -> list[dict[str, Any]] | None:
    """Material's language menu on a 404 page: each language's home."""
    entries = site.config.extra.get("alternate")
    if not isinstance(entries, list):
        return None
    root = site_root_path(site.config.site_url or "")
    return [
        {**entry, "link": root + home_url(str(entry.get("lang")), site.languages)}
        for entry in entries
        if isinstance(entry, dict) and entry.get("lang") in site.languages.all
    ]


def drop_stock_sitemap(config: MkDocsConfig, files: Files) -> Files:
    """Every language build would write the theme's sitemap.xml (one language at a time);
    ours is written once at the end, for the whole site. Without the template MkDocs would
    copy it as a plain file, so it leaves the files too."""
    compat.static_templates(config.theme).discard("sitemap.xml")
    for file in list(files):
        if file.src_uri == "sitemap.xml" and not file.is_documentation_page():
            files.remove(file)
    return files


def render_not_found(site: SiteBuild, config: MkDocsConfig, render: bool) -> None:
    """A language build that renders no page renders no 404 page either (the theme would
    render one per build, whatever its files)."""
    if render and site.theme_has_not_found:
        compat.static_templates(config.theme).add("404.html")
    else:
        compat.static_templates(config.theme).discard("404.html")


def not_found_view(site: SiteBuild, build: LanguageBuild) -> NotFoundView:
    root = site_root_path(site.config.site_url or "")
    return NotFoundView(
        lang=build.lang, text=build.strings, home_url=root + home_url(build.lang, site.languages)
    )


def write_site_outputs(site: SiteBuild, config: MkDocsConfig) -> bool:
    """Once every language is built: 404 pages, redirects and the sitemap; False after a
    partial rebuild (the sitemap and the search index wait for a complete one)."""
    site_dir = Path(config.site_dir)
    template = config.theme.get_env().get_template("partials/hc-redirect.html")
    server_lines = []
    for lang, build in site.by_language.items():
        for redirect in build.redirects:
            if redirect.site_rooted:  # the same, for hosts that redirect by `_redirects`
                server_lines.append(f"/{redirect.path} {urlsplit(redirect.target).path} 301")
            target = site_dir / redirect.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            page = template.render(lang=lang, target=redirect.target, text=build.strings)
            target.write_text(csp.secure(site, build, page), encoding="utf-8")
        if build.not_found_html is not None:
            folder = site_dir / site.languages.prefix(lang)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "404.html").write_text(build.not_found_html, encoding="utf-8")
    if server_lines:
        (site_dir / "_redirects").write_text(
            "\n".join(sorted(server_lines)) + "\n", encoding="utf-8"
        )
    if not all(build.rendered_every_page() for build in site.by_language.values()):
        log.info("partial rebuild: search index and sitemap wait for a complete build")
        return False
    _write_sitemap(site, config)
    return True


def _write_sitemap(site: SiteBuild, config: MkDocsConfig) -> None:
    template = config.theme.get_env().get_template("partials/hc-sitemap-xml.html")
    xml = template.render(entries=sorted(site.sitemap, key=lambda e: e.loc))
    site_dir = Path(config.site_dir)
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
