"""The feedback collector over HTTP, served by its waitress server on 127.0.0.1, against
SQLite and PostgreSQL alike: what it accepts, stores and refuses."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from waitress import wasyncore

from bench.collector_run import (
    Reply,
    database,
    post_json,
    query,
    request,
    stored_reactions,
    write_manifest,
)
from helpcentre.collector.app import FeedbackApp
from helpcentre.collector.manifest import ManifestFile
from helpcentre.collector.ratelimit import RateLimit
from helpcentre.collector.server import ServerLimits, create_server
from helpcentre.collector.store import open_store
from helpcentre.contract import MANIFEST_FORMAT, MANIFEST_NAME

ORIGIN = "http://127.0.0.1:8000"
ARTICLE = "facturation/annulation.md"
VOTE = "k3J9x2LmQp7RtV0aYb8N"
VALID = {
    "article": ARTICLE,
    "lang": "fr",
    "reaction": "happy",
    "page": "/facturation/annulation/",
    "build": "abc1234-2026-06-01",
    "vote": VOTE,
}
BACKENDS = ["sqlite", "postgresql"]
# Checks made before anything reaches the database need not run against both backends.
BEFORE_STORAGE = pytest.mark.parametrize("start_collector", ["sqlite"], indirect=True)


class FakeClock:
    """Time stands still unless a test moves it: rate-limit tests never wait."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Collector:
    port: int
    db: str
    manifest: Path
    clock: FakeClock

    def post(self, payload: object = None, *, path: str = "/api/feedback", **headers: str):
        return post_json(self.port, VALID if payload is None else payload, ORIGIN, path, **headers)

    def send(
        self,
        body: bytes,
        content_type: str | None = "application/json",
        origin: str | None = ORIGIN,
        path: str = "/api/feedback",
    ) -> Reply:
        headers = {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        if origin is not None:
            headers["Origin"] = origin
        return request(self.port, "POST", path, body, headers)

    def rows(self) -> list[tuple[str, ...]]:
        return stored_reactions(self.db)

    def misses(self) -> list[tuple[object, ...]]:
        return query(self.db, "SELECT lang, query, count FROM search_misses ORDER BY lang, query")


@pytest.fixture(params=BACKENDS)
def start_collector(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable]:
    """`start_collector(per_minute=..., origins=[...])` -> the waitress server of `python -m
    collector serve`, in this process on a free port, over a fresh database."""
    stops: list[Callable[[], None]] = []
    with database(request.param, tmp_path) as db:

        def start(per_minute: int = 1000, origins: list[str] | None = None) -> Collector:
            manifest = tmp_path / MANIFEST_NAME
            write_manifest(
                manifest,
                {ARTICLE: ["fr", "en"], "compte/acces.md": ["fr"]},
                "https://help.example.com",
            )
            store = open_store(db)
            clock = FakeClock()
            app = FeedbackApp(
                store,
                ManifestFile(manifest),
                [ORIGIN] if origins is None else origins,
                RateLimit(store, per_minute, clock=clock),
            )
            server = create_server(app, "127.0.0.1", 0, ServerLimits())
            stopped = threading.Event()

            def loop() -> None:
                while not stopped.is_set():
                    wasyncore.loop(timeout=0.05, map=server._map, count=1)

            thread = threading.Thread(target=loop, daemon=True)
            thread.start()

            def stop() -> None:
                stopped.set()
                thread.join()
                server.task_dispatcher.shutdown()
                for dispatcher in list(server._map.values()):
                    dispatcher.close()
                store.close()

            stops.append(stop)
            return Collector(int(server.effective_port), db, manifest, clock)

        yield start
        for stop in stops:
            stop()


@pytest.fixture
def collector(start_collector: Callable[..., Collector]) -> Collector:
    return start_collector()


def _row(payload: dict[str, str]) -> tuple[str, ...]:
    return tuple(payload.get(k) for k in ("article", "lang", "reaction", "page", "build", "vote"))


def test_valid_post_is_stored_once_with_its_fields_and_no_address(collector):
    reply = collector.post(VALID)
    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert collector.rows() == [_row(VALID)]
    every_table = [
        str(row)
        for table in ("reactions", "search_misses", "rate_limit", "salts")
        for row in query(collector.db, f"SELECT * FROM {table}")
    ]
    assert every_table and not any("127.0.0.1" in row for row in every_table)


def test_a_changed_vote_replaces_the_first_and_the_last_one_counts(collector):
    assert collector.post(VALID).status == 204
    assert collector.post({**VALID, "reaction": "sad"}).status == 204
    assert collector.post({**VALID, "reaction": "neutral"}).status == 204
    assert collector.rows() == [_row({**VALID, "reaction": "neutral"})]
    other_reader = {**VALID, "vote": "Zz" * 10}
    assert collector.post(other_reader).status == 204
    assert len(collector.rows()) == 2


def test_the_same_vote_id_on_another_article_is_another_vote(collector):
    assert collector.post(VALID).status == 204
    assert collector.post({**VALID, "article": "compte/acces.md"}).status == 204
    assert [row[0] for row in collector.rows()] == [ARTICLE, "compte/acces.md"]


def test_a_post_without_vote_id_from_an_older_page_is_still_counted(collector):
    old = {k: v for k, v in VALID.items() if k != "vote"}
    assert [collector.post(old).status for _ in range(2)] == [204, 204]
    assert collector.rows() == [_row(old), _row(old)]


def test_both_languages_of_an_article_share_its_id(collector):
    assert collector.post({**VALID, "lang": "fr"}).status == 204
    english = {**VALID, "lang": "en", "page": "/en/facturation/annulation/"}
    assert collector.post(english).status == 204
    assert [(r[0], r[1]) for r in collector.rows()] == [(ARTICLE, "fr"), (ARTICLE, "en")]


@pytest.mark.parametrize(
    ("page", "stored"),
    [
        ("/facturation/annulation/?email=a%40b.example&reset_token=x", "/facturation/annulation/"),
        ("/facturation/annulation/#etapes", "/facturation/annulation/"),
        ("/facturation/annulation/?#", "/facturation/annulation/"),
        ("/" + "x" * 199, "/" + "x" * 199),
        ("/en/café/", "/en/café/"),
    ],
)
def test_page_is_stored_as_a_path_without_query_or_fragment(collector, page, stored):
    assert collector.post({**VALID, "page": page}).status == 204
    assert [row[3] for row in collector.rows()] == [stored]


@BEFORE_STORAGE
@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("/a\u0000b/", "field 'page' must not hold control, bidi or space characters"),
        ("/a\u202eb/", "field 'page' must not hold control, bidi or space characters"),
        ("/a\u200bb/", "field 'page' must not hold control, bidi or space characters"),
        ("/a b/", "field 'page' must not hold control, bidi or space characters"),
        ("/a\nb/", "field 'page' must not hold control, bidi or space characters"),
        ("/\ud800/", "field 'page' must not hold control, bidi or space characters"),
        ("/" + "x" * 200, "field 'page' must be at most 200 characters"),
        ("javascript:alert(1)", "field 'page' must be a path starting with '/'"),
        ("//evil.example/x", "field 'page' must be a path starting with '/'"),
        ("https://evil.example/", "field 'page' must be a path starting with '/'"),
        ("?q=1", "field 'page' must be a path starting with '/'"),
    ],
)
def test_page_that_is_not_a_clean_site_path_is_refused_with_422(collector, page, reason):
    reply = collector.post({**VALID, "page": page})
    assert (reply.status, reply.error) == (422, reason)
    assert collector.rows() == []


