"""Helpers shared by the collector's tests and benchmarks: run `helpcentre collector serve` on
a free port of 127.0.0.1, post to it, read what it stored, and give each run its own
PostgreSQL schema."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from helpcentre.collector.store import is_postgres
from helpcentre.contract import Manifest

REPO = Path(__file__).resolve().parent.parent
POSTGRES_VARIABLE = "HELPCENTRE_TEST_POSTGRES_URL"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def error(self) -> str:
        return str(json.loads(self.body)["error"])


@dataclass
class Running:
    """A collector process; `port` is where it listens, `log` what it wrote."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    extra: dict[str, object] = field(default_factory=dict)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def write_manifest(path: Path, articles: dict[str, list[str]], origin: str) -> None:
    """A manifest as a build writes it, each article at /<lang>/<path>/."""
    manifest = Manifest(build="test", site_origin=origin)
    for article, langs in articles.items():
        for lang in langs:
            manifest.add(article, lang, article, f"{lang}/{article.removesuffix('.md')}/")
    manifest.write(path)


@contextmanager
def collector_process(
    *args: str, log: Path, env: dict[str, str] | None = None, command: list[str] | None = None
) -> Iterator[Running]:
    """`python -m helpcentre.collector serve --port 0 *args` (or `command`), stopped on exit."""
    argv = command or [sys.executable, "-m", "helpcentre.collector", "serve", "--port", "0", *args]
    with log.open("w") as log_file:
        process = subprocess.Popen(
            argv,
            cwd=REPO,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    try:
        yield Running(process, listening_port(log, process), log)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


def listening_port(log: Path, process: subprocess.Popen[bytes]) -> int:
    """The port from the start-up line (ours or waitress-serve's)."""
    deadline = time.monotonic() + 30
    pattern = re.compile(r"(?:listening on|Serving on) http://127\.0\.0\.1:(\d+)")
    while time.monotonic() < deadline:
        found = pattern.search(log.read_text(errors="replace"))
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(f"the collector did not start:\n{log.read_text(errors='replace')}")


def request(
    port: int,
    method: str,
    path: str = "/api/feedback",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def post_json(
    port: int, payload: object, origin: str, path: str = "/api/feedback", **headers: str
) -> Reply:
    body = json.dumps(payload).encode()
    sent = {"Content-Type": "application/json", "Origin": origin, **headers}
    return request(port, "POST", path, body, sent)


def raw_exchange(port: int, data: bytes, timeout: float = 5) -> bytes:
    """Send bytes as they are and read until the server closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        return b"".join(chunks)


def stored_reactions(location: str) -> list[tuple[str, ...]]:
    """(article, lang, reaction, page, build, vote) of every stored reaction, oldest first."""
    sql = "SELECT article, lang, reaction, page, build, vote FROM reactions ORDER BY id"
    return [tuple(row) for row in query(location, sql)]


def query(location: str, sql: str) -> list[tuple[object, ...]]:
    if is_postgres(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            return [tuple(row) for row in db.execute(sql)]  # type: ignore[arg-type]
    with sqlite3.connect(location) as db:
        rows = [tuple(row) for row in db.execute(sql)]
    db.close()
    return rows


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema for one test or run; yields the URL that uses it, dropped after."""
    import psycopg

    name = "hc_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {name}")  # type: ignore[arg-type]
    parts = urlsplit(url)
    options = [*parse_qsl(parts.query), ("options", f"-c search_path={name}")]
    try:
        yield urlunsplit(parts._replace(query=urlencode(options, quote_via=quote)))
    finally:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {name} CASCADE")  # type: ignore[arg-type]


def require_postgres() -> str:
    """The test server's URL; skip outside CI when it is not set, fail in CI."""
    import pytest

    url = os.environ.get(POSTGRES_VARIABLE, "")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_VARIABLE} is not set in CI (.ci/run starts PostgreSQL)")
    pytest.skip(f"{POSTGRES_VARIABLE} not set (.ci/run starts a PostgreSQL server); runs in CI")


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh database location for one test: an SQLite path or a PostgreSQL schema URL."""
    if backend == "sqlite":
        yield str(folder / "var" / "feedback.sqlite3")
        return
    with postgres_schema(require_postgres()) as url:
        yield url
