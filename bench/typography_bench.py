"""What the typography step costs in a build: the real site and a synthetic N/lang site.

Each site is built in this process (`helpcentre.mkdocs.engine.driver.build_site`) with the time
spent in `helpcentre.mkdocs.page.typography` (every page's HTML, the 404 pages, the interface
strings) added up around its two functions, beside the whole build's time.
`python -m bench.typography_bench --size 500 --runs 3`
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import sitegen
from helpcentre.mkdocs.engine.driver import build_site
from helpcentre.mkdocs.page import typography

REPO = Path(__file__).resolve().parent.parent


class StepTimer:
    """Adds up the time spent in the typography step's functions while installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.pages = 0
        self._originals: dict[str, Callable[..., Any]] = {}

    def __enter__(self) -> StepTimer:
        for name in ("finish_page", "typeset_interface"):
            original = getattr(typography, name)
            self._originals[name] = original
            setattr(typography, name, self._timed(original, name == "finish_page"))
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self._originals.items():
            setattr(typography, name, original)

    def _timed(self, function: Callable[..., Any], counts_pages: bool) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.pages += counts_pages

        return run


def measure(root: Path, runs: int) -> list[tuple[float, float, int]]:
    """(build seconds, typography seconds, pages typeset) for each of `runs` builds."""
    figures = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as site, StepTimer() as timer:
            started = time.perf_counter()
            outcome = build_site(root, Path(site) / "site")
            elapsed = time.perf_counter() - started
        if not outcome.ok:
            raise SystemExit(f"build of {root} failed: {outcome.error or outcome.problems}")
        figures.append((elapsed, timer.seconds, timer.pages))
    return figures


def report(name: str, figures: list[tuple[float, float, int]]) -> None:
    builds = [f[0] for f in figures]
    steps = [f[1] for f in figures]
    shares = [f[1] / f[0] * 100 for f in figures]
    print(
        f"{name}: {figures[0][2]} pages; build median {statistics.median(builds):.2f} s "
        f"(min {min(builds):.2f}, max {max(builds):.2f}); typography median "
        f"{statistics.median(steps):.3f} s (min {min(steps):.3f}, max {max(steps):.3f}), "
        f"{statistics.median(shares):.1f} % of the build, "
        f"{statistics.median(steps) / figures[0][2] * 1000:.2f} ms a page"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, help="synthetic articles per language")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("HELPCENTRE_AS_OF", "2026-06-01")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    report("real site", measure(REPO, args.runs))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sitegen.write_sources(root, args.size)
        sitegen.write_project(root, "ours")
        sitegen.commit_sources(root)
        report(f"synthetic {args.size}/lang", measure(root, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
