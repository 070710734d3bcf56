"""What earlier imports wrote (`data/import-state.json`), so a second one updates what
changed upstream, leaves alone what was edited here, and deletes nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from helpcentre.problems import Problem, ProblemError

STATE_FILE = "data/import-state.json"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"  # edited here and changed upstream: left as it is here
    KEPT = "kept"  # edited here, unchanged upstream: left as it is here
    NOT_OURS = "not ours"  # a file the import did not write is in the way


@dataclass
class Written:
    key: str  # the upstream object and language: `article:12@fr`
    updated_at: str
    hash: str


@dataclass
class ImportState:
    product: str
    paths: dict[str, str] = field(default_factory=dict)  # object key -> path under docs/<lang>/
    files: dict[str, Written] = field(default_factory=dict)  # file (from the root) -> record

    @classmethod
    def load(cls, root: Path, product: str) -> ImportState:
        path = root / STATE_FILE
        if not path.is_file():
            return cls(product)
        raw = _read(path)
        try:
            mine = raw.get(product) or {}
            files = {name: Written(**record) for name, record in (mine.get("files") or {}).items()}
            return cls(product, dict(mine.get("paths") or {}), files)
        except (AttributeError, TypeError, ValueError):
            message = (
                f"not the import's record of '{product}' (restore it from version control, "
                "or delete it: the next import then leaves every existing page alone)"
            )
            raise ProblemError([Problem(STATE_FILE, 1, 1, message)]) from None

    def save(self, root: Path) -> None:
        path = root / STATE_FILE
        raw = _read(path) if path.is_file() else {}
        raw[self.product] = {
            "paths": dict(sorted(self.paths.items())),
            "files": {
                name: {"key": w.key, "updated_at": w.updated_at, "hash": w.hash}
                for name, w in sorted(self.files.items())
            },
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def write(self, root: Path, name: str, key: str, updated_at: str, text: str) -> Outcome:
        """Write one file unless it was edited here since the last import."""
        path = root / name
        record = self.files.get(name)
        new_hash = text_hash(text)
        if path.exists():
            current = text_hash(path.read_text(encoding="utf-8", errors="replace"))
            if record is None:
                if current == new_hash:  # already the text the import would write
                    self.files[name] = Written(key, updated_at, new_hash)
                    return Outcome.UNCHANGED
                return Outcome.NOT_OURS
            if current != record.hash:  # edited here since the last import
                changed_upstream = updated_at != record.updated_at and new_hash != record.hash
                return Outcome.CONFLICT if changed_upstream else Outcome.KEPT
            if current == new_hash:
                self.files[name] = Written(key, updated_at, new_hash)
                return Outcome.UNCHANGED
            outcome = Outcome.UPDATED
        elif record is not None:
            # Deleted here after an import: an editor's decision, not recreated.
            return Outcome.KEPT
        else:
            outcome = Outcome.CREATED
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.files[name] = Written(key, updated_at, new_hash)
        return outcome

    def unedited(self, root: Path, name: str) -> str | None:
        """The text of a file as an earlier import wrote it, if it is still so."""
        path = root / name
        record = self.files.get(name)
        if record is None or not path.is_file():
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
        return text if text_hash(text) == record.hash else None

    def gone_upstream(self, seen: set[str]) -> list[str]:
        """Files an earlier import wrote whose object is no longer upstream (kept here)."""
        return sorted(name for name, w in self.files.items() if w.key not in seen)


def _read(path: Path) -> Any:
    """The file as JSON, or one located line saying why it is not."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ProblemError([Problem(STATE_FILE, 1, 1, "not UTF-8 text")]) from None
    except json.JSONDecodeError as error:
        message = f"not JSON: {error.msg} (restore it from version control)"
        raise ProblemError([Problem(STATE_FILE, error.lineno, error.colno, message)]) from None
