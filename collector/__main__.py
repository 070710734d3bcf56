"""Command line: `python -m collector serve` runs the service, `report` prints the report."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from collector import report
from collector.app import FeedbackApp
from collector.manifest import ManifestFile
from collector.ratelimit import RateLimit
from collector.server import create_server
from collector.store import Store
from helpcentre.contract import MANIFEST_NAME

log = logging.getLogger("collector")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="collector: %(message)s",
    )
    if args.command == "serve":
        return _serve(args)
    return _report(args)


def _serve(args: argparse.Namespace) -> int:
    store = Store(args.db)
    manifest = ManifestFile(args.manifest)
    if not args.manifest.exists():
        log.warning(
            "%s does not exist yet: posts are refused until the site is built", args.manifest
        )
    app = FeedbackApp(store, manifest, args.origin, RateLimit(args.rate_limit))
    try:
        server = create_server(app, args.host, args.port)
    except OSError as error:
        log.error("cannot listen on %s:%d (%s)", args.host, args.port, error.strerror)
        return 1
    origins = ", ".join(args.origin) or f"{manifest.site_origin} (from the manifest)"
    log.info(
        "listening on http://%s:%d%s for posts from %s; storing in %s (%d articles known)",
        args.host,
        server.server_port,
        app.path,
        origins,
        args.db,
        len(manifest),
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
    return 0


def _report(args: argparse.Namespace) -> int:
    if not args.db.exists():
        log.error(
            "%s: no such database (start the collector first: python -m collector serve)", args.db
        )
        return 1
    store = Store(args.db)
    try:
        scores = store.scores(args.since)
    finally:
        store.close()
    render = {"table": report.as_table, "csv": report.as_csv, "json": report.as_json}
    sys.stdout.write(render[args.format](scores))
    return 0


def _origin(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise argparse.ArgumentTypeError(f"not an origin '{value}' (e.g. http://127.0.0.1:8000)")
    return f"{parts.scheme}://{parts.netloc}"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date '{value}' (write YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m collector", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the collector")
    serve.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file (created if new)")
    serve.add_argument(
        "--manifest",
        type=Path,
        default=Path("site", MANIFEST_NAME),
        help=f"the built site's {MANIFEST_NAME} (reloaded when it changes)",
    )
    serve.add_argument(
        "--origin",
        type=_origin,
        action="append",
        default=[],
        help="site origin allowed to post (repeatable; default: site_origin in the manifest)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8001, help="port (0: any free port)")
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=30,
        metavar="N",
        help="posts per minute per client address, kept in memory only (0: no limit)",
    )
    serve.add_argument("--verbose", action="store_true", help="log every request and refusal")
    show = commands.add_parser("report", help="print reactions per article, worst first")
    show.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file")
    show.add_argument("--format", choices=("table", "csv", "json"), default="table")
    show.add_argument("--since", type=_date, help="only reactions from this date (YYYY-MM-DD)")
    return parser


DEFAULT_DB = Path("var/feedback.sqlite3")

if __name__ == "__main__":
    sys.exit(main())
