"""Articles rendered by earlier builds, reused while nothing their HTML depends on changed.

MkDocs turns each page's Markdown into HTML with a fresh Markdown instance, so that HTML
is a function of: the Markdown text as handed to it (the values already filled in), the
Markdown extensions and their settings, the page's own path, URL and inclusion, the files
its links and images name (found by their exact path, or not found), the link-validation
settings, whether MkDocs records anchor links (not at `--verbose`), and the code doing it
(Python's version and every installed distribution's, Pygments and static-i18n among them).
The key of an entry hashes all of these, so only a build that would render the very same
HTML can find it. A page whose rendering logged a warning is never stored: a strict
build must see that warning again. Only a page with a `title` in its front matter is
stored (MkDocs otherwise takes the title from the rendered HTML).

On a hit, the page is handed an empty Markdown text to render (MkDocs' render is not
skippable from outside), then given back its Markdown, its HTML, its table of contents
and the anchors MkDocs checks links against: everything MkDocs' `render` sets. The HTML
then goes through the same checks as a freshly rendered page's, the safety backstop
always (the cache folder comes back from CI: its HTML is not trusted).

One JSON file per language in the cache folder; `make build` writes it, a preview keeps
its entries in memory. A full build keeps only the entries it used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import posixpath
import re
import sys
import types
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic reads only this one before Python 3.12

from helpcentre.mkdocs import compat

log = logging.getLogger("mkdocs.hooks.helpcentre.render_cache")

FORMAT = 2  # raise when an entry's shape or the key's parts change
# What a file name in a link can be made of: a link's target is cut out of the Markdown
# text at any other character (and out of the text without its backslash escapes and
# character references, as Markdown reads a link). A file whose name has another
# character is counted as named by every page, and so is every index.md: static-i18n
# finds the root's for a link to ".".
NAME = re.compile(r"[\w.\-~+@%]+")
PLAIN_NAME = re.compile(r"[\w.\-~+@]+")
NAMED_BY_EVERY_PAGE = frozenset({"index.md", "README.md"})
# An object's repr in the settings (an extension configured as an object, a slugify
# function): it names a memory address, never the same twice, so no key would match.
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


class TocToken(TypedDict):
    """A heading of the page's table of contents, as MkDocs' `get_toc` reads it."""

    level: int
    id: str
    name: str
    children: list[TocToken]


class Entry(TypedDict):
    """A page as MkDocs rendered it: what `Page.render` sets, by the page's file."""

    page: str
    html: str
    toc: list[TocToken]
    anchors: list[str]
    links: dict[str, dict[str, str]] | None  # None: MkDocs recorded no anchor links


_ENTRY = TypeAdapter(Entry)  # an entry read back from the file is checked, never trusted


@dataclass
class Shelf:
    """One language's entries in one cache folder, as read from (or last written to) disk."""

    path: Path
    entries: dict[str, Entry]
    used: dict[str, Entry] = field(default_factory=dict)

    def keep(self, every_page: bool) -> bool:
        """After a build: keep the entries it used and, after one that rendered only some
        pages (a preview), the others of pages it did not render again; True when that
        changed the entries."""
        if every_page:
            kept = self.used
        else:
            again = {entry["page"] for entry in self.used.values()}
            kept = {k: e for k, e in self.entries.items() if e["page"] not in again}
            kept.update(self.used)
        changed = kept.keys() != self.entries.keys()
        self.entries, self.used = kept, {}
        return changed


@dataclass
class Pending:
    """A page between its Markdown and its HTML: its key, and whether it was a hit."""

    key: str
    markdown: str
    warnings_before: int
    entry: Entry | None  # a hit: the cached page
    links: dict[File, dict[str, str]] | None  # a hit: the links to anchors it holds


class WarningCount(logging.Handler):
    """Counts the warnings (and worse) logged anywhere, so a page's render can be told
    apart from a quiet one."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class LanguageCache:
    """The cache as one language build uses it."""

    shelf: Shelf
    base: bytes  # the key's parts shared by every page of the build
    names: dict[str, list[tuple[str, str, str]]]  # a file name -> the files of that name
    always: list[tuple[str, str, str]]  # files whose names a link could not be cut at
    files: Files
    warnings: WarningCount
    pending: dict[str, Pending] = field(default_factory=dict)
    reused: int = 0
    rendered: int = 0


def open_language(
    folder: Path, lang: str, config: MkDocsConfig, files: Files, kept: dict[Path, Shelf] | None
) -> LanguageCache | None:
    """The cache of `lang` in `folder`, for a build of `files` with `config`; `kept`: the
    shelves of a preview's earlier rebuilds (None outside a preview). None when the
    settings cannot make a key (an object in them)."""
    base = _base_key(config)
    if _ADDRESS.search(base.decode("utf-8")):
        log.info("Rendered-page cache off: a Markdown setting is a Python object")
        return None
    path = folder / f"{lang}.json"
    shelf = kept.get(path) if kept is not None else None
    if shelf is None:
        shelf = Shelf(path, _read_entries(path))
        if kept is not None:
            kept[path] = shelf
    shelf.used = {}
    names: dict[str, list[tuple[str, str, str]]] = {}
    always = []
    for file in files:
        identity = (file.src_uri, file.url, str(file.inclusion))
        name = posixpath.basename(file.src_uri)
        if PLAIN_NAME.fullmatch(name) and name not in NAMED_BY_EVERY_PAGE:
            names.setdefault(name, []).append(identity)
        else:
            always.append(identity)
    return LanguageCache(
        shelf=shelf,
        base=base,
        names=names,
        always=sorted(always),
        files=files,
        warnings=_warning_count(),
    )


def before_render(cache: LanguageCache, page: Page, markdown: str) -> str:
    """The Markdown MkDocs should render for `page`: an empty text when the cache holds
    the page's HTML, else `markdown` itself."""
    key = _page_key(cache, page, markdown)
    entry = cache.shelf.entries.get(key) if "title" in page.meta else None
    # Each file the page links to is in this build (the key names them): looked up anyway.
    links = _links_to_anchors(entry["links"], cache.files) if entry is not None else None
    if links is None:
        entry = None
    cache.pending[page.file.src_uri] = Pending(key, markdown, cache.warnings.count, entry, links)
    return "" if entry is not None else markdown


