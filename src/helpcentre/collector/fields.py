"""What a post may contain: the reaction, the unanswered search, and the page path."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any
from urllib.parse import unquote

from helpcentre.collector.store import Reaction
from helpcentre.contract import BUILD_ID, REACTION_NAMES


class Refused(Exception):
    """A request that gets a 4xx answer and stores nothing."""

    def __init__(self, status: int, reason: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or []


def parse_object(body: bytes, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """A flat JSON object of strings with exactly these keys (400 otherwise)."""
    try:
        data = json.loads(body.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise Refused(400, "malformed JSON (nested too deep)") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, f"malformed JSON ({_first_line(error)})") from None
    if not isinstance(data, dict):
        raise Refused(400, "JSON must be an object")
    missing = [name for name in required if name not in data]
    if missing:
        raise Refused(400, f"missing field '{missing[0]}'")
    extra = sorted(set(data) - set(required) - set(optional))
    if extra:
        raise Refused(400, f"unexpected field '{_printable(extra[0])}'")
    for name, value in data.items():
        if not isinstance(value, str):
            raise Refused(400, f"field '{name}' must be a string")
    return data


def reaction_of(data: dict[str, str]) -> Reaction:
    for name, (pattern, description) in _RULES.items():
        if name in data and not pattern.fullmatch(data[name]):
            raise Refused(422, f"field '{name}' must be {description}")
    return Reaction(
        article=data["article"],
        lang=data["lang"],
        reaction=data["reaction"],
        page=site_path(data["page"]),
        build=data["build"],
        vote=data.get("vote"),
    )


def page_view_of(data: dict[str, str]) -> tuple[str, str]:
    """(article, lang) of a page view."""
    for name in PAGE_VIEW_FIELDS:
        pattern, description = _RULES[name]
        if not pattern.fullmatch(data[name]):
            raise Refused(422, f"field '{name}' must be {description}")
    return data["article"], data["lang"]


def is_bot(user_agent: str) -> bool:
    """Whether a User-Agent says it is a crawler, a link checker or a script: its page
    views are not counted (an empty one, too)."""
    return not user_agent.strip() or _BOT.search(user_agent) is not None


def site_path(page: str) -> str:
    """The path of a page of the site: query and fragment dropped, percent-escapes decoded
    (the browser's `location.pathname` has them); control, format (bidi, zero-width),
    surrogate and space characters refused; at most PAGE_MAX characters."""
    path = re.split(r"[?#]", page, maxsplit=1)[0]
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        raise Refused(422, "field 'page' must be a path starting with '/'")
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise Refused(422, "field 'page' must be UTF-8 once decoded") from None
    if any(unicodedata.category(ch)[0] in "CZ" for ch in path):
        raise Refused(422, "field 'page' must not hold control, bidi or space characters")
    if len(path) > PAGE_MAX:
        raise Refused(422, f"field 'page' must be at most {PAGE_MAX} characters")
    return path


def is_address_of(page: str, url: str) -> bool:
    """Whether `page` (from site_path) shows the article at `url` (the manifest's, relative
    to the site's root): the same path, maybe below the sub-path a site is published under
    (https://example.com/help/), maybe with the index.html a directory URL leaves out."""
    expected = "/" + url.lstrip("/")
    if expected.endswith("/") and page.endswith("/index.html"):
        page = page.removesuffix("index.html")
    if page == expected:
        return True
    prefix = page.removesuffix(expected)
    return prefix != page and _SUB_PATH.fullmatch(prefix) is not None


def search_miss_of(data: dict[str, str]) -> tuple[str, str]:
    """(lang, normalised query); 422 for a query that may say who the reader is."""
    for name in ("lang", "build"):
        pattern, description = _RULES[name]
        if not pattern.fullmatch(data[name]):
            raise Refused(422, f"field '{name}' must be {description}")
    query = normalised_query(data["query"])
    if not query:
        raise Refused(422, "empty query")
    if any(unicodedata.category(ch)[0] == "C" for ch in query):
        raise Refused(422, "query holds control or bidi characters")
    if re.search(r"\d", query) or "@" in query:
        raise Refused(422, "query holds a digit or '@': not stored")
    if len(query) > QUERY_MAX:
        raise Refused(422, f"query over {QUERY_MAX} characters: not stored")
    return data["lang"], query


def normalised_query(query: str) -> str:
    """NFKC (full-width and other compatibility forms become the plain letters, digits and
    '@' the checks look for), lowercased, runs of white space made one space, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", query).lower().split())


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{_printable(key)}'")
        result[key] = value
    return result


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text[:40])


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:80]


PAGE_MAX = 200
# The path a site may be published under, before its own pages: /help, /docs/v2.
_SUB_PATH = re.compile(r"(/[\w.~-]+){1,4}")
QUERY_MAX = 60
REACTION_FIELDS = ("article", "lang", "reaction", "page", "build")
SEARCH_MISS_FIELDS = ("lang", "query", "build")
PAGE_VIEW_FIELDS = ("article", "lang", "build")
# Crawlers name themselves (Googlebot, bingbot, Applebot, AhrefsBot, Yahoo! Slurp…), and
# so do previewers, monitors and HTTP libraries.
_BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|preview|monitor|lighthouse|pingdom|"
    r"facebookexternalhit|curl/|wget/|python-|httpx|go-http-client|java/|okhttp|headless",
    re.IGNORECASE,
)
_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "article": (re.compile(r"[\w.-]+(/[\w.-]+)*\.md"), "an article path ending in .md"),
    "lang": (re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?"), "a language code such as 'fr'"),
    "reaction": (
        re.compile("|".join(map(re.escape, REACTION_NAMES))),
        "one of " + ", ".join(REACTION_NAMES),
    ),
    "build": (BUILD_ID, "a build id"),
    "vote": (re.compile(r"[A-Za-z0-9_-]{16,64}"), "a vote id (16 to 64 letters or digits)"),
}
