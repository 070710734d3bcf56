"""`python -m helpcentre build`: the site, one process per language (`make build`)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from helpcentre.mkdocs.parallel import build_in_parallel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpcentre", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the site (strict: any warning fails)")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    build.add_argument(
        "--jobs",
        type=int,
        help="processes side by side (default: one per language, at most one per core)",
    )
    build.add_argument("--no-strict", action="store_true", help="let warnings pass")
    build.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    build.add_argument("root", nargs="?", type=Path, default=Path("."), help="folder of mkdocs.yml")
    args = parser.parse_args(argv)
    _show_log(logging.WARNING if args.quiet else logging.INFO)
    started = time.perf_counter()
    outcome = build_in_parallel(
        args.root.resolve(),
        args.site_dir.resolve(),
        strict=not args.no_strict,
        jobs=args.jobs,
        level=logging.WARNING,
    )
    log = logging.getLogger("mkdocs.helpcentre")
    if not outcome.ok:
        log.error(outcome.error or "the build failed")
        return 1
    log.info("Site built in %.2f seconds: %s", time.perf_counter() - started, args.site_dir)
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
