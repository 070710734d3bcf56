"""The Decap CMS configuration (`/admin/config.yml`), written from mkdocs.yml and docs/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from helpcentre.content.front_matter import ArticleMeta
from helpcentre.languages import Languages

# Where the preview's local backend answers (helpcentre.editor.app).
LOCAL_API = "/admin/api/v1"

# How each front-matter key of an article is edited, in the order new files write them.
# Keys not listed (hide, aliases, translation, source_hash) are kept as they are written.
# Whether a key is required is read from ArticleMeta; `owner` picks a team of the teams
# file (a text field when the site declares none).
ARTICLE_FIELDS: dict[str, dict[str, Any]] = {
    "title": {"label": "Title", "widget": "string"},
    "description": {"label": "Description", "widget": "text"},
    "order": {"label": "Order", "widget": "number", "value_type": "int"},
    "tags": {"label": "Tags", "widget": "list"},
    "keywords": {"label": "Search keywords", "widget": "list"},
    "owner": {"label": "Owner (team)", "widget": "string"},
    "review_every": {"label": "Review every", "widget": "string", "hint": "e.g. 6 months"},
    "reviewed": {
        "label": "Last reviewed",
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
    },
}
# An article needs text below its front matter (helpcentre.content.translated.missing_text).
BODY_FIELD = {"label": "Text", "name": "body", "widget": "hc-markdown", "required": True}


@dataclass(frozen=True)
class Collection:
    """A help-centre collection: its folder under docs/<lang>/ and its title per language."""

    folder: str
    titles: dict[str, str]


@dataclass(frozen=True)
class EditorSite:
    """What the editor's configuration is written from."""

    name: str
    languages: Languages
    collections: tuple[Collection, ...]
    docs_dir: str  # from the repository root, e.g. "docs"
    repo: str  # owner/name for the GitHub backend ("" in a preview that has none)
    branch: str
    site_url: str
    auth_url: str = ""  # the OAuth service signing editors in to GitHub ("": Netlify's)
    teams: tuple[tuple[str, str], ...] = ()  # (id, name in the source language)


def collection_name(folder: str, lang: str) -> str:
    """The editor's collection of one help-centre collection in one language."""
    return f"{folder}-{lang}"


def editor_config(site: EditorSite, *, local: bool) -> dict[str, Any]:
    """The configuration: one editor collection per help-centre collection and language
    (the source language first), the GitHub backend with its pull-request workflow, and,
    in a preview (`local`), the local backend that writes to the working tree."""
    config: dict[str, Any] = {
        "backend": {
            "name": "github",
            "repo": site.repo or "owner/repository",
            "branch": site.branch,
        },
        "site_url": site.site_url,
        "display_url": site.site_url,
        "locale": "en",
        "media_folder": f"{site.docs_dir}/{site.languages.source}",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            _collection(site, collection, lang)
            for lang in site.languages.all
            for collection in site.collections
        ],
    }
    if site.auth_url:
        config["backend"]["base_url"] = site.auth_url
    if local:
        # hc-admin.js gives it its URL on the page's own origin (127.0.0.1 or localhost).
        config["local_backend"] = True
    else:
        config["publish_mode"] = "editorial_workflow"
    return config


def config_yaml(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10**6)


def _collection(site: EditorSite, collection: Collection, lang: str) -> dict[str, Any]:
    source = site.languages.source
    title = collection.titles.get(lang) or collection.titles.get(source) or collection.folder
    translating = lang != source
    fields = [_field(name, site.teams) for name in ARTICLE_FIELDS]
    if translating:
        # Which source article this translates (the file keeps its name), and, for a new
        # translation, pending (readers see the source) until it is marked done.
        chooser = {"label": f"Translation of ({source})", "name": "hc_translation"}
        fields.insert(0, {**chooser, "widget": "hc-translation", "required": False})
        pending = {"label": "Translation", "name": "translation", "widget": "hidden"}
        fields.append({**pending, "default": "pending", "required": False})
    fields.append(dict(BODY_FIELD))
    folder = f"{site.docs_dir}/{lang}/{collection.folder}"
    return {
        "name": collection_name(collection.folder, lang),
        "label": f"{title} ({lang})",
        "label_singular": "article",
        "folder": folder,
        "extension": "md",
        "format": "hc-frontmatter",
        "create": True,
        "delete": False,
        # A translation keeps its source's file name: its URL differs by language only.
        "slug": "{{hc_translation}}" if translating else "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "media_folder": f"/{site.docs_dir}/{source}/{collection.folder}",
        "public_folder": "",
        "fields": fields,
    }


def _field(name: str, teams: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    field = {"name": name, **ARTICLE_FIELDS[name]}
    if name == "owner" and teams:
        options = [{"label": f"{team} ({shown})", "value": team} for team, shown in teams]
        field.update(widget="select", options=options)
    field["required"] = ArticleMeta.model_fields[name].is_required()
    return field
