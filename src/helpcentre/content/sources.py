"""Markdown source files: front matter and body, read once per build, and translation state."""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpcentre.problems import Problem, ProblemError, display_path

PENDING = "pending"
HASH_LENGTH = 10

# A front-matter block as MkDocs reads it: '---' lines around YAML at the top of the file.
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file split into front matter and body (`body_line`: 1-based start)."""

    path: Path
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int
    yaml_error: yaml.MarkedYAMLError | None = None


def parse_source(path: Path, text: str) -> SourceFile:
    """Split a file as MkDocs does; front matter that is not YAML is kept as an error."""
    match = FRONT_MATTER.match(text)
    if not match:
        return SourceFile(path, text, {}, text, 1)
    rest = text[match.end() :]
    body = rest.lstrip("\n")
    body_line = text[: match.end()].count("\n") + (len(rest) - len(body)) + 1
    quick = _quick_load(match.group(1) or "")
    if isinstance(quick, dict):
        return SourceFile(path, text, quick, body, body_line)
    try:
        loaded = yaml.safe_load(match.group(1) or "")
    except yaml.MarkedYAMLError as error:
        return SourceFile(path, text, {}, text, 1, yaml_error=error)
    except yaml.YAMLError:
        return SourceFile(path, text, {}, text, 1)
    except ValueError as error:  # a value YAML reads but cannot build: `date: 2027-13-01`
        located = yaml.MarkedYAMLError(
            problem=f"{error} (quote the value or fix it)",
            problem_mark=_mark_of_impossible_value(match.group(1) or ""),
        )
        return SourceFile(path, text, {}, text, 1, yaml_error=located)
    if not isinstance(loaded, dict):
        return SourceFile(path, text, {}, text, 1)  # MkDocs keeps such a block as text
    return SourceFile(path, text, loaded, body, body_line)


def _quick_load(block: str) -> Any:
    """The block read by libyaml's parser (ten times faster, same constructors), or None
    when it is not there or the block is not plain good YAML: `parse_source` then reads it
    with the pure-Python loader, whose errors it reports."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    try:
        return yaml.load(block, Loader=loader)
    except (yaml.YAMLError, ValueError):
        return None


def _mark_of_impossible_value(block: str) -> yaml.Mark | None:
    """Where in a YAML block the scalar that cannot be built (an impossible date) stands."""
    loader = yaml.SafeLoader(block)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node, deep=True)
            except ValueError:
                return node.start_mark
        elif isinstance(node, yaml.MappingNode):
            pending.extend(value for _, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
    return None


def read_source(path: Path, where: str | None = None) -> SourceFile:
    """Read a Markdown file as MkDocs does (UTF-8, a byte-order mark allowed); ProblemError
    naming `where` (default: the path) when it is not UTF-8 text."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        message = "not UTF-8 text (save the file as UTF-8 in your editor)"
        raise ProblemError([Problem(where or str(path), line, 1, message)]) from None
    return parse_source(path, text)


# A file's identity on disk: any write gives it a new modification time (to the
# nanosecond), and a save by renaming a new file over it a new inode.
FileStamp = tuple[int, int, int]


@dataclass
class SourceTree:
    """Every Markdown file of docs/, parsed at most once per build, by `<lang>/<path>`.
    `earlier`: files parsed by earlier builds of the same process (a preview), reused
    while their stamp on disk is unchanged."""

    docs_dir: Path
    root: Path
    earlier: dict[str, tuple[FileStamp, SourceFile]] | None = None
    _parsed: dict[str, SourceFile | None] = field(default_factory=dict)

    def get(self, lang: str, article_id: str) -> SourceFile | None:
        key = f"{lang}/{article_id}"
        if key not in self._parsed:
            self._parsed[key] = self._read(self.docs_dir / lang / article_id)
        return self._parsed[key]

    def _read(self, path: Path) -> SourceFile | None:
        try:
            status = path.stat()
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
        known = self.earlier.get(str(path)) if self.earlier is not None else None
        if known is not None and known[0] == stamp:
            return known[1]
        source = read_source(path, display_path(str(path), str(self.root)))
        if self.earlier is not None:
            self.earlier[str(path)] = (stamp, source)
        return source


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
