"""The SQLite file of reactions: one row per accepted post, never a client address."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from helpcentre.contract import REACTION_NAMES


@dataclass(frozen=True)
class Feedback:
    """One reaction exactly as the widget sends it."""

    article: str
    lang: str
    reaction: str
    page: str
    build: str


@dataclass(frozen=True)
class ArticleScore:
    """Counts of each reaction for one article in one language."""

    article: str
    lang: str
    counts: tuple[int, ...]  # one per reaction, in the order of REACTION_NAMES

    def count(self, reaction: str) -> int:
        return self.counts[REACTION_NAMES.index(reaction)]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def score(self) -> float:
        """Average reaction on a 0-100 scale: the worst reaction 0, the best 100."""
        points = sum(count * weight for count, weight in zip(self.counts, WEIGHTS, strict=True))
        return round(points / self.total, 1)


class Store:
    """A thread-safe handle on the reactions database (created on first use)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def add(self, feedback: Feedback, received: dt.datetime | None = None) -> None:
        when = (received or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        with self._lock:
            self._db.execute(
                "INSERT INTO reactions (received_at, article, lang, reaction, page, build)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    when.isoformat(),
                    feedback.article,
                    feedback.lang,
                    feedback.reaction,
                    feedback.page,
                    feedback.build,
                ),
            )

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM reactions").fetchone()[0])

    def scores(self, since: dt.date | None = None) -> list[ArticleScore]:
        """Per article and language, worst score first (then the most answered first)."""
        counts = ", ".join("SUM(reaction = ?)" for _ in REACTION_NAMES)
        query = (
            f"SELECT article, lang, {counts}"
            " FROM reactions WHERE received_at >= ? GROUP BY article, lang"
        )
        start = since.isoformat() if since else ""
        with self._lock:
            rows = self._db.execute(query, (*REACTION_NAMES, start)).fetchall()
        scores = [ArticleScore(a, lang, tuple(int(n) for n in rest)) for a, lang, *rest in rows]
        return sorted(scores, key=lambda row: (row.score, -row.total, row.article, row.lang))

    def close(self) -> None:
        with self._lock:
            self._db.close()


# Reactions are listed worst first, so their points are evenly spaced from 0 to 100.
WEIGHTS = tuple(100 * i / (len(REACTION_NAMES) - 1) for i in range(len(REACTION_NAMES)))
# The names come from the contract; a database created before a change of reactions keeps
# the check it was created with.
_ALLOWED = ", ".join(f"'{name}'" for name in REACTION_NAMES)
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS reactions (
    id          INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,   -- UTC, to the second
    article     TEXT NOT NULL,   -- language-independent path, e.g. facturation/x.md
    lang        TEXT NOT NULL,
    reaction    TEXT NOT NULL CHECK (reaction IN ({_ALLOWED})),
    page        TEXT NOT NULL,
    build       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reactions_by_article ON reactions (article, lang);
"""
