"""Translation state of a page: pending stub, up to date, or older than its source."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data

from site_context import current_language, site_languages
from source_lines import body_first_line

PENDING = "pending"
HASH_LENGTH = 10


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file split into front matter and body (`body_line`: 1-based start)."""

    path: Path
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int


def read_source(path: Path) -> SourceFile:
    text = path.read_text(encoding="utf-8")
    body, meta = get_data(text)
    return SourceFile(path, text, meta, body, body_first_line(text))


def source_hash(source: SourceFile) -> str:
    """Short hash of what a translator translates: title, description and body.

    Trailing spaces and blank lines at the ends are ignored, so only a change a reader
    could see makes the translation stale; `order`, `tags` and the like do not count.
    """
    lines = [line.rstrip() for line in source.body.strip("\n").split("\n")]
    material = "\n".join(
        [str(source.meta.get("title", "")), str(source.meta.get("description", "")), *lines]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def is_pending(meta: dict[str, Any]) -> bool:
    return meta.get("translation") == PENDING


def source_path(docs_dir: Path, source_lang: str, article_id: str) -> Path:
    """The source-language file a translation with this id comes from."""
    return docs_dir / source_lang / article_id


def page_url(article_id: str, lang: str, default_lang: str) -> str:
    """Site-relative URL of a page (directory URLs; the default language at the root)."""
    stem = article_id.removesuffix(".md")
    stem = "" if stem == "index" else re.sub(r"/index$", "/", stem)
    if stem and not stem.endswith("/"):
        stem += "/"
    return stem if lang == default_lang else f"{lang}/{stem}"


def set_front_matter_key(text: str, key: str, value: str | None) -> str:
    """`text` with `key: value` set in its front matter (removed when value is None)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("the file has no front matter (it must start with a '---' line)")
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
    if not end:
        raise ValueError("the front matter is not closed (add a '---' line after it)")
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    found = next((i for i in range(1, end) if pattern.match(lines[i])), 0)
    if value is None:
        if found:
            del lines[found]
    elif found:
        lines[found] = f"{key}: {value}"
    else:
        lines.insert(end, f"{key}: {value}")
    return "\n".join(lines)


@dataclass(frozen=True)
class TranslationNotice:
    """What the page template says about a translation (`source_lang` marks the foreign
    block when `pending`)."""

    pending: bool
    stale: bool
    source_lang: str
    source_url: str
    message: str
    link_text: str


def content_language(meta: dict[str, Any], config: MkDocsConfig) -> str:
    """The language a page's text is in: the source language for a pending stub."""
    return site_languages(config)[0] if is_pending(meta) else current_language(config)
