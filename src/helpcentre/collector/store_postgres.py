"""The PostgreSQL backend (psycopg 3): for sites running several collector instances."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from helpcentre.collector.store import (
    SCHEMA_VERSION,
    ArticleScore,
    Reaction,
    SearchMiss,
    StoreError,
    StoreUnavailable,
    WeekScore,
    shown,
    sorted_scores,
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
                    raise StoreError(
                        f"{shown(url)}: schema version {version}, this report reads "
                        f"{SCHEMA_VERSION} (start the collector once on it to upgrade it)"
                    )
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

    def add_search_miss(self, lang: str, query: str, received: dt.datetime) -> None:
        day = received.astimezone(dt.UTC).date()
        with self._connection() as db:
            db.execute(
                "INSERT INTO search_misses AS m (lang, query, count, first_seen, last_seen)"
                " VALUES (%s, %s, 1, %s, %s) ON CONFLICT (lang, query) DO UPDATE SET"
                " count = m.count + 1, last_seen = excluded.last_seen",
                (lang, query, day, day),
            )

    def salt(self, day: str) -> bytes:
        with self._connection() as db:
            db.execute(
                "INSERT INTO salts (day, salt) VALUES (%s, %s) ON CONFLICT (day) DO NOTHING",
                (day, secrets.token_bytes(32)),
            )
            row = db.execute("SELECT salt FROM salts WHERE day = %s", (day,)).fetchone()
            return bytes(row[0])

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

    def forget_before(self, now: float, day: str) -> None:
        with self._connection() as db:
            db.execute("DELETE FROM rate_limit WHERE updated < %s", (now - 60.0,))
            db.execute("DELETE FROM salts WHERE day < %s", (day,))

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

    def search_misses(self, at_least: int) -> list[SearchMiss]:
        rows = self._read(
            "SELECT lang, query, count FROM search_misses WHERE count >= %s"
            " ORDER BY lang, count DESC, query",
            (at_least,),
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
            raise StoreError(
                f"schema version {version} is newer than this collector's ({SCHEMA_VERSION})"
            )
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
}
