"""Where a preview's rebuild spends its time: `--dirty` rebuilds of one edited article,
made in this process as `mkdocs serve` makes them, under cProfile.

`python -m bench.rebuild_profile --size 500 --edits 8` writes the synthetic site to a
temporary folder, builds it once, then edits one article and rebuilds, `--edits` times.
It prints each rebuild's seconds (with the profiler on) and the heaviest functions;
the stats go to bench/out/rebuild-<size>.pstats.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import logging
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from bench.sitegen import REPO, commit_sources, write_project, write_sources

OUT = REPO / "bench" / "out"
SERVE_URL = "http://127.0.0.1:8000/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=500, help="articles per language")
    parser.add_argument("--edits", type=int, default=8, help="rebuilds to profile")
    parser.add_argument("--top", type=int, default=30, help="functions to print")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    OUT.mkdir(parents=True, exist_ok=True)
    stats_file = OUT / f"rebuild-{args.size}.pstats"
    with tempfile.TemporaryDirectory(prefix=f"hc-rebuild-{args.size}-") as tmp:
        root = Path(tmp)
        articles = write_sources(root, args.size)
        commit_sources(root)
        config_file = write_project(root, "ours")
        source = root / "docs" / "fr" / articles[1]
        seconds = _profile_rebuilds(config_file, root / "site", source, args.edits, stats_file)
    print("rebuilds, s (profiled):", " ".join(f"{s:.3f}" for s in seconds))
    report = io.StringIO()
    pstats.Stats(str(stats_file), stream=report).sort_stats("cumulative").print_stats(args.top)
    print(report.getvalue())
    return 0


def _profile_rebuilds(
    config_file: Path, site_dir: Path, source: Path, edits: int, stats_file: Path
) -> list[float]:
    """The seconds of each profiled rebuild; the first build is not profiled."""

    def config() -> MkDocsConfig:
        loaded = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=False)
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)  # the preview's reuse starts
    original = source.read_text(encoding="utf-8")
    profiler = cProfile.Profile()
    seconds = []
    previous, previous_argv = Path.cwd(), sys.argv
    os.chdir(config_file.parent)  # `mkdocs serve` runs in the project's folder
    # static-i18n builds its other languages `--dirty` only when the command line says so.
    sys.argv = [*sys.argv, "--dirty"]
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            build(first, serve_url=SERVE_URL, dirty=True)
            for edit in range(edits):
                source.write_text(f"{original}\nEdition {edit} {time.time_ns()}.\n", "utf-8")
                started = time.perf_counter()
                profiler.enable()
                build(config(), serve_url=SERVE_URL, dirty=True)
                profiler.disable()
                seconds.append(time.perf_counter() - started)
    finally:
        os.chdir(previous)
        sys.argv = previous_argv
        first.plugins.on_shutdown()
    profiler.dump_stats(str(stats_file))
    return seconds


if __name__ == "__main__":
    raise SystemExit(main())