def after_render(cache: LanguageCache, page: Page, html: str) -> tuple[str, bool]:
    """The page's HTML and whether it came from the cache: the cached one on a hit (the
    page given back everything MkDocs' render sets), else `html`, stored when its render
    was quiet."""
    pending = cache.pending.pop(page.file.src_uri, None)
    if pending is None:
        return html, False
    if pending.entry is not None:
        entry = pending.entry
        compat.restore_render(
            page, pending.markdown, list(entry["toc"]), set(entry["anchors"]), pending.links
        )
        cache.shelf.used[pending.key] = pending.entry
        cache.reused += 1
        return pending.entry["html"], True
    cache.rendered += 1
    quiet = cache.warnings.count == pending.warnings_before
    anchors, links = compat.render_record(page)
    if quiet and "title" in page.meta and anchors is not None:
        cache.shelf.used[pending.key] = {
            "page": page.file.src_uri,
            "html": html,
            "toc": [_token(item) for item in page.toc],
            "anchors": sorted(anchors),
            "links": _saved_links(links),
        }
    return html, False


def close_language(cache: LanguageCache, *, every_page: bool, persist: bool) -> None:
    """The build of this language ended: keep the entries it used (and, after a build
    that rendered only some pages, the others too), on disk when `persist`."""
    shelf = cache.shelf
    if shelf.keep(every_page) and persist:
        _write_entries(shelf.path, shelf.entries)
    if cache.reused:
        log.info(
            "Rendered pages reused from %s: %d of %d",
            shelf.path,
            cache.reused,
            cache.reused + cache.rendered,
        )


def _base_key(config: MkDocsConfig) -> bytes:
    validation = config.validation
    parts = {
        "format": FORMAT,
        "code": _installed_code(),
        "extensions": config.markdown_extensions,
        "extension_configs": config.mdx_configs,
        "directory_urls": config.use_directory_urls,
        "validation": {
            "nav": dict(validation.nav.items()),
            "links": dict(validation.links.items()),
        },
        # MkDocs records a page's links to anchors only above debug level.
        "records_anchor_links": logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG,
    }
    return json.dumps(parts, sort_keys=True, default=_setting_text).encode("utf-8")


def _setting_text(value: object) -> str:
    """A Python object of the settings as the key reads it: a module's function (the
    table of contents' `slugify`) by its dotted name, which the installed versions
    stand for; anything else by its repr (an address there turns the cache off)."""
    if isinstance(value, types.FunctionType) and "<locals>" not in value.__qualname__:
        return f"function {value.__module__}.{value.__qualname__}"
    return repr(value)


def _page_key(cache: LanguageCache, page: Page, markdown: str) -> str:
    named = set(NAME.findall(markdown))
    if "\\" in markdown or "&" in markdown:
        named.update(NAME.findall(unescape(markdown.replace("\\", ""))))
    for token in [token for token in named if "%" in token]:
        named.update(NAME.findall(unquote(token)))
    linkable = sorted(
        identity for name in named.intersection(cache.names) for identity in cache.names[name]
    )
    digest = hashlib.sha256(cache.base)
    own = [page.file.src_uri, page.file.dest_uri, page.file.url, str(page.file.inclusion)]
    digest.update(json.dumps([own, linkable, cache.always]).encode("utf-8"))
    digest.update(markdown.encode("utf-8"))
    return digest.hexdigest()


def _token(item: AnchorLink) -> TocToken:
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "children": [_token(child) for child in item.children],
    }


def _saved_links(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    if links is None:
        return None
    return {file.src_uri: dict(anchors) for file, anchors in links.items()}


def _links_to_anchors(
    saved: dict[str, dict[str, str]] | None, files: Files
) -> dict[File, dict[str, str]] | None:
    if saved is None:
        return {}
    restored = {}
    for src_uri, anchors in saved.items():
        file = files.get_file_from_path(src_uri)
        if file is None:
            return None
        restored[file] = dict(anchors)
    return restored


@functools.lru_cache(maxsize=1)
def _installed_code() -> list[str]:
    """Python's version and every distribution installed where it imports from (their
    metadata folders are named after name and version): the same for a whole process."""
    found = [sys.version]
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += sorted(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return found


def _warning_count() -> WarningCount:
    """The process's one counter, on the root logger and on MkDocs' (which does not pass
    its records on to the root)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, WarningCount):
            return handler
    counter = WarningCount()
    for name in ("", "mkdocs"):
        logging.getLogger(name).addHandler(counter)
    return counter


def _read_entries(path: Path) -> dict[str, Entry]:
    """The entries of a cache file; none when it is missing, unreadable or not ours (a
    damaged file is rewritten by the next build, never trusted)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    entries = data.get("pages")
    if not isinstance(entries, dict):
        return {}
    kept = {}
    for key, entry in entries.items():
        try:
            kept[key] = _ENTRY.validate_python(entry, strict=True)
        except ValidationError:
            continue
    return kept


def _write_entries(path: Path, entries: dict[str, Entry]) -> None:
    """Replace the cache file in one step, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": FORMAT, "pages": entries}, ensure_ascii=False)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
