"""What a preview's rebuilds take from the earlier ones: parsed files, compiled templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache

from helpcentre.content.git_dates import ChangeDates
from helpcentre.content.sources import FileStamp, SourceFile
from helpcentre.mkdocs.engine.render_cache import Shelf


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory between a preview's rebuilds. Jinja checks each
    entry against the template's source (and its own and Python's versions) before using
    it, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Reuse:
    """What a preview's rebuild may take from the earlier ones of the same process
    (`mkdocs serve` reloads the configuration and the hooks for every rebuild, not this
    package): Markdown files parsed, while unchanged on disk, compiled templates, the
    rendered-article cache and the files' change dates, while HEAD is the same commit."""

    sources: dict[str, tuple[FileStamp, SourceFile]] = field(default_factory=dict)
    templates: TemplateCode = field(default_factory=TemplateCode)
    rendered: dict[Path, Shelf] = field(default_factory=dict)  # rendered articles, by file
    change_dates: dict[str, ChangeDates] = field(default_factory=dict)  # by commit and folder


_reuse: Reuse | None = None  # None outside a preview: a build is then its process's only one


def reuse() -> Reuse | None:
    """What this process's earlier builds left to reuse (None when it is no preview)."""
    return _reuse


def begin_reuse() -> Reuse:
    """From now on, builds in this process reuse what the earlier ones left."""
    global _reuse
    if _reuse is None:
        _reuse = Reuse()
    return _reuse


def end_reuse() -> None:
    """Builds in this process start from nothing again."""
    global _reuse
    _reuse = None
