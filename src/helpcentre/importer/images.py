"""Images of imported articles, downloaded once (the products' CDN addresses are signed and
expire) and stored by content hash beside the source-language article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from helpcentre.importer.http import TIMEOUT

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "image/svg+xml": "svg",
}


@dataclass
class Download:
    content: bytes | None
    extension: str = ""
    problem: str = ""


@dataclass
class ImageStore:
    """Downloads each address once per import; writes each content once per folder."""

    session: requests.Session
    base_url: str = ""  # for addresses relative to the help centre
    downloads: dict[str, Download] = field(default_factory=dict)
    written: set[Path] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # address -> why

    def store(self, src: str, folder: Path) -> str | None:
        """The file name (in `folder`) of the image at `src`; None when it could not be
        downloaded (`failed` says why)."""
        url = urljoin(self.base_url, src) if self.base_url else src
        if urlsplit(url).scheme not in ("http", "https"):
            self.failed[src] = "not an http(s) address"
            return None
        download = self.downloads.get(url)
        if download is None:
            download = self.downloads[url] = self._download(url)
        if download.content is None:
            self.failed[src] = download.problem
            return None
        name = f"{hashlib.sha256(download.content).hexdigest()[:16]}.{download.extension}"
        path = folder / name
        if path not in self.written:
            folder.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_bytes(download.content)
            self.written.add(path)
        return name

    def _download(self, url: str) -> Download:
        try:
            with self.session.get(url, timeout=TIMEOUT, stream=True) as response:
                if response.status_code != 200:
                    reason = "expired or refused" if response.status_code in (401, 403) else ""
                    text = f"HTTP {response.status_code}" + (f", {reason}" if reason else "")
                    return Download(None, problem=text)
                kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                extension = EXTENSIONS.get(kind)
                if extension is None:
                    return Download(None, problem=f"not an image ({kind or 'no type'})")
                content = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    content += chunk
                    if len(content) > MAX_BYTES:
                        return Download(None, problem="larger than 20 MB")
                return Download(bytes(content), extension)
        except requests.RequestException as error:
            return Download(None, problem=f"unreachable ({type(error).__name__})")