NESTED = b"[" * 1000 + b"]" * 1000


@BEFORE_STORAGE
@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b'{"article": "x.md",', 400, "malformed JSON"),
        (b"\xff\xfe not utf-8", 400, "malformed JSON"),
        (b'{"page": "\xed\xa0\x80"}', 400, "malformed JSON"),  # a surrogate, UTF-8-encoded
        (NESTED, 400, "malformed JSON"),
        (b'{"a":' * 340 + b"1" + b"}" * 340, 400, "missing field 'article'"),
        (b"[1, 2]", 400, "JSON must be an object"),
        (b"null", 400, "JSON must be an object"),
        (b"", 400, "malformed JSON"),
        (json.dumps({k: v for k, v in VALID.items() if k != "build"}).encode(), 400, "missing"),
        (json.dumps({**VALID, "ip": "1.2.3.4"}).encode(), 400, "unexpected field 'ip'"),
        (json.dumps({**VALID, "reaction": 1}).encode(), 400, "field 'reaction' must be a string"),
        (json.dumps({**VALID, "page": None}).encode(), 400, "field 'page' must be a string"),
        (json.dumps({**VALID, "page": ["/"]}).encode(), 400, "field 'page' must be a string"),
        (json.dumps({**VALID, "vote": {"a": 1}}).encode(), 400, "field 'vote' must be a string"),
        (json.dumps({**VALID, "reaction": "angry"}).encode(), 422, "field 'reaction' must be"),
        (json.dumps({**VALID, "lang": "French"}).encode(), 422, "field 'lang' must be"),
        (json.dumps({**VALID, "build": "a b"}).encode(), 422, "field 'build' must be a build"),
        (json.dumps({**VALID, "vote": "short"}).encode(), 422, "field 'vote' must be a vote id"),
        (json.dumps({**VALID, "article": "\ud800.md"}).encode(), 422, "field 'article' must"),
        (b'{"article": "a.md", "article": "b.md"}', 400, "malformed JSON (duplicate key"),
    ],
)
def test_malformed_bodies_are_refused_with_4xx_never_500(collector, body, status, reason):
    reply = collector.send(body)
    assert (reply.status, reply.error[: len(reason)]) == (status, reason)
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
    write_manifest(
        collector.manifest,
        {ARTICLE: ["fr", "en"], "suivi/nouveau.md": ["fr"]},
        "https://help.example.com",
    )
    assert collector.post(new_article).status == 204
    assert [r[0] for r in collector.rows()] == ["suivi/nouveau.md"]


