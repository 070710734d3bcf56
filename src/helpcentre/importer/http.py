"""One HTTP session for an import: timeouts, and retries on 429 and 5xx honouring Retry-After."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# (connect, read) seconds: a stalled server is given up, not waited for.
TIMEOUT = (10, 60)
RETRIED = (429, 500, 502, 503, 504)


def http_session(retries: int = 5, backoff: float = 0.5) -> requests.Session:
    """A session that waits as long as the server's `Retry-After` asks, else backs off."""
    retry = Retry(
        total=retries,
        status_forcelist=RETRIED,
        allowed_methods=("GET", "HEAD"),
        backoff_factor=backoff,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = "helpcentre-import"
    return session
