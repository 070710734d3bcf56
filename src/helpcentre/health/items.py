"""What the health page asks people to do: one item per thing to fix, ranked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# "This week" shows at most this many items; each owner's section shows all of theirs.
THIS_WEEK = 10


class Kind(Enum):
    """The kinds of item, most urgent first: the ranking's first key."""

    UNREVIEWED_CHANGE = "unreviewed-change"  # a quoted value changes within 14 days
    CHANGED_VALUE = "changed-value"  # a quoted value changed since the last review
    OVERDUE_REVIEW = "overdue-review"
    BROKEN_LINK = "broken-link"
    LOW_SCORE = "low-score"
    UNANSWERED_SEARCH = "unanswered-search"
    SCORE_DROP = "score-drop"
    STALE_TRANSLATION = "stale-translation"
    REDIRECTED_LINK = "redirected-link"
    REVIEW_DUE_SOON = "review-due-soon"
    PENDING_TRANSLATION = "pending-translation"

    @property
    def rank(self) -> int:
        return list(Kind).index(self)


@dataclass(frozen=True)
class Item:
    """One thing to do: `action` says what, `path` and `line` where, `owner` who (a team
    id, None for nobody); `reach` is how many readers it touches (views, searches)."""

    kind: Kind
    action: str
    path: str
    line: int
    owner: str | None
    lang: str
    reach: int | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else ""

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "action": self.action,
            "path": self.path,
            "line": self.line,
            "owner": self.owner,
            "lang": self.lang,
            "reach": self.reach,
        }


def ranked(items: list[Item]) -> list[Item]:
    """Most urgent kind first; within a kind, the most readers first, then by place."""
    return sorted(items, key=lambda i: (i.kind.rank, -(i.reach or 0), i.path, i.line, i.action))
