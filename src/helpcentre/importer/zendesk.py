"""Zendesk Help Center API responses read into the neutral model.

Responses are told apart by their top-level keys: `categories`, `sections`, `articles`
(lists, one locale per listing, each object with its `locale` and `html_url`) and
`translations` (an object's texts per locale, by `source_id` and `source_type`); a single
`category`, `section` or `article` is read the same way. Sections sit in a category, or
in another section (`parent_section_id`); articles in a section (`section_id`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from helpcentre.importer.model import Article, Collection, Export, Product, Version

LISTS = {"categories": "category", "sections": "section", "articles": "article"}


def read_zendesk(responses: Iterable[tuple[str, Any]]) -> Export:
    export = Export(Product.ZENDESK)
    translations: list[dict[str, Any]] = []
    for where, payload in responses:
        if not isinstance(payload, dict):
            export.unread.append(f"{where}: not a Help Center API response")
            continue
        known = False
        for key, kind in LISTS.items():
            items = payload.get(key)
            if payload.get(kind) is not None:
                items = [payload[kind]]
            if isinstance(items, list):
                known = True
                for item in items:
                    if isinstance(item, dict):
                        _object(export, kind, item)
        if isinstance(payload.get("locales"), list):
            known = True  # the help centre's locales: each object names its own
        if isinstance(payload.get("translations"), list):
            known = True
            translations += [t for t in payload["translations"] if isinstance(t, dict)]
        if not known:
            keys = ", ".join(sorted(payload)) or "none"
            export.unread.append(f"{where}: not a Help Center response (top-level keys: {keys})")
    # Translations may come before the objects they translate.
    for translation in translations:
        _translation(export, translation)
    return export


def _version(item: dict[str, Any], title_key: str) -> Version:
    locale = str(item.get("locale") or item.get("source_locale") or "").lower()
    return Version(
        locale=locale,
        title=str(item.get(title_key) or item.get("title") or item.get("name") or ""),
        description=str(item.get("description") or ""),
        body_html=str(item.get("body") or ""),
        draft=bool(item.get("draft")),
        updated_at=str(item.get("updated_at") or ""),
        urls=[str(item["html_url"])] if item.get("html_url") else [],
    )


def _object(export: Export, kind: str, item: dict[str, Any]) -> None:
    upstream_id = str(item.get("id"))
    if kind == "article":
        version = _version(item, "title")
        key = f"article:{upstream_id}"
        article = export.articles.get(key)
        if article is None:
            section = item.get("section_id")
            article = Article(
                upstream_id=upstream_id,
                parent=f"section:{section}" if section not in (None, "") else None,
                order=_int(item.get("position")),
                source_locale=str(item.get("source_locale") or version.locale).lower(),
            )
            export.articles[key] = article
        _add(article.versions, version)
    else:
        version = _version(item, "name")
        key = f"{kind}:{upstream_id}"
        collection = export.collections.get(key)
        if collection is None:
            parent = None
            if kind == "section":
                above = item.get("parent_section_id")
                parent = f"section:{above}" if above else f"category:{item.get('category_id')}"
            collection = Collection(
                key=key,
                upstream_id=upstream_id,
                parent=parent,
                order=_int(item.get("position")) or 0,
                icon=None,
            )
            export.collections[key] = collection
        _add(collection.versions, version)
    export.locales.add(version.locale)


def _translation(export: Export, item: dict[str, Any]) -> None:
    kind = str(item.get("source_type") or "Article").lower()
    key = f"{kind}:{item.get('source_id')}"
    target = export.articles.get(key) if kind == "article" else export.collections.get(key)
    if target is None:
        export.unread.append(f"translation {item.get('id')}: its {key} is not in the responses")
        return
    version = _version(item, "title")
    if version.locale in target.versions and not version.urls:
        version.urls = target.versions[version.locale].urls
    _add(target.versions, version)
    export.locales.add(version.locale)


def _add(versions: dict[str, Version], version: Version) -> None:
    """The same locale read twice (a listing and a translation): the newer text wins,
    and every address it was published at is kept."""
    known = versions.get(version.locale)
    if known is not None:
        urls = list(dict.fromkeys([*known.urls, *version.urls]))
        if version.updated_at < known.updated_at or not (version.title or version.body_html):
            known.urls = urls
            return
        if not version.description:
            version.description = known.description
        version.urls = urls
    versions[version.locale] = version


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
