"""Build-speed and page-weight benchmark: our stack against stock Material + static-i18n.

Run with `make bench` (or `python -m bench.build_bench --sizes 100 500`). For each size N
it writes a synthetic help centre of N articles per language (fr + en) into a temporary
folder and builds it `--runs` times per configuration, each build in a fresh interpreter,
the configurations one after the other within each run so they share the machine's
conditions. It prints a Markdown table of medians with min and max (also written to
bench/out/results.md). `--baseline DIR` adds our configuration as another checkout has it
(e.g. the previous commit), built by that checkout's own .venv.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.sitegen import REPO, commit_sources, write_project, write_sources

# ours: `make build` (one process per language); ours-1proc: the same site in one process
# (`mkdocs build`, as the preview builds), timed event by event.
CONFIGS = ("ours", "ours-1proc", "stock")
CHOICES = ("ours", "ours-1proc", "ours-nohooks", "stock", "baseline")
OUT = REPO / "bench" / "out"
RENDER_CACHE = ".cache"  # where mkdocs.yml keeps rendered articles between builds
# "Our code" in a profile: the package and the MkDocs entry beside mkdocs.yml, but not the
# driver, which runs MkDocs itself: the whole build is below it.
OUR_CODE = tuple(str(p.resolve()) + os.sep for p in (REPO / "src" / "helpcentre", REPO / "hooks"))
# Search work (Pagefind and our search files) is counted apart, as search.
SEARCH_FILE = "src/helpcentre/mkdocs/outputs/search.py"
SEARCH_WORK = ("write_search_index", "prepare_language", "remember_page_text")
HARNESS = str((REPO / "src" / "helpcentre" / "mkdocs" / "driver.py").resolve())
# pstats rows: (primitive calls, calls, own s, cumulative s, callers) per (file, line, name)
Table = dict[tuple[str, int, str], tuple[int, int, float, float, dict[Any, Any]]]


@dataclass(frozen=True)
class Checkout:
    """A copy of the project and the interpreter of its own virtual environment."""

    path: Path

    @property
    def python(self) -> Path:
        return self.path / ".venv" / "bin" / "python"

    @property
    def has_driver(self) -> bool:
        """Checkouts from before the package refactor build through the mkdocs CLI."""
        edge = self.path / "src" / "helpcentre" / "mkdocs"
        return (edge / "driver.py").is_file() or (edge / "engine" / "driver.py").is_file()


@dataclass
class Result:
    size: int
    config: str
    walls: list[float] = field(default_factory=list)
    rebuilds: list[float] = field(default_factory=list)  # one article changed, `--dirty`
    # One article changed, a complete `make build` with the rendered-article cache.
    cached_rebuilds: list[float] = field(default_factory=list)
    hook_shares: list[float] = field(default_factory=list)  # % of the in-process build
    search_shares: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)  # the largest process
    # Every process at its own peak at once (an upper bound: the peaks may not meet).
    peak_sums_mb: list[float] = field(default_factory=list)
    site_mb: float = 0.0
    article_median_kb: float = 0.0
    article_max_kb: float = 0.0
    search_mb: float = 0.0
    pages: int = 0

    @property
    def wall_s(self) -> float:
        return statistics.median(self.walls)


def main() -> int:
    args = _arguments()
    OUT.mkdir(parents=True, exist_ok=True)
    checkouts = {"ours": Checkout(REPO)}
    if args.baseline:
        checkouts["baseline"] = Checkout(args.baseline.resolve())
    load_before = os.getloadavg()
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
            results += _measure_size(root, size, args.configs, args.runs, checkouts)
            if size in args.profile:
                profiles.append(_profile(root, size, checkouts["ours"]))
    report = _report(results, profiles, args, (load_before, os.getloadavg()))
    args.out.write_text(report, encoding="utf-8")
    print(report)
    _say(f"written to {args.out}")
    return 0


def _arguments() -> argparse.Namespace:
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
        choices=CHOICES,
        help="configurations to build (default: ours stock; 'baseline' needs --baseline)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="builds per configuration and size (default: 3)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="another checkout of this project with its own .venv: adds the 'baseline' "
        "configuration (our configuration, hooks and theme as that checkout has them)",
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
    if args.baseline and "baseline" not in args.configs:
        args.configs.append("baseline")
    if "baseline" in args.configs and not args.baseline:
        parser.error("the 'baseline' configuration needs --baseline DIR")
    if args.baseline and not Checkout(args.baseline).python.is_file():
        parser.error(f"--baseline: no {Checkout(args.baseline).python}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def _measure_size(
    root: Path, size: int, configs: list[str], runs: int, checkouts: dict[str, Checkout]
) -> list[Result]:
    """Every configuration once per run, in turn, so a slow spell hits them all alike."""
    results = {config: Result(size, config) for config in configs}
    for run in range(1, runs + 1):
        for config in configs:
            result = results[config]
            site = root / f"site-{config}"
            wall, peak_kb, figures = _build(root, config, site, checkouts)
            result.walls.append(wall)
            if "hooks_s" in figures:
                seconds = figures["in_process_s"]
                result.hook_shares.append(
                    100 * (figures["hooks_s"] - figures["search_s"]) / seconds
                )
                result.search_shares.append(100 * figures["search_s"] / seconds)
            result.peaks_mb.append(peak_kb / 1024)
            result.peak_sums_mb.append(figures.get("peak_sum_kb", peak_kb) / 1024)
            if run == 1:  # the site is the same on every run
                _weigh(result, site)
            if config == "ours":
                cached, dirty = _rebuild_one_article(root, site, checkouts)
                result.cached_rebuilds.append(cached)
                result.rebuilds.append(dirty)
            shutil.rmtree(site, ignore_errors=True)
            _say(f"N={size} {config} run {run}/{runs}: {wall:.1f} s, {peak_kb / 1024:.0f} MB peak")
    return list(results.values())


def _rebuild_one_article(
    root: Path, site: Path, checkouts: dict[str, Checkout]
) -> tuple[float, float]:
    """Seconds to build the site again after one article changed: a complete `make build`
    reusing the rendered-article cache the cold build left, then a rebuild rendering only
    the pages that show the article (MkDocs' `--dirty`, as the preview does; not complete:
    the search index and sitemap wait for a complete build)."""
    article = sorted((root / "docs" / "fr").glob("*/article-*.md"))[0]
    original = article.read_text(encoding="utf-8")
    article.write_text(original + "\nUne phrase de plus.\n", encoding="utf-8")
    try:
        cached = _build(root, "ours", site, checkouts, cache=True)[0]
        article.write_text(original + "\nEt une autre.\n", encoding="utf-8")
        later = time.time() + 5
        os.utime(article, (later, later))
        return cached, _build(root, "ours", site, checkouts, dirty=True)[0]
    finally:
        article.write_text(original, encoding="utf-8")


def _weigh(result: Result, site: Path) -> None:
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    articles = [p.stat().st_size for p in site.glob("**/article-*/index.html")]
    # Lunr (search plugin) index, or Pagefind's index folder, whichever the site has
    search = [site / "search" / "search_index.json", *(site / "pagefind").rglob("*")]
    result.site_mb = sum(sizes) / 1e6
    result.article_median_kb = statistics.median(articles) / 1000
    result.article_max_kb = max(articles) / 1000
    result.search_mb = sum(p.stat().st_size for p in search if p.is_file()) / 1e6
    result.pages = len(list(site.glob("**/index.html")))


def _build(
    root: Path,
    config: str,
    site: Path,
    checkouts: dict[str, Checkout],
    profile: Path | None = None,
    dirty: bool = False,
    cache: bool = False,
) -> tuple[float, int, dict[str, Any]]:
    """Build in a fresh interpreter; return (wall seconds, peak resident KB of the child,
    the child's figures: for ours, the seconds in our hooks and in the search index).
    A cold build (neither `dirty` nor `cache`) starts without a rendered-article cache."""
    checkout = checkouts["baseline" if config == "baseline" else "ours"]
    kind = "ours" if config in ("baseline", "ours-1proc") else config
    if not dirty and not cache:  # a rebuild keeps the project as built
        write_project(root, kind, checkout.path)
        shutil.rmtree(root / RENDER_CACHE, ignore_errors=True)
    report = root / f"report-{config}.json"
    report.unlink(missing_ok=True)
    strict = kind == "ours" and not dirty  # MkDocs warns about every dirty build
    command = _command(checkout, report, root, site, strict=strict, profile=profile)
    if dirty:
        command.insert(command.index("--report"), "--dirty")
    if config == "ours" and not profile and not dirty:
        command.insert(command.index("--report"), "--parallel")
    if config == "ours-1proc":
        command.insert(command.index("--report"), "--time-hooks")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("HELPCENTRE_AS_OF", None)
    if not checkout.has_driver:
        env["PYTHONPATH"] = str(checkout.path)  # as the bench of that time ran its hooks
    started = time.perf_counter()
    done = subprocess.run(command, cwd=checkout.path, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    figures = json.loads(report.read_text()) if report.exists() else {"exit": done.returncode}
    if done.returncode or figures.get("exit"):
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the '{config}' build failed (log above)")
    return wall, int(figures["peak_kb"]), figures


def _command(
    checkout: Checkout, report: Path, root: Path, site: Path, *, strict: bool, profile: Path | None
) -> list[str]:
    """The checkout's own `bench.run_build`, in the form that checkout understands."""
    command = [str(checkout.python), "-m", "bench.run_build", "--report", str(report)]
    if profile:
        command += ["--profile", str(profile)]
    if checkout.has_driver:
        return [*command, *(["--strict"] if strict else []), str(root), str(site)]
    strict_flag = ["--strict"] if strict else []
    config = str(root / "mkdocs.yml")
    return [*command, "--", "build", "-q", *strict_flag, "-f", config, "-d", str(site)]


def _profile(root: Path, size: int, ours: Checkout) -> str:
    stats_file = OUT / f"profile-ours-{size}.pstats"
    site = root / "site-profile"
    wall = _build(root, "ours", site, {"ours": ours}, profile=stats_file)[0]
    shutil.rmtree(site, ignore_errors=True)
    return _profile_summary(stats_file, size, wall)


def _profile_summary(stats_file: Path, size: int, wall: float) -> str:
    """Where our build spends its time: our code by path, and the heaviest functions."""
    stats = pstats.Stats(str(stats_file))
    table: Table = stats.stats  # type: ignore[attr-defined]
    total: float = stats.total_tt  # type: ignore[attr-defined]
    events = _ours(table, lambda name: name.startswith("on_"))
    in_events = sum(events.values())
    own = sum(row[2] for (filename, _, _), row in table.items() if _is_ours(filename))
    loading = _ours(table, lambda name: name == "<module>").get("hooks/entry.py:<module>", 0.0)
    # The search index replaces Material's search plugin: counted as search, not as ours.
    in_search = _ours(table, lambda name: name in SEARCH_WORK)
    search = sum(in_search.get(f"{SEARCH_FILE}:{name}", 0.0) for name in SEARCH_WORK)
    without_search = in_events - search
    lines = [
        f"### Profile of our build at {size}/lang (cProfile, {wall:.1f} s wall with the profiler)",
        "",
        f"Our code (src/helpcentre/ and hooks/, by path): its MkDocs events take "
        f"{in_events:.2f} s of {total:.1f} s profiled = {_share(in_events, total)} (the "
        f"libraries they call included); its own lines {own:.2f} s = {_share(own, total)}; "
        f"loading it (imports) {loading:.2f} s = {_share(loading, total)}. Without the "
        f"search index (Pagefind, {search:.2f} s = {_share(search, total)}), our events take "
        f"**{_share(without_search, total)}** of the build.",
        "",
        "| hook event | cumulative s | share |",
        "| --- | ---: | ---: |",
        *_rows(events, total, len(events)),
        "",
        "Our heaviest functions (cumulative; nested ones overlap):",
        "",
        "| function | cumulative s | share |",
        "| --- | ---: | ---: |",
        *_rows(_ours(table, lambda name: not name.startswith(("on_", "<"))), total, 12),
        "",
        "Heaviest functions by cumulative time (libraries and ours):",
        "",
        "```",
    ]
    heavy = sorted(table.items(), key=lambda kv: -kv[1][3])
    for (filename, line, name), row in heavy[:25]:
        lines.append(
            f"{row[3]:8.2f} s  {_share(row[3], total):>7}  {_short(filename)}:{line}({name})"
        )
    lines += ["```", ""]
    return "\n".join(lines)


def _ours(table: Table, wanted: Callable[[str], bool]) -> dict[str, float]:
    """Cumulative seconds of the functions of our code whose name is `wanted`."""
    found: dict[str, float] = {}
    for (filename, _, name), row in table.items():
        if _is_ours(filename) and wanted(name):
            key = f"{_short(filename)}:{name}"
            found[key] = found.get(key, 0.0) + row[3]
    return found


def _rows(seconds: dict[str, float], total: float, limit: int) -> list[str]:
    # Below 0.1 % a row only lengthens the table.
    ranked = [kv for kv in sorted(seconds.items(), key=lambda kv: -kv[1]) if kv[1] >= total / 1000]
    ranked = ranked[:limit]
    return [f"| `{key}` | {s:.2f} | {_share(s, total)} |" for key, s in ranked]


def _share(part: float, total: float) -> str:
    return f"{100 * part / total:.1f} %"


def _is_ours(filename: str) -> bool:
    real = os.path.realpath(filename)
    return real.startswith(OUR_CODE) and real != HARNESS


def _short(filename: str) -> str:
    real = os.path.realpath(filename)
    if real.startswith(OUR_CODE):
        return os.path.relpath(real, REPO)
    for marker in ("site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _report(
    results: list[Result],
    profiles: list[str],
    args: argparse.Namespace,
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> str:
    lines = [
        f"Command: `{_command_line(args)}`",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average {load[0][0]:.1f} at the start, "
        f"{load[1][0]:.1f} at the end. Wall times: median of {args.runs} (min to max); "
        "ratios are per run, each build against the other configuration's build of the "
        "same run.",
        "",
        "| N/lang | config | wall s | vs stock | peak MB (largest process) | "
        "peak MB (all processes, at most) | site MB | pages | article HTML median / max KB | "
        "search index MB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by = {(r.size, r.config): r for r in results}
    for r in results:
        stock = by.get((r.size, "stock"))
        ratio = _ratios(r, stock) if stock and r.config != "stock" else ""
        lines.append(
            f"| {r.size} | {r.config} | {_spread(r.walls, '.1f')} | {ratio} | "
            f"{_spread(r.peaks_mb, '.0f')} | {_spread(r.peak_sums_mb, '.0f')} | "
            f"{r.site_mb:.1f} | {r.pages} | "
            f"{r.article_median_kb:.1f} / {r.article_max_kb:.1f} | {r.search_mb:.2f} |"
        )
    timed = [r for r in results if r.hook_shares]
    if timed:
        lines += [
            "",
            "Our code's share of the build, timed in the one-process build (a clock around "
            "each of our MkDocs events: no profiler overhead), the search work apart:",
            "",
            "| N/lang | our events without the search index | search index (Pagefind) |",
            "| ---: | ---: | ---: |",
            *(
                f"| {r.size} | {_spread(r.hook_shares, '.1f', ' %')} | "
                f"{_spread(r.search_shares, '.1f', ' %')} |"
                for r in timed
            ),
        ]
    rebuilt = [r for r in results if r.rebuilds]
    if rebuilt:
        lines += [
            "",
            "Build after one article changed: a complete `make build` with the rendered-"
            "article cache the cold build left (every other article reused), and a `--dirty` "
            "rebuild (only the pages showing the article are rendered again; the search index "
            "and sitemap wait for a complete build):",
            "",
            "| N/lang | cold build s (no cache) | complete build with the cache s | "
            "vs cold | `--dirty` rebuild s |",
            "| ---: | ---: | ---: | ---: | ---: |",
            *(_rebuild_row(r) for r in rebuilt),
        ]
    lines += ["", *_comparisons(by, args.configs), ""]
    return "\n".join(lines + profiles)


def _rebuild_row(r: Result) -> str:
    against_cold = [a / b for a, b in zip(r.cached_rebuilds, r.walls, strict=True)]
    return (
        f"| {r.size} | {_spread(r.walls, '.1f')} | {_spread(r.cached_rebuilds, '.1f')} "
        f"| {_spread(against_cold, '.2f', 'x')} | {_spread(r.rebuilds, '.2f')} |"
    )


def _comparisons(by: dict[tuple[int, str], Result], configs: list[str]) -> list[str]:
    sizes = sorted({size for size, _ in by})
    lines = []
    for config in configs:
        steps = [
            f"{b}/{a}: {by[(b, config)].wall_s / by[(a, config)].wall_s:.2f}x"
            for a, b in itertools.pairwise(sizes)
            if (a, config) in by and (b, config) in by
        ]
        if steps:
            lines.append(f"Growth of `{config}` wall time (medians): " + ", ".join(steps) + ".")
    for size in sizes:
        ours, bare, base = (by.get((size, c)) for c in ("ours", "ours-nohooks", "baseline"))
        single = by.get((size, "ours-1proc"))
        if ours and single:
            lines.append(
                f"One process per language vs one process at {size}/lang: {_ratios(ours, single)}."
            )
        if single and bare:
            lines.append(
                f"Hooks at {size}/lang (one process): {single.wall_s:.1f} s with, "
                f"{bare.wall_s:.1f} s without "
                f"= {100 * (single.wall_s - bare.wall_s) / single.wall_s:.1f} % of the build."
            )
        if ours and base:
            lines.append(f"`ours` vs `baseline` at {size}/lang: {_ratios(ours, base)}.")
    return lines


def _ratios(result: Result, reference: Result) -> str:
    ratios = [a / b for a, b in zip(result.walls, reference.walls, strict=True)]
    return _spread(ratios, ".2f", "x")


def _spread(values: list[float], spec: str, unit: str = "") -> str:
    """'median (min–max)', or the one value of a single run."""
    median = f"{statistics.median(values):{spec}}{unit}"
    if len(values) == 1:
        return median
    return f"{median} ({min(values):{spec}}–{max(values):{spec}})"


def _command_line(args: argparse.Namespace) -> str:
    parts = [
        "python -m bench.build_bench",
        f"--sizes {' '.join(map(str, args.sizes))}",
        f"--configs {' '.join(c for c in args.configs if c != 'baseline')}",
        f"--runs {args.runs}",
    ]
    if args.baseline:
        parts.append(f"--baseline {args.baseline}")
    if args.profile:
        parts.append(f"--profile {' '.join(map(str, args.profile))}")
    return " ".join(parts)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
