"""How long `helpcentre import` takes, and how much memory, for a help centre of N articles.

`python -m bench.import_bench --articles 320 --runs 3` writes saved Intercom responses
(the products' documented shapes, `bench/import_responses.py`) for N articles in French,
four in five of them translated into English, in 24 collections of which 4 nested, each
article with a heading, a list, a table, a callout, a link to another article and one of
20 images served by a local HTTP server. Each run imports them (`--from`) into a new site
made by `helpcentre new`, in its own process. Printed: the median, min and max wall time
of the import and of its process's peak memory (maximum resident set size).
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import serve
from bench.import_responses import INTERCOM_HOST, Item, Text, write_intercom

IMAGES = 20
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


class _Images(http.server.BaseHTTPRequestHandler):
    """A CDN answering each address with a small PNG of its own (by the path)."""

    def do_GET(self) -> None:
        content = PNG + self.path.encode()  # distinct contents, one file per image
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        pass


def body(number: int, lang: str, images: str, total: int) -> str:
    other = (number * 7) % total + 1000
    words = {
        "fr": ("Étapes", "Ouvrez le menu", "Vérifiez"),
        "en": ("Steps", "Open the menu", "Check"),
    }
    steps, open_menu, check = words[lang]
    return (
        f"<h2>{steps} {number}</h2><p>{open_menu} {number}, "
        f'<a href="{INTERCOM_HOST}/{lang}/articles/{other}-x">{other}</a>.</p>'
        f"<ol><li>{check}<ul><li>{number}</li></ul></li><li>{number + 1}</li></ol>"
        '<div class="intercom-interblocks-callout" style="background-color: #feedaf80;">'
        f"<p>{check} {number}.</p></div>"
        f"<table><tr><td>A</td><td>B</td></tr><tr><td>{number}</td><td>x</td></tr></table>"
        f'<p><img src="{images}/i/{number % IMAGES}.png?signature=s" alt="{lang} {number}"></p>'
    )


def generate(folder: Path, articles: int, images: str) -> None:
    collections = [
        Item(n, {"fr": Text(f"Collection {n}", "", f"Description {n}"),
                 "en": Text(f"Collection {n} en", "", f"Description {n} en")},
             parent=(n - 20) if n > 20 else None, order=n)
        for n in range(1, 25)
    ]  # fmt: skip
    items = []
    for index in range(articles):
        number = 1000 + index
        texts = {"fr": Text(f"Article {number}", body(number, "fr", images, articles))}
        if index % 5:
            texts["en"] = Text(f"Article {number} en", body(number, "en", images, articles))
        items.append(Item(number, texts, parent=index % 24 + 1))
    write_intercom(folder, collections, items, per_page=50)


def one_run(responses: Path) -> dict[str, float]:
    """One import into a new site, in this process: wall seconds and peak memory (MB)."""
    from helpcentre.cli import main
    from helpcentre.starter import create_site

    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        site = Path(folder) / "site"
        create_site(site, ["fr", "en"], "Bench", "https://help.example.com/")
        started = time.perf_counter()
        os.chdir(site)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            status = main(["import", "intercom", "--from", str(responses)])
        seconds = time.perf_counter() - started
        written = sum(1 for _ in (site / "docs").rglob("*.md"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "status": status, "files": written}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run)))
        return
    with tempfile.TemporaryDirectory(prefix="import-responses-") as folder, serve(_Images) as url:
        responses = Path(folder)
        generate(responses, args.articles, url)
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-m", "bench.import_bench", "--one-run", str(responses)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out))
    seconds = [r["seconds"] for r in runs]
    peaks = [r["peak_mb"] for r in runs]
    english = sum(1 for index in range(args.articles) if index % 5)
    print(
        f"{args.articles} articles (fr, {english} in en), "
        f"{runs[0]['files']} Markdown files written, exit {runs[0]['status']}"
    )
    print(
        f"import: median {statistics.median(seconds):.2f} s, min {min(seconds):.2f}, "
        f"max {max(seconds):.2f} ({args.runs} runs)"
    )
    print(f"peak memory: median {statistics.median(peaks):.0f} MB, min {min(peaks):.0f}, "
          f"max {max(peaks):.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
