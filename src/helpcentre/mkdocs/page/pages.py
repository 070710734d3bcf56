"""Collections, breadcrumbs and article furniture: the view each page template draws."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from helpcentre.content.catalogue import (
    Article,
    Collection,
    PageFile,
    PageKind,
    build_catalogue,
    page_kind,
)
from helpcentre.content.placeholders import Placeholders, placeholder_problems
from helpcentre.content.safety import prose
from helpcentre.content.sources import SourceFile
from helpcentre.content.translated import unfinished_text
from helpcentre.contract import Manifest
from helpcentre.interface import article_count
from helpcentre.languages import language_attributes
from helpcentre.mkdocs import i18n
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.policies.format import tel_href
from helpcentre.problems import Problem
from helpcentre.typography import format_phone
from helpcentre.urls import article_id_of, page_address

SIDEBAR_ARTICLES = 15


def page_source(site: SiteBuild, src_uri: str) -> tuple[str, str, SourceFile]:
    """The language of a page's file, its article id and the parsed file (read once)."""
    file_lang = i18n.file_language(src_uri, site.languages)
    article_id = article_id_of(src_uri, file_lang)
    source = site.sources.get(file_lang, article_id)
    if source is None:
        message = "a page outside the language folders (move it under docs/<lang>/)"
        raise BuildProblems([Problem(f"docs/{src_uri}", 1, 1, message)])
    return file_lang, article_id, source


def outline(markdown: str) -> str:
    """A page's headings alone (outside code): what a page in error is rendered from, so
    the other pages' links to its sections still resolve, while none of its own links or
    images is followed (each would only repeat the page's problem)."""
    return "\n\n".join(line for line in prose(markdown).split("\n") if _ATX_HEADING.match(line))


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def read_catalogue(
    site: SiteBuild, build: LanguageBuild, files: Files, icon_dirs: list[str]
) -> list[PageFile]:
    """This language's collections from the front matter of its pages (every page once)."""
    pages = []
    for file in files.documentation_pages():
        file_lang, article_id, source = page_source(site, file.src_uri)
        where = site.display(source.path)
        pages.append(PageFile(article_id, file.url, where, source, file_lang))
    catalogue, problems = build_catalogue(pages, build.lang, icon_dirs)
    placeholders = Placeholders.of(site.interface.strings(site.languages.source), build.strings)
    problems += placeholder_problems([(p.where, p.source) for p in pages], placeholders)
    if problems:
        raise BuildProblems(problems)
    build.catalogue = catalogue
    return pages


def unfinished_pages(site: SiteBuild, build: LanguageBuild, pages: list[PageFile]) -> list[Problem]:
    """Pages without text, and translations keeping their source's title or description
    (helpcentre.content.translated); a page served from the source's file is the source's."""
    source_lang = site.languages.source
    problems = []
    for page in pages:
        original = None
        if build.lang != source_lang:
            original = site.sources.get(source_lang, page.article_id)
        kind = page_kind(page.article_id)
        problems += unfinished_text(page.source, page.where, kind, original, source_lang)
    return problems


def list_feedback_articles(manifest: Manifest, build: LanguageBuild) -> None:
    """Articles showing the widget, from front matter (not rendered pages), so a `--dirty`
    rebuild of one page still writes a complete manifest."""
    assert build.catalogue is not None, "read_catalogue comes first"
    for article in build.catalogue.articles.values():
        if "feedback" not in article.hide:
            manifest.add(article.article_id, build.lang, article.title, article.url)


