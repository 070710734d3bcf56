"""The "Did this answer your question?" widget on articles and the manifest its collector reads."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from catalogue_model import article_id_of
from site_context import (
    build_date,
    catalogue_of,
    current_language,
    help_contact,
    site_languages,
)
from source_lines import project_root
from ui_text import ui_text

log = logging.getLogger("mkdocs.hooks.feedback")


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Runs after static-i18n's on_config (-100), so the language being built is known."""
    settings = _settings(config)
    lang = current_language(config)
    if lang == site_languages(config)[0]:
        # The default language is built first and the others inside its build: a new
        # manifest starts here and collects every language.
        config[_MANIFEST_KEY] = Manifest(build=settings.build, site_origin=settings.site_origin)
        if settings.endpoint is None:
            log.info(
                "feedback widget not rendered: no extra.feedback.endpoint in mkdocs.yml "
                "(set HELPCENTRE_FEEDBACK_ENDPOINT to a collector's URL)"
            )
    config[_SETTINGS_KEY] = settings
    return config


@event_priority(-120)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Lists this language's articles from the catalogue (front matter, not rendered pages),
    so a `serve --dirty` rebuild of one page still writes a complete manifest. Runs after
    the catalogue's on_nav (-110), which reads it."""
    lang = current_language(config)
    manifest: Manifest | None = config.get(_MANIFEST_KEY)
    if manifest is None:
        return nav
    for article in catalogue_of(config).articles.values():
        if "feedback" not in article.hide:
            manifest.add(article.article_id, lang, article.title, article.url)
    return nav


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    lang = current_language(config)
    article = catalogue_of(config).articles.get(article_id_of(page.file.src_uri, lang))
    settings: FeedbackSettings = config[_SETTINGS_KEY]
    if article is None or "feedback" in article.hide or settings.endpoint is None:
        return context
    article_id, title = article.article_id, article.title
    text = ui_text(lang)
    page_url = urljoin(config.site_url, page.url) if config.site_url else "/" + page.url
    context["hc_feedback"] = FeedbackView(
        endpoint=settings.endpoint,
        article=article_id,
        lang=lang,
        build=settings.build,
        question=text["feedback.question"],
        reactions=tuple(
            Reaction(value, emoji, text[f"feedback.{value}"]) for value, emoji in REACTIONS
        ),
        thanks=text["feedback.thanks"],
        sorry=text["feedback.sorry"],
        contact_label=text["contact_us"],
        contact_href=_contact_href(config, lang, text, title, article_id, page_url),
    )
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Writes what has been collected so far: the last language's build writes them all."""
    manifest: Manifest | None = config.get(_MANIFEST_KEY)
    if manifest is None:
        return
    text = json.dumps(manifest.as_json(), ensure_ascii=False, indent=1, sort_keys=True)
    targets = [Path(config.site_dir, MANIFEST_NAME)]
    copy = _settings(config).manifest_copy
    if copy is not None:
        targets.append(copy)
    for target in targets:
        _write_atomically(target, text + "\n")


@dataclass(frozen=True)
class Reaction:
    value: str
    emoji: str
    label: str


@dataclass(frozen=True)
class FeedbackView:
    """What partials/hc-feedback.html draws for one article."""

    endpoint: str
    article: str
    lang: str
    build: str
    question: str
    reactions: tuple[Reaction, ...]
    thanks: str
    sorry: str
    contact_label: str
    contact_href: str | None


@dataclass(frozen=True)
class FeedbackSettings:
    endpoint: str | None
    site_origin: str | None
    build: str
    manifest_copy: Path | None


@dataclass
class Manifest:
    """The articles that show the widget, per language: the collector accepts only these."""

    build: str
    site_origin: str | None
    articles: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def add(self, article_id: str, lang: str, title: str, url: str) -> None:
        self.articles.setdefault(article_id, {})[lang] = {"title": title, "url": url}

    def as_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "build": self.build,
            "site_origin": self.site_origin,
            "articles": self.articles,
        }


def _settings(config: MkDocsConfig) -> FeedbackSettings:
    raw = config.extra.get("feedback") or {}
    if not isinstance(raw, dict):
        raise PluginError("mkdocs.yml: extra.feedback must be a mapping (endpoint, site_origin)")
    endpoint = raw.get("endpoint") or None
    if endpoint is not None and not _is_http_url(str(endpoint)):
        raise PluginError(
            f"mkdocs.yml: extra.feedback.endpoint '{endpoint}' is not an http(s) URL "
            "(e.g. https://feedback.example.com/api/feedback)"
        )
    origin = raw.get("site_origin") or _origin_of(config.site_url or "")
    if origin is not None and not _is_http_url(str(origin)):
        raise PluginError(
            f"mkdocs.yml: extra.feedback.site_origin '{origin}' is not an http(s) origin "
            "(e.g. https://help.example.com)"
        )
    copy = raw.get("manifest_copy") or None
    root = project_root(config.config_file_path)
    return FeedbackSettings(
        endpoint=str(endpoint) if endpoint else None,
        site_origin=_origin_of(str(origin)) if origin else None,
        build=_build_id(root),
        manifest_copy=Path(root, str(copy)) if copy else None,
    )


def _build_id(root: str) -> str:
    """HELPCENTRE_BUILD_ID, else the short git commit and the build date."""
    given = os.environ.get(BUILD_ID_VARIABLE, "").strip()
    if given:
        if not _BUILD_ID.fullmatch(given):
            raise PluginError(
                f"{BUILD_ID_VARIABLE}: not a build id '{given}' "
                "(use up to 64 letters, digits, '.', '_' or '-')"
            )
        return given
    try:
        commit = subprocess.run(
            ["git", "-C", root, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{commit or 'local'}-{build_date().isoformat()}"


def _contact_href(
    config: MkDocsConfig,
    lang: str,
    text: dict[str, str],
    title: str,
    article_id: str,
    page_url: str,
) -> str | None:
    """The help contact of the data file, pre-filled with the article and language."""
    contact = help_contact(config)
    if contact is None:
        return None
    if contact.email:
        subject = text["feedback.mail_subject"].format(title=title)
        body = text["feedback.mail_body"].format(article=article_id, lang=lang, url=page_url)
        return f"mailto:{contact.email}?subject={quote(subject)}&body={quote(body)}"
    if contact.url:
        separator = "&" if "?" in contact.url else "?"
        return contact.url + separator + urlencode({"article": article_id, "lang": lang})
    return None


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _write_atomically(target: Path, text: str) -> None:
    """A collector reading the manifest never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)


REACTIONS = (("sad", "😞"), ("neutral", "😐"), ("happy", "😃"))
MANIFEST_NAME = "feedback-manifest.json"
MANIFEST_FORMAT = 1
BUILD_ID_VARIABLE = "HELPCENTRE_BUILD_ID"
_BUILD_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SETTINGS_KEY = "helpcentre_feedback"
_MANIFEST_KEY = "helpcentre_feedback_manifest"
