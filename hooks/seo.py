"""Head links, sitemap, 404 pages, redirects and search index across the site's languages."""

from __future__ import annotations

import asyncio
import gzip
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from catalogue_model import article_id_of
from front_matter import front_matter_position
from site_context import current_language, site_languages
from source_lines import display_path, project_root
from ui_text import ui_text

log = logging.getLogger("mkdocs.hooks.seo")

_STATE_KEY = "helpcentre_seo"


def on_pre_build(config: MkDocsConfig) -> None:
    """The outermost build (the default language) starts a fresh record for the whole site."""
    if _outermost(config) or _STATE_KEY not in config:
        config[_STATE_KEY] = SiteRecord()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _record(config).redirects[current_language(config)] = []
    return files


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Runs after catalogue.py (listed after it): reads `hc.pending` when it is there."""
    lang = current_language(config)
    languages = site_languages(config)
    record = _record(config)
    article_id = article_id_of(page.file.src_uri, lang)
    view = context.get("hc")
    pending = bool(getattr(view, "pending", False)) or _is_pending(page.meta)
    versions = {
        other: _url_in(page.url, lang, other, languages)
        for other in languages
        if other == lang or _published_version(config, other, article_id)
    }
    if pending:
        versions.pop(lang, None)
    seo = SeoView(canonical=_absolute(config, page.url))
    if pending and languages[0] in versions:
        # Not translated yet: the source is the page search engines should index.
        seo.canonical = _absolute(config, versions[languages[0]])
    elif len(versions) > 1 or (versions and lang != languages[0]):
        seo.alternates = [Alternate(other, _absolute(config, url)) for other, url in versions.items()]
        if languages[0] in versions:
            seo.alternates.append(Alternate("x-default", _absolute(config, versions[languages[0]])))
    context["hc_seo"] = seo
    if not pending:
        record.sitemap.append(SitemapEntry(seo.canonical, seo.alternates))
    for alias in _aliases(config, page, article_id, languages):
        record.redirects[lang].append(Redirect(_alias_path(alias, lang, languages), seo.canonical))
    return context


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    """The 404 page: its language's strings and home; the language menu leads to each home."""
    if template_name != "404.html":
        return context
    lang = current_language(config)
    languages = site_languages(config)
    root = urlsplit(config.site_url or "/").path or "/"
    home = root + ("" if lang == languages[0] else f"{lang}/")
    context["hc_404"] = NotFoundView(lang=lang, text=ui_text(lang), home_url=home)
    context["hc_seo"] = SeoView(canonical="", noindex=True)
    alternates = config.extra.get("alternate")
    if isinstance(alternates, list):
        config.extra["alternate"] = [
            {**alt, "link": root + ("" if alt.get("lang") == languages[0] else f"{alt.get('lang')}/")}
            for alt in alternates
            if isinstance(alt, dict)
        ]
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Each language: keep its 404 page and write its redirect pages."""
    lang = current_language(config)
    languages = site_languages(config)
    record = _record(config)
    site_dir = Path(config.site_dir)
    not_found = site_dir / "404.html"
    if not_found.is_file():
        # Every language build writes /404.html (static-i18n #284): move it to its own folder.
        record.not_found[lang] = not_found.read_text(encoding="utf-8")
        if lang != languages[0]:
            target = site_dir / lang / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(record.not_found[lang], encoding="utf-8")
    template = config.theme.get_env().get_template("partials/hc-redirect.html")
    for redirect in record.redirects.get(lang, []):
        target = site_dir / redirect.path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            template.render(lang=lang, target=redirect.target, text=ui_text(lang)),
            encoding="utf-8",
        )


@event_priority(-200)
def on_post_build_last(config: MkDocsConfig) -> None:
    """Placeholder so the event name reads well; MkDocs only calls `on_post_build`."""


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


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


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    alternates: list[Alternate]


@dataclass(frozen=True)
class Redirect:
    path: str
    target: str


@dataclass
class SiteRecord:
    """What every language build left for the site-wide files written at the end."""

    sitemap: list[SitemapEntry] = field(default_factory=list)
    redirects: dict[str, list[Redirect]] = field(default_factory=dict)
    not_found: dict[str, str] = field(default_factory=dict)
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)


def _record(config: MkDocsConfig) -> SiteRecord:
    if _STATE_KEY not in config:
        config[_STATE_KEY] = SiteRecord()
    return config[_STATE_KEY]


def _outermost(config: MkDocsConfig) -> bool:
    """True outside static-i18n's nested builds of the other languages."""
    plugin = config.plugins.get("i18n")
    return plugin is None or not getattr(plugin, "building", False)


def _is_pending(meta: dict[str, Any]) -> bool:
    return str(meta.get("translation", "")).strip().lower() == "pending"


def _other_meta(config: MkDocsConfig, lang: str, article_id: str) -> dict[str, Any] | None:
    """Front matter of another language's version of a page, None when it has none."""
    cache = _record(config).front_matter
    key = f"{lang}/{article_id}"
    if key not in cache:
        path = Path(config.docs_dir, lang, article_id)
        cache[key] = get_data(path.read_text(encoding="utf-8"))[1] if path.is_file() else None
    return cache[key]


def _published_version(config: MkDocsConfig, lang: str, article_id: str) -> bool:
    meta = _other_meta(config, lang, article_id)
    return meta is not None and not _is_pending(meta)


def _url_in(url: str, lang: str, other: str, languages: list[str]) -> str:
    """The URL of the same page in another language (the folders mirror each other)."""
    bare = url if lang == languages[0] else url.removeprefix(f"{lang}/")
    return bare if other == languages[0] else f"{other}/{bare}"


def _absolute(config: MkDocsConfig, url: str) -> str:
    base = config.site_url or ""
    if not base:
        raise PluginError("mkdocs.yml: site_url is required for canonical and hreflang links")
    return urljoin(base, url)


def _aliases(
    config: MkDocsConfig, page: Page, article_id: str, languages: list[str]
) -> list[str]:
    """Old paths of this page: its own `aliases:` and those of its other language versions."""
    found = list(page.meta.get("aliases") or [])
    for other in languages:
        meta = _other_meta(config, other, article_id) or {}
        found.extend(alias for alias in meta.get("aliases") or [] if alias not in found)
    root = project_root(config.config_file_path)
    for alias in found:
        if Path(config.docs_dir, current_language(config), alias).is_file():
            where = display_path(page.file.abs_src_path or page.file.src_uri, root)
            line, col = front_matter_position(page.file.content_string, "aliases")
            raise PluginError(
                f"{where}:{line}:{col}: alias '{alias}' is an existing page "
                "(remove it from 'aliases:' or move that page)"
            )
    return found
