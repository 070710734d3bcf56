"""A folder of saved API responses (`--from DIR`): every `*.json` file, read as returned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class SourceError(Exception):
    """The source cannot be read; the message is one line saying why and what to do."""


def saved_responses(folder: Path) -> Iterator[tuple[str, Any]]:
    """Each response of the folder (and its subfolders), with the file it came from."""
    if not folder.is_dir():
        raise SourceError(f"--from {folder}: not a folder of saved API responses (*.json)")
    files = sorted(folder.rglob("*.json"))
    if not files:
        raise SourceError(f"--from {folder}: no *.json file in it (save the API's responses there)")
    for path in files:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise SourceError(f"{path}:1:1: not UTF-8 text (save the response as UTF-8)") from None
        except json.JSONDecodeError as error:
            raise SourceError(
                f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}"
            ) from None
        yield str(path), payload
