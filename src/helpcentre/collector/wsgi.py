"""`helpcentre.collector.wsgi:application`, configured from HELPCENTRE_COLLECTOR_* variables.

For a WSGI server of your choice (`waitress-serve helpcentre.collector.wsgi:application`); the
recommended `helpcentre collector serve` runs the same application under waitress with the
request deadline, the framing checks and the proxy settings (collector/DEPLOY.md).
"""

from __future__ import annotations

from helpcentre.collector import logs
from helpcentre.collector.app import FeedbackApp
from helpcentre.collector.manifest import ManifestFile
from helpcentre.collector.ratelimit import RateLimit
from helpcentre.collector.settings import Settings, from_environment
from helpcentre.collector.store import open_store


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
