"""The built site's feedback-manifest.json: which article ids exist, in which languages."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger("collector")


class Manifest:
    """Reloads the file when the site is rebuilt (its modification time changes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._articles: dict[str, frozenset[str]] = {}
        self._origin: str | None = None

    def knows(self, article: str, lang: str) -> bool:
        self.refresh()
        return lang in self._articles.get(article, frozenset())

    @property
    def site_origin(self) -> str | None:
        """The site's origin as the build recorded it (from site_url)."""
        self.refresh()
        return self._origin

    def __len__(self) -> int:
        self.refresh()
        return len(self._articles)

    def refresh(self) -> None:
        try:
            stat = os.stat(self.path)
        except OSError:
            stamp = None
        else:
            stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp == self._stamp:
                return
            self._stamp = stamp
            self._articles, self._origin = self._read() if stamp else ({}, None)

    def _read(self) -> tuple[dict[str, frozenset[str]], str | None]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            articles = {
                str(article): frozenset(str(lang) for lang in languages)
                for article, languages in data["articles"].items()
            }
            origin = data.get("site_origin")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.error("%s: not a feedback manifest (%s); refusing every post", self.path, error)
            return {}, None
        log.info("%s: %d articles accept feedback", self.path, len(articles))
        return articles, str(origin) if origin else None
