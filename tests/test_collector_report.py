"""`helpcentre collector report`: read-only, one line when it cannot read, the same figures
as table, CSV, JSON and a self-contained HTML page where every stored value is escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.collector_run import REPO, database, write_manifest
from helpcentre.collector.store import SCHEMA_VERSION, Reaction, open_store
from helpcentre.contract import Manifest

BACKENDS = ["sqlite", "postgresql"]
ARTICLE = "facturation/annulation.md"
ORIGIN = "https://help.example.com"
WHEN = dt.datetime(2026, 6, 3, 12, 0, tzinfo=dt.UTC)
KNOWN = [
    (ARTICLE, "fr", "sad"),
    (ARTICLE, "fr", "sad"),
    (ARTICLE, "fr", "happy"),
    (ARTICLE, "en", "happy"),
    ("compte/acces.md", "fr", "neutral"),
    ("compte/acces.md", "fr", "happy"),
]
COUNTED = ("title", "article", "lang", "sad", "neutral", "happy", "total", "score")
TITLES = {
    (ARTICLE, "fr"): "Résilier son abonnement",
    (ARTICLE, "en"): "Cancel a subscription",
    ("compte/acces.md", "fr"): "Accéder à son compte",
}
EXPECTED = [
    dict(zip(COUNTED, row, strict=True))
    for row in [
        ("Résilier son abonnement", ARTICLE, "fr", 2, 0, 1, 3, 33.3),
        ("Accéder à son compte", "compte/acces.md", "fr", 0, 1, 1, 2, 75.0),
        ("Cancel a subscription", ARTICLE, "en", 0, 0, 1, 1, 100.0),
    ]
]


def titled_manifest(path: Path, titles: dict[tuple[str, str], str] = TITLES) -> Path:
    """A manifest as the build writes it, with the articles' titles."""
    manifest = Manifest(build="test", site_origin=ORIGIN)
    for (article, lang), title in titles.items():
        manifest.add(article, lang, title, f"{lang}/{article.removesuffix('.md')}/")
    manifest.write(path)
    return path


def run_report(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.collector", "report", "--db", db, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def fill(db: str, misses: dict[tuple[str, str], int] | None = None) -> None:
    store = open_store(db)
    try:
        for i, (article, lang, value) in enumerate(KNOWN):
            store.add_reaction(Reaction(article, lang, value, "/x/", "b", f"vote{i:012d}"), WHEN)
        for (lang, text), count in (misses or {}).items():
            for reader in range(count):  # each asked by another reader
                store.add_search_miss(lang, text, WHEN, f"reader{reader}")
    finally:
        store.close()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path):
    with database(request.param, tmp_path) as location:
        yield location


def test_report_counts_known_reactions_worst_first_in_every_format(db, tmp_path):
    fill(db, {("fr", "rgpd"): 3, ("fr", "remboursement"): 2, ("en", "gdpr"): 4})
    manifest = titled_manifest(tmp_path / "m.json")
    as_json = run_report(db, "--json", "--manifest", str(manifest))
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert [
        {k: v for k, v in row.items() if k not in ("url", "source")} for row in document["articles"]
    ] == EXPECTED
    assert document["articles"][0]["url"] == f"{ORIGIN}/fr/facturation/annulation/"
    assert document["articles"][0]["source"] == f"docs/fr/{ARTICLE}"
    assert document["weeks"] == [
        {"week": "2026-06-01", "lang": "en", "sad": 0, "neutral": 0, "happy": 1, "total": 1,
         "score": 100.0},
        {"week": "2026-06-01", "lang": "fr", "sad": 2, "neutral": 1, "happy": 2, "total": 5,
         "score": 50.0},
    ]  # fmt: skip
    # Asked by 3 readers: listed; by two: not yet.
    assert document["unanswered_searches"] == {
        "en": [{"query": "gdpr", "count": 4}],
        "fr": [{"query": "rgpd", "count": 3}],
    }
    as_csv = run_report(db, "--format", "csv", "--manifest", str(manifest))
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [{k: str(v) for k, v in row.items()} for row in EXPECTED] == rows
    table = run_report(db, "--manifest", str(manifest)).stdout.splitlines()
    assert table[:5] == [
        "title                    article                    lang  😞  😐  😃  total  score",
        "-----------------------  -------------------------  ----  --  --  --  -----  -----",
        "Résilier son abonnement  facturation/annulation.md  fr     2   0   1      3   33.3",
        "Accéder à son compte     compte/acces.md            fr     0   1   1      2   75.0",
        "Cancel a subscription    facturation/annulation.md  en     0   0   1      1  100.0",
    ]
    untitled = run_report(db, "--manifest", str(tmp_path / "none.json")).stdout.splitlines()
    assert untitled[2].split()[:3] == [ARTICLE, ARTICLE, "fr"]  # no manifest: the path
    tail = table[table.index("Unanswered searches (by 3 readers or more):") :]
    assert [line.split() for line in tail[1:]] == [["en:"], ["4", "gdpr"], ["fr:"], ["3", "rgpd"]]


