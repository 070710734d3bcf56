"""Builds the collector's WSGI application from its settings, for `helpcentre collector serve`.

`helpcentre.collector.wsgi:application` under another server (`waitress-serve …`) is no
longer offered: the request deadline, the connection cap that makes room for new readers,
the strict framing, the proxy settings and the security headers on the server's own errors
all live in `helpcentre collector serve`, which another server would silently leave out.
"""

from __future__ import annotations

import logging
import secrets

from helpcentre.collector.app import FeedbackApp
from helpcentre.collector.manifest import ManifestFile
from helpcentre.collector.ratelimit import RateLimit, ReaderKeys, Sweeper
from helpcentre.collector.settings import PREFIX, Settings, SettingsError
from helpcentre.collector.store import is_postgres, open_store

log = logging.getLogger("collector")


def build_app(settings: Settings) -> FeedbackApp:
    """The application and its database (opened, and upgraded if older, now), with the
    sweep of expired rows running in the background."""
    secret = _secret(settings)
    store = open_store(settings.db)
    if settings.secret is None:
        log.warning(
            "no %sSECRET_FILE: a random secret for this process; another process sharing "
            "the database will not share its rate limit, and readers' keys change on restart",
            PREFIX,
        )
    sweeper = Sweeper(store)
    app = FeedbackApp(
        store,
        ManifestFile(settings.manifest),
        list(settings.origins),
        RateLimit(store, settings.rate_limit, ReaderKeys(secret)),
        sweeper=sweeper,
    )
    sweeper.start()
    return app


def _secret(settings: Settings) -> bytes:
    """The instances' shared secret; without one, PostgreSQL (several instances) refuses to
    start and SQLite (usually one process: previews, small sites) makes one for itself."""
    if settings.secret is not None:
        return settings.secret
    if is_postgres(settings.db):
        raise SettingsError(
            f"{PREFIX}SECRET_FILE (or --secret-file) is required with PostgreSQL: the "
            "instances must share it to share the rate limit (see DEPLOY.md)"
        )
    return secrets.token_bytes(32)


def __getattr__(name: str) -> object:
    if name == "application":
        # Under waitress-serve this is the only line the operator sees, not a traceback.
        logging.basicConfig(format="%(name)s: %(message)s")
        log.error(
            "helpcentre.collector.wsgi:application is not offered: run `helpcentre collector "
            "serve` (it enforces the deadline, the connection cap and the proxy settings)"
        )
        raise SystemExit(2)
    raise AttributeError(name)
