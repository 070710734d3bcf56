"""What an import reads from either product, in one neutral shape: collections and articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Product(StrEnum):
    INTERCOM = "intercom"
    ZENDESK = "zendesk"


@dataclass
class Version:
    """One locale's text of an article or collection, as the product serves it."""

    locale: str  # the product's code: fr, en, en-us, pt-br
    title: str
    description: str = ""
    body_html: str = ""
    draft: bool = False
    updated_at: str = ""  # as the product wrote it (seconds or ISO time), compared only
    urls: list[str] = field(default_factory=list)  # its public addresses in this locale


@dataclass
class Collection:
    """A collection (Intercom), category or section (Zendesk), possibly inside another."""

    key: str  # unique in the import: `collection:12`, `category:3`, `section:7`
    upstream_id: str
    parent: str | None  # key of the collection it sits in
    order: int
    icon: str | None
    versions: dict[str, Version] = field(default_factory=dict)


@dataclass
class Article:
    upstream_id: str
    parent: str | None  # key of its collection (None: stands alone)
    order: int | None
    source_locale: str
    versions: dict[str, Version] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"article:{self.upstream_id}"


@dataclass
class Export:
    """Everything read from one help centre."""

    product: Product
    collections: dict[str, Collection] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    locales: set[str] = field(default_factory=set)
    unread: list[str] = field(default_factory=list)  # files or objects it did not recognise

    def children(self, parent: str | None) -> list[Collection]:
        found = [c for c in self.collections.values() if c.parent == parent]
        return sorted(found, key=lambda c: (c.order, c.upstream_id))
