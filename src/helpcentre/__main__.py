"""`python -m helpcentre build`: the site, one process per language (`make build`).

`build --language LANG --part-dir DIR` builds one language's part and `assemble DIR...`
joins the parts into the site: the same site, for a CI matrix with one machine per
language (README, "Building at scale").
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from helpcentre.mkdocs.engine.driver import BuildOutcome
from helpcentre.mkdocs.engine.parallel import assemble_parts, build_in_parallel, build_language_part


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    _show_log(logging.WARNING if args.quiet else logging.INFO)
    started = time.perf_counter()
    root = args.root.resolve()
    if args.command == "assemble":
        outcome = assemble_parts(root, args.site_dir, args.parts, level=logging.WARNING)
        done = ("Site assembled", args.site_dir)
    elif args.language:
        part_dir = args.part_dir or Path(f"part-{args.language}")
        outcome = build_language_part(
            root, args.language, part_dir, strict=not args.no_strict, level=logging.WARNING
        )
        done = (f"Part '{args.language}' built", part_dir)
    else:
        outcome = build_in_parallel(
            root, args.site_dir, strict=not args.no_strict, jobs=args.jobs, level=logging.WARNING
        )
        done = ("Site built", args.site_dir)
    return _finish(outcome, done, started)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m helpcentre", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the site (strict: any warning fails)")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    build.add_argument(
        "--jobs",
        type=int,
        help="processes side by side (default: one per language, at most one per core)",
    )
    build.add_argument("--language", help="build this language's part only (with --part-dir)")
    build.add_argument("--part-dir", type=Path, help="folder of that part (default: part-LANG)")
    build.add_argument("--no-strict", action="store_true", help="let warnings pass")
    assemble = commands.add_parser("assemble", help="join every language's part into the site")
    assemble.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    assemble.add_argument("parts", nargs="+", type=Path, help="the part folders, one per language")
    for command in (build, assemble):
        command.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
        command.add_argument(
            "--root", type=Path, default=Path("."), help="folder of mkdocs.yml (default: .)"
        )
    args = parser.parse_args(argv)
    if args.command == "build" and args.part_dir and not args.language:
        parser.error("--part-dir goes with --language")
    return args


def _finish(outcome: BuildOutcome, done: tuple[str, Path], started: float) -> int:
    log = logging.getLogger("mkdocs.helpcentre")
    if not outcome.ok:
        log.error(outcome.error or "the build failed")
        return 1
    what, folder = done
    log.info("%s in %.2f seconds: %s", what, time.perf_counter() - started, folder)
    return 0


def _show_log(level: int) -> None:
    """MkDocs' lines on the console, as `mkdocs build` prints them."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(level)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level <= logging.DEBUG else logging.INFO)


if __name__ == "__main__":
    sys.exit(main())