def test_html_report_is_self_contained_with_charts_links_and_search_misses(db, tmp_path):
    fill(db, {("fr", "rgpd"): 3, ("fr", "remboursement"): 2})
    manifest = titled_manifest(tmp_path / "m.json")
    page = tmp_path / "report.html"
    result = run_report(db, "--html", str(page), "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    sections = {s["lang"]: s for s in html.select("section[lang]")}
    assert set(sections) == {"fr", "en"}
    french = sections["fr"]
    assert len(french.select("figure svg")) == 2  # reactions per article, weekly trend
    first = french.select("table")[0].select("tr")[1]
    link = first.select_one("a")
    expected = ("Résilier son abonnement", f"{ORIGIN}/fr/facturation/annulation/")
    assert (link.get_text(), link["href"]) == expected
    assert first.select_one("code").get_text() == f"docs/fr/{ARTICLE}"
    assert [td.get_text() for td in first.select("td.n")] == ["2", "0", "1", "3", "33.3"]
    searches = french.select("table")[-1]
    assert [td.get_text() for td in searches.select("td")] == ["rgpd", "3"]
    assert "remboursement" not in french.get_text()
    # Nothing is fetched from anywhere: no script, no stylesheet or image by URL.
    assert html.select("script, link, img, iframe, object") == []
    assert all(not a.get("href", "").startswith("//") for a in html.select("a"))
    assert not any(
        str(v).startswith(("http:", "https:", "//"))
        for tag in html.find_all(True)
        for k, v in tag.attrs.items()
        if k in ("src", "xlink:href") or (k == "href" and tag.name != "a")
    )


MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"


def test_every_stored_field_is_escaped_in_the_html_report(db, tmp_path):
    # Written straight into the database, as a tampered or very old one could hold them.
    store = open_store(db)
    try:
        for lang in ("fr", MARKUP):
            bad = Reaction(MARKUP + ".md", lang, "sad", MARKUP, MARKUP, MARKUP)
            store.add_reaction(bad, WHEN)
            for reader in ("a", "b", "c"):
                store.add_search_miss(lang, MARKUP, WHEN, reader)
    finally:
        store.close()
    manifest = tmp_path / "m.json"
    write_manifest(manifest, {MARKUP + ".md": ["fr"]}, "javascript:alert(3)//")
    page = tmp_path / "report.html"
    result = run_report(db, "--html", str(page), "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert html.select("script, img") == []
    assert not any(k.startswith("on") for tag in html.find_all(True) for k in tag.attrs)
    assert not any(a["href"].startswith("javascript:") for a in html.select("a[href]"))
    text = html.get_text()
    assert text.count(MARKUP + ".md") >= 2 and MARKUP in text
    table = run_report(db).stdout
    assert "\x1b" not in table


def test_report_opens_sqlite_read_only_and_changes_nothing(tmp_path):
    db = tmp_path / "old.sqlite3"
    open_store(str(db)).close()
    with sqlite3.connect(db) as connection:  # as a copy made with the default journal
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    fill(str(db))
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    before = db.read_bytes()
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        result = run_report(str(db), "--json")
        html = run_report(str(db), "--html", str(tmp_path.parent / f"{tmp_path.name}.html"))
    finally:
        tmp_path.chmod(0o755)
    assert result.returncode == 0 and html.returncode == 0, result.stderr + html.stderr
    assert len(json.loads(result.stdout)["articles"]) == 3
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite3"]  # no -wal, no -shm
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "{db}: no such database (start the collector first)"),
        (b"", "{db}: not a collector database (no reactions table)"),
        (b"not a database " * 200, "{db}: not a collector database (file is not a database)"),
    ],
)
def test_report_that_cannot_read_says_so_in_one_line(tmp_path, content, said):
    db = tmp_path / "feedback.sqlite3"
    if content is not None:
        db.write_bytes(content)
    result = run_report(str(db))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == ["collector: " + said.format(db=db)]
    assert content is not None or not db.exists()


