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


class PartMode:
    """Which language this process renders, owned by the hooks: the parent of a parallel
    build prepares it before forking (every language process starts from a copy), and
    `build_language_part` sets it in its own process."""

    def __init__(self) -> None:
        self.lang: str | None = None  # the language this process renders; None: every one
        self.prepared: SiteBuild | None = None  # read before the processes start, shared
        self.kept: LanguagePart | None = None

    @contextlib.contextmanager
    def rendering_only(self, lang: str) -> Iterator[None]:
        """Within this block, builds render `lang` only and keep its part (see `take`)."""
        self.lang, self.kept = lang, None
        try:
            yield
        finally:
            self.lang = None

    def skips(self, lang: str) -> bool:
        """Another process renders this language's pages."""
        return self.lang is not None and lang != self.lang

    def prepare(self, site: SiteBuild) -> None:
        """The site build read once by the parent: every language process starts from it."""
        self.prepared = site

    def prepare_nothing(self) -> None:
        self.prepared = None

    def prepared_for(self, config: MkDocsConfig) -> SiteBuild | None:
        """The prepared site build, for the first build of this config in a language process."""
        site = self.prepared
        if site is None or site.config is not config or self.lang is None:
            return None
        self.prepared = None  # one use: a later build in the same process reads afresh
        return site

    def keep(self, site: SiteBuild) -> bool:
        """When this process renders one language: keep its part and say so (the site-wide
        outputs are the parent's to write)."""
        lang = self.lang
        if lang is None:
            return False
        build = site.by_language[lang]
        prepared = search.prepare_language(site, build)
        self.kept = LanguagePart(
            lang=lang,
            # The pages, MkDocs' objects, stay here; the texts were only for the search file.
            build=dataclasses.replace(build, files=None, indexed_text={}, rendered=None),
            sitemap=list(site.sitemap),
            used_by_page={key: used for key, used in site.used_by_page.items() if key[0] == lang},
            manifest=site.manifest.of_language(lang),
            search=prepared,
        )
        return True

    def take(self) -> LanguagePart | None:
        """The part the last build of this process kept (None when it failed first)."""
        kept, self.kept = self.kept, None
        return kept


def join(site: SiteBuild, part: LanguagePart) -> None:
    """Add a language's part to the parent's site build."""
    site.by_language[part.lang] = part.build
    site.sitemap += part.sitemap
    site.used_by_page.update(part.used_by_page)
    site.manifest.add_language(part.lang, part.manifest)
