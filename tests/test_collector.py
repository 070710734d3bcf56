"""The feedback collector through its HTTP interface, on 127.0.0.1, and its report."""

from __future__ import annotations

import csv
import http.client
import io
import json
import logging
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from collector.app import FeedbackApp
from collector.manifest import ManifestFile
from collector.ratelimit import RateLimit
from collector.server import create_server
from collector.store import Store
from helpcentre.contract import MANIFEST_FORMAT, MANIFEST_NAME, Manifest

REPO = Path(__file__).resolve().parent.parent
ORIGIN = "http://127.0.0.1:8000"
ARTICLE = "facturation/annulation.md"
VALID = {
    "article": ARTICLE,
    "lang": "fr",
    "reaction": "happy",
    "page": "/facturation/annulation/",
    "build": "abc1234-2026-06-01",
}


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def error(self) -> str:
        return str(json.loads(self.body)["error"])


class FakeClock:
    """Time stands still unless a test moves it: rate-limit tests never wait."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Collector:
    port: int
    db: Path
    manifest: Path
    clock: FakeClock

    def request(
        self,
        method: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        path: str = "/api/feedback",
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def post(
        self,
        payload: object = None,
        *,
        body: bytes | None = None,
        content_type: str | None = "application/json",
        origin: str | None = ORIGIN,
    ) -> Reply:
        data = body if body is not None else json.dumps(payload or VALID).encode()
        headers = {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        if origin is not None:
            headers["Origin"] = origin
        return self.request("POST", data, headers)

    def rows(self) -> list[dict[str, object]]:
        with sqlite3.connect(self.db) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM reactions ORDER BY id")]


def write_manifest(path: Path, articles: dict[str, list[str]], **changes: object) -> None:
    """Write the manifest as a build does; `changes` overwrite its top-level fields."""
    manifest = Manifest(build="test", site_origin="https://help.example.com")
    for article, langs in articles.items():
        for lang in langs:
            manifest.add(article, lang, article, article)
    path.write_text(json.dumps({**manifest.as_json(), **changes}), encoding="utf-8")


@pytest.fixture
def start_collector(tmp_path: Path) -> Iterator[Callable[..., Collector]]:
    """`start_collector(per_minute=..., origins=[...])` -> a collector on an ephemeral port."""
    stops: list[Callable[[], None]] = []

    def start(per_minute: int = 1000, origins: list[str] | None = None) -> Collector:
        manifest = tmp_path / MANIFEST_NAME
        write_manifest(manifest, {ARTICLE: ["fr", "en"], "compte/acces.md": ["fr"]})
        db = tmp_path / "var" / "feedback.sqlite3"
        store = Store(db)
        clock = FakeClock()
        app = FeedbackApp(
            store,
            ManifestFile(manifest),
            [ORIGIN] if origins is None else origins,
            RateLimit(per_minute, clock=clock),
        )
        server = create_server(app, "127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()

        def stop() -> None:
            server.shutdown()
            server.server_close()
            thread.join()
            store.close()

        stops.append(stop)
        return Collector(server.server_port, db, manifest, clock)

    yield start
    for stop in stops:
        stop()


@pytest.fixture
def collector(start_collector: Callable[..., Collector]) -> Collector:
    return start_collector()


def test_valid_post_is_stored_once_with_its_fields_and_no_address(collector):
    reply = collector.post(VALID)
    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    rows = collector.rows()
    assert len(rows) == 1
    row = rows[0]
    assert {k: row[k] for k in VALID} == VALID
    assert set(row) == {"id", "received_at", *VALID}
    assert b"127.0.0.1" not in collector.db.read_bytes()


def test_both_languages_of_an_article_share_its_id(collector):
    assert collector.post({**VALID, "lang": "fr"}).status == 204
    assert (
        collector.post({**VALID, "lang": "en", "page": "/en/facturation/annulation/"}).status == 204
    )
    assert [(r["article"], r["lang"]) for r in collector.rows()] == [
        (ARTICLE, "fr"),
        (ARTICLE, "en"),
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"article": "x.md",', "malformed JSON"),
        (b"\xff\xfe not utf-8", "malformed JSON"),
        (b"[1, 2]", "JSON must be an object"),
        (
            json.dumps({k: v for k, v in VALID.items() if k != "build"}).encode(),
            "missing field 'build'",
        ),
        (json.dumps({**VALID, "ip": "1.2.3.4"}).encode(), "unexpected field 'ip'"),
        (json.dumps({**VALID, "reaction": 1}).encode(), "field 'reaction' must be a string"),
        (json.dumps({**VALID, "reaction": "angry"}).encode(), "field 'reaction' must be one of"),
        (json.dumps({**VALID, "page": "javascript:x"}).encode(), "field 'page' must be a path"),
        (json.dumps({**VALID, "lang": "French"}).encode(), "field 'lang' must be a language"),
        (json.dumps({**VALID, "build": "a b"}).encode(), "field 'build' must be a build id"),
        (b'{"article": "a.md", "article": "b.md"}', "malformed JSON (duplicate key 'article')"),
    ],
)
def test_malformed_bodies_are_refused_with_400(collector, body, reason):
    reply = collector.post(body=body)
    assert (reply.status, reply.error[: len(reason)]) == (400, reason)
    assert collector.rows() == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"article": "facturation/inconnu.md"}, "unknown article 'facturation/inconnu.md' in 'fr'"),
        ({"article": "compte/acces.md", "lang": "en"}, "unknown article 'compte/acces.md' in 'en'"),
    ],
)
def test_articles_missing_from_the_manifest_are_refused_with_422(collector, change, reason):
    reply = collector.post({**VALID, **change})
    assert (reply.status, reply.error) == (422, reason)
    assert collector.rows() == []


def test_new_manifest_is_picked_up_without_restart(collector):
    new_article = {**VALID, "article": "suivi/nouveau.md"}
    assert collector.post(new_article).status == 422
    write_manifest(collector.manifest, {ARTICLE: ["fr", "en"], "suivi/nouveau.md": ["fr"]})
    assert collector.post(new_article).status == 204
    assert [r["article"] for r in collector.rows()] == ["suivi/nouveau.md"]


def test_manifest_of_another_format_refuses_every_post_and_says_so_once(collector, caplog):
    newer = MANIFEST_FORMAT + 1
    write_manifest(collector.manifest, {ARTICLE: ["fr", "en"]}, format=newer)
    with caplog.at_level(logging.INFO, logger="collector"):
        replies = [collector.post(VALID), collector.post({**VALID, "lang": "en"})]
    assert [(r.status, r.error) for r in replies] == [
        (422, f"unknown article '{ARTICLE}' in 'fr'"),
        (422, f"unknown article '{ARTICLE}' in 'en'"),
    ]
    [record] = caplog.records  # one line, not one per post
    said = record.getMessage()
    assert record.levelno == logging.ERROR
    assert said.startswith(f"{collector.manifest}: manifest format {newer}")
    assert f"reads {MANIFEST_FORMAT}" in said and said.endswith("; refusing every post")
    assert collector.rows() == []
    write_manifest(collector.manifest, {ARTICLE: ["fr", "en"], "suivi/nouveau.md": ["fr"]})
    assert collector.post(VALID).status == 204


def test_body_over_2_kb_is_refused_with_413(collector):
    body = json.dumps({**VALID, "page": "/" + "x" * 2100}).encode()
    reply = collector.post(body=body)
    assert (reply.status, reply.error) == (413, "body over 2048 bytes")
    assert collector.rows() == []


def test_body_of_exactly_2_kb_is_read(collector):
    body = json.dumps(VALID).encode()
    body = body[:-1] + b" " * (2048 - len(body)) + b"}"
    assert len(body) == 2048
    assert collector.post(body=body).status == 204


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", None, "application/json; charset=latin-1"],
)
def test_wrong_content_type_is_refused_with_415(collector, content_type):
    reply = collector.post(VALID, content_type=content_type)
    assert reply.status == 415
    assert collector.rows() == []


def test_json_content_type_with_utf8_charset_is_accepted(collector):
    assert collector.post(VALID, content_type="application/json; charset=UTF-8").status == 204


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8001", None])
def test_wrong_or_missing_origin_is_refused_with_403_and_no_cors_grant(collector, origin):
    reply = collector.post(VALID, origin=origin)
    assert (reply.status, reply.error) == (403, "origin not allowed")
    assert reply.headers["Access-Control-Allow-Origin"] is None
    assert collector.rows() == []


def test_preflight_allows_only_the_site_origin(collector):
    asked = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    good = collector.request("OPTIONS", headers={**asked, "Origin": ORIGIN})
    assert good.status == 204
    assert good.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in good.headers["Access-Control-Allow-Methods"]
    assert good.headers["Access-Control-Allow-Headers"] == "Content-Type"
    bad = collector.request("OPTIONS", headers={**asked, "Origin": "https://evil.example"})
    assert bad.status == 403
    assert bad.headers["Access-Control-Allow-Origin"] is None


def test_origin_defaults_to_the_manifest_site_origin(start_collector):
    collector = start_collector(origins=[])
    assert collector.post(VALID, origin="https://help.example.com").status == 204
    assert collector.post(VALID, origin=ORIGIN).status == 403
    assert len(collector.rows()) == 1


def test_other_methods_and_paths_are_refused(collector):
    assert collector.request("GET").status == 405
    assert collector.request("GET").headers["Allow"] == "POST, OPTIONS"
    assert collector.request("PUT", json.dumps(VALID).encode(), {"Origin": ORIGIN}).status == 405
    other = collector.request(
        "POST",
        json.dumps(VALID).encode(),
        {"Origin": ORIGIN, "Content-Type": "application/json"},
        path="/api/other",
    )
    assert other.status == 404
    assert collector.rows() == []


def test_rate_limit_refuses_with_429_and_stores_nothing_more(start_collector):
    collector = start_collector(per_minute=3)
    assert [collector.post(VALID).status for _ in range(4)] == [204, 204, 204, 429]
    refused = collector.post(VALID)
    assert (refused.status, refused.error) == (429, "too many posts, try again later")
    assert refused.headers["Retry-After"] == "20"
    assert len(collector.rows()) == 3
    collector.clock.now += 20  # one post's worth of the minute
    assert [collector.post(VALID).status for _ in range(2)] == [204, 429]
    assert len(collector.rows()) == 4


def test_rate_limit_is_per_client():
    clock = FakeClock()
    limit = RateLimit(2, clock=clock)
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a")] == [True, True, False]
    assert [limit.allow("b"), limit.allow("b")] == [True, True]


KNOWN = [
    (ARTICLE, "fr", "sad"),
    (ARTICLE, "fr", "sad"),
    (ARTICLE, "fr", "happy"),
    (ARTICLE, "en", "happy"),
    ("compte/acces.md", "fr", "neutral"),
    ("compte/acces.md", "fr", "happy"),
]
EXPECTED = [
    {
        "article": ARTICLE,
        "lang": "fr",
        "sad": 2,
        "neutral": 0,
        "happy": 1,
        "total": 3,
        "score": 33.3,
    },
    {
        "article": "compte/acces.md",
        "lang": "fr",
        "sad": 0,
        "neutral": 1,
        "happy": 1,
        "total": 2,
        "score": 75.0,
    },
    {
        "article": ARTICLE,
        "lang": "en",
        "sad": 0,
        "neutral": 0,
        "happy": 1,
        "total": 1,
        "score": 100.0,
    },
]


def run_report(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "collector", "report", "--db", str(db), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_report_counts_and_scores_known_posts_worst_first(collector):
    for article, lang, reaction in KNOWN:
        assert (
            collector.post({**VALID, "article": article, "lang": lang, "reaction": reaction}).status
            == 204
        )
    as_json = run_report(collector.db, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == EXPECTED
    as_csv = run_report(collector.db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [{k: str(v) for k, v in row.items()} for row in EXPECTED] == rows
    table = run_report(collector.db).stdout.splitlines()
    assert table[0].split() == ["article", "lang", "😞", "😐", "😃", "total", "score"]
    assert [line.split() for line in table[2:5]] == [
        [ARTICLE, "fr", "2", "0", "1", "3", "33.3"],
        ["compte/acces.md", "fr", "0", "1", "1", "2", "75.0"],
        [ARTICLE, "en", "0", "0", "1", "1", "100.0"],
    ]


def test_report_without_a_database_says_so_in_one_line(tmp_path):
    db = tmp_path / "none.sqlite3"
    result = run_report(db)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"collector: {db}: no such database (start the collector first: python -m collector serve)"
    ]
    assert not db.exists()


def test_serve_command_refuses_a_bad_origin_in_one_line(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "collector",
            "serve",
            "--db",
            str(tmp_path / "f.sqlite3"),
            "--origin",
            "127.0.0.1:8000",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(
        "argument --origin: not an origin '127.0.0.1:8000' (e.g. http://127.0.0.1:8000)"
    )
