"""What the site and the feedback collector agree on: reactions, build ids, the manifest."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The reactions the widget offers, worst first, with the emoji readers see.
REACTIONS: tuple[tuple[str, str], ...] = (("sad", "😞"), ("neutral", "😐"), ("happy", "😃"))
REACTION_NAMES: tuple[str, ...] = tuple(name for name, _ in REACTIONS)

MANIFEST_NAME = "feedback-manifest.json"
# Raised whenever the manifest's meaning changes; the collector refuses other versions.
MANIFEST_FORMAT = 1

BUILD_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
BUILD_ID_VARIABLE = "HELPCENTRE_BUILD_ID"


class ManifestError(ValueError):
    """A file that is not a manifest this collector understands."""


@dataclass
class Manifest:
    """The articles that show the widget, per language: the collector accepts only these."""

    build: str
    site_origin: str | None
    articles: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def add(self, article_id: str, lang: str, title: str, url: str) -> None:
        self.articles.setdefault(article_id, {})[lang] = {"title": title, "url": url}

    def of_language(self, lang: str) -> dict[str, dict[str, str]]:
        """One language's entries, by article id (what `add_language` takes back)."""
        return {
            article_id: versions[lang]
            for article_id, versions in self.articles.items()
            if lang in versions
        }

    def add_language(self, lang: str, entries: dict[str, dict[str, str]]) -> None:
        for article_id, entry in entries.items():
            self.add(article_id, lang, entry["title"], entry["url"])

    def languages_of(self, article_id: str) -> frozenset[str]:
        return frozenset(self.articles.get(article_id, {}))

    def languages(self) -> frozenset[str]:
        """Every language some article is published in: the site's languages."""
        return frozenset(lang for langs in self.articles.values() for lang in langs)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "build": self.build,
            "site_origin": self.site_origin,
            "articles": self.articles,
        }

    def write(self, target: Path) -> None:
        """Write atomically: a collector reading the manifest never sees half a file."""
        text = json.dumps(self.as_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        """Read a manifest written by `as_json`; ManifestError for anything else."""
        if not isinstance(data, dict):
            raise ManifestError("not a JSON object")
        if data.get("format") != MANIFEST_FORMAT:
            raise ManifestError(
                f"manifest format {data.get('format')!r}, this collector reads "
                f"{MANIFEST_FORMAT} (rebuild the site or update the collector)"
            )
        articles = data.get("articles")
        if not isinstance(articles, dict) or not all(
            isinstance(langs, dict) for langs in articles.values()
        ):
            raise ManifestError("'articles' is not a mapping of article ids to languages")
        origin = data.get("site_origin")
        return cls(
            build=str(data.get("build") or ""),
            site_origin=str(origin) if origin else None,
            articles={
                str(a): {str(lang): v for lang, v in langs.items()} for a, langs in articles.items()
            },
        )


def valid_build_id(value: str) -> bool:
    return bool(BUILD_ID.fullmatch(value))
