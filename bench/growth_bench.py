"""How our build time grows with the site: two sizes built in turn, a ratio per pair.

Run with `python -m bench.growth_bench --sizes 1000 2000 --runs 3`. Sizes measured one
after the other (as `bench.build_bench` does) meet different loads on a shared machine;
here each run builds the smaller site, then the larger one, so every ratio compares two
builds made a few seconds apart. Each build is a fresh `make build` (one process per
language), as in `bench.build_bench`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.build_bench import OUT, Checkout, _build, _spread
from bench.sitegen import REPO, commit_sources, write_sources


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 2000], metavar="N")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT / "growth.md")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    small, large = args.sizes
    checkouts = {"ours": Checkout(REPO)}
    walls: dict[int, list[float]] = {small: [], large: []}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hc-growth-") as tmp:
        roots = {}
        for size in (small, large):
            roots[size] = Path(tmp) / str(size)
            write_sources(roots[size], size)
            commit_sources(roots[size])
        for run in range(1, args.runs + 1):
            for size in (small, large):
                site = roots[size] / "site"
                wall = _build(roots[size], "ours", site, checkouts)[0]  # as `make build`
                shutil.rmtree(site, ignore_errors=True)
                walls[size].append(wall)
                print(f"run {run}: {size}/lang {wall:.1f} s", file=sys.stderr, flush=True)
    ratios = [b / a for a, b in zip(walls[small], walls[large], strict=True)]
    report = "\n".join(
        [
            f"Command: `python -m bench.growth_bench --sizes {small} {large} --runs {args.runs}`",
            "",
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
            f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.",
            "",
            f"| {small}/lang s | {large}/lang s | {large}/{small}, per run |",
            "| ---: | ---: | ---: |",
            f"| {_spread(walls[small], '.1f')} | {_spread(walls[large], '.1f')} | "
            f"{_spread(ratios, '.2f', 'x')} |",
            "",
            f"Ratio of the medians: {_median_ratio(walls[large], walls[small]):.2f}x "
            "(`make build`: one process per language).",
            "",
        ]
    )
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


def _median_ratio(larger: list[float], smaller: list[float]) -> float:
    return statistics.median(larger) / statistics.median(smaller)


if __name__ == "__main__":
    sys.exit(main())
