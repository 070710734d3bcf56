"""`python -m helpcentre.collector serve` as a process, over raw sockets and HTTP: logs without
addresses, strict framing, a total request deadline, the connection cap, the rate limit
shared by two processes, the trusted proxy, and `helpcentre.collector.wsgi` configured from the
environment."""

from __future__ import annotations

import json
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest
from collector_serving import (
    ORIGIN,
    VALID,
    manifest_fixture,  # noqa: F401 (a fixture: pytest finds it in the module)
    shared_secret_fixture,  # noqa: F401 (a fixture: pytest finds it in the module)
)

from bench.collector_run import (
    collector_process,
    database,
    post_json,
    query,
    raw_exchange,
    stored_reactions,
)

BACKENDS = ["sqlite", "postgresql"]


def serve_args(db: str, manifest: Path, *more: str) -> tuple[str, ...]:
    return ("--db", db, "--manifest", str(manifest), "--origin", ORIGIN, *more)


def raw_post(body: bytes, *headers: str, version: str = "1.1") -> bytes:
    lines = [f"POST /api/feedback HTTP/{version}", "Host: 127.0.0.1", f"Origin: {ORIGIN}"]
    lines += ["Content-Type: application/json", *headers, "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@pytest.mark.parametrize("backend", BACKENDS)
def test_serve_answers_over_http_and_logs_no_address_or_query(backend, tmp_path, manifest):
    with (
        database(backend, tmp_path) as db,
        collector_process(
            *serve_args(db, manifest, "--verbose", "--request-deadline", "1"),
            log=tmp_path / "log",
        ) as server,
    ):
        port = server.port
        assert post_json(port, VALID, ORIGIN).status == 204
        queried = "/api/feedback?email=reader%40example.com&reset_token=s3cret"
        assert post_json(port, VALID, ORIGIN, path=queried).status == 204  # query ignored
        secret_page = {**VALID, "page": "/fr/facturation/annulation/?token=s3cret"}
        assert post_json(port, secret_page, ORIGIN).status == 204
        assert post_json(port, {**VALID, "lang": "de"}, ORIGIN).status == 422
        body = json.dumps(VALID).encode()
        two_lengths = raw_post(body, f"Content-Length: {len(body)}", "Content-Length: 5")
        assert raw_exchange(port, two_lengths).startswith(b"HTTP/1.1 400 ")
        assert b" 400 Bad Request" in raw_exchange(port, b"\x16\x03\x01\x00garbage\r\n\r\n")
        with socket.create_connection(("127.0.0.1", port)) as idle:
            idle.sendall(b"POST /api/feedback?email=x HTTP/1.1\r\nHost: a\r\n")
            assert idle.recv(100) == b""  # cut at the deadline, silently
        server.process.terminate()
        server.process.wait(timeout=10)
        log = server.log_text().splitlines()
        assert [row[3] for row in stored_reactions(db)] == ["/fr/facturation/annulation/"]
    startup = [line for line in log if "listening on http://127.0.0.1:" in line]
    assert len(startup) == 1
    others = [line for line in log if line not in startup]
    assert any("422" in line for line in others)  # --verbose logged the requests
    for line in others:
        assert "127.0.0.1" not in line and "localhost" not in line, line
        assert "email" not in line and "s3cret" not in line and "?" not in line, line
        assert "Traceback" not in line, line


def test_log_scrubs_addresses_waitress_itself_would_print(tmp_path, manifest):
    db = str(tmp_path / "f.sqlite3")
    args = serve_args(db, manifest, "--trusted-proxy", "127.0.0.1")
    with collector_process(*args, log=tmp_path / "log") as server:
        malformed = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "gopher"}
        reply = post_json(server.port, VALID, ORIGIN, **malformed)
        assert reply.status == 400
        server.process.terminate()
        server.process.wait(timeout=10)
        log = server.log_text()
    assert "Malformed proxy header" in log  # waitress said something: with no address
    assert "203.0.113.9" not in log and 'from "[address]"' in log


