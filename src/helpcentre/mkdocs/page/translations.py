"""Pages not translated yet show the source-language text; stale ones point to the newer source.

A translation is a file at the same path under another language folder. A stub with
`translation: pending`, or no file at all in a language, is served from the source file's
body, in the source language (the template marks it with a `lang` attribute and policy
values are formatted for that language). A translation whose `source_hash` no longer
matches its source shows a notice linking to the source page. `make check` reports both.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from helpcentre.content.sources import SourceFile, is_pending, source_hash
from helpcentre.interface import language_name
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.page.pages import PageView, TranslationNotice, page_source
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.problems import Problem
from helpcentre.urls import page_url


@dataclass(frozen=True)
class PageText:
    """A page of this language build and the Markdown it shows."""

    file_lang: str  # the language folder of its file (the source's for a fallback page)
    article_id: str
    source: SourceFile  # its own file
    shown: SourceFile  # the file whose body it shows: the source's for a pending stub
    where: str  # `shown`, as an editor types its path
    text_lang: str  # the language of that text


def page_text(site: SiteBuild, build: LanguageBuild, src_uri: str) -> PageText:
    file_lang, article_id, source = page_source(site, src_uri)
    shown = source_text(site, build, article_id, source, site.display(source.path))
    text_lang = text_language(site, build, file_lang, source.meta)
    return PageText(file_lang, article_id, source, shown, site.display(shown.path), text_lang)


def shows_source_text(site: SiteBuild, build: LanguageBuild, file_lang: str, meta: dict) -> bool:
    """True for a page of a translation that is pending or has no file of its own yet."""
    if build.lang == site.languages.source:
        return False
    return file_lang == site.languages.source or is_pending(meta)


def text_language(site: SiteBuild, build: LanguageBuild, file_lang: str, meta: dict) -> str:
    """The language a page's text is in: the source language while it is not translated."""
    return site.languages.source if shows_source_text(site, build, file_lang, meta) else build.lang


def source_text(
    site: SiteBuild, build: LanguageBuild, article_id: str, source: SourceFile, where: str
) -> SourceFile:
    """The file whose body a page shows: the source-language file for a pending stub."""
    if build.lang == site.languages.source or not is_pending(source.meta):
        return source
    original = site.sources.get(site.languages.source, article_id)
    if original is None:
        message = (
            f"pending translation of docs/{site.languages.source}/{article_id}, which does "
            "not exist (create the source article or delete this stub)"
        )
        raise BuildProblems([Problem(where, 1, 1, message)])
    return original


def add_notice(
    site: SiteBuild,
    build: LanguageBuild,
    view: PageView,
    page_url_here: str,
    file_lang: str,
    article_id: str,
    source: SourceFile,
) -> None:
    """Tell readers a page is not translated yet, or older than its source."""
    languages = site.languages
    if build.lang == languages.source:
        return
    pending = shows_source_text(site, build, file_lang, source.meta)
    stale = False
    recorded = source.meta.get("source_hash")
    if not pending and recorded is not None:
        original = site.sources.get(languages.source, article_id)
        stale = original is not None and recorded != source_hash(original)
    if not (pending or stale):
        return
    text = build.strings
    name = language_name(languages.source, build.lang)
    url = get_relative_url(page_url(article_id, languages.source, languages), page_url_here)
    view.pending = pending
    view.translation = TranslationNotice(
        pending=pending,
        stale=stale,
        source_lang=languages.source,
        source_url=url,
        message=text["translation_pending" if pending else "translation_stale"].format(source=name),
        link_text=text["translation_read_source"].format(source=name),
    )
