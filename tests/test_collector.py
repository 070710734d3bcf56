"""The feedback collector over HTTP, served by its waitress server on 127.0.0.1, against
SQLite and PostgreSQL alike: what it accepts, stores and refuses."""

from __future__ import annotations

import json
import threading
import time
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
from helpcentre.collector.ratelimit import RateLimit, ReaderKeys, Sweeper
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
    "page": "/fr/facturation/annulation/",
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
    sweeper: Sweeper

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
                {ARTICLE: ["fr", "en"], "compte/acces.md": ["fr"], "aide/café.md": ["en"]},
                "https://help.example.com",
            )
            store = open_store(db)
            clock = FakeClock()
            sweeper = Sweeper(store, clock)  # swept by the test, when it wants
            app = FeedbackApp(
                store,
                ManifestFile(manifest),
                [ORIGIN] if origins is None else origins,
                RateLimit(store, per_minute, ReaderKeys(b"k" * 32), clock=clock),
                sweeper=sweeper,
            )
            # X-Forwarded-For from the test itself stands for readers at other addresses.
            server = create_server(app, "127.0.0.1", 0, ServerLimits(trusted_proxy="127.0.0.1"))
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
                app.close()

            stops.append(stop)
            return Collector(int(server.effective_port), db, manifest, clock, sweeper)

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
        for table in ("reactions", "search_misses", "search_miss_readers", "rate_limit")
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
    other = {**VALID, "article": "compte/acces.md", "page": "/fr/compte/acces/"}
    assert collector.post(other).status == 204
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


ANNULATION = "/fr/facturation/annulation/"


@pytest.mark.parametrize(
    ("article", "lang", "page", "stored"),
    [
        (ARTICLE, "fr", ANNULATION + "?email=a%40b.example&reset_token=x", ANNULATION),
        (ARTICLE, "fr", ANNULATION + "#etapes", ANNULATION),
        (ARTICLE, "fr", ANNULATION + "?#", ANNULATION),
        (ARTICLE, "fr", ANNULATION + "index.html", ANNULATION + "index.html"),
        (ARTICLE, "fr", "/help" + ANNULATION, "/help" + ANNULATION),  # site under a sub-path
        (ARTICLE, "en", "/en/facturation/annulation/", "/en/facturation/annulation/"),
        ("aide/café.md", "en", "/en/aide/caf%C3%A9/", "/en/aide/café/"),  # location.pathname
        ("aide/café.md", "en", "/en/aide/café/", "/en/aide/café/"),
    ],
)
def test_page_is_stored_as_the_article_path_without_query_or_fragment(
    collector, article, lang, page, stored
):
    reply = collector.post({**VALID, "article": article, "lang": lang, "page": page})
    assert reply.status == 204, reply.body
    assert [row[3] for row in collector.rows()] == [stored]


@BEFORE_STORAGE
@pytest.mark.parametrize(
    ("article", "lang", "page"),
    [
        (ARTICLE, "fr", "/fr/compte/acces/"),  # another article
        (ARTICLE, "fr", "/en/facturation/annulation/"),  # the article in another language
        (ARTICLE, "fr", "/fr/facturation/"),
        (ARTICLE, "fr", "/"),
        (ARTICLE, "fr", "/anything/at/all/"),
        (ARTICLE, "fr", "/fr/facturation/annulation/extra/"),
        (ARTICLE, "fr", "/a/b/c/d/e" + ANNULATION),  # deeper than a publishing sub-path
        (ARTICLE, "fr", "/<b>" + ANNULATION),
    ],
)
def test_page_that_is_not_the_article_address_is_refused_with_422(collector, article, lang, page):
    reply = collector.post({**VALID, "article": article, "lang": lang, "page": page})
    assert (reply.status, reply.error) == (422, "field 'page' is not the address of this article")
    assert collector.rows() == []


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
        ("/fr/%00/", "field 'page' must not hold control, bidi or space characters"),
        ("/fr/%E2%80%AE/", "field 'page' must not hold control, bidi or space characters"),
        ("/fr/%FF/", "field 'page' must be UTF-8 once decoded"),
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
    new_article = {**VALID, "article": "suivi/nouveau.md", "page": "/fr/suivi/nouveau/"}
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
        ("ＲＧＰＤ  Ｆａｃｔｕｒｅ", "rgpd facture"),  # full-width: NFKC
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
        ("jean＠example", "query holds a digit or '@': not stored"),  # full-width @
        ("jean﹫example", "query holds a digit or '@': not stored"),  # small @
        ("commande １２３", "query holds a digit or '@': not stored"),  # full-width digits
        ("appel ⑤", "query holds a digit or '@': not stored"),  # circled digit
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


