"""Build-speed and page-weight benchmark: our stack against stock Material + static-i18n.

Run with `make bench` (or `python -m bench.build_bench --sizes 100 500`). For each size N
it writes a synthetic help centre of N articles per language (fr + en) into a temporary
folder, builds it once per configuration, each in a fresh `mkdocs build` subprocess, and
prints a Markdown table (also written to bench/out/results.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.sitegen import REPO, commit_sources, write_project, write_sources

CONFIGS = ("ours", "stock")
OUT = REPO / "bench" / "out"


@dataclass
class Result:
    size: int
    config: str
    wall_s: float
    peak_mb: float
    site_mb: float
    article_median_kb: float
    article_max_kb: float
    search_mb: float
    pages: int


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[100, 500, 1000, 2000],
        help="articles per language (default: 100 500 1000 2000)",
    )
    parser.add_argument(
        "--configs",
        nargs="+",
        default=list(CONFIGS),
        choices=["ours", "ours-nohooks", "stock"],
        help="configurations to build (default: ours stock)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        nargs="*",
        default=[],
        metavar="N",
        help="also profile our build (cProfile) at these sizes",
    )
    parser.add_argument(
        "--no-git",
        action="store_true",
        help="do not commit the synthetic sources (dates from file times)",
    )
    parser.add_argument("--out", type=Path, default=OUT / "results.md")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    profiles: list[str] = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"hc-bench-{size}-") as tmp:
            root = Path(tmp)
            started = time.perf_counter()
            write_sources(root, size)
            if not args.no_git:
                commit_sources(root)
            _say(f"N={size}: sources written in {time.perf_counter() - started:.1f} s")
            for config in args.configs:
                result = _measure(root, size, config)
                results.append(result)
                _say(
                    f"N={size} {config}: {result.wall_s:.1f} s, {result.peak_mb:.0f} MB peak, "
                    f"article {result.article_max_kb:.1f} KB max"
                )
            if size in args.profile:
                stats_file = OUT / f"profile-ours-{size}.pstats"
                wall = _build(root, "ours", root / "site-profile", profile=stats_file)[0]
                shutil.rmtree(root / "site-profile", ignore_errors=True)
                profiles.append(_profile_summary(stats_file, size, wall))
    report = _report(results, profiles, args)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    _say(f"written to {args.out}")
    return 0


def _measure(root: Path, size: int, config: str) -> Result:
    site = root / f"site-{config}"
    wall, peak_kb = _build(root, config, site)
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    articles = [p.stat().st_size for p in site.glob("**/article-*/index.html")]
    # Lunr (search plugin) index, or Pagefind's index folder, whichever the site has
    search = [site / "search" / "search_index.json", *(site / "pagefind").rglob("*")]
    result = Result(
        size=size,
        config=config,
        wall_s=wall,
        peak_mb=peak_kb / 1024,
        site_mb=sum(sizes) / 1e6,
        article_median_kb=statistics.median(articles) / 1000,
        article_max_kb=max(articles) / 1000,
        search_mb=sum(p.stat().st_size for p in search if p.is_file()) / 1e6,
        pages=len(list(site.glob("**/index.html"))),
    )
    shutil.rmtree(site, ignore_errors=True)
    return result


def _build(root: Path, config: str, site: Path, profile: Path | None = None) -> tuple[float, int]:
    """Build in a fresh interpreter; return (wall seconds, peak resident KB of the child)."""
    config_file = write_project(root, config)
    report = root / f"report-{config}.json"
    command = [sys.executable, "-m", "bench.run_build", "--report", str(report)]
    if profile:
        command += ["--profile", str(profile)]
    strict = ["--strict"] if config == "ours" else []
    command += ["--", "build", "-q", *strict, "-f", str(config_file), "-d", str(site)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO))
    env.pop("HELPCENTRE_AS_OF", None)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    figures = json.loads(report.read_text()) if report.exists() else {"exit": done.returncode}
    if done.returncode or figures.get("exit"):
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the '{config}' build failed (log above)")
    return wall, int(figures["peak_kb"])


def _profile_summary(stats_file: Path, size: int, wall: float) -> str:
    """Where our build spends its time: hook events and the heaviest library functions."""
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    hooks_dir = str((REPO / "hooks").resolve())
    hook_time: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if os.path.realpath(filename).startswith(hooks_dir) and name.startswith("on_"):
            key = f"{Path(filename).name}:{name}"
            hook_time[key] = hook_time.get(key, 0.0) + cumulative
    hooks_total = sum(hook_time.values())
    lines = [
        f"### Profile of our build at {size}/lang (cProfile, {wall:.1f} s wall with the profiler)",
        "",
        f"Project hooks: {hooks_total:.2f} s of {total:.1f} s profiled "
        f"= {100 * hooks_total / total:.1f} %.",
        "",
        "| hook event | cumulative s | share |",
        "| --- | ---: | ---: |",
    ]
    for key, seconds in sorted(hook_time.items(), key=lambda kv: -kv[1]):
        lines.append(f"| `{key}` | {seconds:.2f} | {100 * seconds / total:.1f} % |")
    lines += ["", "Heaviest functions by cumulative time (library and hooks):", "", "```"]
    heavy = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])  # type: ignore[attr-defined]
    for (filename, line, name), (_, _, _, cumulative, _) in heavy[:25]:
        lines.append(
            f"{cumulative:8.2f} s  {100 * cumulative / total:5.1f} %  "
            f"{_short(filename)}:{line}({name})"
        )
    lines += ["```", ""]
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/hooks/", "/lib/python3"):
        if marker in filename:
            return (
                filename.split(marker, 1)[1]
                if marker != "/hooks/"
                else "hooks/" + filename.split(marker, 1)[1]
            )
    return filename


def _report(results: list[Result], profiles: list[str], args: argparse.Namespace) -> str:
    by = {(r.size, r.config): r for r in results}
    lines = [
        f"Command: `python -m bench.build_bench --sizes {' '.join(map(str, args.sizes))}"
        f" --configs {' '.join(args.configs)}`"
        + (f" --profile {' '.join(map(str, args.profile))}" if args.profile else ""),
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| N/lang | config | wall s | vs stock | peak MB | site MB | pages | "
        "article HTML median / max KB | search index MB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        stock = by.get((r.size, "stock"))
        ratio = f"{r.wall_s / stock.wall_s:.2f}x" if stock and r.config != "stock" else ""
        lines.append(
            f"| {r.size} | {r.config} | {r.wall_s:.1f} | {ratio} | {r.peak_mb:.0f} | "
            f"{r.site_mb:.1f} | {r.pages} | {r.article_median_kb:.1f} / {r.article_max_kb:.1f} | "
            f"{r.search_mb:.2f} |"
        )
    lines.append("")
    sizes = sorted({r.size for r in results})
    for config in args.configs:
        steps = [
            f"{b}/{a}: {by[(b, config)].wall_s / by[(a, config)].wall_s:.2f}x"
            for a, b in itertools.pairwise(sizes)
            if (a, config) in by and (b, config) in by
        ]
        if steps:
            lines.append(f"Growth of `{config}` wall time: " + ", ".join(steps) + ".")
    for size in sizes:
        ours, bare = by.get((size, "ours")), by.get((size, "ours-nohooks"))
        if ours and bare:
            lines.append(
                f"Hooks at {size}/lang: {ours.wall_s:.1f} s with, {bare.wall_s:.1f} s without "
                f"= {100 * (ours.wall_s - bare.wall_s) / ours.wall_s:.1f} % of the build."
            )
    lines.append("")
    return "\n".join(lines + profiles)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
