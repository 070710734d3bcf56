"""Collections, breadcrumbs and article furniture: the data the page templates draw."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from babel.dates import format_date
from babel.numbers import format_decimal
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from catalogue_model import (
    Article,
    Collection,
    article_id_of,
    build_catalogue,
    page_kind,
)
from git_dates import ChangeDates, read_change_dates
from policy_format import tel_href
from site_context import (
    build_date,
    catalogue_of,
    current_language,
    formatting_locale,
    help_contact,
    policy_book,
    site_languages,
    store_catalogue,
)
from source_lines import project_root
from translations_model import TranslationNotice
from ui_text import article_count, ui_text

log = logging.getLogger("mkdocs.hooks.catalogue")

SIDEBAR_ARTICLES = 15
_DATES_KEY = "helpcentre_change_dates"


@event_priority(-110)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Runs after static-i18n's on_files/on_nav (-100) so `files` holds one language."""
    lang = current_language(config)
    root = project_root(config.config_file_path)
    catalogue, problems = build_catalogue(files, lang, root, list(config.theme.dirs))
    if problems:
        raise PluginError("\n".join(problem.text() for problem in problems))
    store_catalogue(config, catalogue)
    dates = read_change_dates(config.docs_dir)
    if not dates.from_git and lang == site_languages(config)[0]:
        log.info("not a git checkout: 'Updated' dates come from file modification times")
    config[_DATES_KEY] = dates
    return nav


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    catalogue = catalogue_of(config)
    lang = current_language(config)
    locale = formatting_locale(config, lang)
    text = ui_text(lang)
    article_id = article_id_of(page.file.src_uri, lang)
    kind = page_kind(article_id)
    home_url = catalogue.home.url if catalogue.home else ""
    view = PageView(kind=kind, lang=lang, text=text, home_url=home_url)
    if kind == "home":
        view.cards = [
            CollectionCard(c, article_count(len(c.articles), lang, locale))
            for c in catalogue.collections
        ]
    elif kind == "collection":
        collection = catalogue.collection(article_id.split("/")[0])
        view.collection = collection
        view.crumbs = _crumbs(text, home_url, [(page.title or "", None)])
        if collection:
            view.count_text = article_count(len(collection.articles), lang, locale)
    elif kind == "article":
        article = catalogue.articles.get(article_id)
        collection = catalogue.collection(article_id.split("/")[0])
        if article and collection:
            view.article = article
            view.collection = collection
            view.crumbs = _crumbs(
                text, home_url, [(collection.title, collection.url), (article.title, None)]
            )
            view.updated = _updated(page, article, config)
            view.updated_text = format_date(view.updated, format="long", locale=locale)
            view.topics = _topics(page.toc.items)
            view.related = catalogue.related(article)
            view.contact = _contact(config, lang)
    else:
        view.crumbs = _crumbs(text, home_url, [(page.title or "", None)])
    if view.crumbs:
        view.crumbs_jsonld = _breadcrumb_jsonld(view.crumbs, page, config)
    if view.collection:
        view.sidebar = _sidebar(view.collection, view.article, text, locale)
    context["hc"] = view
    return context


@dataclass(frozen=True)
class SidebarList:
    """The slice of a collection the sidebar lists, and the link to the rest, if any."""

    articles: tuple[Article, ...]
    more_text: str


@dataclass(frozen=True)
class CollectionCard:
    collection: Collection
    count_text: str


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None


@dataclass(frozen=True)
class Topic:
    title: str
    anchor: str


@dataclass(frozen=True)
class ContactBlock:
    team: str
    url: str | None
    email: str | None
    phone: str | None
    phone_link: str | None
    hours: str | None


@dataclass
class PageView:
    """Everything a help-centre template needs for one page."""

    kind: str
    lang: str
    text: dict[str, str]
    home_url: str
    cards: list[CollectionCard] | None = None
    collection: Collection | None = None
    count_text: str = ""
    article: Article | None = None
    crumbs: list[Crumb] | None = None
    crumbs_jsonld: dict[str, Any] | None = None
    updated: dt.date | None = None
    updated_text: str = ""
    topics: list[Topic] | None = None
    related: list[Article] | None = None
    contact: ContactBlock | None = None
    sidebar: SidebarList | None = None
    # Set by translations.py: a pending stub shows its source's text (SEO may skip it).
    pending: bool = False
    translation: TranslationNotice | None = None


def _crumbs(
    text: dict[str, str], home_url: str, trail: list[tuple[str, str | None]]
) -> list[Crumb]:
    return [Crumb(text["all_collections"], home_url)] + [Crumb(t, u) for t, u in trail]


def _breadcrumb_jsonld(crumbs: list[Crumb], page: Page, config: MkDocsConfig) -> dict[str, Any]:
    base = config.site_url or ""
    items = []
    for position, crumb in enumerate(crumbs, start=1):
        url = page.url if crumb.url is None else crumb.url
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": urljoin(base, url) if base else "/" + url,
            }
        )
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def _updated(page: Page, article: Article, config: MkDocsConfig) -> dt.date:
    """The later of the file's last change and the newest policy value it quotes, never
    after the build date (a value scheduled for later is not an update yet)."""
    as_of = build_date()
    dates: ChangeDates = config[_DATES_KEY]
    file_date = dates.date_of(article.abs_path)
    keys = policy_book(config).used_by_page.get(page.file.src_uri, set())
    policy_date = policy_book(config).latest_change(keys, as_of)
    return min(max(file_date, policy_date or file_date), as_of)


def _sentence_case(text: str) -> str:
    """'l'équipe Support' -> 'L'équipe Support' (unlike str.capitalize, keeps the rest)."""
    return text[:1].upper() + text[1:]


def _sidebar(
    collection: Collection, article: Article | None, text: dict[str, str], locale: str
) -> SidebarList:
    """At most SIDEBAR_ARTICLES of the collection, around the current article: listing a
    whole collection on each of its pages makes page weight and build time grow with N²."""
    members = collection.articles
    if len(members) <= SIDEBAR_ARTICLES:
        return SidebarList(members, "")
    ids = [a.article_id for a in members]
    here = ids.index(article.article_id) if article and article.article_id in ids else 0
    start = max(0, min(here - SIDEBAR_ARTICLES // 2, len(members) - SIDEBAR_ARTICLES))
    more = text["sidebar_all_articles"].format(n=format_decimal(len(members), locale=locale))
    return SidebarList(members[start : start + SIDEBAR_ARTICLES], more)


def _topics(items: list[AnchorLink]) -> list[Topic]:
    """The page's H2 sections, when there are at least two to choose from."""
    found: list[Topic] = []

    def visit(links: list[AnchorLink]) -> None:
        for link in links:
            if link.level == 2:
                found.append(Topic(link.title, f"#{link.id}"))
            else:
                visit(link.children)

    visit(items)
    return found if len(found) >= 2 else []


def _contact(config: MkDocsConfig, lang: str) -> ContactBlock | None:
    contact = help_contact(config)
    if contact is None:
        return None
    return ContactBlock(
        team=_sentence_case(contact.name.text(lang)),
        url=contact.url,
        email=contact.email,
        phone=contact.phone,
        phone_link=tel_href(contact.phone) if contact.phone else None,
        hours=contact.hours.text(lang) if contact.hours else None,
    )