@pytest.mark.parametrize(
    "headers",
    [
        ("Content-Length: {n}", "Content-Length: {n}"),
        ("Content-Length: {n}", "Content-Length: 3"),
        ("Content-Length: {n}", "Transfer-Encoding: chunked"),
        ("Transfer-Encoding: chunked", "Content-Length: {n}"),
    ],
)
def test_ambiguous_framing_is_refused_with_400(tmp_path, manifest, headers):
    db = str(tmp_path / "f.sqlite3")
    body = json.dumps(VALID).encode()
    chunked = any("chunked" in h for h in headers)
    sent = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n" if chunked else body
    with collector_process(*serve_args(db, manifest), log=tmp_path / "log") as server:
        filled = [h.format(n=len(body)) for h in headers]
        assert raw_exchange(server.port, raw_post(sent, *filled)).startswith(b"HTTP/1.1 400 ")
        http10 = raw_post(body, f"Content-Length: {len(body)}", "Transfer-Encoding: chunked")
        answer = raw_exchange(server.port, http10.replace(b"HTTP/1.1", b"HTTP/1.0", 1))
        assert answer.startswith(b"HTTP/1.1 400 ") or answer.startswith(b"HTTP/1.0 400 ")
        plain = raw_post(body, f"Content-Length: {len(body)}")
        assert raw_exchange(server.port, plain).startswith(b"HTTP/1.1 204 ")
    assert len(stored_reactions(db)) == 1


def test_a_request_trickling_in_is_cut_at_the_total_deadline(tmp_path, manifest):
    db = str(tmp_path / "f.sqlite3")
    args = serve_args(db, manifest, "--request-deadline", "2")
    with collector_process(*args, log=tmp_path / "log") as server:
        request_bytes = raw_post(json.dumps(VALID).encode(), "Content-Length: 200")
        with socket.create_connection(("127.0.0.1", server.port), timeout=1) as slow:
            started = time.monotonic()
            closed_after = None
            for byte in request_bytes[:30]:  # one byte every 0.4 s: never idle for long
                try:
                    slow.sendall(bytes([byte]))
                    time.sleep(0.4)
                    slow.setblocking(False)
                    try:
                        if slow.recv(100) == b"":
                            closed_after = time.monotonic() - started
                            break
                    except BlockingIOError:
                        pass
                    finally:
                        slow.setblocking(True)
                except (BrokenPipeError, ConnectionResetError):
                    closed_after = time.monotonic() - started
                    break
        assert closed_after is not None, "the trickling request was never cut"
        assert 2 <= closed_after <= 5
        assert post_json(server.port, VALID, ORIGIN).status == 204  # others still served


@pytest.mark.parametrize("backend", BACKENDS)
def test_rate_limit_holds_across_two_processes_sharing_a_database(backend, tmp_path, manifest):
    secret = tmp_path / "secret"
    secret.write_text("0123456789abcdef" * 4 + "\n")
    with database(backend, tmp_path) as db:
        args = serve_args(db, manifest, "--rate-limit", "4", "--secret-file", str(secret))
        with (
            collector_process(*args, log=tmp_path / "a.log") as first,
            collector_process(*args, log=tmp_path / "b.log") as second,
        ):
            statuses = [
                post_json(server.port, {**VALID, "vote": f"vote{i:02d}{j}" * 4}, ORIGIN).status
                for i in range(5)
                for j, server in enumerate((first, second))
            ]
        assert statuses.count(204) == 4 and statuses.count(429) == 6
        assert statuses[:4] == [204] * 4
        assert len(stored_reactions(db)) == 4


def test_trusted_proxy_address_decides_who_the_client_is(tmp_path, manifest):
    db = str(tmp_path / "f.sqlite3")
    trusting = serve_args(db, manifest, "--rate-limit", "2", "--trusted-proxy", "127.0.0.1")
    with collector_process(*trusting, log=tmp_path / "a.log") as server:

        def from_(address: str) -> int:
            return post_json(server.port, VALID, ORIGIN, **{"X-Forwarded-For": address}).status

        assert [from_("203.0.113.1") for _ in range(3)] == [204, 204, 429]
        assert from_("203.0.113.2") == 204
        assert from_("198.51.100.7, 203.0.113.2") == 204  # the proxy's last hop counts
    other_db = str(tmp_path / "g.sqlite3")
    plain = serve_args(other_db, manifest, "--rate-limit", "2")
    with collector_process(*plain, log=tmp_path / "b.log") as server:
        spoofed = [
            post_json(server.port, VALID, ORIGIN, **{"X-Forwarded-For": f"203.0.113.{i}"}).status
            for i in range(3)
        ]
        assert spoofed == [204, 204, 429]  # not behind a trusted proxy: the header is ignored


