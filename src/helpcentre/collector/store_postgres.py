"""The PostgreSQL backend (psycopg 3): for sites running several collector instances."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

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
    shown,
    sorted_scores,
    version_mismatch,
    weekly,
)
from helpcentre.contract import REACTION_NAMES


class PostgresStore:
    """One autocommit connection per server thread; read_only sessions cannot write."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self._local = threading.local()
        self._all: list[psycopg.Connection[Any]] = []
        self._all_lock = threading.Lock()
        with self._connection() as db:
            if read_only:
                version = _version(db)
                if version != SCHEMA_VERSION:
                    raise StoreError(f"{shown(url)}: {version_mismatch(version)}")
            else:
                _upgrade(db)

    def add_reaction(self, reaction: Reaction, received: dt.datetime) -> None:
        with self._connection() as db:
            db.execute(
                "INSERT INTO reactions (received_at, article, lang, reaction, page, build, vote)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (article, lang, vote) DO UPDATE SET"
                " received_at = excluded.received_at, reaction = excluded.reaction,"
                " page = excluded.page, build = excluded.build",
                (
                    received.replace(microsecond=0),
                    reaction.article,
                    reaction.lang,
                    reaction.reaction,
                    reaction.page,
                    reaction.build,
                    reaction.vote,
                ),
            )

    def add_search_miss(self, lang: str, query: str, received: dt.datetime, reader: str) -> None:
        day = received.astimezone(dt.UTC).date()
        with self._connection() as db, db.transaction():
            (readers,) = db.execute(
                "INSERT INTO search_misses AS m"
                " (lang, query, count, readers, first_seen, last_seen)"
                " VALUES (%s, %s, 1, 0, %s, %s) ON CONFLICT (lang, query) DO UPDATE SET"
                " count = m.count + 1, last_seen = excluded.last_seen RETURNING m.readers",
                (lang, query, day, day),
            ).fetchone()
            if readers >= SEARCH_MISS_READERS:
                return
            new = db.execute(
                "INSERT INTO search_miss_readers (lang, query, reader) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (lang, query, reader),
            ).rowcount
            if not new:
                return
            db.execute(
                "UPDATE search_misses SET readers = readers + 1 WHERE lang = %s AND query = %s",
                (lang, query),
            )
            if readers + 1 >= SEARCH_MISS_READERS:
                # Reported from now on: who asked is no longer needed.
                db.execute(
                    "DELETE FROM search_miss_readers WHERE lang = %s AND query = %s",
                    (lang, query),
                )

    def add_page_view(self, article: str, lang: str, received: dt.datetime) -> None:
        day = received.astimezone(dt.UTC).date()
        with self._connection() as db:
            db.execute(
                "INSERT INTO page_views AS p (day, article, lang, views) VALUES (%s, %s, %s, 1)"
                " ON CONFLICT (day, article, lang) DO UPDATE SET views = p.views + 1",
                (day, article, lang),
            )

    def page_views(self, since: dt.date | None = None) -> list[PageViews]:
        rows = self._read(
            "SELECT article, lang, SUM(views) FROM page_views WHERE day >= %s"
            " GROUP BY article, lang ORDER BY 3 DESC, article, lang",
            (since or dt.date.min,),
        )
        return [PageViews(str(article), str(lang), int(str(n))) for article, lang, n in rows]

    def take_token(self, client: str, now: float, per_minute: int) -> tuple[bool, float]:
        rate = per_minute / 60.0
        refill = "LEAST(%(cap)s, r.tokens + (%(now)s - r.updated) * %(rate)s)"
        with self._connection() as db:
            allowed, tokens = db.execute(
                "INSERT INTO rate_limit AS r (client, tokens, updated, allowed)"
                " VALUES (%(client)s, %(cap)s - 1, %(now)s, true)"
                " ON CONFLICT (client) DO UPDATE SET"
                f" allowed = {refill} >= 1,"
                f" tokens = CASE WHEN {refill} >= 1 THEN {refill} - 1 ELSE {refill} END,"
                " updated = %(now)s RETURNING allowed, tokens",
                {"client": client, "cap": float(per_minute), "now": now, "rate": rate},
            ).fetchone()
        return bool(allowed), 0.0 if allowed else (1.0 - float(tokens)) / rate

    def sweep(self, now: float) -> None:
        today = dt.datetime.fromtimestamp(now, dt.UTC).date()
        cutoff = today - dt.timedelta(days=SEARCH_MISS_DAYS)
        stale = "readers < %s AND first_seen <= %s"
        with self._connection() as db, db.transaction():
            db.execute("DELETE FROM rate_limit WHERE updated < %s", (now - BUCKET_SECONDS,))
            db.execute(
                "DELETE FROM search_miss_readers WHERE (lang, query) IN"  # type: ignore[arg-type]
                f" (SELECT lang, query FROM search_misses WHERE {stale})",
                (SEARCH_MISS_READERS, cutoff),
            )
            db.execute(
                f"DELETE FROM search_misses WHERE {stale}",  # type: ignore[arg-type]
                (SEARCH_MISS_READERS, cutoff),
            )

    def scores(self, since: dt.date | None = None) -> list[ArticleScore]:
        return sorted_scores(
            self._read(
                "SELECT article, lang, reaction, COUNT(*) FROM reactions"
                " WHERE received_at >= %s GROUP BY article, lang, reaction",
                (since or dt.date.min,),
            )
        )

    def weeks(self, since: dt.date | None = None) -> list[WeekScore]:
        return weekly(
            self._read(
                "SELECT (received_at AT TIME ZONE 'UTC')::date, lang, reaction, COUNT(*)"
                " FROM reactions WHERE received_at >= %s GROUP BY 1, lang, reaction",
                (since or dt.date.min,),
            )
        )

    def search_misses(self, readers: int, since: dt.date | None = None) -> list[SearchMiss]:
        rows = self._read(
            "SELECT lang, query, count FROM search_misses WHERE readers >= %s"
            " AND last_seen >= %s ORDER BY lang, count DESC, query",
            (readers, since or dt.date.min),
        )
        return [SearchMiss(str(lang), str(query), int(str(n))) for lang, query, n in rows]

    def close(self) -> None:
        with self._all_lock:
            for db in self._all:
                db.close()
            self._all.clear()

    def _read(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._connection() as db:
            return list(db.execute(sql, params).fetchall())

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        db: psycopg.Connection[Any] | None = getattr(self._local, "db", None)
        try:
            if db is None or db.closed:
                db = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
                if self.read_only:
                    db.execute("SET default_transaction_read_only = on")
                self._local.db = db
                with self._all_lock:
                    self._all.append(db)
            yield db
        except psycopg.OperationalError as error:
            if db is not None:
                db.close()  # the next request opens a fresh connection
            raise StoreUnavailable(f"{shown(self.url)}: {_first_line(error)}") from None
        except psycopg.Error as error:
            raise StoreError(f"{shown(self.url)}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _version(db: psycopg.Connection[Any]) -> int:
    """The recorded version; 1 for tables made before versions were recorded; 0 when empty."""
    tables = {
        name
        for (name,) in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    }
    if "collector_schema" in tables:
        row = db.execute("SELECT version FROM collector_schema").fetchone()
        return int(row[0]) if row else 0
    return 1 if "reactions" in tables else 0


def _upgrade(db: psycopg.Connection[Any]) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction; instances starting together
    wait for each other on an advisory lock."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_UPGRADE_LOCK,))
        version = _version(db)
        if version > SCHEMA_VERSION:
            raise StoreError(version_mismatch(version))
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                db.execute(statement)  # type: ignore[arg-type]
        db.execute("CREATE TABLE IF NOT EXISTS collector_schema (version integer NOT NULL)")
        db.execute("DELETE FROM collector_schema")
        db.execute("INSERT INTO collector_schema (version) VALUES (%s)", (SCHEMA_VERSION,))


_UPGRADE_LOCK = 0x6863_6F6C  # any constant shared by every instance: "hcol"
_ALLOWED = ", ".join(f"'{name}'" for name in REACTION_NAMES)
MIGRATIONS: dict[int, list[str]] = {
    1: [
        f"""CREATE TABLE reactions (
            id          bigserial PRIMARY KEY,
            received_at timestamptz NOT NULL,
            article     text NOT NULL,
            lang        text NOT NULL,
            reaction    text NOT NULL CHECK (reaction IN ({_ALLOWED})),
            page        text NOT NULL,
            build       text NOT NULL
        )""",
        "CREATE INDEX reactions_by_article ON reactions (article, lang)",
    ],
    2: [
        "ALTER TABLE reactions ADD COLUMN vote text",
        "CREATE UNIQUE INDEX reactions_by_vote ON reactions (article, lang, vote)",
        """CREATE TABLE search_misses (
            lang       text NOT NULL,
            query      text NOT NULL,
            count      integer NOT NULL,
            first_seen date NOT NULL,
            last_seen  date NOT NULL,
            PRIMARY KEY (lang, query)
        )""",
        # Unlogged: faster, and a crash only forgets who was being slowed down.
        """CREATE UNLOGGED TABLE rate_limit (
            client  text PRIMARY KEY,
            tokens  double precision NOT NULL,
            updated double precision NOT NULL,
            allowed boolean NOT NULL
        )""",
        "CREATE INDEX rate_limit_by_time ON rate_limit (updated)",
        "CREATE TABLE salts (day text PRIMARY KEY, salt bytea NOT NULL)",
    ],
    # As in SQLite: no salt in the database, distinct readers of unanswered searches.
    3: [
        "DROP TABLE salts",
        "ALTER TABLE search_misses ADD COLUMN readers integer NOT NULL DEFAULT 0",
        "UPDATE search_misses SET readers = 1",
        """CREATE TABLE search_miss_readers (
            lang   text NOT NULL,
            query  text NOT NULL,
            reader text NOT NULL,
            PRIMARY KEY (lang, query, reader)
        )""",
        "CREATE INDEX search_misses_by_first_seen ON search_misses (first_seen)",
    ],
    # As in SQLite: a count per day, article and language.
    4: [
        """CREATE TABLE page_views (
            day     date NOT NULL,
            article text NOT NULL,
            lang    text NOT NULL,
            views   integer NOT NULL,
            PRIMARY KEY (day, article, lang)
        )""",
    ],
}
