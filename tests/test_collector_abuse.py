"""`python -m helpcentre.collector serve` under abuse, over real sockets: persistent
connections, security headers on every answer (waitress's own included), idle and slow
connections that never keep a valid post waiting."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from collector_serving import (
    ORIGIN,
    VALID,
    manifest_fixture,  # noqa: F401 (a fixture: pytest finds it in the module)
    shared_secret_fixture,  # noqa: F401 (a fixture: pytest finds it in the module)
)

from bench.collector_run import collector_process, post_json, raw_exchange

SECURITY = {
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


def serve_args(tmp_path: Path, manifest: Path, *more: str) -> tuple[str, ...]:
    db = str(tmp_path / "f.sqlite3")
    return ("--db", db, "--manifest", str(manifest), "--origin", ORIGIN, *more)


def http_request(method: str, body: bytes = b"", *headers: str, path: str = "/api/feedback"):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Origin: {ORIGIN}", *headers]
    if body or method == "POST":
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP answer from a persistent connection: status, headers (lowercased), body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, f"connection closed after {data!r}"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines)}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        rest += sock.recv(4096)
    return int(status_line.split()[1]), headers, rest


def parse_raw(answer: bytes) -> tuple[int, dict[str, str]]:
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in head[1:])}
    return int(head[0].split()[1]), headers


def test_answers_keep_the_connection_open(tmp_path, manifest):
    body = json.dumps(VALID).encode()
    with (
        collector_process(*serve_args(tmp_path, manifest), log=tmp_path / "log") as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock,
    ):
        statuses = []
        for request in [
            http_request("POST", body),
            http_request("OPTIONS", b"", "Access-Control-Request-Method: POST"),
            http_request("POST", json.dumps({**VALID, "lang": "de"}).encode()),
            http_request("POST", body),
        ]:
            sock.sendall(request)
            status, headers, _ = read_answer(sock)
            statuses.append(status)
            assert "connection" not in headers, headers  # HTTP/1.1: persistent by default
        assert statuses == [204, 204, 422, 204]
        sock.sendall(http_request("POST", body, "Connection: close"))
        status, headers, _ = read_answer(sock)
        assert (status, headers["connection"]) == (204, "close")
        assert sock.recv(10) == b""  # closed because the client asked


def test_every_answer_carries_the_security_headers(tmp_path, manifest):
    body = json.dumps(VALID).encode()
    big = json.dumps({**VALID, "page": "/" + "x" * 3000}).encode()
    sent = {
        204: http_request("POST", body, "Connection: close"),
        403: http_request("POST", body, "Origin: https://evil.example", "Connection: close"),
        404: http_request("POST", body, "Connection: close", path="/other"),
        405: http_request("GET", b"", "Connection: close"),
        422: http_request(
            "POST", json.dumps({**VALID, "lang": "de"}).encode(), "Connection: close"
        ),
        # Answered by waitress itself: ambiguous framing, a body over the limit.
        400: http_request("POST", body, "Content-Length: 3", "Connection: close"),
        413: http_request("POST", big, "Connection: close"),
    }
    preflight = http_request("OPTIONS", b"", "Access-Control-Request-Method: POST")
    refused_preflight = http_request("OPTIONS", b"", "Origin: https://evil.example")
    with collector_process(*serve_args(tmp_path, manifest), log=tmp_path / "log") as server:
        answers = {
            status: parse_raw(raw_exchange(server.port, data)) for status, data in sent.items()
        }
        answers["preflight"] = parse_raw(raw_exchange(server.port, preflight, timeout=1))
        answers["refused preflight"] = parse_raw(
            raw_exchange(server.port, refused_preflight, timeout=1)
        )
    assert {k: status for k, (status, _) in answers.items()} == {
        **{status: status for status in sent},
        "preflight": 204,
        "refused preflight": 403,
    }
    for kind, (_, headers) in answers.items():
        assert {name: headers.get(name) for name in SECURITY} == SECURITY, kind


def timed_post(port: int) -> tuple[int, float]:
    started = time.monotonic()
    status = post_json(port, VALID, ORIGIN).status
    return status, time.monotonic() - started


@pytest.mark.parametrize("kind", ["idle", "slow"])
def test_500_idle_or_slow_connections_do_not_delay_a_valid_post(tmp_path, manifest, kind):
    args = serve_args(tmp_path, manifest, "--request-deadline", "60")
    with collector_process(*args, log=tmp_path / "log") as server:
        held: list[socket.socket] = []
        try:
            for _ in range(500):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                if kind == "slow":
                    sock.sendall(b"POST /api/feedback HTTP/1.1\r\nHost: a\r\n")  # never ends
                held.append(sock)
            status, seconds = timed_post(server.port)
            assert status == 204
            assert seconds < 1.0, f"a valid post waited {seconds:.2f} s"
        finally:
            for sock in held:
                sock.close()
        server.process.terminate()
        server.process.wait(timeout=10)
        log = server.log_text().splitlines()
    closing = [line for line in log if "connection limit" in line]
    # Repeated warnings are aggregated: one line, however many connections were closed.
    assert closing == [
        "collector: connection limit (100) reached: closed the connection idle or slow the longest"
    ]


def test_connections_being_served_are_never_closed_to_make_room(tmp_path, manifest):
    args = serve_args(tmp_path, manifest, "--connection-limit", "2", "--request-deadline", "30")
    body = json.dumps(VALID).encode()
    with collector_process(*args, log=tmp_path / "log") as server:
        first = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        first.sendall(b"POST /api/feedback HTTP/1.1\r\n")  # slow: the oldest request
        time.sleep(0.2)
        second = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        second.sendall(http_request("POST", body))
        assert read_answer(second)[0] == 204  # served, now idle on a persistent connection
        time.sleep(0.2)
        third = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        third.sendall(http_request("POST", body))
        assert read_answer(third)[0] == 204
        assert second.recv(10) == b""  # made room: it was idle
        time.sleep(0.2)  # the server is done with third: idle now
        fourth = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        fourth.sendall(http_request("POST", body))
        assert read_answer(fourth)[0] == 204
        assert third.recv(10) == b""  # idle connections go before requests still arriving
        first.settimeout(0.2)
        with pytest.raises(TimeoutError):
            first.recv(10)  # still open
        for sock in (first, second, third, fourth):
            sock.close()


def test_a_flood_of_queue_warnings_is_one_line_with_a_count(tmp_path, manifest):
    args = serve_args(tmp_path, manifest, "--threads", "1", "--rate-limit", "0")
    body = json.dumps(VALID).encode()
    with collector_process(*args, log=tmp_path / "log") as server:
        socks = [
            socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(40)
        ]
        for sock in socks:  # 40 requests at once for one thread: waitress warns on each
            sock.sendall(http_request("POST", body))
        assert [read_answer(sock)[0] for sock in socks] == [204] * 40
        for sock in socks:
            sock.close()
        server.process.terminate()
        server.process.wait(timeout=10)
        log = server.log_text().splitlines()
    queue = [line for line in log if "Task queue depth" in line]
    assert len(queue) == 1 and queue[0].startswith("waitress.queue: Task queue depth is ")


def test_held_back_warnings_are_counted_once_their_minute_is_over():
    import logging

    from helpcentre.collector.logs import Aggregator

    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(f"{record.levelname} {record.getMessage()}")

    now = [0.0]
    handler = Collect()
    aggregator = Aggregator(handler, clock=lambda: now[0])
    handler.addFilter(aggregator)
    logger = logging.getLogger("collector.test-aggregation")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        for depth in range(1, 101):
            logger.warning("Task queue depth is %d", depth)
        logger.warning("database unavailable: %s", "locked")
        logger.info("an information line is never held back")
        logger.info("an information line is never held back")
        aggregator.flush()  # within the minute: nothing yet
        now[0] = 60.0
        aggregator.flush()
        aggregator.flush()  # reported once
        now[0] = 61.0
        logger.warning("Task queue depth is %d", 7)
        logger.warning("Task queue depth is %d", 8)
        now[0] = 125.0
        logger.warning("Task queue depth is %d", 9)
    finally:
        logger.removeHandler(handler)
    assert lines == [
        "WARNING Task queue depth is 1",
        "WARNING database unavailable: locked",
        "INFO an information line is never held back",
        "INFO an information line is never held back",
        "WARNING 99 more in the last minute like: Task queue depth is 100",
        "WARNING Task queue depth is 7",
        "WARNING Task queue depth is 9 (1 more like it in the last minute not shown)",
    ]
