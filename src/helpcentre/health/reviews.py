"""Each source article's owner and review dates, inherited from its collection's index.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from helpcentre.checks.project import MarkdownPage, Project
from helpcentre.content.catalogue import PageKind
from helpcentre.content.front_matter import front_matter_position
from helpcentre.content.git_dates import ChangeDates, read_change_dates
from helpcentre.health.cadence import DUE_SOON_DAYS, Cadence, CadenceError, as_date


class ReviewState(Enum):
    """Where an article stands against its cadence on a given date."""

    NO_CADENCE = "no cadence"
    UP_TO_DATE = "up to date"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Declared:
    """A front-matter value and the file and line that set it (maybe the collection's)."""

    value: str
    where: str
    line: int
    col: int


@dataclass(frozen=True)
class ArticleReview:
    """One source-language article: who owns it, when it was last reviewed, when next."""

    page: MarkdownPage
    owner: Declared | None
    cadence: Cadence | None
    reviewed: dt.date | None  # the `reviewed:` of its front matter
    last_review: dt.date  # `reviewed:`, else the file's last change (git)
    due: dt.date | None

    @property
    def tracked(self) -> bool:
        """Whether the article takes part in reviews (a `reviewed:` date or a cadence): only
        then is a value changed since its last review worth a flag."""
        return self.reviewed is not None or self.cadence is not None

    @property
    def display(self) -> str:
        return self.page.display

    @property
    def title(self) -> str:
        return str(self.page.source.meta.get("title") or self.page.article_id)

    def state(self, today: dt.date) -> ReviewState:
        if self.due is None:
            return ReviewState.NO_CADENCE
        if self.due < today:
            return ReviewState.OVERDUE
        if (self.due - today).days < DUE_SOON_DAYS:
            return ReviewState.DUE_SOON
        return ReviewState.UP_TO_DATE

    @property
    def reviewed_position(self) -> tuple[int, int]:
        """Where `reviewed:` is (line 1 when the article has none yet)."""
        return front_matter_position(self.page.source.text, "reviewed")


def article_reviews(
    project: Project, site_cadence: str, dates: ChangeDates | None = None
) -> list[ArticleReview]:
    """Every article of the source language, by path."""
    source = project.languages.source
    dates = dates or read_change_dates(str(project.docs_dir))
    default = _cadence(site_cadence)
    found = []
    for page in project.in_language(source):
        if page.kind != PageKind.ARTICLE:
            continue
        index = project.page(source, page.article_id.split("/")[0] + "/index.md")
        owner = _declared(page, "owner") or (index and _declared(index, "owner"))
        every = _declared(page, "review_every") or (index and _declared(index, "review_every"))
        cadence = _cadence(every.value) if every else default
        reviewed = as_date(page.source.meta.get("reviewed"))
        last = reviewed or dates.date_of(str(page.source.path))
        due = cadence.after(last) if cadence else None
        found.append(ArticleReview(page, owner or None, cadence, reviewed, last, due))
    return found


def _declared(page: MarkdownPage, key: str) -> Declared | None:
    value = page.source.meta.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    line, col = front_matter_position(page.source.text, key)
    return Declared(value.strip(), page.display, line, col)


def _cadence(text: str) -> Cadence | None:
    try:
        return Cadence.parse(text) if text else None
    except CadenceError:
        return None  # the front-matter check (HC701) or the settings report it
