"""The storage interface of the collector, its records, and the choice of backend by URL."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from helpcentre.contract import REACTION_NAMES

# Raised whenever the tables change; each backend upgrades older databases on start.
SCHEMA_VERSION = 4
# A rate-limit bucket idle this long is full again: its row is deleted.
BUCKET_SECONDS = 60.0
# An unanswered query is reported once this many readers (daily keys) asked it; one that
# has not got there this many days after it was first asked is deleted, with its keys.
SEARCH_MISS_READERS = 3
SEARCH_MISS_DAYS = 30


class StoreError(Exception):
    """A database that cannot be used; the message is one line for the operator."""


class StoreUnavailable(StoreError):
    """The database did not answer this time (locked, restarting): worth a retry."""


@dataclass(frozen=True)
class Reaction:
    """One reader's reaction to one article; `vote` identifies it so a change replaces it."""

    article: str
    lang: str
    reaction: str
    page: str
    build: str
    vote: str | None


class _Tally:
    """Totals derived from `counts`, one per reaction in the order of REACTION_NAMES."""

    counts: tuple[int, ...]

    def count(self, reaction: str) -> int:
        return self.counts[REACTION_NAMES.index(reaction)]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def score(self) -> float:
        """Average reaction on a 0-100 scale: the worst reaction 0, the best 100."""
        return score_of(self.counts)

    @property
    def badness_bound(self) -> float:
        """How bad the article surely is: the lower end of the 95 % Wilson interval of the
        share of bad reactions (a neutral one counts half), 0 to 1."""
        return wilson_lower(1 - score_of(self.counts, rounded=False) / 100, self.total)


@dataclass(frozen=True)
class ArticleScore(_Tally):
    """Counts of each reaction for one article in one language."""

    article: str
    lang: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class WeekScore(_Tally):
    """Counts of each reaction in one language over the week starting on `week` (Monday)."""

    week: dt.date
    lang: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class SearchMiss:
    """How often a normalised query found nothing in one language (who asked is not kept)."""

    lang: str
    query: str
    count: int


@dataclass(frozen=True)
class PageViews:
    """How many times an article was shown in one language (who saw it is not kept)."""

    article: str
    lang: str
    views: int


class Store(Protocol):
    """What the collector and its report need from a database."""

    def add_reaction(self, reaction: Reaction, received: dt.datetime) -> None:
        """Store a reaction; a known (article, lang, vote) is replaced: the last one counts."""

    def add_search_miss(self, lang: str, query: str, received: dt.datetime, reader: str) -> None:
        """Count one more search for `query` in `lang` that found nothing, by `reader` (a
        daily key); the keys are kept only until SEARCH_MISS_READERS different ones asked."""

    def add_page_view(self, article: str, lang: str, received: dt.datetime) -> None:
        """Count one more view of the article in `lang` on the day of `received` (UTC)."""

    def page_views(self, since: dt.date | None = None) -> list[PageViews]:
        """Views per article and language (since `since`, when given), most viewed first."""

    def take_token(self, client: str, now: float, per_minute: int) -> tuple[bool, float]:
        """Token bucket of `client`: (allowed, seconds until one more post is allowed)."""

    def sweep(self, now: float) -> None:
        """Delete buckets idle for BUCKET_SECONDS, and unanswered queries (with their
        readers' keys) first asked SEARCH_MISS_DAYS ago by fewer than SEARCH_MISS_READERS."""

    def scores(self, since: dt.date | None = None) -> list[ArticleScore]:
        """Per article and language, worst first (ArticleScore.badness_bound, then the
        average score, then the most answered)."""

    def weeks(self, since: dt.date | None = None) -> list[WeekScore]:
        """Per week and language, oldest week first."""

    def search_misses(self, readers: int, since: dt.date | None = None) -> list[SearchMiss]:
        """Queries asked by at least `readers` readers (asked since `since`, when given), most
        frequent first, per language."""

    def close(self) -> None: ...


def score_of(counts: tuple[int, ...], rounded: bool = True) -> float:
    total = sum(counts)
    if not total:
        return 0.0
    points = sum(count * weight for count, weight in zip(counts, WEIGHTS, strict=True))
    return round(points / total, 1) if rounded else points / total


def wilson_lower(share: float, n: int, z: float = 1.96) -> float:
    """Lower end of the Wilson score interval of a share observed over n answers."""
    if n <= 0:
        return 0.0
    centre = share + z * z / (2 * n)
    margin = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z * z / n))


def version_mismatch(version: int) -> str:
    """Why a database of another schema version cannot be used, and what to do."""
    if version > SCHEMA_VERSION:
        return (
            f"schema version {version} is newer than this collector's ({SCHEMA_VERSION}): "
            "upgrade the collector (pip install --upgrade helpcentre)"
        )
    return (
        f"schema version {version}, this report reads {SCHEMA_VERSION} "
        "(start the collector once on it to upgrade it)"
    )


def open_store(location: str, *, read_only: bool = False) -> Store:
    """`postgresql://…` opens PostgreSQL; anything else is the path of an SQLite file."""
    if is_postgres(location):
        try:
            from helpcentre.collector.store_postgres import PostgresStore
        except ImportError:
            raise StoreError(
                f"{shown(location)}: PostgreSQL needs psycopg: pip install 'helpcentre[postgres]'"
            ) from None

        return PostgresStore(location, read_only=read_only)
    from helpcentre.collector.store_sqlite import SQLiteStore

    return SQLiteStore(Path(location), read_only=read_only)


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def shown(location: str) -> str:
    """The location as logs may show it: a URL's password replaced by ***."""
    if not is_postgres(location):
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def counts_by(rows: list[tuple[object, ...]]) -> dict[tuple[object, ...], list[int]]:
    """(key..., reaction, n) rows -> {key: counts in the order of REACTION_NAMES}."""
    grouped: dict[tuple[object, ...], list[int]] = {}
    for *key, reaction, count in rows:
        counts = grouped.setdefault(tuple(key), [0] * len(REACTION_NAMES))
        if reaction in REACTION_NAMES:
            counts[REACTION_NAMES.index(str(reaction))] += int(str(count))
    return grouped


def sorted_scores(rows: list[tuple[object, ...]]) -> list[ArticleScore]:
    scores = [
        ArticleScore(str(article), str(lang), tuple(counts))
        for (article, lang), counts in counts_by(rows).items()
    ]
    # Worst first by how bad each surely is, not by its average: two 😞 alone say less than
    # forty answers averaging 40, so they rank below them.
    return sorted(scores, key=lambda s: (-s.badness_bound, s.score, -s.total, s.article, s.lang))


def weekly(rows: list[tuple[object, ...]]) -> list[WeekScore]:
    """(day, lang, reaction, n) rows -> one WeekScore per week and language."""
    by_week: dict[tuple[dt.date, str], list[int]] = {}
    for (day, lang), counts in counts_by(rows).items():
        date = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
        total = by_week.setdefault((week_of(date), str(lang)), [0] * len(REACTION_NAMES))
        for i, count in enumerate(counts):
            total[i] += count
    return [WeekScore(week, lang, tuple(c)) for (week, lang), c in sorted(by_week.items())]


# Reactions are listed worst first, so their points are evenly spaced from 0 to 100.
WEIGHTS = tuple(100 * i / (len(REACTION_NAMES) - 1) for i in range(len(REACTION_NAMES)))
