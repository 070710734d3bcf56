"""What the sources say about the site's health: reviews, values changed since them,
translations behind their source, scheduled changes, and links that lead nowhere."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from helpcentre.checks.markdown_scan import links, scan
from helpcentre.checks.project import MarkdownPage, Project
from helpcentre.content.catalogue import PageKind
from helpcentre.content.sources import source_hash
from helpcentre.health.history import ValueChange, ValueHistory
from helpcentre.health.reviews import ArticleReview
from helpcentre.policies.markers import scan_markers

# Scheduled changes this many days ahead are listed, with the articles quoting them.
SCHEDULED_DAYS = 30
# A value changing this many days ahead must have been reviewed since it was scheduled.
UNREVIEWED_DAYS = 14


@dataclass(frozen=True)
class Quote:
    """Where an article first quotes a policy key."""

    key: str
    line: int
    col: int


@dataclass(frozen=True)
class ChangedValue:
    """A value an article quotes that changed after its last review."""

    review: ArticleReview
    quote: Quote
    change: ValueChange


@dataclass(frozen=True)
class UpcomingChange:
    """A scheduled value within SCHEDULED_DAYS, the date it was written, who quotes it."""

    key: str
    on: dt.date
    before: str
    after: str
    scheduled_on: dt.date
    quoted_by: tuple[tuple[ArticleReview, Quote], ...]

    def unreviewed(self) -> list[tuple[ArticleReview, Quote]]:
        """The quoting articles last reviewed before the change was scheduled."""
        return [(r, q) for r, q in self.quoted_by if r.last_review < self.scheduled_on]


@dataclass(frozen=True)
class Link:
    """A link of a page to a page that does not exist, or to an old path (`moved_to`)."""

    page: MarkdownPage
    target: str
    line: int
    col: int
    moved_to: str | None


@dataclass
class Translations:
    """One language's translations behind their source, and its pages still pending."""

    stale: list[MarkdownPage] = field(default_factory=list)
    pending: list[MarkdownPage] = field(default_factory=list)


def quotes(page: MarkdownPage, keys: set[str]) -> list[Quote]:
    """The policy keys a page quotes (a field `contacts.x.email` counts as `contacts.x`)."""
    markers, _ = scan_markers(page.source.body)
    found: dict[str, Quote] = {}
    for marker in markers:
        key = _policy_key(marker.key, keys)
        if key is not None and key not in found:
            line = page.source.body_line + marker.line - 1
            found[key] = Quote(key, line, marker.col)
    return list(found.values())


def changed_values(
    reviews: list[ArticleReview], history: ValueHistory, today: dt.date
) -> list[ChangedValue]:
    keys = _keys(history)
    found = []
    for review in (r for r in reviews if r.tracked):
        for quote in quotes(review.page, keys):
            for change in history.changes(quote.key, review.last_review, today):
                found.append(ChangedValue(review, quote, change))
    return found


def upcoming_changes(
    reviews: list[ArticleReview], history: ValueHistory, today: dt.date
) -> list[UpcomingChange]:
    """Values of the current data file that change after today, within SCHEDULED_DAYS."""
    current = history.versions[-1].entries if history.versions else {}
    quoting = [(review, quotes(review.page, set(current))) for review in reviews]
    found = []
    for key in sorted(current):
        ends = today + dt.timedelta(days=SCHEDULED_DAYS)
        for change in history.changes_ahead(key, today, ends):
            quoted_by = tuple((r, q) for r, qs in quoting for q in qs if q.key == key)
            scheduled = history.scheduled_on(key, change.on, today)
            found.append(
                UpcomingChange(key, change.on, change.before, change.after, scheduled, quoted_by)
            )
    return sorted(found, key=lambda c: (c.on, c.key))


def translations(project: Project) -> dict[str, Translations]:
    """Per translation language: translated pages older than their source, pending ones."""
    found: dict[str, Translations] = {}
    for lang in project.languages.translations:
        state = found.setdefault(lang, Translations())
        for page in project.in_language(lang):
            source = project.page(project.languages.source, page.article_id)
            if source is None or page.kind == PageKind.HOME:
                continue
            if page.pending:
                state.pending.append(page)
            elif page.source.meta.get("source_hash") not in (None, source_hash(source.source)):
                state.stale.append(page)
    return found


def bad_links(project: Project) -> list[Link]:
    """Relative links to a Markdown page that is not there, in every language; a link to
    an article's old path (its `aliases:`) is sent on by a redirect: `moved_to` says where."""
    found = []
    for lang in project.languages.all:
        moved = _aliases(project, lang)
        for page in project.in_language(lang):
            for item in links(scan(page.source.body, page.source.body_line)):
                target = _target_id(page, item.text)
                if target is None or project.page(lang, target) is not None:
                    continue
                found.append(Link(page, item.text, item.line, item.col, moved.get(target)))
    return found


def _aliases(project: Project, lang: str) -> dict[str, str]:
    moved = {}
    for page in project.in_language(project.languages.source):
        for alias in page.source.meta.get("aliases") or []:
            if isinstance(alias, str):
                moved[alias] = page.article_id
    return {old: new for old, new in moved.items() if project.page(lang, new) is not None}


def _target_id(page: MarkdownPage, target: str) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None
    if parts.path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.article_id), parts.path))
    return None if joined.startswith("..") else joined


def _keys(history: ValueHistory) -> set[str]:
    return {key for version in history.versions for key in version.entries}


def _policy_key(marker_key: str, keys: set[str]) -> str | None:
    parts = marker_key.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in keys:
            return candidate
    return None
