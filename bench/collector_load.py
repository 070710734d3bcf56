"""Load test of the feedback collector: N posts from local clients, each stored exactly once.

Run with `python -m bench.collector_load` (default 10,000 posts, 4 client threads). It starts
`python -m collector serve` on 127.0.0.1 (any free port, rate limit off, a temporary
database and manifest), posts from this machine only, then checks the database: every
accepted post is there exactly once and no refused post is. One post in ten names an
unknown article on purpose and must be refused. Results go to stdout and
bench/out/collector_load.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from helpcentre.contract import MANIFEST_NAME, REACTION_NAMES, Manifest

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
ORIGIN = "http://127.0.0.1:8000"
ARTICLES = [f"collection-{c}/article-{a}.md" for c in range(5) for a in range(20)]
MAX_POSTS = 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    args = parser.parse_args()
    if not 0 < args.posts <= MAX_POSTS:
        parser.error(f"--posts must be between 1 and {MAX_POSTS}")
    with tempfile.TemporaryDirectory(prefix="collector-load-") as folder:
        result = run(Path(folder), args.posts, args.clients)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "collector_load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["stored_exactly_once"] and result["refused_stored"] == 0 else 1


def run(folder: Path, posts: int, clients: int) -> dict[str, object]:
    manifest = folder / MANIFEST_NAME
    _manifest().write(manifest)
    db = folder / "feedback.sqlite3"
    log = folder / "collector.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "collector", "serve", "--db", str(db), "--manifest",
             str(manifest), "--origin", ORIGIN, "--port", "0", "--rate-limit", "0"],
            cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        port = _port(log, server)
        statuses: list[int] = [0] * posts
        latencies: list[float] = [0.0] * posts
        next_index = iter(range(posts))
        lock = threading.Lock()

        def client() -> None:
            while True:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                started = time.perf_counter()
                statuses[i] = _post(port, _payload(i))
                latencies[i] = time.perf_counter() - started

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    with sqlite3.connect(db) as connection:
        stored = Counter(page for (page,) in connection.execute("SELECT page FROM reactions"))
    accepted = {_payload(i)["page"] for i in range(posts) if statuses[i] == 204}
    refused = {_payload(i)["page"] for i in range(posts) if statuses[i] != 204}
    ordered = sorted(latencies)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
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
        "rows": sum(stored.values()),
        "stored_exactly_once": set(stored) == accepted and all(n == 1 for n in stored.values()),
        "refused_stored": len(refused & set(stored)),
    }


def _manifest() -> Manifest:
    """Every article in both languages, as a build of the site would list them."""
    manifest = Manifest(build="bench", site_origin=ORIGIN)
    for article in ARTICLES:
        for lang in ("fr", "en"):
            manifest.add(article, lang, article, "/" + article.removesuffix(".md") + "/")
    return manifest


def _payload(i: int) -> dict[str, str]:
    unknown = i % 10 == 9  # refused on purpose: not in the manifest
    return {
        "article": "nowhere/missing.md" if unknown else ARTICLES[i % len(ARTICLES)],
        "lang": "fr" if i % 2 else "en",
        "reaction": REACTION_NAMES[i % len(REACTION_NAMES)],
        "page": f"/bench/{i}/",
        "build": "bench",
    }


def _post(port: int, payload: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST", "/api/feedback", body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Origin": ORIGIN},
        )  # fmt: skip
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return -1
    finally:
        connection.close()


def _port(log: Path, server: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", log.read_text())
        if found:
            return int(found.group(1))
        time.sleep(0.05)
    raise SystemExit(f"the collector did not start:\n{log.read_text()}")


if __name__ == "__main__":
    sys.exit(main())
