"""When each step of one `make build` starts and ends: the parent's inputs, each language
process, its Pagefind run, the join and the site-wide files.

`python -m bench.build_timeline --size 1000 --runs 2` writes the synthetic site to a
temporary folder and builds it with `helpcentre.mkdocs.engine.parallel` in this process (the
language processes are forked from it), with no rendered-article cache, printing the
seconds since the start at each step. The steps are timed by wrapping the module's own
functions for the length of the run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.sitegen import commit_sources, write_project, write_sources
from helpcentre.mkdocs.engine import parallel
from helpcentre.mkdocs.outputs import search


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles per language")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    os.environ["HELPCENTRE_RENDER_CACHE"] = ""  # a cold build: nothing reused
    with tempfile.TemporaryDirectory(prefix=f"hc-timeline-{args.size}-") as tmp:
        root = Path(tmp)
        write_sources(root, args.size)
        commit_sources(root)
        write_project(root, "ours")
        for run in range(1, args.runs + 1):
            print(f"build {run} of {args.runs}, {args.size} articles per language")
            shutil.rmtree(root / "site", ignore_errors=True)
            with _timed_steps() as say:
                outcome = parallel.build_in_parallel(
                    root, root / "site", strict=True, level=logging.WARNING
                )
                say("done" if outcome.ok else f"failed: {outcome.error}")
    return 0


@contextlib.contextmanager
def _timed_steps() -> Iterator[Callable[[str], None]]:
    started = time.perf_counter()

    def say(step: str) -> None:
        print(f"{time.perf_counter() - started:7.2f} s  {step}", flush=True)

    def around(module: Any, name: str, before: str | None, after: str | None) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            label = _label(args)
            if before:
                say(before.format(label))
            result = original(*args, **kwargs)
            if after:
                say(after.format(label))
            return result

        setattr(module, name, timed)
        originals.append((module, name, original))

    originals: list[tuple[Any, str, Any]] = []
    around(parallel, "_read_inputs", None, "the parent has read the site's inputs")
    around(parallel, "_render_language", "{} process starts", None)
    around(search, "run_pagefind", "Pagefind starts on {}", "Pagefind ends on {}")
    around(parallel, "_assemble_with_index", "every language is back", "indexes joined")
    around(parallel, "_write_site_outputs", None, "site-wide files written")
    try:
        yield say
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def _label(args: tuple[Any, ...]) -> str:
    """The language a step works on: a language code, or a language's part folder."""
    first = args[0] if args else ""
    return first.name if isinstance(first, Path) else str(first)


if __name__ == "__main__":
    raise SystemExit(main())