@BEFORE_STORAGE
def test_manifest_of_another_format_refuses_every_post(collector):
    data = json.loads(collector.manifest.read_text("utf-8"))
    collector.manifest.write_text(json.dumps({**data, "format": MANIFEST_FORMAT + 1}), "utf-8")
    reply = collector.post(VALID)
    assert (reply.status, reply.error) == (422, f"unknown article '{ARTICLE}' in 'fr'")
    assert collector.rows() == []


@BEFORE_STORAGE
def test_body_over_2_kb_is_refused_with_413(collector):
    body = json.dumps({**VALID, "page": "/" + "x" * 2100}).encode()
    reply = collector.send(body)
    assert reply.status == 413
    assert collector.rows() == []


@BEFORE_STORAGE
def test_body_of_exactly_2_kb_is_read(collector):
    body = json.dumps(VALID).encode()
    body = body[:-1] + b" " * (2048 - len(body)) + b"}"
    assert len(body) == 2048
    assert collector.send(body).status == 204


@BEFORE_STORAGE
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", None, "application/json; charset=latin-1"],
)
def test_wrong_content_type_is_refused_with_415(collector, content_type):
    reply = collector.send(json.dumps(VALID).encode(), content_type=content_type)
    assert reply.status == 415
    assert collector.rows() == []


@BEFORE_STORAGE
def test_json_content_type_with_utf8_charset_is_accepted(collector):
    body = json.dumps(VALID).encode()
    assert collector.send(body, content_type="application/json; charset=UTF-8").status == 204


@BEFORE_STORAGE
@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8001", None])
def test_wrong_or_missing_origin_is_refused_with_403_and_no_cors_grant(collector, origin):
    reply = collector.send(json.dumps(VALID).encode(), origin=origin)
    assert (reply.status, reply.error) == (403, "origin not allowed")
    assert reply.headers["Access-Control-Allow-Origin"] is None
    assert collector.rows() == []


@BEFORE_STORAGE
@pytest.mark.parametrize("path", ["/api/feedback", "/api/search-miss"])
def test_preflight_allows_only_the_site_origin(collector, path):
    asked = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    good = request(collector.port, "OPTIONS", path, headers={**asked, "Origin": ORIGIN})
    assert good.status == 204
    assert good.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in good.headers["Access-Control-Allow-Methods"]
    assert good.headers["Access-Control-Allow-Headers"] == "Content-Type"
    bad = request(
        collector.port, "OPTIONS", path, headers={**asked, "Origin": "https://evil.example"}
    )
    assert bad.status == 403
    assert bad.headers["Access-Control-Allow-Origin"] is None


def test_origin_defaults_to_the_manifest_site_origin(start_collector):
    collector = start_collector(origins=[])
    body = json.dumps(VALID).encode()
    assert collector.send(body, origin="https://help.example.com").status == 204
    assert collector.send(body, origin=ORIGIN).status == 403
    assert len(collector.rows()) == 1


@BEFORE_STORAGE
def test_other_methods_and_paths_are_refused(collector):
    assert request(collector.port, "GET").status == 405
    assert request(collector.port, "GET").headers["Allow"] == "POST, OPTIONS"
    put = request(
        collector.port, "PUT", body=json.dumps(VALID).encode(), headers={"Origin": ORIGIN}
    )
    assert put.status == 405
    assert collector.send(json.dumps(VALID).encode(), path="/api/other").status == 404
    assert collector.rows() == []


