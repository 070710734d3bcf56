"""The WSGI application: checks each post (reaction or unanswered search) and stores it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from helpcentre.collector.fields import (
    PAGE_VIEW_FIELDS,
    REACTION_FIELDS,
    SEARCH_MISS_FIELDS,
    Refused,
    is_address_of,
    is_bot,
    page_view_of,
    parse_object,
    reaction_of,
    search_miss_of,
)
from helpcentre.collector.manifest import ManifestFile
from helpcentre.collector.ratelimit import RateLimit, ReaderKeys, Sweeper
from helpcentre.collector.store import Store, StoreError, StoreUnavailable

log = logging.getLogger("collector")

StartResponse = Callable[..., Any]


@dataclass
class FeedbackApp:
    """POST JSON to `path` (a reaction), or to `search-miss` or `page-view` beside it."""

    store: Store
    manifest: ManifestFile
    origins: Sequence[str]
    rate_limit: RateLimit
    path: str = "/api/feedback"
    sweeper: Sweeper | None = None

    @property
    def keys(self) -> ReaderKeys:
        return self.rate_limit.keys

    def close(self) -> None:
        if self.sweeper is not None:
            self.sweeper.stop()
        self.store.close()

    @property
    def search_miss_path(self) -> str:
        """`new URL("search-miss", endpoint)` as the search page computes it."""
        return self.path.rsplit("/", 1)[0] + "/search-miss"

    @property
    def page_view_path(self) -> str:
        """`new URL("page-view", endpoint)`, where each article counts its views."""
        return self.path.rsplit("/", 1)[0] + "/page-view"

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN", "")
        cors = self._cors_headers(origin)
        try:
            status = self._handle(environ, origin)
        except Refused as refusal:
            log.debug("%s %s refused (%d): %s", *_line(environ), refusal.status, refusal.reason)
            return _error(start_response, refusal.status, refusal.reason, cors + refusal.headers)
        except StoreUnavailable as error:
            log.warning("database unavailable: %s", error)
            retry = [("Retry-After", "5")]
            return _error(start_response, 503, "storage unavailable, try again", cors + retry)
        except StoreError as error:
            log.error("database error: %s", error)
            return _error(start_response, 503, "storage unavailable", cors)
        except Exception:
            log.exception("internal error on %s %s", *_line(environ))
            return _error(start_response, 500, "internal error", cors)
        log.debug("%s %s: %d", *_line(environ), status)
        return _respond(start_response, status, cors, b"")

    def _handle(self, environ: dict[str, Any], origin: str) -> int:
        path = environ.get("PATH_INFO", "")
        if path not in (self.path, self.search_miss_path, self.page_view_path):
            raise Refused(404, "not found")
        method = environ.get("REQUEST_METHOD", "")
        if method == "OPTIONS":
            if not self._allowed(origin):
                raise Refused(403, "origin not allowed")
            return 204
        if method != "POST":
            raise Refused(405, "only POST is accepted", [("Allow", "POST, OPTIONS")])
        if "HTTP_TRANSFER_ENCODING" in environ:
            raise Refused(400, "Transfer-Encoding is not accepted")
        if not self._allowed(origin):
            raise Refused(403, "origin not allowed")
        # REMOTE_ADDR is the reader's address (set from X-Forwarded-For by the server when
        # a trusted proxy sent it); it goes into a keyed hash of the day and nowhere else.
        clock = self.rate_limit.clock()
        reader = self.keys.of(environ.get("REMOTE_ADDR") or "", clock)
        allowed, wait = self.rate_limit.check(reader, clock)
        if not allowed:
            raise Refused(429, "too many posts, try again later", [("Retry-After", str(wait))])
        _check_content_type(environ.get("CONTENT_TYPE", ""))
        body = _read_body(environ)
        now = dt.datetime.fromtimestamp(clock, dt.UTC)
        if path == self.path:
            reaction = reaction_of(parse_object(body, REACTION_FIELDS, ("vote",)))
            url = self.manifest.url_of(reaction.article, reaction.lang)
            if url is None:
                raise Refused(422, f"unknown article '{reaction.article}' in '{reaction.lang}'")
            if not is_address_of(reaction.page, url):
                raise Refused(422, "field 'page' is not the address of this article")
            self.store.add_reaction(reaction, now)
        elif path == self.page_view_path:
            article, lang = page_view_of(parse_object(body, PAGE_VIEW_FIELDS))
            if self.manifest.url_of(article, lang) is None:
                raise Refused(422, f"unknown article '{article}' in '{lang}'")
            # A crawler's view is answered like a reader's, and not counted.
            if not is_bot(environ.get("HTTP_USER_AGENT", "")):
                self.store.add_page_view(article, lang, now)
        else:
            lang, query = search_miss_of(parse_object(body, SEARCH_MISS_FIELDS))
            if lang not in self.manifest.languages:
                raise Refused(422, f"'{lang}' is not a language of the site")
            self.store.add_search_miss(lang, query, now, reader)
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
                # A keepalive fetch or a beacon may come in "include" credentials mode;
                # there are no cookies here, this only lets the browser deliver it.
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
                ("Access-Control-Max-Age", "600"),
            ]
        return headers


def _line(environ: dict[str, Any]) -> tuple[str, str]:
    """Method and path for a log line: never the query string, never an address."""
    method = str(environ.get("REQUEST_METHOD", ""))[:10]
    path = str(environ.get("PATH_INFO", ""))[:100].encode("unicode_escape").decode("ascii")
    return method, path


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


def _error(
    start_response: StartResponse, status: int, reason: str, headers: list[tuple[str, str]]
) -> list[bytes]:
    body = json.dumps({"error": reason}).encode()
    return _respond(start_response, status, [("Content-Type", "application/json"), *headers], body)


def _respond(
    start_response: StartResponse, status: int, headers: list[tuple[str, str]], body: bytes
) -> list[bytes]:
    length = ("Content-Length", str(len(body)))
    start_response(f"{status} {_REASONS[status]}", [*headers, *SECURITY_HEADERS, length])
    return [body]


MAX_BODY = 2048
# On every answer, errors and preflights included: nothing here is a page to render, frame,
# sniff or keep in a cache.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
)
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
    500: "Internal Server Error",
    503: "Service Unavailable",
}
