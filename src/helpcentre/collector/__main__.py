"""`helpcentre collector serve` runs the service, `helpcentre collector report` the report."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import NoReturn

from helpcentre.collector import logs, report
from helpcentre.collector.server import create_server
from helpcentre.collector.settings import (
    SETTINGS,
    VARIABLES,
    Settings,
    SettingsError,
    from_environment,
    origin,
    with_options,
)
from helpcentre.collector.store import StoreError, shown
from helpcentre.collector.wsgi import build_app
from helpcentre.contract import MANIFEST_NAME

log = logging.getLogger("collector")


def main(argv: list[str] | None = None, prog: str = "python -m helpcentre.collector") -> int:
    args = _parser(prog).parse_args(argv)
    logs.configure(verbose=getattr(args, "verbose", False))
    if args.command == "serve":
        return _serve(args)
    return report.run(args)


def _serve(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
    except SettingsError as error:
        log.error("%s", error, extra={logs.VERBATIM: True})  # the operator's own value
        return 2
    try:
        app = build_app(settings)
    except SettingsError as error:
        log.error("%s", error)
        return 2
    except StoreError as error:
        log.error("%s", error)
        return 1
    if not settings.manifest.exists():
        log.warning(
            "%s does not exist yet: posts are refused until the site is built", settings.manifest
        )
    try:
        server = create_server(app, settings.host, settings.port, settings.limits)
    except OSError as error:
        log.error("cannot listen on %s:%d (%s)", settings.host, settings.port, error.strerror)
        app.close()
        return 1
    origins = ", ".join(settings.origins) or f"{app.manifest.site_origin} (from the manifest)"
    log.info(
        "listening on http://%s:%d%s for posts from %s; storing in %s (%d articles known)",
        settings.host,
        int(server.effective_port),
        app.path,
        origins,
        shown(settings.db),
        len(app.manifest),
        extra={logs.VERBATIM: True},
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.close()
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    """The environment's settings, then the command line's on top."""
    settings = from_environment()
    given = {"db": args.db, "manifest": args.manifest, "origins": tuple(args.origin) or None}
    settings = dataclasses.replace(settings, **{k: v for k, v in given.items() if v is not None})
    options = {s.option: getattr(args, _dest(s.option)) for s in SETTINGS if s.option}
    return with_options(settings, options)


def _dest(option: str) -> str:
    return option.removeprefix("--").replace("-", "_")


def _origin(value: str) -> str:
    try:
        return origin(value)
    except SettingsError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date '{value}' (write YYYY-MM-DD)") from None


class _OneLineErrors(argparse.ArgumentParser):
    """A wrong option is one line naming the command, not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = _OneLineErrors(
        prog=prog,
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="serve also reads HELPCENTRE_COLLECTOR_* variables (options win):\n"
        + "\n".join(f"  HELPCENTRE_COLLECTOR_{k}: {v}" for k, v in VARIABLES.items()),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the collector under waitress")
    database = serve.add_mutually_exclusive_group()
    database.add_argument("--db", help="SQLite file (created if new) or postgresql:// URL")
    database.add_argument("--db-url", dest="db", help="same as --db (postgresql://…)")
    serve.add_argument(
        "--manifest", type=Path, help=f"the built site's {MANIFEST_NAME} (reloaded on change)"
    )
    serve.add_argument(
        "--origin",
        type=_origin,
        action="append",
        default=[],
        help="site origin allowed to post (repeatable; default: site_origin in the manifest)",
    )
    for setting in SETTINGS:
        if setting.option:
            serve.add_argument(setting.option, metavar="VALUE", help=setting.meaning)
    serve.add_argument("--verbose", action="store_true", help="log every request and refusal")
    show = commands.add_parser("report", help="reactions per article, worst first (read-only)")
    database = show.add_mutually_exclusive_group()
    database.add_argument("--db", default=None, help="SQLite file or postgresql:// URL")
    database.add_argument("--db-url", dest="db", help="same as --db")
    show.add_argument(
        "--manifest",
        type=Path,
        default=Path("site", MANIFEST_NAME),
        help="the built site's manifest, for article titles and links (optional)",
    )
    show.add_argument("--format", choices=("table", "csv", "json"), default="table")
    show.add_argument("--json", action="store_const", const="json", dest="format")
    show.add_argument("--html", type=Path, metavar="FILE", help="also write a page for editors")
    show.add_argument("--since", type=_date, help="only reactions from this date (YYYY-MM-DD)")
    show.add_argument("--top", type=int, default=20, help="unanswered searches per language")
    return parser


if __name__ == "__main__":
    sys.exit(main())
