"""Intercom's Articles and Help Center API responses read into the neutral model.

Objects are told apart by their `type`: `list` (a page of results under `data`),
`article`, `collection` and `section`. An article's texts per locale are in
`translated_content` (`article_content` objects: title, description, body, state,
updated_at, url); it sits in the collection or section named by `parent_id` and
`parent_type`. A collection's `parent_id` names the collection it is nested in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from helpcentre.importer.model import Article, Collection, Export, Product, Version
from helpcentre.importer.slugs import slugify

GROUPS = ("collection", "section")


def read_intercom(responses: Iterable[tuple[str, Any]]) -> Export:
    export = Export(Product.INTERCOM)
    for where, payload in responses:
        _read(export, where, payload)
    return export


def _read(export: Export, where: str, payload: Any) -> None:
    kind = payload.get("type") if isinstance(payload, dict) else None
    if kind == "list":
        for item in payload.get("data") or []:
            _read(export, where, item)
    elif kind == "article":
        _article(export, payload)
    elif kind in GROUPS:
        _collection(export, kind, payload)
    else:
        export.unread.append(f"{where}: an object of type '{kind}' is not an article or collection")


def _article(export: Export, item: dict[str, Any]) -> None:
    versions: dict[str, Version] = {}
    for locale, content in _translations(item, "article_content"):
        versions[locale] = Version(
            locale=locale,
            title=str(content.get("title") or ""),
            description=str(content.get("description") or ""),
            body_html=str(content.get("body") or ""),
            draft=content.get("state") == "draft",
            updated_at=str(content.get("updated_at") or ""),
            urls=[str(content["url"])] if content.get("url") else [],
        )
    source = _source_locale(item, versions)
    parent = item.get("parent_id")
    parent_type = item.get("parent_type") or "collection"
    article = Article(
        upstream_id=str(item.get("id")),
        parent=f"{parent_type}:{parent}" if parent not in (None, "") else None,
        order=None,
        source_locale=source,
        versions={k: v for k, v in versions.items() if v.title or v.body_html},
    )
    export.articles[article.key] = article
    export.locales.update(article.versions)


def _collection(export: Export, kind: str, item: dict[str, Any]) -> None:
    default = _locale(item.get("default_locale")) or None
    url = str(item.get("url") or "")
    versions: dict[str, Version] = {}
    for locale, content in _translations(item, "group_content"):
        name = str(content.get("name") or "")
        if not name:
            continue
        versions[locale] = Version(
            locale=locale,
            title=name,
            description=str(content.get("description") or ""),
            updated_at=str(item.get("updated_at") or ""),
            urls=_group_urls(url, locale, name),
        )
    if not versions:
        locale = default or _url_locale(url) or "en"
        versions[locale] = Version(
            locale,
            str(item.get("name") or ""),
            str(item.get("description") or ""),
            updated_at=str(item.get("updated_at") or ""),
            urls=[url] if url else [],
        )
    parent = item.get("parent_id")
    key = f"{kind}:{item.get('id')}"
    export.collections[key] = Collection(
        key=key,
        upstream_id=str(item.get("id")),
        # A section always sits in a collection; a collection in another one, or at the top.
        parent=f"collection:{parent}" if parent not in (None, "") else None,
        order=int(item.get("order") or 0),
        icon=str(item["icon"]) if item.get("icon") else None,
        versions=versions,
    )
    export.locales.update(versions)


def _translations(item: dict[str, Any], content_type: str) -> list[tuple[str, dict[str, Any]]]:
    """(locale, content) of each language the object has; the top-level fields alone
    when the response has no `translated_content` (a single-language workspace)."""
    translated = item.get("translated_content")
    found = []
    if isinstance(translated, dict):
        for locale, content in translated.items():
            if locale == "type" or not isinstance(content, dict):
                continue
            if content.get("type") not in (None, content_type):
                continue
            found.append((_locale(locale), content))
    if not found and content_type == "article_content":
        locale = _locale(item.get("default_locale")) or _url_locale(str(item.get("url"))) or "en"
        found.append((locale, item))
    return found


def _source_locale(item: dict[str, Any], versions: dict[str, Version]) -> str:
    """The locale the top-level fields are in (the article's default language)."""
    default = _locale(item.get("default_locale"))
    if default in versions:
        return default
    for locale, version in versions.items():
        if version.title == item.get("title") and version.body_html == (item.get("body") or ""):
            return locale
    return next(iter(versions), "en")


def _locale(code: Any) -> str:
    return str(code or "").strip().lower().replace("_", "-")


_LANGUAGE_IN_PATH = re.compile(r"/([a-z]{2,3}(?:-[a-z0-9]{2,4})?)/(?:articles|collections)/", re.I)


def _url_locale(url: str) -> str:
    match = _LANGUAGE_IN_PATH.search(urlsplit(url).path)
    return match.group(1).lower() if match else ""


def _group_urls(url: str, locale: str, name: str) -> list[str]:
    """A collection's address in a locale. The API gives only the default language's;
    the others differ by their language folder and the slug of their own name."""
    parts = urlsplit(url)
    match = re.search(r"/([a-zA-Z-]+)/collections/(\d+)(?:-[^/]*)?$", parts.path)
    if not match:
        return [url] if url else []
    if _locale(match.group(1)) == locale:
        return [url]
    path = parts.path[: match.start()] + f"/{locale}/collections/{match.group(2)}-{slugify(name)}"
    return [urlunsplit((parts.scheme, parts.netloc, path, "", ""))]
