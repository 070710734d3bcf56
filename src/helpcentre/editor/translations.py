"""Marking a translation done from the editor: what `helpcentre translation-done` does."""

from __future__ import annotations

from pathlib import Path

from helpcentre.content.sources import set_front_matter_key
from helpcentre.editor.backend import BackendError


def mark_done(root: Path, path: Path) -> str:
    """Record the source's hash in a translation. A translation started in the editor is
    pending until then: that mark goes first (the command refuses a file still pending),
    and comes back when the command refuses the translation."""
    from helpcentre.checks.editing import EditError, translation_done
    from helpcentre.checks.project import load_project

    before = path.read_text(encoding="utf-8")
    try:
        path.write_text(set_front_matter_key(before, "translation", None), encoding="utf-8")
    except ValueError as error:
        raise BackendError(str(error)) from None
    try:
        return translation_done(load_project(root), path)
    except EditError as error:
        path.write_text(before, encoding="utf-8")
        raise BackendError(str(error)) from None
