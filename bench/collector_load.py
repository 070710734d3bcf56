"""Load, crash and rate-limit figures of the feedback collector under waitress.

`python -m bench.collector_load load` posts from 8 client threads to `python -m helpcentre.collector
serve` (posts/s, median and p95 latency), with the rate limit off and then on (every post
from another client address, sent as X-Forwarded-For by a trusted proxy on 127.0.0.1).
`kill` sends kill -9 to the server in the middle of the load, restarts it, lets the clients
retry what was not acknowledged (same vote id), then checks every acknowledged post is
stored once and none twice. `idle` opens 500 idle connections (then 500 that send half a
request) and times valid posts made meanwhile. `ratelimit` times one rate-limit check with
1 and with 50,000 distinct clients and measures what the 50,000 buckets take. `--runs N`
repeats a mode on fresh databases and adds the median, min and max of its main figures.
`--backend postgresql` reads HELPCENTRE_TEST_POSTGRES_URL (.ci/run starts a server) and
works in a schema of its own.
Only 127.0.0.1 traffic; every loop is bounded. Results: stdout and bench/out/*.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.collector_run import (
    POSTGRES_VARIABLE,
    collector_process,
    post_json,
    postgres_schema,
    query,
    write_manifest,
)
from helpcentre.collector.store import open_store
from helpcentre.contract import REACTION_NAMES

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
ORIGIN = "http://127.0.0.1:8000"
ARTICLES = [f"collection-{c}/article-{a}.md" for c in range(5) for a in range(20)]
MAX_POSTS = 100_000
MAX_IDLE = 1000
PROBES = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("load", "kill", "idle", "ratelimit"))
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--distinct", type=int, default=50_000, help="clients for ratelimit")
    parser.add_argument("--idle", type=int, default=500, help="idle connections for idle")
    parser.add_argument("--runs", type=int, default=1, help="repeat the mode (1 to 5)")
    args = parser.parse_args()
    if not 0 < args.posts <= MAX_POSTS or not 0 < args.distinct <= MAX_POSTS:
        parser.error(f"--posts and --distinct must be between 1 and {MAX_POSTS}")
    if not 0 < args.idle <= MAX_IDLE or not 0 < args.runs <= 5:
        parser.error(f"--idle must be between 1 and {MAX_IDLE}, --runs between 1 and 5")
    # One secret for every collector of the run, as in production (PostgreSQL needs one).
    os.environ.setdefault("HELPCENTRE_COLLECTOR_SECRET", secrets.token_hex(32))
    runs = [_one_run(args) for _ in range(args.runs)]
    result: dict[str, object] = {"runs": runs} if len(runs) > 1 else runs[0]
    if len(runs) > 1:
        result["summary (median, min, max)"] = _summary(args.mode, runs)
        result["ok"] = all(run.get("ok", True) for run in runs)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "load average": os.getloadavg()[0],
        "backend": args.backend,
        "mode": args.mode,
        **result,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"collector_{args.mode}_{args.backend}.json").write_text(
        json.dumps(result, indent=2) + "\n"
    )
    print(json.dumps(result, indent=2))
    return 0 if result.get("ok", True) else 1


def _one_run(args: argparse.Namespace) -> dict[str, object]:
    with (
        tempfile.TemporaryDirectory(prefix="collector-bench-") as folder,
        _database(args.backend, Path(folder)) as db,
    ):
        if args.mode == "load":
            return {
                "rate limit off": load(Path(folder), db, args.posts, args.clients, limit=False),
                "rate limit on": load(Path(folder), db, args.posts, args.clients, limit=True),
            }
        if args.mode == "kill":
            return kill_mid_load(Path(folder), db, args.posts, args.clients)
        if args.mode == "idle":
            return {
                kind: idle_delay(Path(folder), db, args.idle, kind) for kind in ("idle", "slow")
            }
        return rate_limit_cost(db, args.distinct)


def _summary(mode: str, runs: list[dict[str, Any]]) -> dict[str, list[float]]:
    """The main figures of each run, as [median, min, max]."""
    figures: dict[str, list[float]] = {}
    for run in runs:
        if mode == "load":
            for limit in ("rate limit off", "rate limit on"):
                figures.setdefault(f"{limit}: posts/s", []).append(run[limit]["posts_per_second"])
                p95 = run[limit]["latency_ms"]["p95"]
                figures.setdefault(f"{limit}: p95 ms", []).append(p95)
        elif mode == "kill":
            for name in ("acknowledged but lost", "stored twice", "seconds"):
                figures.setdefault(name, []).append(run[name])
        elif mode == "idle":
            for kind in ("idle", "slow"):
                worst = run[kind]["slowest valid post ms"]
                figures.setdefault(f"{kind}: slowest valid post ms", []).append(worst)
    return {
        name: [statistics.median(values), min(values), max(values)]
        for name, values in figures.items()
    }


@contextlib.contextmanager
def _database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(folder / "feedback.sqlite3")
        return
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url:
        raise SystemExit(f"{POSTGRES_VARIABLE} is not set (.ci/run shows how to start one)")
    with postgres_schema(url) as schema_url:
        yield schema_url


def _serve_args(folder: Path, db: str, limit: bool) -> tuple[str, ...]:
    manifest = folder / "feedback-manifest.json"
    write_manifest(manifest, {a: ["fr", "en"] for a in ARTICLES}, ORIGIN)
    rate = (
        ("--rate-limit", "30", "--trusted-proxy", "127.0.0.1") if limit else ("--rate-limit", "0")
    )
    return ("--db", db, "--manifest", str(manifest), "--origin", ORIGIN, *rate)


def _payload(run: str, i: int) -> dict[str, str]:
    article, lang = ARTICLES[i % len(ARTICLES)], "fr" if i % 2 else "en"
    return {
        "article": article,
        "lang": lang,
        "reaction": REACTION_NAMES[i % len(REACTION_NAMES)],
        "page": f"/{lang}/{article.removesuffix('.md')}/",  # as write_manifest lists it
        "build": "bench",
        "vote": f"{run}{i:016d}",
    }


def _address(i: int) -> str:
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


def _post(port: int, run: str, i: int, limit: bool) -> int:
    headers = {"X-Forwarded-For": _address(i)} if limit else {}
    try:
        return post_json(port, _payload(run, i), ORIGIN, timeout=30, **headers).status
    except OSError:
        return -1


def _run_clients(clients: int, posts: int, work) -> float:
    next_index = iter(range(posts))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            work(i)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def load(folder: Path, db: str, posts: int, clients: int, limit: bool) -> dict[str, object]:
    run = "on" if limit else "of"
    statuses = [0] * posts
    latencies = [0.0] * posts
    with collector_process(*_serve_args(folder, db, limit), log=folder / f"{run}.log") as server:

        def work(i: int) -> None:
            started = time.perf_counter()
            statuses[i] = _post(server.port, run, i, limit)
            latencies[i] = time.perf_counter() - started

        elapsed = _run_clients(clients, posts, work)
    ordered = sorted(latencies)
    stored = query(db, f"SELECT COUNT(*) FROM reactions WHERE vote LIKE '{run}%'")[0][0]
    return {
        "posts": posts,
        "clients": clients,
        "statuses": dict(sorted(Counter(statuses).items())),
        "seconds": round(elapsed, 2),
        "posts_per_second": round(posts / elapsed),
        "latency_ms": {
            "median": round(statistics.median(ordered) * 1000, 2),
            "p95": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2),
            "max": round(ordered[-1] * 1000, 2),
        },
        "rows": stored,
    }


def kill_mid_load(folder: Path, db: str, posts: int, clients: int) -> dict[str, object]:
    """kill -9 after a third of the posts; clients retry (same vote) until acknowledged."""
    args = _serve_args(folder, db, limit=False)
    acknowledged: set[int] = set()
    failures = Counter()
    lock = threading.Lock()
    state: dict[str, object] = {"port": 0}
    ready = threading.Event()
    killed_at = posts // 3

    def work(i: int) -> None:
        for _ in range(600):  # at most a minute of retries per post
            ready.wait(timeout=30)
            status = _post(int(state["port"]), "k", i, False)
            if status == 204:
                with lock:
                    acknowledged.add(i)
                    done = len(acknowledged)
                if done == killed_at and not state.get("killed"):
                    state["killed"] = True
                    ready.clear()
                    os.kill(int(state["pid"]), signal.SIGKILL)
                return
            with lock:
                failures[status] += 1
            time.sleep(0.1)

    started = time.perf_counter()
    with collector_process(*args, log=folder / "first.log") as first:
        state |= {"port": first.port, "pid": first.process.pid}
        ready.set()
        runner = threading.Thread(target=_run_clients, args=(clients, posts, work))
        runner.start()
        for _ in range(600):
            if state.get("killed"):
                break
            time.sleep(0.05)
        first.process.wait(timeout=30)
        killed_exit = first.process.returncode
    with collector_process(*args, log=folder / "second.log") as second:
        state |= {"port": second.port, "pid": second.process.pid}
        ready.set()
        runner.join()
    elapsed = time.perf_counter() - started
    rows = query(db, "SELECT vote, COUNT(*) FROM reactions GROUP BY vote")
    stored = {str(vote): int(str(n)) for vote, n in rows}
    lost = [i for i in acknowledged if f"k{i:016d}" not in stored]
    duplicated = [vote for vote, n in stored.items() if n > 1]
    return {
        "posts": posts,
        "clients": clients,
        "killed after acknowledged posts": killed_at,
        "killed exit status": killed_exit,
        "failed attempts retried (status: count)": dict(failures),
        "acknowledged": len(acknowledged),
        "rows": sum(stored.values()),
        "acknowledged but lost": len(lost),
        "stored twice": len(duplicated),
        "seconds": round(elapsed, 2),
        "ok": not lost and not duplicated and len(acknowledged) == posts,
    }


def idle_delay(folder: Path, db: str, idle: int, kind: str) -> dict[str, object]:
    """`idle` connections held open (silent, or half a request: slow), then valid posts
    timed one after another; every socket is closed before returning."""
    args = (*_serve_args(folder, db, limit=False), "--request-deadline", "60")
    with collector_process(*args, log=folder / f"{kind}.log") as server:
        held: list[socket.socket] = []
        try:
            opened = time.perf_counter()
            for _ in range(idle):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                if kind == "slow":
                    sock.sendall(b"POST /api/feedback HTTP/1.1\r\nHost: a\r\n")
                held.append(sock)
            opening = time.perf_counter() - opened
            delays, statuses = [], []
            for i in range(PROBES):
                started = time.perf_counter()
                statuses.append(_post(server.port, kind, i, False))
                delays.append(time.perf_counter() - started)
        finally:
            for sock in held:
                sock.close()
    return {
        "connections held": idle,
        "seconds to open them": round(opening, 2),
        "valid posts": PROBES,
        "statuses": dict(Counter(statuses)),
        "valid post ms (each)": [round(d * 1000, 1) for d in delays],
        "slowest valid post ms": round(max(delays) * 1000, 1),
    }


def rate_limit_cost(db: str, distinct: int) -> dict[str, object]:
    """Microseconds per check (one upsert) for 1 client and for `distinct` clients."""
    store = open_store(db)
    try:
        now = time.time()

        def timed(keys: list[str]) -> float:
            started = time.perf_counter()
            for key in keys:
                store.take_token(key, now, 1_000_000)
            return (time.perf_counter() - started) / len(keys) * 1e6

        one = timed(["same-client"] * min(distinct, 20_000))
        rss_before = _rss_kb()
        many = timed([f"{i:032x}" for i in range(distinct)])
        rss_after = _rss_kb()
        again = timed([f"{i:032x}" for i in range(0, distinct, max(1, distinct // 10_000))])
        rows = query(db, "SELECT COUNT(*) FROM rate_limit")[0][0]
        size = _table_bytes(db)
        store.sweep(now + 61)
        after = query(db, "SELECT COUNT(*) FROM rate_limit")[0][0]
    finally:
        store.close()
    return {
        "distinct clients": distinct,
        "µs per check, 1 client": round(one, 1),
        "µs per check, each a new client (table growing to the total)": round(many, 1),
        "µs per check, known clients among the total": round(again, 1),
        "bucket rows": rows,
        "bytes for the buckets and their index": size,
        "rows a minute later (after the clean-up)": after,
        "process memory (RSS kB) before and after the new clients": [rss_before, rss_after],
    }


def _rss_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))


def _table_bytes(db: str) -> int | None:
    if db.startswith("postgresql"):
        return int(str(query(db, "SELECT pg_total_relation_size('rate_limit')")[0][0]))
    try:
        rows = query(
            db,
            "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
            "('rate_limit', 'rate_limit_by_time', 'sqlite_autoindex_rate_limit_1')",
        )
        return int(str(rows[0][0]))
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
