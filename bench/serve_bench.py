"""Preview benchmark: time from saving an article to `mkdocs serve` serving the change.

Run with `make bench-serve` (or `python -m bench.serve_bench --size 500 --edits 10`). It
writes a synthetic help centre of N articles per language into a temporary folder, starts
`mkdocs serve` on 127.0.0.1 with our configuration, then edits one article ten times and
polls the served page until each edit shows, recording the time and the size of the
served search index (it must not grow from edit to edit).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.sitegen import REPO, commit_sources, write_project, write_sources

OUT = REPO / "bench" / "out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=500, help="articles per language")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument(
        "--mode",
        choices=["livereload", "dirty"],
        default="livereload",
        help="livereload: full rebuilds (`make serve SERVE_FLAGS=`); dirty: "
        "`--dirty --no-strict`, rebuilding changed pages only, as `make serve`",
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per edit")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"hc-serve-{args.size}-") as tmp:
        root = Path(tmp)
        articles = write_sources(root, args.size)
        commit_sources(root)
        config = write_project(root, "ours")
        target = articles[1]  # an article in the middle of the site, not the first
        source = root / "docs" / "fr" / target
        url_path = target.removesuffix(".md") + "/"
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        command = [
            str(REPO / ".venv" / "bin" / "mkdocs"),
            "serve",
            "-f",
            str(config),
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--livereload",
        ]
        if args.mode == "dirty":
            # a dirty build always warns that navigation may be stale: not a strict build
            command += ["--dirty", "--no-strict"]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("HELPCENTRE_AS_OF", None)
        log_path = OUT / f"serve-{args.mode}.log"
        with open(log_path, "w", encoding="utf-8") as log:
            started = time.perf_counter()
            server = subprocess.Popen(
                command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                first = _wait_for(base + url_path, "</html>", args.timeout, server)
                _say(f"first build served after {first:.1f} s")
                rows = []
                original = source.read_text(encoding="utf-8")
                for edit in range(1, args.edits + 1):
                    token = f"bench-edit-{edit}-{time.time_ns()}"
                    source.write_text(f"{original}\nEdition {token}.\n", encoding="utf-8")
                    seconds = _wait_for(base + url_path, token, args.timeout, server)
                    time.sleep(0.5)  # let a trailing rebuild finish before reading the index
                    entries = _search_entries(base)
                    rows.append((edit, seconds, entries))
                    _say(f"edit {edit}: {seconds:.2f} s, search index {entries}")
                    time.sleep(1.0)
                source.write_text(original, encoding="utf-8")
                time.sleep(2.0)
                lists = _new_and_renamed(root, target, base, args.timeout, server)
            finally:
                server.terminate()
                server.wait(timeout=30)
        elapsed = time.perf_counter() - started
    report = _report(args, first, rows, elapsed, lists)
    out = OUT / f"serve-{args.mode}.md"
    out.write_text(report, encoding="utf-8")
    print(report)
    _say(f"written to {out} (server log: {log_path})")
    return 0


def _new_and_renamed(
    root: Path, target: str, base: str, timeout: float, server: subprocess.Popen[bytes]
) -> list[tuple[str, float]]:
    """Seconds until a new article, then the same article renamed (new file, new title),
    shows in its collection page and in the sidebar of the article it precedes (`target`,
    first of its collection: the new one sorts before it)."""
    collection = target.split("/", 1)[0]
    collection_url = base + collection + "/"
    neighbour_url = base + target.removesuffix(".md") + "/"
    folder = root / "docs" / "fr" / collection
    rows = []
    old: Path | None = None
    for step, slug in (("new article", "aaa-bench-new"), ("renamed article", "aaa-bench-renamed")):
        token = f"Aaa {slug} {time.time_ns()}"
        page = folder / f"{slug}.md"
        page.write_text(
            f'---\ntitle: "{token}"\ndescription: "Un article du banc d\'essai."\n'
            f"order: 1\n---\n\nUn article écrit pendant la mesure.\n",
            encoding="utf-8",
        )
        if old is not None:
            old.unlink()
        old = page
        started = time.perf_counter()
        _wait_for(collection_url, token, timeout, server)
        _wait_for(neighbour_url, token, timeout, server)
        rows.append((step, time.perf_counter() - started))
        _say(f"{step}: listed after {rows[-1][1]:.2f} s")
        time.sleep(2.0)
    return rows


def _wait_for(url: str, needle: str, timeout: float, server: subprocess.Popen[bytes]) -> float:
    """Seconds until `url` serves a body containing `needle` (polled every 50 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {server.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show '{needle}' within {timeout:.0f} s")


def _search_entries(base: str) -> str:
    """Entries of the served search index: Lunr documents or Pagefind pages per language."""
    for path, count in (
        ("search/search_index.json", lambda data: str(len(data["docs"]))),
        (
            "pagefind/pagefind-entry.json",
            lambda data: ", ".join(f"{k}: {v['page_count']}" for k, v in data["languages"].items()),
        ),
    ):
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:
                return count(json.loads(response.read()))
        except (urllib.error.URLError, ValueError, KeyError):
            continue
    return "none served"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _report(
    args: argparse.Namespace,
    first: float,
    rows: list,
    elapsed: float,
    lists: list[tuple[str, float]],
) -> str:
    times = [seconds for _, seconds, _ in rows]
    lines = [
        f"Command: `python -m bench.serve_bench --size {args.size} --edits {args.edits} "
        f"--mode {args.mode}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        f"First build served after {first:.1f} s; whole run {elapsed:.0f} s.",
        "",
        "| edit | seconds to see it | served search index |",
        "| ---: | ---: | --- |",
        *(f"| {edit} | {seconds:.2f} | {entries} |" for edit, seconds, entries in rows),
        "",
        f"Median {statistics.median(times):.2f} s, worst {max(times):.2f} s.",
        "",
        "| change | seconds until its collection page and its neighbour's sidebar list it |",
        "| --- | ---: |",
        *(f"| {step} | {seconds:.2f} |" for step, seconds in lists),
        "",
    ]
    return "\n".join(lines)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
