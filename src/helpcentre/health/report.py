"""The health report: every signal gathered once, turned into ranked items per owner."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from helpcentre.checks.project import MESSAGES_LANGUAGE, Project
from helpcentre.content.catalogue import PageKind
from helpcentre.health.history import ValueHistory, read_history
from helpcentre.health.items import THIS_WEEK, Item, Kind, ranked
from helpcentre.health.reader_signals import LOW_SCORE, ReaderSignals, ScoredArticle
from helpcentre.health.reviews import ArticleReview, ReviewState, article_reviews
from helpcentre.health.site_signals import (
    UNREVIEWED_DAYS,
    ChangedValue,
    Link,
    Translations,
    UpcomingChange,
    bad_links,
    changed_values,
    translations,
    upcoming_changes,
)
from helpcentre.health.teams import Team, Teams, load_teams


@dataclass(frozen=True)
class OwnerSection:
    """One owner's items (`owner` None: the articles nobody owns)."""

    owner: str | None
    team: Team | None
    items: list[Item]

    def name(self, source_lang: str) -> str:
        if self.owner is None:
            return "No owner"
        if self.team is None:
            return f"{self.owner} (not a team of the teams file)"
        return self.team.name_in(MESSAGES_LANGUAGE, source_lang)


@dataclass(frozen=True)
class HealthReport:
    today: dt.date
    source_lang: str
    reviews: list[ArticleReview]
    changed: list[ChangedValue]
    upcoming: list[UpcomingChange]
    translations: dict[str, Translations]
    links: list[Link]
    reader: ReaderSignals | None
    teams: Teams
    items: list[Item]  # ranked

    @property
    def this_week(self) -> list[Item]:
        return self.items[:THIS_WEEK]

    @property
    def unreviewed_changes(self) -> list[Item]:
        return [i for i in self.items if i.kind == Kind.UNREVIEWED_CHANGE]

    def owner_name(self, owner: str | None) -> str:
        """An owner as editors read it: the team's name, else the id written."""
        if owner is None:
            return "nobody"
        team = self.teams.by_id.get(owner)
        return team.name_in(MESSAGES_LANGUAGE, self.source_lang) if team else owner

    def owner_sections(self) -> list[OwnerSection]:
        """One section per declared team (in the file's order), per owner named but not
        declared, then the articles nobody owns."""
        owners: list[str | None] = list(self.teams.by_id)
        owners += sorted({r.owner.value for r in self.reviews if r.owner} - set(owners))
        owners.append(None)
        return [
            OwnerSection(owner, self.teams.by_id.get(owner or ""), _of(self.items, owner))
            for owner in owners
        ]


def gather(
    project: Project,
    today: dt.date,
    reader: ReaderSignals | None = None,
    history: ValueHistory | None = None,
) -> HealthReport:
    settings = project.settings.reviews
    teams_file = project.root / settings.teams_file
    teams = load_teams(teams_file, project.display(teams_file), project.languages.complete)
    reviews = article_reviews(project, settings.every)
    history = history or read_history(project.root, project.data_file, today)
    report = HealthReport(
        today=today,
        source_lang=project.languages.source,
        reviews=reviews,
        changed=changed_values(reviews, history, today),
        upcoming=upcoming_changes(reviews, history, today),
        translations=translations(project),
        links=bad_links(project),
        reader=reader,
        teams=teams,
        items=[],
    )
    return dataclasses.replace(report, items=ranked(_items(report, project)))


def _of(items: list[Item], owner: str | None) -> list[Item]:
    return [i for i in items if i.owner == owner]


def _collection_owners(project: Project) -> dict[str, str | None]:
    """The team each collection page of the source names (`owner:` in its index.md)."""
    owners: dict[str, str | None] = {}
    for page in project.in_language(project.languages.source):
        owner = page.source.meta.get("owner")
        if page.kind == PageKind.COLLECTION and isinstance(owner, str):
            owners[page.article_id] = owner
    return owners


