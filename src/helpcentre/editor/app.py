"""/admin/ in the preview: the editor's files and its local backend, for this machine only.

The backend answers only requests that a page of the preview itself sends: a JSON POST
whose Host is the preview's loopback address (no other site's page can send one without
the browser asking first, which nothing here allows, and a DNS name rebound to 127.0.0.1
is refused by its Host), and only when the preview listens on a loopback address."""

from __future__ import annotations

import ipaddress
import json
import logging
import mimetypes
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpcentre.editor.backend import BackendError, LocalBackend
from helpcentre.editor.config import LOCAL_API

log = logging.getLogger("mkdocs.hooks.helpcentre.editor")

PREFIX = "/admin/"
MAX_REQUEST = 32 * 1024 * 1024  # an image upload, base64-encoded
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass
class AdminFiles:
    """The files of /admin/, by path under it: text written by the build, or files on disk."""

    files: dict[str, bytes | Path] = field(default_factory=dict)
    # When the editor cannot be served (its packages are not installed): the fix.
    missing: str = ""


class LatestEditor:
    """/admin/ as the last good build would write it, made when an editor first asks for
    it after that build: a preview's rebuilds do not pay for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._make: Callable[[], AdminFiles] | None = None
        self._made: AdminFiles | None = None

    def renew(self, make: Callable[[], AdminFiles]) -> None:
        with self._lock:
            self._make, self._made = make, None

    def __call__(self) -> AdminFiles:
        with self._lock:
            if self._made is None:
                self._made = self._make() if self._make else AdminFiles(missing=NOT_BUILT)
            return self._made


NOT_BUILT = "the site has not built yet: /admin/ opens after the first good build"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class AdminApp:
    """Serves /admin/ from the files `admin()` gives and its API from `backend`; the rest
    goes to `site`."""

    def __init__(
        self,
        site: WsgiApp,
        admin: Callable[[], AdminFiles],
        backend: LocalBackend,
        address: tuple[str, int],
    ) -> None:
        self.site, self.admin, self.backend = site, admin, backend
        host, port = address
        self.local = is_loopback(host)
        names = ("127.0.0.1", "localhost", "[::1]")
        self.hosts = {f"{name}:{port}" for name in names}
        if port == 80:  # a browser leaves the default port out of Host and Origin
            self.hosts |= set(names)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == PREFIX.rstrip("/"):
            start_response("301 Moved Permanently", [("Location", PREFIX)])
            return []
        if not path.startswith(PREFIX):
            return self.site(environ, start_response)
        if path == LOCAL_API:
            return self._api(environ, start_response)
        return self._file(path[len(PREFIX) :] or "index.html", start_response)

    def _file(self, rel: str, start_response: StartResponse) -> Iterable[bytes]:
        admin = self.admin()
        if admin.missing:
            return _reply(
                start_response,
                "503 Service Unavailable",
                admin.missing.encode(),
                "text/plain; charset=utf-8",
            )
        found = admin.files.get(rel)
        if found is None:
            return _reply(start_response, "404 Not Found", b"not found", "text/plain")
        content = found.read_bytes() if isinstance(found, Path) else found
        kind = (
            _TYPES.get(Path(rel).suffix)
            or mimetypes.guess_type(rel)[0]
            or "application/octet-stream"
        )
        if kind.startswith("text/") or kind in ("application/javascript", "text/javascript"):
            kind += "; charset=utf-8"
        return _reply(start_response, "200 OK", content, kind)

    def _api(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        refused = self._refusal(environ)
        if refused:
            return _json(start_response, "403 Forbidden", {"error": refused})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST:
            return _json(start_response, "413 Payload Too Large", {"error": "request too large"})
        try:
            request = json.loads(environ["wsgi.input"].read(length))
        except ValueError:
            return _json(start_response, "400 Bad Request", {"error": "not JSON"})
        if not isinstance(request, dict):
            return _json(start_response, "400 Bad Request", {"error": "not a JSON object"})
        try:
            answer = self.backend.handle(request)
        except BackendError as error:
            log.warning("editor: %s", error)
            return _json(start_response, "422 Unprocessable Entity", {"error": str(error)})
        return _json(start_response, "200 OK", answer)

    def _refusal(self, environ: dict[str, Any]) -> str:
        if not self.local:
            return "the editor's backend answers only a preview bound to 127.0.0.1"
        if environ.get("REQUEST_METHOD") != "POST":
            return "POST only"
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return "JSON only"
        if environ.get("HTTP_HOST", "") not in self.hosts:
            return "unknown host"
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin.removeprefix("http://") not in self.hosts:
            return "unknown origin"
        return ""


_TYPES = {
    ".yml": "text/yaml",
    ".js": "text/javascript",
    ".json": "application/json",
    ".wasm": "application/wasm",
}


def _json(start_response: StartResponse, status: str, value: Any) -> Iterable[bytes]:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return _reply(start_response, status, body, "application/json; charset=utf-8")


def _reply(start_response: StartResponse, status: str, body: bytes, kind: str) -> Iterable[bytes]:
    start_response(
        status,
        [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]
