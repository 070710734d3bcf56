"""`collector.wsgi:application`, configured from HELPCENTRE_COLLECTOR_* variables.

For a WSGI server of your choice (`waitress-serve collector.wsgi:application`); the
recommended `python -m collector serve` runs the same application under waitress with the
request deadline, the framing checks and the proxy settings (collector/DEPLOY.md).
"""

from __future__ import annotations

from collector import logs
from collector.app import FeedbackApp
from collector.manifest import ManifestFile
from collector.ratelimit import RateLimit
from collector.settings import Settings, from_environment
from collector.store import open_store


def build_app(settings: Settings) -> FeedbackApp:
    """The application and its database (opened, and upgraded if older, now)."""
    store = open_store(settings.db)
    return FeedbackApp(
        store,
        ManifestFile(settings.manifest),
        list(settings.origins),
        RateLimit(store, settings.rate_limit),
    )


def __getattr__(name: str) -> FeedbackApp:
    # Built on first access, so importing the module opens no database.
    if name == "application":
        logs.install()
        app = build_app(from_environment())
        globals()["application"] = app
        return app
    raise AttributeError(name)
