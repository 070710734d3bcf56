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

from bench.collector_run import (
    collector_process,
    database,
    post_json,
    raw_exchange,
    stored_reactions,
    write_manifest,
)

ORIGIN = "http://127.0.0.1:8000"
ARTICLE = "facturation/annulation.md"
VALID = {
    "article": ARTICLE,
    "lang": "fr",
    "reaction": "happy",
    "page": "/facturation/annulation/",
    "build": "b1",
    "vote": "v" * 20,
}
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "feedback-manifest.json"
    write_manifest(path, {ARTICLE: ["fr", "en"]}, ORIGIN)
    return path


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
        assert post_json(port, {**VALID, "page": "/x/?token=s3cret"}, ORIGIN).status == 204
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
        assert [row[3] for row in stored_reactions(db)] == ["/x/"]
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


def test_connections_are_capped(tmp_path, manifest):
    db = str(tmp_path / "f.sqlite3")
    args = serve_args(db, manifest, "--connection-limit", "2", "--request-deadline", "30")
    with collector_process(*args, log=tmp_path / "log") as server:
        held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(2)]
        for sock in held:
            sock.sendall(b"POST /api/feedback HTTP/1.1\r\n")
        time.sleep(1.5)  # the server notices it is full within its one-second tick
        third = socket.create_connection(("127.0.0.1", server.port), timeout=1.5)
        body = json.dumps(VALID).encode()
        third.sendall(raw_post(body, f"Content-Length: {len(body)}"))
        with pytest.raises(TimeoutError):
            third.recv(100)  # queued by the kernel, not served
        held[0].close()
        third.settimeout(5)
        assert third.recv(100).startswith(b"HTTP/1.1 204 ")
        third.close()
        held[1].close()
        assert "connection limit" in server.log_text()


@pytest.mark.parametrize("backend", BACKENDS)
def test_rate_limit_holds_across_two_processes_sharing_a_database(backend, tmp_path, manifest):
    with database(backend, tmp_path) as db:
        args = serve_args(db, manifest, "--rate-limit", "4")
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


def test_wsgi_application_is_configured_from_the_environment(tmp_path, manifest):
    waitress_serve = shutil.which("waitress-serve", path=str(Path(sys.executable).parent))
    assert waitress_serve
    db = tmp_path / "env.sqlite3"
    env = {
        "HELPCENTRE_COLLECTOR_DB": str(db),
        "HELPCENTRE_COLLECTOR_MANIFEST": str(manifest),
        "HELPCENTRE_COLLECTOR_ORIGINS": f"https://other.example {ORIGIN}",
        "HELPCENTRE_COLLECTOR_RATE_LIMIT": "1",
    }
    command = [waitress_serve, "--listen=127.0.0.1:0", "helpcentre.collector.wsgi:application"]
    with collector_process(log=tmp_path / "log", env=env, command=command) as server:
        assert post_json(server.port, VALID, ORIGIN).status == 204
        assert post_json(server.port, VALID, ORIGIN).status == 429
        assert post_json(server.port, VALID, "https://evil.example").status == 403
    assert stored_reactions(str(db)) == [tuple(VALID.values())]


@pytest.mark.parametrize(
    ("env", "args", "said"),
    [
        (
            {"HELPCENTRE_COLLECTOR_RATE_LIMIT": "many"},
            (),
            "collector: HELPCENTRE_COLLECTOR_RATE_LIMIT: not a whole number from 0 ('many')",
        ),
        (
            {"HELPCENTRE_COLLECTOR_ORIGINS": "127.0.0.1:8000"},
            (),
            "collector: not an origin '127.0.0.1:8000' (e.g. http://127.0.0.1:8000)",
        ),
    ],
)
def test_bad_settings_stop_serve_with_one_line(tmp_path, env, args, said):
    result = _run_serve(tmp_path, env, *args)
    assert (result[0], result[1]) == (2, [said])


def test_a_file_that_is_not_a_database_stops_serve_with_one_line(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all " * 100)
    code, lines = _run_serve(tmp_path, {}, "--db", str(junk))
    assert code == 1
    assert lines == [f"collector: {junk}: not a usable SQLite database (file is not a database)"]


def _run_serve(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[int, list[str]]:
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
