"""Head links, sitemap, 404 pages, redirects and search index across the site's languages."""

from __future__ import annotations

import asyncio
import gzip
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from catalogue_model import article_id_of
from front_matter import front_matter_position
from site_context import all_pages_rendered, current_language, site_languages
from source_lines import display_path, project_root
from translations_model import is_pending
from ui_text import ui_text

log = logging.getLogger("mkdocs.hooks.seo")

_STATE_KEY = "helpcentre_seo"


def on_pre_build(config: MkDocsConfig) -> None:
    """The outermost build (the default language) starts a fresh record for the whole site;
    static-i18n runs the other languages' builds nested inside its post_build."""
    record = config.get(_STATE_KEY)
    if record is None or record.depth == 0:
        record = config[_STATE_KEY] = SiteRecord()
    record.depth += 1


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _record(config).redirects[current_language(config)] = []
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Keep each language's pages: a `--dirty` rebuild renders only some of them."""
    _record(config).files[current_language(config)] = files
    return env


@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """After static-i18n (-100) narrowed `files` to one language: no alias may name a page
    that exists, or its redirect would overwrite that page."""
    lang = current_language(config)
    root = project_root(config.config_file_path)
    for file in files.documentation_pages():
        if not file.src_uri.startswith(f"{lang}/"):
            continue
        source = file.content_string
        for alias in get_data(source)[1].get("aliases") or []:
            if isinstance(alias, str) and Path(config.docs_dir, lang, alias).is_file():
                where = display_path(file.abs_src_path or file.src_uri, root)
                line, col = front_matter_position(source, "aliases")
                raise PluginError(
                    f"{where}:{line}:{col}: alias '{alias}' is an existing page "
                    "(remove it from 'aliases:' or move that page)"
                )
    return nav


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Runs after catalogue.py (listed after it): reads `hc.pending` when it is there."""
    lang = current_language(config)
    languages = site_languages(config)
    record = _record(config)
    article_id = article_id_of(page.file.src_uri, lang)
    view = context.get("hc")
    pending = bool(getattr(view, "pending", False)) or is_pending(page.meta)
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
        seo.alternates = [
            Alternate(other, _absolute(config, url)) for other, url in versions.items()
        ]
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
    home = _home_path(root, lang, languages)
    context["hc_404"] = NotFoundView(lang=lang, text=ui_text(lang), home_url=home)
    context["hc_seo"] = SeoView(canonical="", noindex=True)
    alternates = config.extra.get("alternate")
    if isinstance(alternates, list):
        config.extra["alternate"] = [
            {
                **alt,
                "link": root + ("" if alt.get("lang") == languages[0] else f"{alt.get('lang')}/"),
            }
            for alt in alternates
            if isinstance(alt, dict)
        ]
    return context


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's 404 page: every language build writes /404.html (static-i18n
    #284), so the last one built would win."""
    if template_name == "404.html":
        _record(config).not_found[current_language(config)] = output_content
    return output_content


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Once static-i18n built every language (its post_build, at -100, runs the other
    languages' builds): 404 pages, redirects, sitemap and search index for the whole site."""
    record = _record(config)
    record.depth -= 1
    if record.depth > 0:
        return
    languages = site_languages(config)
    site_dir = Path(config.site_dir)
    template = config.theme.get_env().get_template("partials/hc-redirect.html")
    for lang, redirects in record.redirects.items():
        for redirect in redirects:
            target = site_dir / redirect.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                template.render(lang=lang, target=redirect.target, text=ui_text(lang)),
                encoding="utf-8",
            )
    for each, html in record.not_found.items():
        folder = site_dir if each == languages[0] else site_dir / each
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "404.html").write_text(html, encoding="utf-8")
    if not all(all_pages_rendered(files) for files in record.files.values()):
        log.info("partial rebuild: search index and sitemap wait for a complete build")
        return
    _write_sitemap(config, record)
    _write_search_index(site_dir)


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
    depth: int = 0  # builds under way: 1 for the default language, 2 inside it
    files: dict[str, Files] = field(default_factory=dict)  # each language build's pages


def _record(config: MkDocsConfig) -> SiteRecord:
    if _STATE_KEY not in config:
        config[_STATE_KEY] = SiteRecord()
    return config[_STATE_KEY]


def _home_path(root: str, lang: str, languages: list[str]) -> str:
    return root + ("" if lang == languages[0] else f"{lang}/")


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
    return meta is not None and not is_pending(meta)


def _url_in(url: str, lang: str, other: str, languages: list[str]) -> str:
    """The URL of the same page in another language (the folders mirror each other)."""
    bare = url if lang == languages[0] else url.removeprefix(f"{lang}/")
    return bare if other == languages[0] else f"{other}/{bare}"


def _absolute(config: MkDocsConfig, url: str) -> str:
    base = config.site_url or ""
    if not base:
        raise PluginError("mkdocs.yml: site_url is required for canonical and hreflang links")
    return urljoin(base, url)


def _aliases(config: MkDocsConfig, page: Page, article_id: str, languages: list[str]) -> list[str]:
    """Old paths of this page: its own `aliases:` and those of its other language versions."""
    found = list(page.meta.get("aliases") or [])
    for other in languages:
        meta = _other_meta(config, other, article_id) or {}
        found.extend(alias for alias in meta.get("aliases") or [] if alias not in found)
    return found


def _alias_path(alias: str, lang: str, languages: list[str]) -> str:
    """Folder of the page an old source path was published at: `a/b.md` -> `en/a/b`."""
    stem = alias.removesuffix(".md")
    stem = stem.removesuffix("index").rstrip("/")
    return stem if lang == languages[0] else f"{lang}/{stem}".rstrip("/")


def _write_sitemap(config: MkDocsConfig, record: SiteRecord) -> None:
    template = config.theme.get_env().get_template("partials/hc-sitemap.xml")
    xml = template.render(entries=sorted(record.sitemap, key=lambda e: e.loc))
    site_dir = Path(config.site_dir)
    (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))


def _write_search_index(site_dir: Path) -> None:
    """One Pagefind index per `<html lang>`, written to site/pagefind/."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> None:
        settings = IndexConfig(output_path=str(site_dir / "pagefind"))
        async with PagefindIndex(config=settings) as index:
            await index.add_directory(str(site_dir))

    try:
        asyncio.run(run())
    except Exception as error:  # the binary's own message is the useful part
        raise PluginError(f"pagefind: could not index {site_dir}: {error}") from None
