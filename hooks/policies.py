"""Replaces `{{ policy.* }}` markers in articles with values from data/policies.yml."""

from __future__ import annotations

import difflib
import logging
import shutil
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from markers import Marker, MarkerSyntaxError, replace_markers
from policy_format import CONTACT_FIELDS, format_inline, format_table
from policy_model import Policy, PolicyBook, PolicyDataError
from site_context import (
    build_date,
    current_language,
    formatting_locale,
    load_book,
    policy_book,
    rendered_every_page,
    site_languages,
    store_book,
    store_files,
)
from source_lines import Problem, body_first_line, page_display_path, project_root
from translations_model import content_language

log = logging.getLogger("mkdocs.hooks.policies")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        as_of = build_date()
        book = load_book(config)
    except (PolicyDataError, ValueError) as error:
        raise PluginError(str(error)) from None
    store_book(config, book)
    log.debug("policy values as of %s: %d keys", as_of.isoformat(), len(book.policies))
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    book = policy_book(config)
    lang = content_language(page.meta, config)
    locale = formatting_locale(config, lang)
    as_of = build_date()
    first_line = body_first_line(page.file.content_string)
    where = page_display_path(page, project_root(config.config_file_path))
    used = book.used_by_page.setdefault(page.file.src_uri, set())

    def fail(line: int, col: int, message: str) -> PluginError:
        return PluginError(Problem(where, first_line + line - 1, col, message).text())

    def render(marker: Marker) -> str:
        policy, field = _resolve(book, marker.key)
        if policy is None:
            raise fail(marker.line, marker.col, _unknown_key_message(book, marker.key))
        if field is not None and (policy.type != "contact" or field not in CONTACT_FIELDS):
            raise fail(
                marker.line,
                marker.col,
                f"policy '{policy.key}' has no field '{field}'"
                + (f" (fields: {', '.join(CONTACT_FIELDS)})" if policy.type == "contact" else ""),
            )
        timed = policy.in_force(as_of)
        if timed is None:
            raise fail(
                marker.line,
                marker.col,
                f"policy '{policy.key}' has no value in force on {as_of.isoformat()} "
                f"(add a value with an earlier 'from:' in {book.path})",
            )
        book.used.add(policy.key)
        used.add(policy.key)
        if policy.type == "table":
            if not marker.alone_on_line:
                raise fail(
                    marker.line,
                    marker.col,
                    f"table policy '{policy.key}' must stand alone on its own line",
                )
            return "\n" + format_table(timed.value, lang, locale) + "\n"
        rendered = format_inline(policy.type, timed.value, field, lang, locale)
        if not rendered:
            raise fail(
                marker.line,
                marker.col,
                f"policy '{policy.key}' has no {field} "
                f"(add it in {book.path} or remove the marker)",
            )
        return rendered

    try:
        return replace_markers(markdown, render)
    except MarkerSyntaxError as error:
        raise fail(error.line, error.col, error.message) from None


def on_pre_build(config: MkDocsConfig) -> None:
    """In a `--dirty` preview, MkDocs rebuilds only changed Markdown files; when the data
    file changed since the last build (MkDocs writes sitemap.xml on every build), empty the
    output folder so every page shows the new values."""
    if current_language(config) != site_languages(config)[0]:
        return  # the default language's build holds the other languages' folders
    site_dir = Path(config.site_dir)
    data_file = Path(project_root(config.config_file_path), policy_book(config).path)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file() and data_file.stat().st_mtime > sitemap.stat().st_mtime:
        log.info("%s changed: rebuilding every page", policy_book(config).path)
        _empty_folder(site_dir)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    store_files(config, files)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    book = policy_book(config)
    lang = current_language(config)
    if not rendered_every_page(config):
        log.debug("partial rebuild: unused policy keys are checked by complete builds")
        return
    for key in sorted(set(book.policies) - book.used):
        log.warning(
            "%s:%d:%d: policy '%s' is not used by any page in '%s' (use it or remove it)",
            book.path,
            book.policies[key].line,
            book.policies[key].col,
            key,
            lang,
        )


def _empty_folder(folder: Path) -> None:
    # Not mkdocs.utils.clean_directory: static-i18n swaps it for a no-op during its nested
    # builds and leaves it so when a build fails there.
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _resolve(book: PolicyBook, key: str) -> tuple[Policy | None, str | None]:
    if key in book.policies:
        return book.policies[key], None
    parent, _, field = key.rpartition(".")
    if parent in book.policies:
        return book.policies[parent], field
    return None, None


def _unknown_key_message(book: PolicyBook, key: str) -> str:
    candidates = list(book.policies)
    for name, policy in book.policies.items():
        if policy.type == "contact":
            candidates.extend(f"{name}.{field}" for field in CONTACT_FIELDS)
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (the keys are in {book.path})"
    return f"unknown policy key '{key}'{hint}"
