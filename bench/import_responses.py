"""Saved API responses in the products' documented shapes, for the import's tests and bench.

Intercom: `list` pages (`pages.next` to the next page) of `collection` and `article`
objects, each article with `translated_content` per locale and its `parent_id` and
`parent_type`. Zendesk: per-locale `categories`, `sections` and `articles` listings with
cursor pagination (`meta.has_more`, `links.next`), and `translations` of an article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INTERCOM_HOST = "https://help.acme.test"
ZENDESK_HOST = "https://acme.zendesk.com"


@dataclass
class Text:
    title: str
    body: str
    description: str = ""
    state: str = "published"
    updated_at: int = 1_760_000_000


@dataclass
class Item:
    """A collection or an article, with its text per locale (the first is its source)."""

    id: int
    texts: dict[str, Text]
    parent: int | None = None
    parent_type: str = "collection"
    order: int = 0
    icon: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


# -- Intercom ----------------------------------------------------------------------------------


def intercom_url(locale: str, kind: str, item_id: int, title: str) -> str:
    return f"{INTERCOM_HOST}/{locale}/{kind}/{item_id}-{slug(title)}"


def intercom_collection(item: Item) -> dict[str, Any]:
    source, text = next(iter(item.texts.items()))
    translated: dict[str, Any] = {"type": "group_translated_content"}
    for locale, version in item.texts.items():
        translated[locale] = {
            "type": "group_content",
            "name": version.title,
            "description": version.description,
        }
    return {
        "id": str(item.id),
        "workspace_id": "acme123",
        "name": text.title,
        "url": intercom_url(source, "collections", item.id, text.title),
        "order": item.order,
        "created_at": text.updated_at - 1000,
        "updated_at": text.updated_at,
        "description": text.description,
        "icon": item.icon,
        "parent_id": str(item.parent) if item.parent else None,
        "help_center_id": 77,
        "default_locale": source,
        "translated_content": translated,
        "type": "collection",
    }


def intercom_section(item: Item) -> dict[str, Any]:
    """A section of a collection, as API versions up to 2.9 list it."""
    group = intercom_collection(item)
    for unused in ("description", "help_center_id"):
        del group[unused]
    return {**group, "parent_id": str(item.parent), "type": "section"}


def intercom_article(item: Item) -> dict[str, Any]:
    source, text = next(iter(item.texts.items()))
    translated: dict[str, Any] = {"type": "article_translated_content"}
    for locale, version in item.texts.items():
        translated[locale] = {
            "type": "article_content",
            "title": version.title,
            "description": version.description,
            "body": version.body,
            "author_id": 991,
            "state": version.state,
            "created_at": version.updated_at - 1000,
            "updated_at": version.updated_at,
            "url": intercom_url(locale, "articles", item.id, version.title),
        }
    return {
        "type": "article",
        "id": str(item.id),
        "workspace_id": "acme123",
        "parent_id": item.parent,
        "parent_type": item.parent_type if item.parent else None,
        "parent_ids": [item.parent] if item.parent else [],
        "title": text.title,
        "description": text.description,
        "body": text.body,
        "author_id": 991,
        "state": text.state,
        "created_at": text.updated_at - 1000,
        "updated_at": text.updated_at,
        "url": intercom_url(source, "articles", item.id, text.title),
        "default_locale": source,
        "translated_content": translated,
        **item.extra,
    }


def intercom_pages(objects: list[dict[str, Any]], per_page: int, endpoint: str) -> list[dict]:
    """`list` responses of `per_page` objects, each but the last naming the next."""
    chunks = [objects[i : i + per_page] for i in range(0, len(objects), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        following = f"{endpoint}?page={number + 1}&per_page={per_page}"
        pages.append(
            {
                "type": "list",
                "pages": {
                    "type": "pages",
                    "page": number,
                    "per_page": per_page,
                    "total_pages": len(chunks),
                    **({"next": following} if number < len(chunks) else {}),
                },
                "total_count": len(objects),
                "data": chunk,
            }
        )
    return pages


def write_intercom(
    folder: Path, collections: list[Item], articles: list[Item], per_page: int = 25
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    groups = intercom_pages([intercom_collection(c) for c in collections], per_page, "/c")
    for number, page in enumerate(groups, 1):
        _dump(folder / f"collections-{number}.json", page)
    items = intercom_pages([intercom_article(a) for a in articles], per_page, "/articles")
    for number, page in enumerate(items, 1):
        _dump(folder / f"articles-{number}.json", page)


# -- Zendesk -----------------------------------------------------------------------------------


def zendesk_url(locale: str, kind: str, item_id: int, title: str) -> str:
    return f"{ZENDESK_HOST}/hc/{locale}/{kind}/{item_id}-{slug(title)}"


def _zendesk_object(kind: str, item: Item, locale: str, text: Text) -> dict[str, Any]:
    source = next(iter(item.texts))
    common = {
        "id": item.id,
        "url": f"{ZENDESK_HOST}/api/v2/help_center/{locale}/{kind}/{item.id}.json",
        "html_url": zendesk_url(locale, kind, item.id, text.title),
        "position": item.order,
        "created_at": "2026-01-05T10:00:00Z",
        "updated_at": _iso(text.updated_at),
        "locale": locale,
        "source_locale": source,
        "outdated": False,
    }
    if kind == "articles":
        return {
            **common,
            "author_id": 991,
            "comments_disabled": False,
            "draft": text.state == "draft",
            "promoted": False,
            "vote_sum": 0,
            "vote_count": 0,
            "section_id": item.parent,
            "title": text.title,
            "name": text.title,
            "body": text.body,
            "label_names": [],
            "outdated_locales": [],
            "edited_at": _iso(text.updated_at),
            **item.extra,
        }
    obj = {**common, "name": text.title, "description": text.description}
    if kind == "sections":
        obj["category_id"] = item.parent if item.parent_type == "category" else None
        obj["parent_section_id"] = item.parent if item.parent_type == "section" else None
        if obj["category_id"] is None:
            obj["category_id"] = item.extra.get("category_id")
        obj["sorting"] = "manual"
    return obj


def write_zendesk(
    folder: Path,
    categories: list[Item],
    sections: list[Item],
    articles: list[Item],
    per_page: int = 30,
    translations_of: tuple[int, ...] = (),
) -> None:
    """One listing per locale and kind, paginated; and for `translations_of`, the
    article's translations endpoint instead of its other locales' listing entries."""
    folder.mkdir(parents=True, exist_ok=True)
    locales = sorted({loc for item in [*categories, *sections, *articles] for loc in item.texts})
    _dump(folder / "locales.json", {"locales": locales, "default_locale": locales[0]})
    for kind, items in (("categories", categories), ("sections", sections), ("articles", articles)):
        for locale in locales:
            objects = [
                _zendesk_object(kind, item, locale, item.texts[locale])
                for item in items
                if locale in item.texts
                and (item.id not in translations_of or locale == next(iter(item.texts)))
            ]
            chunks = [objects[i : i + per_page] for i in range(0, len(objects), per_page)]
            for number, chunk in enumerate(chunks, 1):
                more = number < len(chunks)
                base = f"{ZENDESK_HOST}/api/v2/help_center/{locale}/{kind}.json"
                _dump(
                    folder / f"{locale}-{kind}-{number}.json",
                    {
                        kind: chunk,
                        "meta": {
                            "has_more": more,
                            "after_cursor": f"c{number}" if more else None,
                            "before_cursor": None,
                        },
                        "links": {
                            "first": f"{base}?page[size]={per_page}",
                            "last": None,
                            "next": f"{base}?page[size]={per_page}&page[after]=c{number}"
                            if more
                            else None,
                            "prev": None,
                        },
                    },
                )
    api = f"{ZENDESK_HOST}/api/v2/help_center"
    for item in articles:
        if item.id not in translations_of:
            continue
        translations = []
        for locale, text in item.texts.items():
            translations.append(
                {
                    "id": item.id * 10 + len(translations),
                    "url": f"{api}/articles/{item.id}/translations/{locale}.json",
                    "html_url": zendesk_url(locale, "articles", item.id, text.title),
                    "source_id": item.id,
                    "source_type": "Article",
                    "locale": locale,
                    "title": text.title,
                    "body": text.body,
                    "outdated": False,
                    "draft": text.state == "draft",
                    "hidden": False,
                    "created_at": "2026-01-05T10:00:00Z",
                    "updated_at": _iso(text.updated_at),
                }
            )
        _dump(
            folder / f"article-{item.id}-translations.json",
            {"translations": translations, "meta": {"has_more": False}, "links": {"next": None}},
        )


def _iso(seconds: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dump(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
