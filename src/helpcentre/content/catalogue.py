"""The collections of one language: folders of articles read from their front matter."""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from helpcentre.content.front_matter import (
    ArticleMeta,
    CollectionMeta,
    HomeMeta,
    front_matter_position,
    front_matter_problems,
    schema_for,
)
from helpcentre.content.sources import SourceFile
from helpcentre.problems import Problem


@dataclass(frozen=True)
class PageFile:
    """A page of one language as the build sees it (`source`: the file its text comes from,
    the source language's for a page not yet translated)."""

    article_id: str
    url: str
    where: str
    source: SourceFile
    text_lang: str = ""  # the language of its front matter's text ("": the catalogue's)


@dataclass(frozen=True)
class Article:
    """An article, known by its language-independent id (its path under docs/<lang>/)."""

    article_id: str
    url: str
    title: str
    description: str
    order: int | None
    tags: tuple[str, ...]
    collection: str
    abs_path: str
    where: str
    hide: tuple[str, ...] = ()
    text_lang: str = ""  # the language its title is written in ("": the catalogue's)

    @property
    def sort_key(self) -> tuple[int, str]:
        return (self.order if self.order is not None else 10**9, self.title.casefold())


@dataclass(frozen=True)
class Collection:
    slug: str
    url: str
    title: str
    description: str
    icon: str
    order: int
    articles: tuple[Article, ...]
    text_lang: str = ""  # the language its title is written in ("": the catalogue's)


@dataclass(frozen=True)
class StandalonePage:
    """A page outside the collections (the home page, or a page at the top level)."""

    url: str
    title: str
    description: str


