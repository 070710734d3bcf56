"""Head links, sitemap, 404 pages, redirects and search index across the site's languages."""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from helpcentre.content.catalogue import PageFile
from helpcentre.content.front_matter import front_matter_position
from helpcentre.content.sources import SourceFile, is_pending
from helpcentre.mkdocs.errors import BuildProblems, config_problem
from helpcentre.mkdocs.state import Alternate, LanguageBuild, Redirect, SiteBuild, SitemapEntry
from helpcentre.problems import Problem
from helpcentre.urls import absolute_url, alias_folder, home_url, site_root_path, url_in_language

log = logging.getLogger("mkdocs.hooks.helpcentre.seo")


@dataclass
class SeoView:
    """What the `<head>` says about a page to search engines."""

    canonical: str
    alternates: list[Alternate] = field(default_factory=list)
    noindex: bool = False


@dataclass(frozen=True)
class NotFoundView:
    lang: str
    text: dict[str, str]
    home_url: str


def check_aliases(site: SiteBuild, build: LanguageBuild, pages: list[PageFile]) -> None:
    """No alias may name a page this language has, or its redirect would overwrite that
    page; every language version's aliases count (each gets redirected)."""
    own = {page.article_id for page in pages}
    for page in pages:
        for alias in _aliases(site, page.article_id):
            if alias in own:
                declaring = _declaring(site, page.article_id, alias)
                line, col = front_matter_position(declaring.text, "aliases")
                where = site.display(declaring.path)
                message = (
                    f"alias '{alias}' is an existing page "
                    "(remove it from 'aliases:' or move that page)"
                )
                raise BuildProblems([Problem(where, line, col, message)])


def seo_view(
    site: SiteBuild, build: LanguageBuild, page_url: str, article_id: str, shows_source: bool
) -> SeoView:
    """Canonical and hreflang links of a page; records its sitemap entry and redirects."""
    languages = site.languages
    lang = build.lang
    versions = {
        other: url_in_language(page_url, lang, other, languages)
        for other in languages.all
        if other == lang or _published(site, other, article_id)
    }
    if shows_source:
        versions.pop(lang, None)
    seo = SeoView(canonical=_absolute(site, page_url))
    if shows_source and languages.source in versions:
        # Not translated yet: the source is the page search engines should index.
        seo.canonical = _absolute(site, versions[languages.source])
    elif len(versions) > 1 or (versions and lang != languages.source):
        seo.alternates = [Alternate(other, _absolute(site, url)) for other, url in versions.items()]
        if languages.source in versions:
            seo.alternates.append(
                Alternate("x-default", _absolute(site, versions[languages.source]))
            )
    if not shows_source:
        site.sitemap.append(SitemapEntry(seo.canonical, seo.alternates))
    for alias in _aliases(site, article_id):
        build.redirects.append(Redirect(alias_folder(alias, lang, languages), seo.canonical))
    return seo


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
    config.theme.static_templates.discard("sitemap.xml")
    for file in list(files):
        if file.src_uri == "sitemap.xml" and not file.is_documentation_page():
            files.remove(file)
    return files


def render_not_found(site: SiteBuild, config: MkDocsConfig, render: bool) -> None:
    """A language build that renders no page renders no 404 page either (the theme would
    render one per build, whatever its files)."""
    if render and site.theme_has_not_found:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")


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
    for lang, build in site.by_language.items():
        for redirect in build.redirects:
            target = site_dir / redirect.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                template.render(lang=lang, target=redirect.target, text=build.strings),
                encoding="utf-8",
            )
        if build.not_found_html is not None:
            folder = site_dir / site.languages.prefix(lang)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "404.html").write_text(build.not_found_html, encoding="utf-8")
    if not all(build.rendered_every_page() for build in site.by_language.values()):
        log.info("partial rebuild: search index and sitemap wait for a complete build")
        return False
    _write_sitemap(site, config)
    return True


def _published(site: SiteBuild, lang: str, article_id: str) -> bool:
    """A language has its own, translated version of the page."""
    source = site.sources.get(lang, article_id)
    return source is not None and not is_pending(source.meta)


def _absolute(site: SiteBuild, url: str) -> str:
    base = site.config.site_url or ""
    if not base:
        message = "site_url is required for canonical and hreflang links"
        raise BuildProblems([config_problem(message, "site_url", site.config.config_file_path)])
    return absolute_url(base, url)


def _aliases(site: SiteBuild, article_id: str) -> list[str]:
    """Old paths of a page: the `aliases:` of each of its language versions."""
    found: list[str] = []
    for lang in site.languages.all:
        source = site.sources.get(lang, article_id)
        for alias in (source.meta.get("aliases") or []) if source else []:
            if isinstance(alias, str) and alias not in found:
                found.append(alias)
    return found


def _declaring(site: SiteBuild, article_id: str, alias: str) -> SourceFile:
    """The language version of a page whose front matter lists `alias`."""
    versions = (site.sources.get(lang, article_id) for lang in site.languages.all)
    return next(v for v in versions if v is not None and alias in (v.meta.get("aliases") or []))


def _write_sitemap(site: SiteBuild, config: MkDocsConfig) -> None:
    template = config.theme.get_env().get_template("partials/hc-sitemap-xml.html")
    xml = template.render(entries=sorted(site.sitemap, key=lambda e: e.loc))
    site_dir = Path(config.site_dir)
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
