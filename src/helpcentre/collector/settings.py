"""The collector's settings from HELPCENTRE_COLLECTOR_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpcentre.collector.server import ServerLimits
from helpcentre.contract import MANIFEST_NAME

PREFIX = "HELPCENTRE_COLLECTOR_"
DEFAULT_DB = "var/feedback.sqlite3"


class SettingsError(ValueError):
    """A setting with a value the collector cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    manifest: Path = Path("site", MANIFEST_NAME)
    origins: tuple[str, ...] = ()
    rate_limit: int = 30
    host: str = "127.0.0.1"
    port: int = 8001
    limits: ServerLimits = field(default_factory=ServerLimits)


# name (after the prefix) -> what it sets, for the documentation and error messages
VARIABLES = {
    "DB": "SQLite file or postgresql:// URL (default var/feedback.sqlite3)",
    "MANIFEST": "the built site's feedback-manifest.json (default site/feedback-manifest.json)",
    "ORIGINS": "site origins allowed to post, separated by spaces (default: the manifest's)",
    "RATE_LIMIT": "posts per minute per client address, 0 for none (default 30)",
    "HOST": "address to listen on (default 127.0.0.1)",
    "PORT": "port (default 8001)",
    "THREADS": "worker threads (default 4)",
    "CONNECTION_LIMIT": "open connections at most (default 100)",
    "REQUEST_DEADLINE": "seconds a request may take to arrive in full (default 10)",
    "TRUSTED_PROXY": "address of the reverse proxy whose X-Forwarded-For is believed",
    "TRUSTED_PROXY_COUNT": "how many proxies in X-Forwarded-For are trusted (default 1)",
}


def from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(PREFIX + name, "").strip()
        return value or None

    defaults = Settings()
    origins = get("ORIGINS")
    return Settings(
        db=get("DB") or defaults.db,
        manifest=Path(get("MANIFEST") or defaults.manifest),
        origins=tuple(origin(o) for o in origins.split()) if origins else (),
        rate_limit=_number(get, "RATE_LIMIT", defaults.rate_limit, 0),
        host=get("HOST") or defaults.host,
        port=_number(get, "PORT", defaults.port, 0),
        limits=ServerLimits(
            connection_limit=_number(get, "CONNECTION_LIMIT", 100, 1),
            threads=_number(get, "THREADS", 4, 1),
            request_deadline=float(_number(get, "REQUEST_DEADLINE", 10, 1)),
            trusted_proxy=get("TRUSTED_PROXY"),
            trusted_proxy_count=_number(get, "TRUSTED_PROXY_COUNT", 1, 1),
        ),
    )


def origin(value: str) -> str:
    """`scheme://host[:port]`, the form browsers send in the Origin header."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise SettingsError(f"not an origin '{value}' (e.g. http://127.0.0.1:8000)")
    return f"{parts.scheme}://{parts.netloc}"


def _number(get: object, name: str, default: int, least: int) -> int:
    raw = get(name)  # type: ignore[operator]
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < least:
        raise SettingsError(f"{PREFIX}{name}: not a whole number from {least} ('{raw}')")
    return int(raw)