def test_the_wsgi_entry_under_another_server_refuses_in_one_line(tmp_path, manifest):
    waitress_serve = shutil.which("waitress-serve", path=str(Path(sys.executable).parent))
    assert waitress_serve
    import os
    import subprocess

    from bench.collector_run import REPO

    result = subprocess.run(
        [waitress_serve, "--listen=127.0.0.1:0", "helpcentre.collector.wsgi:application"],
        cwd=REPO,
        env={**os.environ, "HELPCENTRE_COLLECTOR_MANIFEST": str(manifest)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        [
            "collector: helpcentre.collector.wsgi:application is not offered: run "
            "`helpcentre collector serve` (it enforces the deadline, the connection cap and "
            "the proxy settings)"
        ],
    )


WHOLE = "not a whole number from {} to {} ('{}')"
SECONDS = "not a number of seconds from 1 to 300 ('{}')"
# (variable or option, value, message after the name): the same validator for both.
BAD_VALUES = [
    ("RATE_LIMIT", "many", WHOLE.format(0, 100000, "many")),
    ("RATE_LIMIT", "-1", WHOLE.format(0, 100000, "-1")),
    ("RATE_LIMIT", "nan", WHOLE.format(0, 100000, "nan")),
    ("RATE_LIMIT", "2.5", WHOLE.format(0, 100000, "2.5")),
    ("PORT", "70000", WHOLE.format(0, 65535, "70000")),
    ("THREADS", "0", WHOLE.format(1, 256, "0")),
    ("CONNECTION_LIMIT", "0", WHOLE.format(1, 1000, "0")),
    ("REQUEST_DEADLINE", "nan", SECONDS.format("nan")),
    ("REQUEST_DEADLINE", "inf", SECONDS.format("inf")),
    ("REQUEST_DEADLINE", "0.0001", SECONDS.format("0.0001")),
    ("REQUEST_DEADLINE", "-5", SECONDS.format("-5")),
    ("TRUSTED_PROXY", "proxy.internal", "not an IP address ('proxy.internal')"),
    ("TRUSTED_PROXY_COUNT", "0", WHOLE.format(1, 10, "0")),
    ("SECRET_FILE", "/nonexistent/secret",
     "cannot read '/nonexistent/secret' (No such file or directory)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value", "said"), BAD_VALUES)
def test_a_bad_variable_or_option_stops_serve_with_the_same_line(tmp_path, name, value, said):
    variable = f"HELPCENTRE_COLLECTOR_{name}"
    assert _run_serve(tmp_path, {variable: value}) == (2, [f"collector: {variable}: {said}"])
    option = "--" + name.lower().replace("_", "-")
    assert _run_serve(tmp_path, {}, f"{option}={value}") == (2, [f"collector: {option}: {said}"])


@pytest.mark.parametrize(
    ("env", "args", "said"),
    [
        (
            {"HELPCENTRE_COLLECTOR_ORIGINS": "127.0.0.1:8000"},
            (),
            "collector: HELPCENTRE_COLLECTOR_ORIGINS: not an origin '127.0.0.1:8000' "
            "(e.g. http://127.0.0.1:8000)",
        ),
        (
            {"HELPCENTRE_COLLECTOR_SECRET": "short"},
            (),
            "collector: HELPCENTRE_COLLECTOR_SECRET: the secret must be at least 32 bytes "
            "(openssl rand -hex 32)",
        ),
        (
            {},
            ("--origin", "127.0.0.1:8000"),
            "python -m helpcentre.collector serve: argument --origin: not an origin "
            "'127.0.0.1:8000' (e.g. http://127.0.0.1:8000) "
            "(see python -m helpcentre.collector serve --help)",
        ),
    ],
)
def test_bad_settings_stop_serve_with_one_line(tmp_path, env, args, said):
    assert _run_serve(tmp_path, env, *args) == (2, [said])


def test_postgresql_without_a_secret_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("HELPCENTRE_COLLECTOR_SECRET")
    with database("postgresql", tmp_path) as db:
        assert _run_serve(tmp_path, {}, "--db", db) == (
            2,
            [
                "collector: HELPCENTRE_COLLECTOR_SECRET_FILE (or --secret-file) is required "
                "with PostgreSQL: the instances must share it to share the rate limit "
                "(see DEPLOY.md)"
            ],
        )
        assert query(db, "SELECT table_name FROM information_schema.tables"
                     " WHERE table_schema = current_schema()") == []  # fmt: skip


def test_sqlite_without_a_secret_works_alone_and_says_what_it_cannot_share(
    tmp_path, manifest, monkeypatch
):
    monkeypatch.delenv("HELPCENTRE_COLLECTOR_SECRET")
    db = str(tmp_path / "f.sqlite3")
    args = serve_args(db, manifest, "--rate-limit", "2")
    with (
        collector_process(*args, log=tmp_path / "a.log") as first,
        collector_process(*args, log=tmp_path / "b.log") as second,
    ):
        statuses = [post_json(s.port, VALID, ORIGIN).status for s in (first, second) * 3]
        assert sorted(statuses) == [204] * 4 + [429] * 2  # each process keeps its own limit
        said = first.log_text().splitlines()
    assert said[0] == (
        "collector: no HELPCENTRE_COLLECTOR_SECRET_FILE: a random secret for this process; "
        "another process sharing the database will not share its rate limit, and readers' "
        "keys change on restart"
    )


def test_ipv6_readers_are_limited_per_64_and_ipv4_per_address(tmp_path, manifest):
    db = str(tmp_path / "f.sqlite3")
    args = serve_args(db, manifest, "--rate-limit", "2", "--trusted-proxy", "127.0.0.1")
    with collector_process(*args, log=tmp_path / "log") as server:

        def from_(address: str) -> int:
            return post_json(server.port, VALID, ORIGIN, **{"X-Forwarded-For": address}).status

        rotating = [from_(f"2001:db8:1:2:{i:x}::{i + 1:x}") for i in range(3)]
        assert rotating == [204, 204, 429]  # three addresses of one /64: one reader
        assert from_("2001:db8:1:3::1") == 204  # the next /64 is someone else
        assert [from_("203.0.113.7") for _ in range(3)] == [204, 204, 429]
        assert from_("203.0.113.8") == 204  # IPv4: per address


def test_a_file_that_is_not_a_database_stops_serve_with_one_line(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all " * 100)
    code, lines = _run_serve(tmp_path, {}, "--db", str(junk))
    assert code == 1
    assert lines == [f"collector: {junk}: not a usable SQLite database (file is not a database)"]


def _run_serve(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[int, list[str]]:
    """`serve` that stops before listening: its exit status and what it said."""
    import os
    import subprocess

    from bench.collector_run import REPO

    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.collector", "serve", "--port", "0", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, result.stderr.splitlines()


def test_a_database_error_is_a_503_and_a_log_line_without_address(tmp_path, manifest):
    import sqlite3

    db = tmp_path / "f.sqlite3"
    with collector_process(*serve_args(str(db), manifest), log=tmp_path / "log") as server:
        assert post_json(server.port, VALID, ORIGIN).status == 204
        with sqlite3.connect(db) as connection:
            connection.execute("DROP TABLE reactions")  # the database breaks under it
        connection.close()
        reply = post_json(server.port, VALID, ORIGIN, **{"X-Forwarded-For": "203.0.113.5"})
        assert (reply.status, reply.error) == (503, "storage unavailable, try again")
        assert reply.headers["Retry-After"] == "5"
        server.process.terminate()
        server.process.wait(timeout=10)
        lines = server.log_text().splitlines()
    [said] = [line for line in lines if "database unavailable" in line]
    assert said == f"collector: database unavailable: {db}: no such table: reactions"
    others = [line for line in lines if "listening on http://127.0.0.1:" not in line]
    assert not any("127.0.0.1" in line or "203.0.113" in line for line in others)
