"""What a process's builds remember for its next ones: lists, docs stamps, manifests, 404 pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from helpcentre.content.catalogue import Catalogue

Stamp = tuple[int, int]  # a file's modification time (ns) and size


@dataclass
class Memory:
    """Owned by the hooks, which MkDocs loads once per process: `mkdocs serve` rebuilds in
    the same process, reading the configuration again but not the hooks. Kept per output
    folder (one preview at a time, but tests build several sites in one process)."""

    # The last catalogue of each language, by (output folder, language): what a `--dirty`
    # rebuild compares its lists with (page/listings.py).
    catalogues: dict[tuple[str, str], Catalogue] = field(default_factory=dict)
    # The docs' stamps at the last build, then each language's manifest entries and 404
    # page, for a rebuild that leaves the language out (engine/unchanged.py).
    stamps: dict[str, dict[str, Stamp]] = field(default_factory=dict)
    manifests: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)
    not_found: dict[str, dict[str, str]] = field(default_factory=dict)