@BEFORE_STORAGE
def test_server_header_names_no_version(collector):
    reply = collector.post(VALID)
    assert reply.headers["Server"] == "helpcentre-collector"
    assert not any(ch.isdigit() for ch in reply.headers["Server"])
    assert reply.headers["Via"] is None


def test_rate_limit_refuses_with_429_and_refills_over_the_minute(start_collector):
    collector = start_collector(per_minute=3)
    assert [collector.post(VALID).status for _ in range(4)] == [204, 204, 204, 429]
    refused = collector.post(VALID)
    assert (refused.status, refused.error) == (429, "too many posts, try again later")
    assert refused.headers["Retry-After"] == "20"
    collector.clock.now += 20  # one post's worth of the minute
    assert [collector.post(VALID).status for _ in range(2)] == [204, 429]
    collector.clock.now += 60
    assert [collector.post(VALID).status for _ in range(4)] == [204, 204, 204, 429]


def test_rate_limit_covers_search_misses_too(start_collector):
    collector = start_collector(per_minute=2)
    miss = {"lang": "fr", "query": "remboursement", "build": "b"}
    statuses = [collector.post(VALID).status, collector.post(miss, path="/api/search-miss").status]
    assert [*statuses, collector.post(miss, path="/api/search-miss").status] == [204, 204, 429]


def test_rate_limit_keeps_a_hash_per_client_and_no_address(start_collector):
    collector = start_collector(per_minute=5)
    for _ in range(3):
        collector.post(VALID)
    [(client, tokens)] = query(collector.db, "SELECT client, tokens FROM rate_limit")
    assert len(str(client)) == 32 and "127" not in str(client)
    assert float(str(tokens)) == 2.0


# Unanswered searches: the contract with the search page (issue 11, point 6).
MISS = {"lang": "fr", "query": "remboursement", "build": "abc1234-2026-06-01"}


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("remboursement", "remboursement"),
        ("  Boîtier   PERDU ", "boîtier perdu"),
        ("x" * 60, "x" * 60),
        ("résilier\tabonnement", "résilier abonnement"),
    ],
)
def test_search_miss_is_counted_under_its_normalised_query(collector, sent, stored):
    for _ in range(2):
        reply = collector.post({**MISS, "query": sent}, path="/api/search-miss")
        assert reply.status == 204
    assert collector.misses() == [("fr", stored, 2)]


@BEFORE_STORAGE
@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ("commande 12345", "query holds a digit or '@': not stored"),
        ("0612345678", "query holds a digit or '@': not stored"),
        ("facture ٣", "query holds a digit or '@': not stored"),
        ("jean@example.com", "query holds a digit or '@': not stored"),
        ("x" * 61, "query over 60 characters: not stored"),
        ("  " + "y" * 61 + "  ", "query over 60 characters: not stored"),
        ("", "empty query"),
        ("   ", "empty query"),
        ("a\u202eb", "query holds control or bidi characters"),
    ],
)
def test_search_miss_that_may_name_someone_is_refused_and_nothing_stored(collector, sent, reason):
    reply = collector.post({**MISS, "query": sent}, path="/api/search-miss")
    assert (reply.status, reply.error) == (422, reason)
    assert collector.misses() == []


@BEFORE_STORAGE
def test_search_miss_in_a_language_the_site_lacks_is_refused(collector):
    reply = collector.post({**MISS, "lang": "de"}, path="/api/search-miss")
    assert (reply.status, reply.error) == (422, "'de' is not a language of the site")
    bad = collector.post({**MISS, "lang": "<b>"}, path="/api/search-miss")
    assert bad.status == 422
    extra = collector.post({**MISS, "page": "/x/"}, path="/api/search-miss")
    assert (extra.status, extra.error) == (400, "unexpected field 'page'")
    assert collector.misses() == []


def test_report_lists_an_unanswered_query_once_asked_three_times(collector):
    import subprocess
    import sys

    from bench.collector_run import REPO

    for text, times in [("rgpd", 3), ("remboursement", 2), ("boîtier", 1)]:
        for _ in range(times):
            assert collector.post({**MISS, "query": text}, path="/api/search-miss").status == 204
    report = subprocess.run(
        [sys.executable, "-m", "helpcentre.collector", "report", "--db", collector.db, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(report.stdout)["unanswered_searches"] == {
        "fr": [{"query": "rgpd", "count": 3}]
    }
