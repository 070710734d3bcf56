"""The two storage backends through the same tests: vote upserts, search-miss counts and
their readers, the token buckets of the rate limit, the sweep, the report's queries, and
schema upgrades."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.collector_run import database, query
from helpcentre.collector.store import (
    SCHEMA_VERSION,
    Reaction,
    Store,
    StoreError,
    is_postgres,
    open_store,
)
from helpcentre.collector.store_postgres import MIGRATIONS as POSTGRES_V1
from helpcentre.collector.store_sqlite import MIGRATIONS as SQLITE_V1

BACKENDS = ["sqlite", "postgresql"]
MONDAY = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as db:
        yield db


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    opened = open_store(location)
    yield opened
    opened.close()


def reaction(
    article: str = "a/b.md", lang: str = "fr", value: str = "happy", vote: str | None = "v" * 16
):
    return Reaction(article, lang, value, "/a/b/", "build-1", vote)


def test_votes_are_upserted_and_votes_without_id_appended(store):
    store.add_reaction(reaction(value="sad"), MONDAY)
    store.add_reaction(reaction(value="happy"), MONDAY + dt.timedelta(minutes=1))
    store.add_reaction(reaction(vote=None), MONDAY)
    store.add_reaction(reaction(vote=None), MONDAY)
    [score] = store.scores()
    assert (score.article, score.lang, score.counts) == ("a/b.md", "fr", (0, 0, 3))


def test_scores_are_worst_first_and_weeks_start_on_monday(store):
    for day, value in [(0, "sad"), (1, "sad"), (6, "happy"), (7, "happy"), (8, "neutral")]:
        when = MONDAY + dt.timedelta(days=day)
        store.add_reaction(reaction(value=value, vote=f"vote-{day:013d}"), when)
    store.add_reaction(reaction("c/d.md", vote="w" * 16), MONDAY)
    scores = store.scores()
    assert [(s.article, s.counts, s.score) for s in scores] == [
        ("a/b.md", (2, 1, 2), 50.0),
        ("c/d.md", (0, 0, 1), 100.0),
    ]
    weeks = store.weeks()
    assert [(w.week, w.lang, w.counts) for w in weeks] == [
        (dt.date(2026, 6, 1), "fr", (2, 0, 2)),
        (dt.date(2026, 6, 8), "fr", (0, 1, 1)),
    ]
    assert [w.week for w in store.weeks(since=dt.date(2026, 6, 8))] == [dt.date(2026, 6, 8)]
    assert [s.total for s in store.scores(since=dt.date(2026, 6, 9))] == [1]


def test_search_misses_are_counted_per_language_and_query_with_distinct_readers(store):
    asked = [("fr", "rgpd", "a"), ("fr", "rgpd", "b"), ("fr", "rgpd", "b"), ("en", "rgpd", "a")]
    for lang, text, reader in [*asked, ("fr", "boîtier", "c")]:
        store.add_search_miss(lang, text, MONDAY, reader)
    assert [(m.lang, m.query, m.count) for m in store.search_misses(1)] == [
        ("en", "rgpd", 1),
        ("fr", "rgpd", 3),
        ("fr", "boîtier", 1),
    ]
    assert [(m.lang, m.query) for m in store.search_misses(2)] == [("fr", "rgpd")]
    later = MONDAY + dt.timedelta(days=3)
    store.add_search_miss("en", "gdpr", later, "a")
    assert [m.query for m in store.search_misses(1, since=later.date())] == ["gdpr"]


def test_token_bucket_refills_evenly_and_idle_buckets_are_swept(store, location):
    now = 1_800_000_000.0
    assert [store.take_token("k", now, 3)[0] for _ in range(4)] == [True, True, True, False]
    allowed, wait = store.take_token("k", now, 3)
    assert (allowed, round(wait, 3)) == (False, 20.0)
    assert store.take_token("other", now, 3)[0] is True
    assert [store.take_token("k", now + 20, 3)[0] for _ in range(2)] == [True, False]
    store.sweep(now + 70)
    assert query(location, "SELECT client FROM rate_limit") == [("k",)]
    store.sweep(now + 81)
    assert query(location, "SELECT client FROM rate_limit") == []


def test_sweep_deletes_queries_few_readers_asked_within_30_days(store, location):
    for reader in "abc":
        store.add_search_miss("fr", "rgpd", MONDAY, reader)
    store.add_search_miss("fr", "boîtier", MONDAY, "a")
    store.add_search_miss("fr", "boîtier", MONDAY + dt.timedelta(days=20), "b")
    store.sweep((MONDAY + dt.timedelta(days=29)).timestamp())
    assert len(store.search_misses(0)) == 2
    store.sweep((MONDAY + dt.timedelta(days=30)).timestamp())
    assert [m.query for m in store.search_misses(0)] == ["rgpd"]
    assert query(location, "SELECT * FROM search_miss_readers") == []


def _create_first_schema(location: str) -> None:
    """The tables of the first collector (before versions), with two of its rows."""
    rows = [
        ("2026-05-01T10:00:00+00:00", "a/b.md", "fr", "sad", "/a/b/", "old"),
        ("2026-05-02T10:00:00+00:00", "a/b.md", "fr", "happy", "/a/b/", "old"),
    ]
    if is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            for statement in POSTGRES_V1[1]:
                db.execute(statement)  # type: ignore[arg-type]
            for row in rows:
                db.execute(
                    "INSERT INTO reactions (received_at, article, lang, reaction, page, build)"
                    " VALUES (%s, %s, %s, %s, %s, %s)",
                    row,
                )
        return
    Path(location).parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(location) as db:
        for statement in SQLITE_V1[1]:
            db.execute(statement)
        db.executemany(
            "INSERT INTO reactions (received_at, article, lang, reaction, page, build)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()


def test_a_database_of_the_first_collector_is_upgraded_on_start(location):
    _create_first_schema(location)
    store = open_store(location)
    try:
        assert [s.counts for s in store.scores()] == [(1, 0, 1)]
        store.add_reaction(reaction(), MONDAY)
        store.add_reaction(reaction(value="sad"), MONDAY)
        store.add_search_miss("fr", "rgpd", MONDAY, "k")
        assert [s.counts for s in store.scores()] == [(2, 0, 1)]
    finally:
        store.close()
    again = open_store(location)  # a second start finds nothing to do
    again.close()
    if is_postgres(location):
        assert query(location, "SELECT version FROM collector_schema") == [(SCHEMA_VERSION,)]
    else:
        assert query(location, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    votes = query(location, "SELECT build, vote FROM reactions ORDER BY id")
    assert votes == [("old", None), ("old", None), ("build-1", "v" * 16)]


def test_a_newer_schema_is_refused_in_one_line(location):
    open_store(location).close()
    if is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            db.execute("UPDATE collector_schema SET version = 99")
    else:
        with sqlite3.connect(location) as db:
            db.execute("PRAGMA user_version = 99")
        db.close()
    with pytest.raises(StoreError) as refused:
        open_store(location)
    assert str(refused.value) == (
        f"schema version 99 is newer than this collector's ({SCHEMA_VERSION}): "
        "upgrade the collector (pip install --upgrade helpcentre)"
    )


def _create_second_schema(location: str) -> None:
    """The tables of schema 2 (salts in the database), with a salt and a search miss."""
    migrations = POSTGRES_V1 if is_postgres(location) else SQLITE_V1
    statements = [*migrations[1], *migrations[2]]
    rows = [
        "INSERT INTO salts (day, salt) VALUES ('2026-06-01', 'x')",
        "INSERT INTO search_misses (lang, query, count, first_seen, last_seen)"
        " VALUES ('fr', 'rgpd', 7, '2026-06-01', '2026-06-02')",
    ]
    if is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            for statement in [*statements, *rows]:
                db.execute(statement.replace("'x'", "'\\x00'::bytea"))  # type: ignore[arg-type]
            db.execute("CREATE TABLE collector_schema (version integer NOT NULL)")
            db.execute("INSERT INTO collector_schema VALUES (2)")
        return
    Path(location).parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(location) as db:
        for statement in [*statements, *rows, "PRAGMA user_version = 2"]:
            db.execute(statement)
    db.close()


def test_schema_2_loses_its_salts_and_counts_old_searches_as_one_reader(location):
    _create_second_schema(location)
    store = open_store(location)
    try:
        assert [(m.query, m.count) for m in store.search_misses(1)] == [("rgpd", 7)]
        assert store.search_misses(2) == []  # who asked was never known: one reader
        for reader in ("a", "b"):
            store.add_search_miss("fr", "rgpd", MONDAY, reader)
        assert [(m.query, m.count) for m in store.search_misses(3)] == [("rgpd", 9)]
    finally:
        store.close()
    if is_postgres(location):
        tables = query(
            location,
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema()",
        )
    else:
        tables = query(location, "SELECT name FROM sqlite_master WHERE type = 'table'")
    assert ("salts",) not in tables and ("search_miss_readers",) in tables


@pytest.mark.parametrize(
    ("address", "group"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # a dual-stack socket's IPv4 reader
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("[2001:db8:1:2::1]", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "not an address"),
    ],
)
def test_readers_are_grouped_by_ipv4_address_and_ipv6_64(address, group):
    from helpcentre.collector.ratelimit import ReaderKeys, address_group

    assert address_group(address) == group
    keys = ReaderKeys(b"s" * 32)
    assert keys.of(address, 0.0) == keys.of(group, 0.0)
    assert keys.of(address, 0.0) != keys.of(address, 86_400.0)  # another day, another key
    assert keys.of(address, 0.0) != ReaderKeys(b"t" * 32).of(address, 0.0)


def test_schema_3_gains_page_views_and_keeps_its_rows(location):
    migrations = POSTGRES_V1 if is_postgres(location) else SQLITE_V1
    statements = [*migrations[1], *migrations[2], *migrations[3]]
    row = (
        "INSERT INTO reactions (received_at, article, lang, reaction, page, build, vote)"
        " VALUES ('2026-05-01T10:00:00+00:00', 'a/b.md', 'fr', 'sad', '/a/b/', 'old', NULL)"
    )
    if is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            for statement in [*statements, row]:
                db.execute(statement)  # type: ignore[arg-type]
            db.execute("CREATE TABLE collector_schema (version integer NOT NULL)")
            db.execute("INSERT INTO collector_schema VALUES (3)")
    else:
        Path(location).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(location) as db:
            for statement in [*statements, row, "PRAGMA user_version = 3"]:
                db.execute(statement)
        db.close()
    store = open_store(location)
    try:
        assert [s.counts for s in store.scores()] == [(1, 0, 0)]
        for day in (MONDAY, MONDAY, MONDAY + dt.timedelta(days=1)):
            store.add_page_view("a/b.md", "fr", day)
        assert [(v.article, v.lang, v.views) for v in store.page_views()] == [("a/b.md", "fr", 3)]
        since = (MONDAY + dt.timedelta(days=1)).date()
        assert [v.views for v in store.page_views(since)] == [1]
    finally:
        store.close()
    if is_postgres(location):
        assert query(location, "SELECT version FROM collector_schema") == [(SCHEMA_VERSION,)]
    else:
        assert query(location, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert SCHEMA_VERSION == 4
