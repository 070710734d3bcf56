"""The WSGI application: checks each posted reaction and stores the good ones."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from collector.manifest import ManifestFile
from collector.ratelimit import RateLimit
from collector.store import Feedback, Store
from helpcentre.contract import BUILD_ID, REACTION_NAMES

log = logging.getLogger("collector")

StartResponse = Callable[..., Any]


class Refused(Exception):
    """A request that gets a 4xx answer and stores nothing."""

    def __init__(self, status: int, reason: str, headers: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = list(headers)


@dataclass
class FeedbackApp:
    """POST {article, lang, reaction, page, build} as JSON to `path`; nothing else."""

    store: Store
    manifest: ManifestFile
    origins: Sequence[str]
    rate_limit: RateLimit
    path: str = "/api/feedback"

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN", "")
        cors = self._cors_headers(origin)
        try:
            status = self._handle(environ, origin)
        except Refused as refusal:
            log.debug("refused (%d): %s", refusal.status, refusal.reason)
            body = json.dumps({"error": refusal.reason}).encode()
            headers = [("Content-Type", "application/json"), *cors, *refusal.headers]
            return _respond(start_response, refusal.status, headers, body)
        return _respond(start_response, status, cors, b"")

    def _handle(self, environ: dict[str, Any], origin: str) -> int:
        if environ.get("PATH_INFO", "") != self.path:
            raise Refused(404, "not found")
        method = environ.get("REQUEST_METHOD", "")
        if method == "OPTIONS":
            if not self._allowed(origin):
                raise Refused(403, "origin not allowed")
            return 204
        if method != "POST":
            raise Refused(405, "only POST is accepted", [("Allow", "POST, OPTIONS")])
        if not self._allowed(origin):
            raise Refused(403, "origin not allowed")
        # Keyed by address in memory only; the address goes nowhere else.
        if not self.rate_limit.allow(environ.get("REMOTE_ADDR", "")):
            retry = str(self.rate_limit.retry_after())
            raise Refused(429, "too many posts, try again later", [("Retry-After", retry)])
        _check_content_type(environ.get("CONTENT_TYPE", ""))
        feedback = _parse(_read_body(environ))
        if not self.manifest.knows(feedback.article, feedback.lang):
            raise Refused(422, f"unknown article '{feedback.article}' in '{feedback.lang}'")
        self.store.add(feedback)
        return 204

    def _allowed(self, origin: str) -> bool:
        site = self.manifest.site_origin
        allowed = self.origins or ([site] if site else [])
        return bool(origin) and origin in allowed

    def _cors_headers(self, origin: str) -> list[tuple[str, str]]:
        headers = [("Vary", "Origin")]
        if self._allowed(origin):
            headers += [
                ("Access-Control-Allow-Origin", origin),
                # navigator.sendBeacon always sends in "include" credentials mode; there
                # are no cookies here, this only lets the browser deliver the beacon.
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
                ("Access-Control-Max-Age", "600"),
            ]
        return headers


def _check_content_type(value: str) -> None:
    media_type, _, params = value.partition(";")
    if media_type.strip().lower() != "application/json":
        raise Refused(415, "content type must be application/json")
    charset = re.search(r"charset\s*=\s*\"?([\w-]+)", params, re.IGNORECASE)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise Refused(415, "JSON must be UTF-8")


def _read_body(environ: dict[str, Any]) -> bytes:
    raw_length = environ.get("CONTENT_LENGTH") or ""
    if not raw_length.isdigit():
        raise Refused(411, "Content-Length required")
    length = int(raw_length)
    if length > MAX_BODY:
        raise Refused(413, f"body over {MAX_BODY} bytes")
    body: bytes = environ["wsgi.input"].read(length)
    if len(body) != length:
        raise Refused(400, "body shorter than Content-Length")
    return body


def _parse(body: bytes) -> Feedback:
    try:
        data = json.loads(body.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, f"malformed JSON ({_first_line(error)})") from None
    if not isinstance(data, dict):
        raise Refused(400, "JSON must be an object")
    missing = [name for name in FIELDS if name not in data]
    if missing:
        raise Refused(400, f"missing field '{missing[0]}'")
    extra = sorted(set(data) - set(FIELDS))
    if extra:
        raise Refused(400, f"unexpected field '{extra[0]}'")
    for name in FIELDS:
        if not isinstance(data[name], str):
            raise Refused(400, f"field '{name}' must be a string")
        pattern, description = _FIELD_RULES[name]
        if not pattern.fullmatch(data[name]):
            raise Refused(400, f"field '{name}' must be {description}")
    return Feedback(**{name: data[name] for name in FIELDS})


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:80]


def _respond(
    start_response: StartResponse, status: int, headers: list[tuple[str, str]], body: bytes
) -> list[bytes]:
    start_response(f"{status} {_REASONS[status]}", [*headers, ("Content-Length", str(len(body)))])
    return [body]


MAX_BODY = 2048
FIELDS = ("article", "lang", "reaction", "page", "build")
_FIELD_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "article": (re.compile(r"[\w.-]+(/[\w.-]+)*\.md"), "an article path ending in .md"),
    "lang": (re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?"), "a language code such as 'fr'"),
    "reaction": (
        re.compile("|".join(map(re.escape, REACTION_NAMES))),
        "one of " + ", ".join(REACTION_NAMES),
    ),
    "page": (re.compile(r"/[^\s]{0,500}"), "a path starting with '/'"),
    "build": (BUILD_ID, "a build id"),
}
_REASONS = {
    204: "No Content",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
}
