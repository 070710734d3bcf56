"""One language of a parallel build: what its process renders and hands back to the site step.

In a parallel build (`python -m helpcentre build`, helpcentre.mkdocs.engine.parallel) every
process runs the whole static-i18n chain of builds, but renders one language: the other
languages' builds get no files. When its builds end, the process keeps its language's
part (404 page, redirects, sitemap entries, manifest, values used, search file) instead
of writing the site-wide outputs; the parent joins the parts and writes those once.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.mkdocs.outputs import search
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild, SitemapEntry


@dataclass
class LanguagePart:
    """One language's share of the site-wide outputs, as its process found it."""

    lang: str
    build: LanguageBuild
    sitemap: list[SitemapEntry]
    used_by_page: dict[tuple[str, str], set[str]]
    manifest: dict[str, dict[str, str]]  # article id -> title, url (Manifest.of_language)
    search: search.LanguageSearch | None


@dataclass
class _PartMode:
    lang: str | None = None  # the language this process renders; None: every language
    prepared: SiteBuild | None = None  # read before the processes start, shared by them
    kept: LanguagePart | None = None


_mode = _PartMode()


@contextlib.contextmanager
def rendering_only(lang: str) -> Iterator[None]:
    """Within this block, builds render `lang` only and keep its part (see `take`)."""
    _mode.lang, _mode.kept = lang, None
    try:
        yield
    finally:
        _mode.lang = None


def skips(lang: str) -> bool:
    """Another process renders this language's pages."""
    return _mode.lang is not None and lang != _mode.lang


def prepare(site: SiteBuild) -> None:
    """The site build read once by the parent: every language process starts from it."""
    _mode.prepared = site


def prepare_nothing() -> None:
    _mode.prepared = None


def prepared_for(config: MkDocsConfig) -> SiteBuild | None:
    """The prepared site build, for the first build of this config in a language process."""
    site = _mode.prepared
    if site is None or site.config is not config or _mode.lang is None:
        return None
    _mode.prepared = None  # one use: a later build in the same process reads afresh
    return site


def keep(site: SiteBuild) -> bool:
    """When this process renders one language: keep its part and say so (the site-wide
    outputs are the parent's to write)."""
    lang = _mode.lang
    if lang is None:
        return False
    build = site.by_language[lang]
    prepared = search.prepare_language(site, build)
    _mode.kept = LanguagePart(
        lang=lang,
        # The pages, MkDocs' objects, stay here; the texts were only for the search file.
        build=dataclasses.replace(build, files=None, indexed_text={}, rendered=None),
        sitemap=list(site.sitemap),
        used_by_page={key: used for key, used in site.used_by_page.items() if key[0] == lang},
        manifest=site.manifest.of_language(lang),
        search=prepared,
    )
    return True


def take() -> LanguagePart | None:
    """The part the last build of this process kept (None when it failed first)."""
    kept, _mode.kept = _mode.kept, None
    return kept


def join(site: SiteBuild, part: LanguagePart) -> None:
    """Add a language's part to the parent's site build."""
    site.by_language[part.lang] = part.build
    site.sitemap += part.sitemap
    site.used_by_page.update(part.used_by_page)
    site.manifest.add_language(part.lang, part.manifest)