def _items(report: HealthReport, project: Project) -> list[Item]:
    source = project.languages.source
    owners = _collection_owners(project)
    owners.update({r.page.article_id: (r.owner.value if r.owner else None) for r in report.reviews})
    found: list[Item] = []
    for change in report.upcoming:
        if (change.on - report.today).days > UNREVIEWED_DAYS:
            continue
        for review, quote in change.unreviewed():
            found.append(
                Item(
                    Kind.UNREVIEWED_CHANGE,
                    f"Review before {change.on}: {change.key} changes from {change.before} to "
                    f"{change.after} (scheduled on {change.scheduled_on}, last review "
                    f"{review.last_review}); then run helpcentre reviewed {review.display}",
                    review.display,
                    quote.line,
                    owners.get(review.page.article_id),
                    source,
                )
            )
    for changed in report.changed:
        review, change = changed.review, changed.change
        how = "edited in the data file" if change.how == "edited" else "scheduled value"
        found.append(
            Item(
                Kind.CHANGED_VALUE,
                f"Reread the sentences around {change.key}: it changed from {change.before} to "
                f"{change.after} on {change.on} ({how}), after the last review on "
                f"{review.last_review}; then run helpcentre reviewed {review.display}",
                review.display,
                changed.quote.line,
                owners.get(review.page.article_id),
                source,
            )
        )
    for review in report.reviews:
        state = review.state(report.today)
        if state == ReviewState.OVERDUE:
            kind, what = Kind.OVERDUE_REVIEW, f"Review the article: due since {review.due}"
        elif state == ReviewState.DUE_SOON:
            kind, what = Kind.REVIEW_DUE_SOON, f"Review the article by {review.due}"
        else:
            continue
        found.append(
            Item(
                kind,
                f"{what} (every {review.cadence}, last review {review.last_review}); "
                f"then run helpcentre reviewed {review.display}",
                review.display,
                review.reviewed_position[0],
                owners.get(review.page.article_id),
                source,
            )
        )
    for link in report.links:
        page = link.page
        if link.moved_to:
            kind, what = (
                Kind.REDIRECTED_LINK,
                f"Link to {link.moved_to}: {link.target} is its old path, reached by a redirect",
            )
        else:
            kind, what = Kind.BROKEN_LINK, f"Fix the link to {link.target}: no such page"
        found.append(
            Item(kind, what, page.display, link.line, owners.get(page.article_id), page.lang)
        )
    for lang, state in report.translations.items():
        for page in state.stale:
            found.append(
                Item(
                    Kind.STALE_TRANSLATION,
                    "Update the translation: its source changed since; then run "
                    f"helpcentre translation-done {page.display}",
                    page.display,
                    1,
                    owners.get(page.article_id),
                    lang,
                )
            )
        for page in state.pending:
            found.append(
                Item(
                    Kind.PENDING_TRANSLATION,
                    "Translate the article: readers see the source language meanwhile",
                    page.display,
                    1,
                    owners.get(page.article_id),
                    lang,
                )
            )
    if report.reader is not None:
        found += _reader_items(report.reader, owners, project)
    return found


def _reader_items(
    reader: ReaderSignals, owners: dict[str, str | None], project: Project
) -> list[Item]:
    found = []
    docs = project.display(project.docs_dir)

    def about(scored: ScoredArticle, kind: Kind, what: str) -> Item:
        path = f"{docs}/{scored.lang}/{scored.article}"
        owner = owners.get(scored.article)
        return Item(kind, what, path, 1, owner, scored.lang, scored.views)

    for scored in reader.lowest:
        if scored.score < LOW_SCORE:
            what = (
                f"Improve the article: score {scored.score:g} from {scored.reactions} "
                f"reactions and {scored.views} views since {reader.since}"
            )
            found.append(about(scored, Kind.LOW_SCORE, what))
    for scored in reader.dropped:
        what = (
            f"Find what changed: the score fell from {scored.before:g} to {scored.score:g} "
            f"({scored.reactions} reactions, {scored.views} views since {reader.since})"
        )
        found.append(about(scored, Kind.SCORE_DROP, what))
    for miss in reader.unanswered:
        if miss.likely:
            what = (
                f'Answer the search "{miss.query}" ({miss.count} searches found nothing): '
                "this article is the closest; add the readers' words to its keywords, "
                "or the answer to its text"
            )
            path = f"{docs}/{miss.lang}/{miss.likely}"
        else:
            what = (
                f'Answer the search "{miss.query}" ({miss.count} searches found nothing): '
                "no article is close; write one, or add a synonym"
            )
            path = ""
        owner = owners.get(miss.likely) if miss.likely else None
        found.append(Item(Kind.UNANSWERED_SEARCH, what, path, 1, owner, miss.lang, miss.count))
    return found
