"""The products' live APIs, each response saved as it came (the same files `--from DIR`
reads): Intercom's page-numbered lists, Zendesk's cursor-paginated ones."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from helpcentre.importer.http import TIMEOUT
from helpcentre.importer.saved import SourceError

INTERCOM_REGIONS = {
    "us": "https://api.intercom.io",
    "eu": "https://api.eu.intercom.io",
    "au": "https://api.au.intercom.io",
}
INTERCOM_VERSION = "2.11"
# Up to 2.9 a help centre's sections have their own endpoint; 2.10 made them nested
# collections (the collections endpoint returns them) and removed it.
LAST_VERSION_WITH_SECTIONS = (2, 9)
PAGE_SIZE = 50
MAX_PAGES = 10_000  # a server that never stops paginating is given up


def fetch_intercom(
    session: requests.Session,
    base: str,
    token: str,
    folder: Path,
    credential: str,
    version: str = INTERCOM_VERSION,
) -> int:
    """Every collection, section (in the API versions that have them) and article into
    `folder`; the number of responses saved. `credential`: what to check when the API
    refuses the token (its variable's name); `version`: the `Intercom-Version` asked for."""
    session.headers.update(
        {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Intercom-Version": version,
        }
    )
    endpoints = [("/help_center/collections", "collections")]
    if intercom_has_sections(version):
        endpoints.append(("/help_center/sections", "sections"))
    endpoints.append(("/articles", "articles"))
    saved = 0
    for path, name in endpoints:
        first = f"{base}{path}?{urlencode({'per_page': PAGE_SIZE})}"
        saved += _save_pages(
            session,
            first,
            credential,
            folder / f"intercom-{name}",
            functools.partial(_intercom_next, endpoint=f"{base}{path}"),
            # A workspace without sections may not serve their endpoint: none to read.
            absent_is_empty=name == "sections",
        )
    return saved


def intercom_has_sections(version: str) -> bool:
    """Whether that `Intercom-Version` still lists sections apart from collections."""
    match = re.fullmatch(r"(\d+)\.(\d+)", version.strip())
    return match is not None and (int(match[1]), int(match[2])) <= LAST_VERSION_WITH_SECTIONS


def _intercom_next(payload: Any, endpoint: str) -> str | None:
    """`pages.next`: the next page's address, or a cursor (`starting_after`)."""
    pages = payload.get("pages") if isinstance(payload, dict) else None
    following = pages.get("next") if isinstance(pages, dict) else None
    if isinstance(following, str) and following:
        return following
    if isinstance(following, dict) and following.get("starting_after"):
        query = {"per_page": PAGE_SIZE, "starting_after": following["starting_after"]}
        return f"{endpoint}?{urlencode(query)}"
    return None


def fetch_zendesk(
    session: requests.Session, base: str, email: str, token: str, folder: Path, credential: str
) -> int:
    """Every category, section and article in every locale of the help centre."""
    session.auth = (f"{email}/token", token)
    session.headers["Accept"] = "application/json"
    locales = _get(session, f"{base}/api/v2/help_center/locales.json", credential)
    listed = locales.get("locales") if isinstance(locales, dict) else None
    codes = [str(code) for code in listed or []]
    saved = _save(folder / "zendesk-locales.json", locales)
    for locale in codes:
        for kind in ("categories", "sections", "articles"):
            query = urlencode({"page[size]": 100})
            first = f"{base}/api/v2/help_center/{locale}/{kind}.json?{query}"
            prefix = folder / f"zendesk-{locale}-{kind}"
            saved += _save_pages(session, first, credential, prefix, _zendesk_next)
    return saved


def _zendesk_next(payload: Any) -> str | None:
    """`links.next` while `meta.has_more` says there is more."""
    if not isinstance(payload, dict):
        return None
    meta, links = payload.get("meta") or {}, payload.get("links") or {}
    if meta.get("has_more") and links.get("next"):
        return str(links["next"])
    return None


def _save_pages(
    session: requests.Session,
    first: str,
    credential: str,
    prefix: Path,
    following: Callable[[Any], str | None],
    absent_is_empty: bool = False,
) -> int:
    """Every page of one listing, from `first`, each saved as `<prefix>-0001.json` and on;
    `following`: the next page's address a page gives, if any. The number saved."""
    url: str | None = first
    for number in range(1, MAX_PAGES + 1):
        if url is None:
            return number - 1
        payload = _get(session, url, credential, absent_is_empty=absent_is_empty)
        if payload is None:
            return number - 1
        _save(prefix.with_name(f"{prefix.name}-{number:04d}.json"), payload)
        url = following(payload)
    if url is None:
        return MAX_PAGES
    raise SourceError(f"{first} still had a next page after {MAX_PAGES} pages: given up")


def _get(
    session: requests.Session, url: str, credential: str, absent_is_empty: bool = False
) -> Any:
    """The JSON at `url`; None for a 404 when `absent_is_empty`."""
    try:
        response = session.get(url, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise SourceError(f"{url} did not answer ({type(error).__name__})") from None
    if response.status_code == 404 and absent_is_empty:
        return None
    if response.status_code in (401, 403):
        raise SourceError(
            f"the API refused the credentials (HTTP {response.status_code} at {url}): "
            f"check {credential} and its permissions"
        )
    if response.status_code == 429:
        raise SourceError(f"still rate-limited after retries (HTTP 429 at {url}): try later")
    if response.status_code != 200:
        raise SourceError(f"{url} answered HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise SourceError(f"{url} did not answer with JSON") from None


def _save(path: Path, payload: Any) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return 1
