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
    (`mkdocs serve` reads the configuration again for every rebuild; the hooks, loaded
    once per process, keep this in their Preview): Markdown files parsed, while unchanged
    on disk, compiled templates, the rendered-article cache and the files' change dates,
    while HEAD is the same commit."""

    sources: dict[str, tuple[FileStamp, SourceFile]] = field(default_factory=dict)
    templates: TemplateCode = field(default_factory=TemplateCode)
    rendered: dict[Path, Shelf] = field(default_factory=dict)  # rendered articles, by file
    change_dates: dict[str, ChangeDates] = field(default_factory=dict)  # by commit and folder
