"""Child process of the build benchmark: one site build, reporting its own peak memory."""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import logging
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpcentre.mkdocs.engine.driver import BuildOutcome, build_site
from helpcentre.mkdocs.engine.parallel import build_in_parallel
from helpcentre.mkdocs.entry import HelpCentreHooks
from helpcentre.mkdocs.outputs import search


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--report", type=Path, required=True, help="JSON file for the figures")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the build here")
    parser.add_argument("--strict", action="store_true", help="fail on warnings, as CI does")
    parser.add_argument(
        "--dirty",
        action="store_true",
        help="render only pages whose source is newer than their output (as `mkdocs serve "
        "--dirty`; static-i18n reads the flag from this command line for its other languages)",
    )
    parser.add_argument(
        "--time-hooks",
        action="store_true",
        help="report the seconds spent in the package's MkDocs events (a clock around each "
        "event: no profiler, so no profiler overhead), the search index apart",
    )
    parser.add_argument(
        "--parallel",
        action="store_true",
        help="one process per language, as `python -m helpcentre build` (make build)",
    )
    parser.add_argument("root", type=Path, help="project folder (its mkdocs.yml)")
    parser.add_argument("site", type=Path, help="folder to build into")
    args = parser.parse_args()
    clock = _HookClock() if args.time_hooks else None
    started = time.perf_counter()
    if args.parallel:
        outcome = build_in_parallel(args.root, args.site, strict=args.strict, level=logging.WARNING)
    else:
        outcome = _build(args.root, args.site, args.strict, args.profile, args.dirty)
    elapsed = time.perf_counter() - started
    if not outcome.ok:
        print(_failure(outcome), file=sys.stderr)
    figures = {"in_process_s": elapsed, **_usage(), "exit": 0 if outcome.ok else 1}
    # Every process at its own peak at the same moment, an upper bound: this one and
    # each language process with the Pagefind binary it ran; in one process, this one
    # and its largest helper (the Pagefind binary, or git).
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    others = sum(outcome.worker_peaks_kb) if outcome.worker_peaks_kb else helper
    figures["peak_sum_kb"] = own + others
    if clock:
        figures |= {"hooks_s": clock.events, "search_s": clock.search}
    args.report.write_text(json.dumps(figures), encoding="utf-8")
    return int(figures["exit"])


def _build(
    root: Path, site: Path, strict: bool, profile: Path | None, dirty: bool = False
) -> BuildOutcome:
    # WARNING, not DEBUG: the benchmark keeps no debug records, and strict mode still
    # sees every warning (the former `mkdocs build -q --strict` silenced them).
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    try:
        return build_site(root, site, strict=strict, dirty=dirty, level=logging.WARNING)
    finally:
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(profile)


class _HookClock:
    """Times every event of the package's hooks, and the search index within them. Set
    before the build loads hooks/entry.py, which binds the methods of one instance."""

    def __init__(self) -> None:
        self.events = 0.0
        self.search = 0.0
        for name in [n for n in vars(HelpCentreHooks) if n.startswith("on_")]:
            setattr(HelpCentreHooks, name, self._timed(getattr(HelpCentreHooks, name), "events"))
        # Search work, counted apart: the page's words kept while it renders, then the
        # search files and the Pagefind index at the end.
        for name in ("remember_page_text", "write_every_language"):
            setattr(search, name, self._timed(getattr(search, name), "search"))

    def _timed(self, function: Callable[..., Any], total: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                setattr(self, total, getattr(self, total) + time.perf_counter() - started)

        return timed


def _usage() -> dict[str, float]:
    """Peak resident KB and CPU seconds of this process and the helpers it ran."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)  # e.g. git, the Pagefind binary
    return {
        "peak_kb": max(own.ru_maxrss, helpers.ru_maxrss),
        "cpu_s": own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime,
    }


def _failure(outcome: BuildOutcome) -> str:
    lines = [p.text() for p in outcome.problems] or outcome.messages() or [outcome.error]
    return "the build failed:\n" + "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
