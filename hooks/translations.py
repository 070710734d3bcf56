"""Pending translations show the source-language text; stale ones point to the newer source.

A translation is a file at the same path under another language folder. A stub with
`translation: pending` in its front matter is built from the source file's body, in the
source language (the template marks it with a `lang` attribute; policies.py formats its
values for that language). A translation whose `source_hash` no longer matches its
source shows a notice linking to the source page. `make check` reports both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from catalogue_model import article_id_of
from site_context import current_language, site_languages
from source_lines import page_display_path, project_root
from translations_model import (
    TranslationNotice,
    is_pending,
    page_url,
    read_source,
    source_hash,
    source_path,
)
from ui_text import ui_text


@event_priority(50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Runs before policies.py (priority 0) so the source body's markers get filled in."""
    lang, source_lang = current_language(config), site_languages(config)[0]
    if lang == source_lang or not is_pending(page.meta):
        return markdown
    article_id = article_id_of(page.file.src_uri, lang)
    path = source_path(Path(config.docs_dir), source_lang, article_id)
    if not path.is_file():
        where = page_display_path(page, project_root(config.config_file_path))
        raise PluginError(
            f"{where}:1:1: pending translation of docs/{source_lang}/{article_id}, which does "
            "not exist (create the source article or delete this stub)"
        )
    return read_source(path).body


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Runs after catalogue.py's on_page_context (listed after it), which creates `hc`."""
    view = context.get("hc")
    languages = site_languages(config)
    lang, source_lang = current_language(config), languages[0]
    if view is None or lang == source_lang:
        return context
    article_id = article_id_of(page.file.src_uri, lang)
    path = source_path(Path(config.docs_dir), source_lang, article_id)
    pending = is_pending(page.meta)
    recorded = page.meta.get("source_hash")
    stale = not pending and path.is_file() and recorded is not None
    stale = stale and recorded != source_hash(read_source(path))
    if not (pending or stale):
        return context
    text = ui_text(lang)
    source_name = Locale.parse(source_lang).get_display_name(lang) or source_lang
    url = get_relative_url(page_url(article_id, source_lang, source_lang), page.url)
    view.pending = pending
    view.translation = TranslationNotice(
        pending=pending,
        stale=stale,
        source_lang=source_lang,
        source_url=url,
        message=text["translation_pending" if pending else "translation_stale"].format(
            source=source_name
        ),
        link_text=text["translation_read_source"].format(source=source_name),
    )
    return context