def page_view(site: SiteBuild, build: LanguageBuild, page: Page, article_id: str) -> PageView:
    catalogue = build.catalogue
    assert catalogue is not None, "the catalogue is read in on_nav"
    lang, locale, text = build.lang, build.locale, build.strings
    kind = page_kind(article_id)
    home_url = catalogue.home.url if catalogue.home else ""
    view = PageView(kind=kind, lang=lang, text=text, home_url=home_url)
    if kind == PageKind.HOME:
        view.cards = [
            CollectionCard(c, article_count(text, len(c.articles), locale))
            for c in catalogue.collections
        ]
        view.contact = _contact(site, lang)  # shown by the search when it finds nothing
    elif kind == PageKind.COLLECTION:
        collection = catalogue.collection(article_id.split("/")[0])
        view.collection = collection
        trail = (page.title or "", None, collection.text_lang if collection else "")
        view.crumbs = _crumbs(text, home_url, [trail])
        if collection:
            view.count_text = article_count(text, len(collection.articles), locale)
    elif kind == PageKind.ARTICLE:
        article = catalogue.articles.get(article_id)
        collection = catalogue.collection(article_id.split("/")[0])
        if article and collection:
            view.article = article
            view.collection = collection
            view.crumbs = _crumbs(
                text,
                home_url,
                [
                    (collection.title, collection.url, collection.text_lang),
                    (article.title, None, article.text_lang),
                ],
            )
            view.updated = _updated(site, build, article)
            view.updated_text = _long_date(view.updated, locale)
            view.topics = _topics(page.toc.items)
            view.related = catalogue.related(article)
            view.contact = _contact(site, lang)
    else:
        view.crumbs = _crumbs(text, home_url, [(page.title or "", None, "")])
    if view.crumbs:
        view.crumbs_jsonld = _breadcrumb_jsonld(view.crumbs, page, site.config.site_url or "")
    if view.collection:
        view.sidebar = _sidebar(view.collection, view.article, text, locale)
    return view


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
    text_lang: str = ""  # the title's language when not the page's


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
    # The language of the team's name and hours when the data file has none in the page's
    # language yet (the source language's text is shown), else "".
    team_lang: str = ""
    hours_lang: str = ""


@dataclass(frozen=True)
class TranslationNotice:
    """What the page says about its translation (`source_lang` marks the foreign block
    when `pending`)."""

    pending: bool
    stale: bool
    source_lang: str
    source_url: str
    message: str
    link_text: str


@dataclass
class PageView:
    """Everything a help-centre template needs for one page."""

    kind: PageKind
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
    # A page not translated yet shows its source's text (search engines skip it).
    pending: bool = False
    translation: TranslationNotice | None = None

    def text_attrs(self, text_lang: str) -> str:
        """`lang` and `dir` for an element of this page whose text is in `text_lang`
        ("" when it is the page's language, or "" is given)."""
        return language_attributes(text_lang, self.lang)


def _crumbs(
    text: dict[str, str], home_url: str, trail: list[tuple[str, str | None, str]]
) -> list[Crumb]:
    return [Crumb(text["all_collections"], home_url)] + [Crumb(*step) for step in trail]


def _breadcrumb_jsonld(crumbs: list[Crumb], page: Page, site_url: str) -> dict[str, Any]:
    items = []
    for position, crumb in enumerate(crumbs, start=1):
        url = page.url if crumb.url is None else crumb.url
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": page_address(site_url, url),
            }
        )
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def _updated(site: SiteBuild, build: LanguageBuild, article: Article) -> dt.date:
    """The later of the file's last change and the newest policy value it quotes, never
    after the build date (a value scheduled for later is not an update yet)."""
    file_date = site.dates.date_of(article.abs_path)
    keys = site.used_by_page.get((build.lang, article.article_id), set())
    policy_date = site.book.latest_change(keys, site.as_of)
    return min(max(file_date, policy_date or file_date), site.as_of)


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
    more = text["sidebar_all_articles"].format(n=_decimal(len(members), locale))
    return SidebarList(members[start : start + SIDEBAR_ARTICLES], more)


@functools.lru_cache(maxsize=4096)
def _long_date(day: dt.date, locale: str) -> str:
    """Babel's long date (pages of one build share a few hundred dates at most)."""
    return format_date(day, format="long", locale=locale)


@functools.lru_cache(maxsize=1024)
def _decimal(number: int, locale: str) -> str:
    return format_decimal(number, locale=locale)


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


def _contact(site: SiteBuild, lang: str) -> ContactBlock | None:
    contact = site.contact
    if contact is None:
        return None
    return ContactBlock(
        team=_sentence_case(contact.name.text(lang)),
        url=contact.url,
        email=contact.email,
        phone=format_phone(contact.phone, site.locale(lang)) if contact.phone else None,
        phone_link=tel_href(contact.phone) if contact.phone else None,
        hours=contact.hours.text(lang) if contact.hours else None,
        team_lang="" if contact.name.has(lang) else site.languages.source,
        hours_lang="" if not contact.hours or contact.hours.has(lang) else site.languages.source,
    )
