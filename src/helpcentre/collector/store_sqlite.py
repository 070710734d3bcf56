"""The SQLite backend: one file, no set-up; several processes on one host may share it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from helpcentre.collector.store import (
    BUCKET_SECONDS,
    SCHEMA_VERSION,
    SEARCH_MISS_DAYS,
    SEARCH_MISS_READERS,
    ArticleScore,
    PageViews,
    Reaction,
    SearchMiss,
    StoreError,
    StoreUnavailable,
    WeekScore,
    sorted_scores,
    version_mismatch,
    weekly,
)
from helpcentre.contract import REACTION_NAMES


class SQLiteStore:
    """A thread-safe handle on one SQLite file; read_only opens it with `mode=ro` and
    changes nothing (no WAL switch, no tables)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self._lock = threading.Lock()
        if read_only:
            self._db = _open_read_only(path)
        else:
            self._db = _open_for_writing(path)

    def add_reaction(self, reaction: Reaction, received: dt.datetime) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT INTO reactions (received_at, article, lang, reaction, page, build, vote)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (article, lang, vote) DO UPDATE SET"
                " received_at = excluded.received_at, reaction = excluded.reaction,"
                " page = excluded.page, build = excluded.build",
                (
                    _timestamp(received),
                    reaction.article,
                    reaction.lang,
                    reaction.reaction,
                    reaction.page,
                    reaction.build,
                    reaction.vote,
                ),
            )

    def add_search_miss(self, lang: str, query: str, received: dt.datetime, reader: str) -> None:
        day = received.astimezone(dt.UTC).date().isoformat()
        with self._transaction() as db:
            (readers,) = db.execute(
                "INSERT INTO search_misses (lang, query, count, readers, first_seen, last_seen)"
                " VALUES (?, ?, 1, 0, ?, ?) ON CONFLICT (lang, query) DO UPDATE SET"
                " count = count + 1, last_seen = excluded.last_seen RETURNING readers",
                (lang, query, day, day),
            ).fetchone()
            if readers >= SEARCH_MISS_READERS:
                return
            new = db.execute(
                "INSERT INTO search_miss_readers (lang, query, reader) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (lang, query, reader),
            ).rowcount
            if new and readers + 1 >= SEARCH_MISS_READERS:
                # Reported from now on: who asked is no longer needed.
                db.execute(
                    "DELETE FROM search_miss_readers WHERE lang = ? AND query = ?", (lang, query)
                )
            if new:
                db.execute(
                    "UPDATE search_misses SET readers = readers + 1 WHERE lang = ? AND query = ?",
                    (lang, query),
                )

    def add_page_view(self, article: str, lang: str, received: dt.datetime) -> None:
        day = received.astimezone(dt.UTC).date().isoformat()
        with self._writing() as db:
            db.execute(
                "INSERT INTO page_views (day, article, lang, views) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (day, article, lang) DO UPDATE SET views = views + 1",
                (day, article, lang),
            )

    def page_views(self, since: dt.date | None = None) -> list[PageViews]:
        rows = self._read(
            "SELECT article, lang, SUM(views) FROM page_views WHERE day >= ?"
            " GROUP BY article, lang ORDER BY 3 DESC, article, lang",
            (since.isoformat() if since else "",),
        )
        return [PageViews(str(article), str(lang), int(str(n))) for article, lang, n in rows]

    def take_token(self, client: str, now: float, per_minute: int) -> tuple[bool, float]:
        rate = per_minute / 60.0
        refill = "MIN(:cap, tokens + (:now - updated) * :rate)"
        with self._writing() as db:
            allowed, tokens = db.execute(
                "INSERT INTO rate_limit (client, tokens, updated, allowed)"
                " VALUES (:client, :cap - 1, :now, 1) ON CONFLICT (client) DO UPDATE SET"
                f" allowed = {refill} >= 1,"
                f" tokens = CASE WHEN {refill} >= 1 THEN {refill} - 1 ELSE {refill} END,"
                " updated = :now RETURNING allowed, tokens",
                {"client": client, "cap": float(per_minute), "now": now, "rate": rate},
            ).fetchone()
        return bool(allowed), 0.0 if allowed else (1.0 - float(tokens)) / rate

    def sweep(self, now: float) -> None:
        today = dt.datetime.fromtimestamp(now, dt.UTC).date()
        cutoff = (today - dt.timedelta(days=SEARCH_MISS_DAYS)).isoformat()
        with self._transaction() as db:
            db.execute("DELETE FROM rate_limit WHERE updated < ?", (now - BUCKET_SECONDS,))
            stale = "readers < ? AND first_seen <= ?"
            db.execute(
                "DELETE FROM search_miss_readers WHERE (lang, query) IN"
                f" (SELECT lang, query FROM search_misses WHERE {stale})",
                (SEARCH_MISS_READERS, cutoff),
            )
            db.execute(f"DELETE FROM search_misses WHERE {stale}", (SEARCH_MISS_READERS, cutoff))

    def scores(self, since: dt.date | None = None) -> list[ArticleScore]:
        rows = self._read(
            "SELECT article, lang, reaction, COUNT(*) FROM reactions WHERE received_at >= ?"
            " GROUP BY article, lang, reaction",
            (since.isoformat() if since else "",),
        )
        return sorted_scores(rows)

    def weeks(self, since: dt.date | None = None) -> list[WeekScore]:
        rows = self._read(
            "SELECT substr(received_at, 1, 10), lang, reaction, COUNT(*) FROM reactions"
            " WHERE received_at >= ? GROUP BY 1, lang, reaction",
            (since.isoformat() if since else "",),
        )
        return weekly(rows)

    def search_misses(self, readers: int, since: dt.date | None = None) -> list[SearchMiss]:
        rows = self._read(
            "SELECT lang, query, count FROM search_misses WHERE readers >= ? AND last_seen >= ?"
            " ORDER BY lang, count DESC, query",
            (readers, since.isoformat() if since else ""),
        )
        return [SearchMiss(str(lang), str(query), int(n)) for lang, query, n in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _read(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._lock:
            try:
                return list(self._db.execute(sql, params))
            except sqlite3.DatabaseError as error:
                raise StoreError(f"{self.path}: cannot read ({error})") from None

    def _writing(self) -> _Writing:
        return _Writing(self)

    def _transaction(self) -> _Writing:
        return _Writing(self, transaction=True)


class _Writing:
    """Holds the lock around one autocommitted statement; a busy database is retryable."""

    def __init__(self, store: SQLiteStore, transaction: bool = False) -> None:
        self.store = store
        self.transaction = transaction

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        if self.transaction:
            try:
                self.store._db.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.store._lock.release()
                raise
        return self.store._db

    def __exit__(self, kind: object, error: object, trace: object) -> bool:
        try:
            if self.transaction:
                self.store._db.execute("ROLLBACK" if error else "COMMIT")
        except sqlite3.DatabaseError as failed:
            error = error or failed
        finally:
            self.store._lock.release()
        if isinstance(error, sqlite3.OperationalError):
            raise StoreUnavailable(f"{self.store.path}: {error}") from None
        if isinstance(error, sqlite3.DatabaseError):
            raise StoreError(f"{self.store.path}: {error}") from None
        return False


def _open_for_writing(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a committed post survives the process being killed (the log
        # is in the OS already); only a power cut may lose the last few.
        db.execute("PRAGMA synchronous=NORMAL")
        _upgrade(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: not a usable SQLite database ({error})") from None
    except OSError as error:
        raise StoreError(f"{path}: {error.strerror}") from None
    return db


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"{path}: no such database (start the collector first)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        version = _version(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: not a collector database ({error})") from None
    if version == 0:
        db.close()
        raise StoreError(f"{path}: not a collector database (no reactions table)")
    if version != SCHEMA_VERSION:
        db.close()
        raise StoreError(f"{path}: {version_mismatch(version)}")
    return db


def _version(db: sqlite3.Connection) -> int:
    """PRAGMA user_version; 1 for a database of the first collector, which did not set it."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if (
        version == 0
        and db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reactions'"
        ).fetchone()
    ):
        return 1
    return version


def _upgrade(db: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction (other processes wait)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _version(db)
        if version > SCHEMA_VERSION:
            raise StoreError(version_mismatch(version))
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _timestamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


_ALLOWED = ", ".join(f"'{name}'" for name in REACTION_NAMES)
MIGRATIONS: dict[int, list[str]] = {
    # The first collector's table, one row per post.
    1: [
        f"""CREATE TABLE reactions (
            id          INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL,
            article     TEXT NOT NULL,
            lang        TEXT NOT NULL,
            reaction    TEXT NOT NULL CHECK (reaction IN ({_ALLOWED})),
            page        TEXT NOT NULL,
            build       TEXT NOT NULL
        )""",
        "CREATE INDEX reactions_by_article ON reactions (article, lang)",
    ],
    # Votes that can change, unanswered searches, and the shared rate limit.
    2: [
        "ALTER TABLE reactions ADD COLUMN vote TEXT",
        "CREATE UNIQUE INDEX reactions_by_vote ON reactions (article, lang, vote)",
        """CREATE TABLE search_misses (
            lang       TEXT NOT NULL,
            query      TEXT NOT NULL,
            count      INTEGER NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen  TEXT NOT NULL,
            PRIMARY KEY (lang, query)
        )""",
        """CREATE TABLE rate_limit (
            client  TEXT PRIMARY KEY,
            tokens  REAL NOT NULL,
            updated REAL NOT NULL,
            allowed INTEGER NOT NULL
        )""",
        "CREATE INDEX rate_limit_by_time ON rate_limit (updated)",
        "CREATE TABLE salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL)",
    ],
    # The salt leaves the database (the key now comes from a secret given to the instances);
    # unanswered searches count their distinct readers. Older counts cannot tell readers
    # apart: they are taken as one reader's.
    3: [
        "DROP TABLE salts",
        "ALTER TABLE search_misses ADD COLUMN readers INTEGER NOT NULL DEFAULT 0",
        "UPDATE search_misses SET readers = 1",
        """CREATE TABLE search_miss_readers (
            lang   TEXT NOT NULL,
            query  TEXT NOT NULL,
            reader TEXT NOT NULL,
            PRIMARY KEY (lang, query, reader)
        )""",
        "CREATE INDEX search_misses_by_first_seen ON search_misses (first_seen)",
    ],
    # Page views: a count per day, article and language; nothing about the reader.
    4: [
        """CREATE TABLE page_views (
            day     TEXT NOT NULL,
            article TEXT NOT NULL,
            lang    TEXT NOT NULL,
            views   INTEGER NOT NULL,
            PRIMARY KEY (day, article, lang)
        )""",
    ],
}