def test_report_of_a_database_not_yet_upgraded_says_so_in_one_line(tmp_path):
    db = tmp_path / "first.sqlite3"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE reactions (id INTEGER PRIMARY KEY)")
    connection.close()
    before = db.read_bytes()
    result = run_report(str(db))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"collector: {db}: schema version 1, this report reads {SCHEMA_VERSION} "
        "(start the collector once on it to upgrade it)"
    ]
    assert db.read_bytes() == before


def test_report_of_a_newer_database_says_to_upgrade_the_collector(db):
    open_store(db).close()
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as connection:
            connection.execute("UPDATE collector_schema SET version = 99")
    else:
        with sqlite3.connect(db) as connection:
            connection.execute("PRAGMA user_version = 99")
        connection.close()
    result = run_report(db)
    [said] = result.stderr.splitlines()  # the location shown without address or query
    assert result.returncode == 1 and said.startswith("collector: ")
    assert said.endswith(
        f"schema version 99 is newer than this collector's ({SCHEMA_VERSION}): "
        "upgrade the collector (pip install --upgrade helpcentre)"
    )


def test_since_applies_to_reactions_weeks_and_searches(db):
    store = open_store(db)
    try:
        old, new = WHEN - dt.timedelta(days=10), WHEN
        store.add_reaction(Reaction(ARTICLE, "fr", "sad", "/x/", "b", "vote-old-00000000"), old)
        store.add_reaction(Reaction(ARTICLE, "fr", "happy", "/x/", "b", "vote-new-00000000"), new)
        for reader in ("a", "b", "c"):
            store.add_search_miss("fr", "ancienne question", old, reader)
            store.add_search_miss("fr", "nouvelle question", new, reader)
    finally:
        store.close()
    since = run_report(db, "--json", "--since", WHEN.date().isoformat())
    document = json.loads(since.stdout)
    assert [(a["sad"], a["happy"]) for a in document["articles"]] == [(0, 1)]
    assert [w["week"] for w in document["weeks"]] == ["2026-06-01"]
    assert document["unanswered_searches"] == {"fr": [{"query": "nouvelle question", "count": 3}]}
    everything = json.loads(run_report(db, "--json").stdout)
    assert len(everything["unanswered_searches"]["fr"]) == 2


def test_two_bad_reactions_do_not_top_the_worst_list(db):
    votes = {
        "a/two-sad.md": ["sad", "sad"],
        "b/many-mixed.md": ["sad"] * 12 + ["neutral"] * 4 + ["happy"] * 4,  # score 30
        "c/one-neutral.md": ["neutral"],
        "d/many-happy.md": ["happy"] * 20,
    }
    store = open_store(db)
    try:
        for article, reactions in votes.items():
            for i, value in enumerate(reactions):
                vote = f"{article[0]}-vote-{i:010d}"
                store.add_reaction(Reaction(article, "fr", value, "/x/", "b", vote), WHEN)
    finally:
        store.close()
    document = json.loads(run_report(db, "--json").stdout)
    ranked = [(a["article"], a["score"]) for a in document["articles"]]
    assert ranked == [
        ("b/many-mixed.md", 30.0),  # surely bad: many answers, mostly 😞
        ("a/two-sad.md", 0.0),  # maybe worse, but two answers say little
        ("c/one-neutral.md", 50.0),
        ("d/many-happy.md", 100.0),
    ]


def test_report_on_postgresql_is_read_only(tmp_path):
    from bench.collector_run import require_postgres

    require_postgres()
    with database("postgresql", tmp_path) as url:
        fill(url)
        env = {**os.environ, "PGOPTIONS": ""}
        result = subprocess.run(
            [sys.executable, "-c", _WRITE_THROUGH_REPORT_STORE, url],
            cwd=REPO,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=60,
        )
        assert "read-only transaction" in result.stdout, result.stdout + result.stderr


_WRITE_THROUGH_REPORT_STORE = """
import sys, datetime as dt
from helpcentre.collector.store import Reaction, StoreError, open_store
store = open_store(sys.argv[1], read_only=True)
try:
    store.add_reaction(Reaction("a.md", "fr", "sad", "/", "b", None), dt.datetime.now(dt.UTC))
except StoreError as error:
    print(error)
"""