def test_report_lists_an_unanswered_query_once_three_readers_asked(collector):
    import subprocess
    import sys

    from bench.collector_run import REPO

    def search(text: str, reader: str) -> None:
        reply = collector.post(
            {**MISS, "query": text}, path="/api/search-miss", **{"X-Forwarded-For": reader}
        )
        assert reply.status == 204

    for reader in ("203.0.113.1", "203.0.113.2", "2001:db8::1"):
        search("rgpd", reader)
    for _ in range(5):
        search("remboursement", "203.0.113.1")  # one reader, five times
    search("boîtier", "2001:db8::1")
    search("boîtier", "2001:db8::2")  # the same /64: the same reader
    collector.clock.now += 86_400
    search("boîtier", "2001:db8::1")  # the next day's key: counted as another reader
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
    readers = query(collector.db, "SELECT query, COUNT(*) FROM search_miss_readers GROUP BY query")
    # Reported queries keep no key; the others keep one per distinct reader, nothing raw.
    assert sorted(readers) == [("boîtier", 2), ("remboursement", 1)]
    assert not any("203.0" in str(row) or "2001" in str(row) for row in query(
        collector.db, "SELECT * FROM search_miss_readers"))  # fmt: skip


def test_queries_too_few_readers_asked_are_deleted_after_30_days(collector):
    for text, readers in [("rgpd", 3), ("remboursement", 1)]:
        for i in range(readers):
            headers = {"X-Forwarded-For": f"198.51.100.{i}"}
            reply = collector.post({**MISS, "query": text}, path="/api/search-miss", **headers)
            assert reply.status == 204
    collector.clock.now += 29 * 86_400
    collector.sweeper.sweep()
    assert [row[1] for row in collector.misses()] == ["remboursement", "rgpd"]
    collector.clock.now += 86_400  # thirty days after it was first asked
    collector.sweeper.sweep()
    assert [row[1] for row in collector.misses()] == ["rgpd"]
    assert query(collector.db, "SELECT * FROM search_miss_readers") == []


def test_rate_limit_rows_are_swept_a_minute_on_without_any_post(start_collector):
    collector = start_collector(per_minute=5)
    for reader in ("203.0.113.1", "203.0.113.2"):
        assert collector.post(VALID, **{"X-Forwarded-For": reader}).status == 204
    collector.clock.now += 30
    assert collector.post(VALID, **{"X-Forwarded-For": "203.0.113.3"}).status == 204
    collector.clock.now += 30.5  # the first two idle for a minute: full buckets, useless
    collector.sweeper.sweep()
    assert len(query(collector.db, "SELECT client FROM rate_limit")) == 1
    collector.clock.now += 30
    collector.sweeper.sweep()
    assert query(collector.db, "SELECT client FROM rate_limit") == []


@BEFORE_STORAGE
def test_the_sweep_runs_by_itself_every_few_seconds(collector):
    assert collector.post(VALID).status == 204
    collector.clock.now += 61
    sweeper = Sweeper(open_store(collector.db), collector.clock, every=0.05)
    sweeper.start()
    try:
        for _ in range(100):  # at most 5 s
            if not query(collector.db, "SELECT client FROM rate_limit"):
                break
            time.sleep(0.05)
        assert query(collector.db, "SELECT client FROM rate_limit") == []
    finally:
        sweeper.stop()
        sweeper.store.close()


READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
VIEW = {"article": ARTICLE, "lang": "fr", "build": "abc1234-2026-06-01"}


def test_a_page_view_is_counted_per_day_article_and_language_and_nothing_else(collector):
    for lang in ("fr", "fr", "en"):
        reply = collector.post(
            {**VIEW, "lang": lang}, path="/api/page-view", **{"User-Agent": READER_AGENT}
        )
        assert reply.status == 204
        assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    rows = query(collector.db, "SELECT article, lang, views FROM page_views ORDER BY lang")
    assert rows == [(ARTICLE, "en", 1), (ARTICLE, "fr", 2)]
    every_row = [str(row) for row in query(collector.db, "SELECT * FROM page_views")]
    assert not any("127.0.0.1" in row or "Mozilla" in row for row in every_row)
    assert collector.rows() == []  # a view is not a reaction


@BEFORE_STORAGE
@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko; Applebot/0.1)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        "curl/8.5.0",
        "",
    ],
    ids=["google", "bing", "apple", "headless", "curl", "none"],
)
def test_a_crawlers_view_is_answered_but_not_counted(collector, agent):
    assert collector.post(VIEW, path="/api/page-view", **{"User-Agent": agent}).status == 204
    assert query(collector.db, "SELECT * FROM page_views") == []


@BEFORE_STORAGE
@pytest.mark.parametrize(
    ("payload", "status", "error"),
    [
        ({**VIEW, "article": "nope.md"}, 422, "unknown article 'nope.md' in 'fr'"),
        ({**VIEW, "lang": "de"}, 422, "unknown article 'facturation/annulation.md' in 'de'"),
        ({**VIEW, "page": "/x/"}, 400, "unexpected field 'page'"),
        ({"article": ARTICLE, "lang": "fr"}, 400, "missing field 'build'"),
    ],
)
def test_a_page_view_names_a_known_article_and_nothing_more(collector, payload, status, error):
    reply = collector.post(payload, path="/api/page-view", **{"User-Agent": READER_AGENT})
    assert (reply.status, json.loads(reply.body)) == (status, {"error": error})
    assert query(collector.db, "SELECT * FROM page_views") == []
