"""The editor's local backend: Decap CMS's proxy protocol (POST /api/v1, one JSON action per
request, as its `decap-server` speaks it), reading and writing the working tree's docs/.

Every path a request names is confined to docs/: an absolute path, a `..` part or a
symbolic link leading out of it is refused, as is any file but Markdown and images."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

ENTRY_SUFFIX = ".md"
MEDIA_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"})
# A collection's own page (its listing) is not an article the editor lists.
NOT_ARTICLES = frozenset({"index.md"})


class BackendError(Exception):
    """A request the backend refuses; the message says why (the editor shows it)."""


@dataclass(frozen=True)
class LocalBackend:
    """The proxy protocol over one project's docs folder.

    `root`: the project (paths in requests are relative to it, e.g. docs/fr/x/y.md);
    `docs`: its docs folder; `translation_done`: what marking a translation done runs
    (helpcentre.checks.editing.translation_done, given the file), returning its message;
    `build_errors`: the preview's error lines."""

    root: Path
    docs: Path
    translation_done: Callable[[Path], str] | None = None
    # The error lines of the preview's last build ([] when it built).
    build_errors: Callable[[], list[str]] = list

    def handle(self, request: dict[str, Any]) -> Any:
        """The answer to one request, or BackendError."""
        action = request.get("action")
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise BackendError("params must be an object")
        handler = _ACTIONS.get(str(action))
        if handler is None:
            raise BackendError(f"Unknown action {action}")
        return handler(self, params)

    # -- actions ----------------------------------------------------------------------

    def info(self, params: dict[str, Any]) -> Any:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def entries_by_folder(self, params: dict[str, Any]) -> Any:
        folder = self.confined(params.get("folder"), folder=True)
        extension = "." + str(params.get("extension") or "md").lstrip(".")
        depth = int(params.get("depth") or 1)
        found = []
        for path in sorted(folder.rglob(f"*{extension}")):
            within = path.relative_to(folder).parts
            if len(within) > depth or path.name in NOT_ARTICLES or path.is_symlink():
                continue
            if path.suffix == ENTRY_SUFFIX and path.is_file():
                found.append(self._entry(self._relative(path)))
        return found

    def entries_by_files(self, params: dict[str, Any]) -> Any:
        files = params.get("files") or []
        return [
            self._entry(str(_mapping(item).get("path")), _mapping(item).get("label"))
            for item in files
        ]

    def get_entry(self, params: dict[str, Any]) -> Any:
        return self._entry(str(params.get("path")))

    def persist_entry(self, params: dict[str, Any]) -> Any:
        data_files = params.get("dataFiles") or [params.get("entry")]
        writes: list[tuple[Path, bytes]] = []
        for item in data_files:
            data_file = _mapping(item)
            if data_file.get("newPath") and data_file.get("newPath") != data_file.get("path"):
                raise BackendError("renaming an article is not supported here (use git mv)")
            raw = data_file.get("raw")
            if not isinstance(raw, str):
                raise BackendError("raw must be text")
            path = self.confined(data_file.get("path"), suffixes={ENTRY_SUFFIX})
            writes.append((path, _with_line_endings_of(path, raw).encode("utf-8")))
        for asset in params.get("assets") or []:
            writes.append(self._asset(_mapping(asset)))
        for path, content in writes:  # every path checked before anything is written
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return {"message": "entry persisted"}

    def get_media(self, params: dict[str, Any]) -> Any:
        folder = self.confined(params.get("mediaFolder"), folder=True)
        return [
            self._media(path)
            for path in sorted(folder.iterdir())
            if path.suffix.lower() in MEDIA_SUFFIXES and path.is_file() and not path.is_symlink()
        ]

    def get_media_file(self, params: dict[str, Any]) -> Any:
        return self._media(self.confined(params.get("path"), suffixes=MEDIA_SUFFIXES))

    def persist_media(self, params: dict[str, Any]) -> Any:
        path, content = self._asset(_mapping(params.get("asset")))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return self._media(path)

    def delete_file(self, params: dict[str, Any]) -> Any:
        raise BackendError("deleting files is not supported here (use git rm)")

    def deploy_preview(self, params: dict[str, Any]) -> Any:
        return None

    def last_build(self, params: dict[str, Any]) -> Any:
        """Helpcentre's own action: the preview's error lines, for the editor to show."""
        return {"errors": self.build_errors()}

    def mark_translation_done(self, params: dict[str, Any]) -> Any:
        """Helpcentre's own action: `helpcentre translation-done` on one translated file."""
        if self.translation_done is None:
            raise BackendError("marking translations done is not available here")
        path = self.confined(params.get("path"), suffixes={ENTRY_SUFFIX})
        return {"message": self.translation_done(path)}

    # -- paths -------------------------------------------------------------------------

    def confined(
        self,
        given: object,
        *,
        folder: bool = False,
        suffixes: frozenset[str] | set[str] = frozenset(),
    ) -> Path:
        """The file or folder a request names, inside docs/; BackendError otherwise."""
        if not isinstance(given, str) or not given or "\\" in given or "\0" in given:
            raise BackendError(f"not a path under {self.docs.name}/: {given!r}")
        relative = PurePosixPath(given.removeprefix("/") if folder else given)
        if (
            relative.is_absolute()
            or ".." in relative.parts
            or (given.startswith("/") and not folder)
        ):
            raise BackendError(f"not a path under {self.docs.name}/: {given!r}")
        path = self.root / relative
        docs = self.docs.resolve()
        resolved = path.resolve()
        if resolved != docs and docs not in resolved.parents:
            raise BackendError(f"not a path under {self.docs.name}/: {given!r}")
        if folder:
            if not resolved.is_dir():
                raise BackendError(f"no folder {given}")
            return resolved
        if path.is_symlink() or resolved == docs:
            raise BackendError(f"not a file under {self.docs.name}/: {given!r}")
        if suffixes and resolved.suffix.lower() not in suffixes:
            raise BackendError(f"not a file the editor may write: {given!r}")
        return resolved

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root.resolve()).as_posix()

    def _entry(self, given: str, label: object = None) -> dict[str, Any]:
        path = self.confined(given, suffixes={ENTRY_SUFFIX})
        file: dict[str, Any] = {"path": given, "id": None}
        if label is not None:
            file["label"] = label
        try:
            content = path.read_bytes()
        except OSError:
            return {"data": None, "file": file}
        file["id"] = hashlib.sha256(content).hexdigest()
        return {"data": content.decode("utf-8"), "file": file}

    def _media(self, path: Path) -> dict[str, Any]:
        content = path.read_bytes()
        return {
            "id": hashlib.sha256(content).hexdigest(),
            "content": base64.b64encode(content).decode("ascii"),
            "encoding": "base64",
            "path": self._relative(path),
            "name": path.name,
        }

    def _asset(self, asset: dict[str, Any]) -> tuple[Path, bytes]:
        path = self.confined(asset.get("path"), suffixes=MEDIA_SUFFIXES)
        content = asset.get("content")
        if not isinstance(content, str):
            raise BackendError("an image's content must be text")
        if asset.get("encoding") == "base64":
            try:
                return path, base64.b64decode(content, validate=True)
            except binascii.Error:
                raise BackendError("an image's content is not base64") from None
        return path, content.encode("utf-8")


def _with_line_endings_of(path: Path, raw: str) -> str:
    """The text a browser sends back, with the line endings the file had: a text box reads
    Windows line endings (CRLF) as plain newlines, which would change every line."""
    try:
        crlf = b"\r\n" in path.read_bytes()
    except OSError:
        return raw
    return raw.replace("\r\n", "\n").replace("\n", "\r\n") if crlf else raw


def _mapping(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BackendError("expected an object")
    return value


_ACTIONS: dict[str, Callable[[LocalBackend, dict[str, Any]], Any]] = {
    "info": LocalBackend.info,
    "entriesByFolder": LocalBackend.entries_by_folder,
    "entriesByFiles": LocalBackend.entries_by_files,
    "getEntry": LocalBackend.get_entry,
    "persistEntry": LocalBackend.persist_entry,
    "getMedia": LocalBackend.get_media,
    "getMediaFile": LocalBackend.get_media_file,
    "persistMedia": LocalBackend.persist_media,
    "deleteFile": LocalBackend.delete_file,
    "deleteFiles": LocalBackend.delete_file,
    "getDeployPreview": LocalBackend.deploy_preview,
    "hcTranslationDone": LocalBackend.mark_translation_done,
    "hcLastBuild": LocalBackend.last_build,
}
