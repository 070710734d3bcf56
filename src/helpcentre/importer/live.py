"""The products' live APIs, each response saved as it came (the same files `--from DIR`
reads): Intercom's page-numbered lists, Zendesk's cursor-paginated ones."""

from __future__ import annotations

import json
import re
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
        url: str | None = f"{base}{path}?{urlencode({'per_page': PAGE_SIZE})}"
        for number in range(1, MAX_PAGES):
            if url is None:
                break
            # A workspace without sections may not serve their endpoint: none to read.
            payload = _get(session, url, credential, absent_is_empty=name == "sections")
            if payload is None:
                break
            saved += _save(folder / f"intercom-{name}-{number:04d}.json", payload)
            url = _intercom_next(payload, f"{base}{path}")
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
            url: str | None = f"{base}/api/v2/help_center/{locale}/{kind}.json?{query}"
            for number in range(1, MAX_PAGES):
                if url is None:
                    break
                payload = _get(session, url, credential)
                saved += _save(folder / f"zendesk-{locale}-{kind}-{number:04d}.json", payload)
                url = _zendesk_next(payload)
    return saved


def _zendesk_next(payload: Any) -> str | None:
    """`links.next` while `meta.has_more` says there is more."""
    if not isinstance(payload, dict):
        return None
    meta, links = payload.get("meta") or {}, payload.get("links") or {}
    if meta.get("has_more") and links.get("next"):
        return str(links["next"])
    return None


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
