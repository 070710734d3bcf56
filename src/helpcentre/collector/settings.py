"""The collector's settings: HELPCENTRE_COLLECTOR_* variables, then `serve`'s options,
each checked by the same validator with the same one-line message."""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from helpcentre.collector.server import ServerLimits
from helpcentre.contract import MANIFEST_NAME

PREFIX = "HELPCENTRE_COLLECTOR_"
DEFAULT_DB = "var/feedback.sqlite3"
# A shorter secret could be guessed, and with it every hashed address.
SECRET_MIN = 32


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
    secret: bytes | None = field(default=None, repr=False)


def origin(value: str) -> str:
    """`scheme://host[:port]`, the form browsers send in the Origin header."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise SettingsError(f"not an origin '{value}' (e.g. http://127.0.0.1:8000)")
    return f"{parts.scheme}://{parts.netloc}"


def _whole(least: int, most: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not raw.isascii() or not raw.isdigit() or not least <= int(raw) <= most:
            raise ValueError(f"not a whole number from {least} to {most} ('{raw}')")
        return int(raw)

    return parse


def _seconds(least: float, most: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not least <= value <= most:
            raise ValueError(f"not a number of seconds from {least:g} to {most:g} ('{raw}')")
        return value

    return parse


def _address(raw: str) -> str:
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        raise ValueError(f"not an IP address ('{raw}')") from None


def _origins(raw: str) -> tuple[str, ...]:
    try:
        return tuple(origin(o) for o in raw.split())
    except SettingsError as error:
        raise ValueError(str(error)) from None


def _secret_file(raw: str) -> bytes:
    try:
        secret = Path(raw).read_bytes().strip()
    except OSError as error:
        raise ValueError(f"cannot read '{raw}' ({error.strerror})") from None
    return _secret_bytes(secret)


def _secret(raw: str) -> bytes:
    return _secret_bytes(raw.encode())


def _secret_bytes(secret: bytes) -> bytes:
    if len(secret) < SECRET_MIN:
        raise ValueError(f"the secret must be at least {SECRET_MIN} bytes (openssl rand -hex 32)")
    return secret


def _text(raw: str) -> str:
    return raw


@dataclass(frozen=True)
class Setting:
    """One setting: its variable (after PREFIX), its option of `serve`, where it goes."""

    variable: str
    option: str | None
    target: str  # a Settings field, or "limits.<field>"
    parse: Callable[[str], Any]
    meaning: str


SETTINGS = (
    Setting("DB", None, "db", _text, "SQLite file or postgresql:// URL (var/feedback.sqlite3)"),
    Setting("MANIFEST", None, "manifest", Path, f"the built site's {MANIFEST_NAME}"),
    Setting("ORIGINS", None, "origins", _origins, "site origins allowed to post, space-separated"),
    Setting("RATE_LIMIT", "--rate-limit", "rate_limit", _whole(0, 100_000),
            "posts per minute per reader (IPv4 address, IPv6 /64); 0 for none (default 30)"),
    Setting("HOST", "--host", "host", _text, "address to listen on (default 127.0.0.1)"),
    Setting("PORT", "--port", "port", _whole(0, 65535), "port (default 8001; 0: any free port)"),
    Setting("THREADS", "--threads", "limits.threads", _whole(1, 256), "worker threads (default 4)"),
    Setting("CONNECTION_LIMIT", "--connection-limit", "limits.connection_limit",
            _whole(1, 1000), "open connections at most (default 100)"),
    Setting("REQUEST_DEADLINE", "--request-deadline", "limits.request_deadline",
            _seconds(1, 300), "seconds a request may take to arrive in full (default 10)"),
    Setting("TRUSTED_PROXY", "--trusted-proxy", "limits.trusted_proxy", _address,
            "address of the reverse proxy whose X-Forwarded-For is believed"),
    Setting("TRUSTED_PROXY_COUNT", "--trusted-proxy-count", "limits.trusted_proxy_count",
            _whole(1, 10), "how many proxies in X-Forwarded-For are trusted (default 1)"),
    Setting("SECRET", None, "secret", _secret,
            f"key of the hashed reader addresses, {SECRET_MIN} bytes at least (see DEPLOY.md)"),
    Setting("SECRET_FILE", "--secret-file", "secret", _secret_file,
            "file holding that secret (wins over SECRET)"),
)  # fmt: skip

# name (after the prefix) -> what it sets, for --help
VARIABLES = {s.variable: s.meaning for s in SETTINGS}


def from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    given = {}
    for setting in SETTINGS:
        raw = env.get(PREFIX + setting.variable, "").strip()
        if raw:
            given[setting] = _parsed(setting, raw, PREFIX + setting.variable)
    return _applied(Settings(), given)


def with_options(settings: Settings, options: Mapping[str, str | None]) -> Settings:
    """`settings` with the options given on the command line ({'--port': '8002', …})."""
    given = {}
    for setting in SETTINGS:
        raw = options.get(setting.option or "")
        if raw is not None:
            given[setting] = _parsed(setting, raw.strip(), setting.option or "")
    return _applied(settings, given)


def _parsed(setting: Setting, raw: str, name: str) -> Any:
    try:
        return setting.parse(raw)
    except ValueError as error:
        raise SettingsError(f"{name}: {error}") from None


def _applied(settings: Settings, given: Mapping[Setting, Any]) -> Settings:
    top: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    # The file wins over the variable holding the secret itself: listed later.
    for setting, value in given.items():
        kind, _, name = setting.target.partition(".")
        if name:
            limits[name] = value
        else:
            top[kind] = value
    return replace(settings, **top, limits=replace(settings.limits, **limits))