@dataclass
class Catalogue:
    lang: str
    collections: tuple[Collection, ...]
    home: StandalonePage | None
    articles: dict[str, Article] = field(default_factory=dict)
    _groups: dict[str, list[tuple[frozenset[str], list[int]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def collection(self, slug: str) -> Collection | None:
        return next((c for c in self.collections if c.slug == slug), None)

    def _tag_groups(self, slug: str) -> list[tuple[frozenset[str], list[int]]]:
        """A collection's members grouped by tag set, as positions in collection order."""
        if slug not in self._groups:
            home = self.collection(slug)
            groups: dict[frozenset[str], list[int]] = {}
            for position, member in enumerate(home.articles if home else ()):
                groups.setdefault(frozenset(member.tags), []).append(position)
            self._groups[slug] = list(groups.items())
        return self._groups[slug]

    def related(self, article: Article, limit: int = 3) -> list[Article]:
        """Up to `limit` articles of this language: same collection first, ranked by shared
        tags then order; then other collections' articles sharing at least one tag."""
        tags = set(article.tags)

        def rank(other: Article) -> tuple[int, int, str]:
            order, title = other.sort_key
            return (-len(tags.intersection(other.tags)), order, title)

        # Called for every article: rank groups of same-tagged members (a scan of every
        # article per page is quadratic), and scan other collections only when this one is
        # too small. Positions in collection order break ties as (order, title) does.
        home = self.collection(article.collection)
        by_score: dict[int, list[list[int]]] = {}
        for group_tags, positions in self._tag_groups(article.collection):
            by_score.setdefault(len(tags & group_tags), []).append(positions)
        members = home.articles if home else ()
        same: list[Article] = []
        for score in sorted(by_score, reverse=True):
            for position in heapq.merge(*by_score[score]):
                if len(same) >= limit:
                    break
                if members[position].article_id != article.article_id:
                    same.append(members[position])
        if len(same) >= limit or not tags:
            return same
        elsewhere = heapq.nsmallest(
            limit - len(same),
            (
                a
                for a in self.articles.values()
                if a.collection != article.collection and not tags.isdisjoint(a.tags)
            ),
            key=rank,
        )
        return same + elsewhere


class PageKind(StrEnum):
    """What a page of the help centre is, from its path. A string enum: the templates
    compare `hc.kind == PageKind.HOME`, and front-matter schemas are chosen by it."""

    HOME = "home"  # index.md
    COLLECTION = "collection"  # <collection>/index.md
    ARTICLE = "article"  # <collection>/<article>.md
    PAGE = "page"  # a page outside any collection (<page>.md)


def page_kind(article_id: str) -> PageKind:
    """The kind of a page, from its path under docs/<lang>/."""
    parts = article_id.split("/")
    if parts == ["index.md"]:
        return PageKind.HOME
    if len(parts) == 1:
        return PageKind.PAGE
    if len(parts) == 2 and parts[1] == "index.md":
        return PageKind.COLLECTION
    return PageKind.ARTICLE


def build_catalogue(
    pages: Iterable[PageFile], lang: str, icon_dirs: list[str]
) -> tuple[Catalogue, list[Problem]]:
    """Read the front matter of one language's pages into collections, with every defect."""
    problems: list[Problem] = []
    indexes: dict[str, tuple[PageFile, CollectionMeta]] = {}
    articles: list[Article] = []
    home: StandalonePage | None = None
    reported: set[str] = set()  # collections whose index.md already has a problem
    for page in pages:
        kind = page_kind(page.article_id)
        slug = page.article_id.split("/")[0]
        found = front_matter_problems(page.source, schema_for(kind), page.where)
        problems.extend(found)
        if found:
            if kind == PageKind.COLLECTION:
                reported.add(slug)
            continue
        meta = page.source.meta
        if kind == PageKind.COLLECTION:
            collection_meta = CollectionMeta.model_validate(meta)
            if not _icon_exists(collection_meta.icon, icon_dirs):
                line, col = front_matter_position(page.source.text, "icon")
                problems.append(
                    Problem(
                        page.where,
                        line,
                        col,
                        f"icon '{collection_meta.icon}' is not bundled with the theme "
                        "(pick one from Material's icon set, e.g. material/lifebuoy)",
                    )
                )
                reported.add(slug)
                continue
            indexes[slug] = (page, collection_meta)
        elif kind == PageKind.ARTICLE:
            article_meta = ArticleMeta.model_validate(meta)
            articles.append(
                Article(
                    article_id=page.article_id,
                    url=page.url,
                    title=article_meta.title,
                    description=article_meta.description,
                    order=article_meta.order,
                    tags=tuple(article_meta.tags),
                    hide=tuple(article_meta.hide),
                    collection=slug,
                    abs_path=str(page.source.path),
                    where=page.where,
                    text_lang=_other_language(page.text_lang, lang),
                )
            )
        elif kind == PageKind.HOME:
            home_meta = HomeMeta.model_validate(meta)
            home = StandalonePage(page.url, home_meta.title, home_meta.description)
    collections = []
    by_collection: dict[str, list[Article]] = {}
    for article in articles:
        by_collection.setdefault(article.collection, []).append(article)
    for slug, members in sorted(by_collection.items()):
        if slug not in indexes and slug not in reported:
            problems.append(
                Problem(
                    members[0].where,
                    1,
                    1,
                    f"collection folder '{slug}' has no index.md "
                    f"(create docs/{lang}/{slug}/index.md with title, description, icon, order)",
                )
            )
    for slug, (page, meta) in indexes.items():
        members = sorted(by_collection.get(slug, []), key=lambda a: a.sort_key)
        collections.append(
            Collection(
                slug,
                page.url,
                meta.title,
                meta.description,
                meta.icon,
                meta.order,
                tuple(members),
                _other_language(page.text_lang, lang),
            )
        )
    collections.sort(key=lambda c: (c.order, c.title.casefold()))
    catalogue = Catalogue(lang=lang, collections=tuple(collections), home=home)
    catalogue.articles = {a.article_id: a for a in articles}
    return catalogue, problems


def _other_language(text_lang: str, lang: str) -> str:
    """A page's text language when it is not the catalogue's (a page served from the
    source language's file), else ""."""
    return text_lang if text_lang and text_lang != lang else ""


def _icon_exists(icon: str, icon_dirs: list[str]) -> bool:
    return any(os.path.isfile(os.path.join(d, ".icons", f"{icon}.svg")) for d in icon_dirs)
