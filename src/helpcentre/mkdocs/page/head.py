"""A page's head links for search engines: canonical, hreflang, and the redirects of its aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from helpcentre.content.catalogue import PageFile
from helpcentre.content.front_matter import front_matter_position
from helpcentre.content.sources import SourceFile, is_pending
from helpcentre.mkdocs import compat
from helpcentre.mkdocs.errors import BuildProblems, config_problem
from helpcentre.mkdocs.state import Alternate, LanguageBuild, Redirect, SiteBuild, SitemapEntry
from helpcentre.problems import Problem
from helpcentre.urls import absolute_url, alias_folder, url_in_language


@dataclass
class SeoView:
    """What the `<head>` says about a page to search engines."""

    canonical: str
    alternates: list[Alternate] = field(default_factory=list)
    noindex: bool = False
    alternate_rel: str = compat.HREFLANG_REL  # the hreflang links' rel, spelt for Material


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
