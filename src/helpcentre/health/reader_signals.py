"""What readers said, from the collector's database: scores and their trend, page views,
and the searches that found nothing, each with the article most likely meant."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from helpcentre.checks.project import Project
from helpcentre.collector.store import (
    SEARCH_MISS_READERS,
    ArticleScore,
    SearchMiss,
    open_store,
    score_of,
)
from helpcentre.content.catalogue import PageKind
from helpcentre.search.text import content_words

# Scores and views are read over the last WINDOW_DAYS, compared with the WINDOW_DAYS before.
WINDOW_DAYS = 28
# A score below LOW_SCORE with at least MIN_REACTIONS reactions is worth a look.
LOW_SCORE = 50.0
MIN_REACTIONS = 3
# A score that fell by at least DROP_POINTS between the two windows has "dropped".
DROP_POINTS = 15.0
LISTED = 10

_MARKER = re.compile(r"\{\{.*?\}\}")


@dataclass(frozen=True)
class ScoredArticle:
    """An article's reactions in the window, its score then and before, and its views."""

    article: str
    lang: str
    counts: tuple[int, ...]
    score: float
    before: float | None  # the score in the window before (None: no reaction then)
    views: int

    @property
    def reactions(self) -> int:
        return sum(self.counts)

    @property
    def trend(self) -> float | None:
        return None if self.before is None else round(self.score - self.before, 1)


@dataclass(frozen=True)
class Unanswered:
    """A search that found nothing, how often, and the article that should answer it."""

    lang: str
    query: str
    count: int
    likely: str | None  # an article id of that language


@dataclass(frozen=True)
class ReaderSignals:
    since: dt.date
    scored: list[ScoredArticle]  # worst first
    unanswered: list[Unanswered]  # most asked first
    views: dict[tuple[str, str], int]

    @property
    def lowest(self) -> list[ScoredArticle]:
        return [s for s in self.scored if s.reactions >= MIN_REACTIONS][:LISTED]

    @property
    def dropped(self) -> list[ScoredArticle]:
        return [
            s
            for s in self.scored
            if s.trend is not None and s.trend <= -DROP_POINTS and s.reactions >= MIN_REACTIONS
        ]


def read_signals(location: str, project: Project, today: dt.date) -> ReaderSignals:
    """Read the database (read-only); raises StoreError when it cannot be used."""
    since = today - dt.timedelta(days=WINDOW_DAYS)
    earlier = since - dt.timedelta(days=WINDOW_DAYS)
    store = open_store(location, read_only=True)
    try:
        recent = store.scores(since)
        both = {(s.article, s.lang): s for s in store.scores(earlier)}
        views = {(v.article, v.lang): v.views for v in store.page_views(since)}
        misses = store.search_misses(SEARCH_MISS_READERS, since)
    finally:
        store.close()
    scored = [_scored(s, both.get((s.article, s.lang)), views) for s in recent]
    return ReaderSignals(since, scored, _unanswered(misses, project), views)


def _scored(
    recent: ArticleScore, both: ArticleScore | None, views: dict[tuple[str, str], int]
) -> ScoredArticle:
    earlier = tuple(a - b for a, b in zip(both.counts, recent.counts, strict=True)) if both else ()
    before = score_of(earlier) if earlier and sum(earlier) else None
    return ScoredArticle(
        recent.article,
        recent.lang,
        recent.counts,
        recent.score,
        before,
        views.get((recent.article, recent.lang), 0),
    )


def _unanswered(misses: list[SearchMiss], project: Project) -> list[Unanswered]:
    # Every article's words, only in the languages readers searched in vain.
    index = {lang: _article_words(project, lang) for lang in {m.lang for m in misses}}
    found = [
        Unanswered(m.lang, m.query, m.count, likely_article(m.query, m.lang, index.get(m.lang)))
        for m in misses
    ]
    return sorted(found, key=lambda u: (-u.count, u.lang, u.query))


def likely_article(query: str, lang: str, articles: dict[str, dict[str, int]] | None) -> str | None:
    """The article whose own words best cover the query's (title and keywords count 3,
    the lede 2, the body 1); a word of 5 letters or more also matches its longer forms."""
    wanted = content_words(query, lang)
    best, best_score = None, 0
    for article_id, weights in sorted((articles or {}).items()):
        score = sum(_weight(word, weights) for word in wanted)
        if score > best_score:
            best, best_score = article_id, score
    return best


def _weight(word: str, weights: dict[str, int]) -> int:
    if word in weights:
        return weights[word]
    if len(word) < 5:
        return 0
    stem = word[:5]
    return max((w for known, w in weights.items() if known.startswith(stem)), default=0)


def _article_words(project: Project, lang: str) -> dict[str, dict[str, int]]:
    """Each article's words with their weight, from the text readers of `lang` see."""
    found = {}
    for page in project.in_language(lang):
        if page.kind != PageKind.ARTICLE:
            continue
        source = page
        if page.pending:  # readers see the source's text
            source = project.page(project.languages.source, page.article_id) or page
        meta = source.source.meta
        weights: dict[str, int] = {}
        parts = [
            (" ".join(str(k) for k in meta.get("keywords") or []), 3),
            (str(page.source.meta.get("title") or ""), 3),
            (str(meta.get("description") or ""), 2),
            (_MARKER.sub(" ", source.source.body), 1),
        ]
        for text, weight in parts:
            for word in content_words(text, lang):
                weights[word] = max(weights.get(word, 0), weight)
        found[page.article_id] = weights
    return found
