"""The built site's feedback-manifest.json as the collector reads it, reloaded on rebuild."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from helpcentre.contract import Manifest, ManifestError

log = logging.getLogger("collector")


class ManifestFile:
    """Which articles accept feedback, in which languages; re-read when the file changes
    (its modification time or size), so a rebuilt site needs no collector restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._manifest: Manifest | None = None

    def knows(self, article: str, lang: str) -> bool:
        return self.url_of(article, lang) is not None

    def url_of(self, article: str, lang: str) -> str | None:
        """The article's address in that language, relative to the site's root (None: not
        an article that accepts feedback)."""
        manifest = self._current()
        entry = manifest.articles.get(article, {}).get(lang) if manifest else None
        url = entry.get("url") if isinstance(entry, dict) else None
        return url if isinstance(url, str) else None

    @property
    def languages(self) -> frozenset[str]:
        """The site's languages (those of its articles); empty without a manifest."""
        manifest = self._current()
        return manifest.languages() if manifest else frozenset()

    @property
    def site_origin(self) -> str | None:
        """The site's origin as the build recorded it (from site_url)."""
        manifest = self._current()
        return manifest.site_origin if manifest else None

    def __len__(self) -> int:
        manifest = self._current()
        return len(manifest.articles) if manifest else 0

    def _current(self) -> Manifest | None:
        stamp = _stamp(self.path)
        with self._lock:
            if stamp != self._stamp:
                self._stamp = stamp
                self._manifest = self._read() if stamp else None
            return self._manifest

    def _read(self) -> Manifest | None:
        """The manifest, or None (every post refused) with one error line saying why."""
        try:
            manifest = Manifest.from_json(json.loads(self.path.read_text(encoding="utf-8")))
        except ManifestError as error:
            log.error("%s: %s; refusing every post", self.path, error)
            return None
        except (OSError, ValueError) as error:
            log.error("%s: not a feedback manifest (%s); refusing every post", self.path, error)
            return None
        log.info("%s: %d articles accept feedback", self.path, len(manifest.articles))
        return manifest


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)
