"""Editor-facing problem lines (`path:line:col: message`) and source line arithmetic."""

from __future__ import annotations

import os
from dataclasses import dataclass

from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE


@dataclass(frozen=True)
class Problem:
    """One defect an editor can fix, located in a file."""

    path: str
    line: int
    col: int
    message: str
    code: str = ""

    def text(self) -> str:
        code = f"{self.code} " if self.code else ""
        return f"{self.path}:{self.line}:{self.col}: {code}{self.message}"


def display_path(abs_path: str, root: str) -> str:
    """The path an editor would type: relative to the project root when inside it."""
    try:
        relative = os.path.relpath(abs_path, root)
    except ValueError:
        return abs_path
    return abs_path if relative.startswith("..") else relative.replace(os.sep, "/")


def page_display_path(page: Page, project_root: str) -> str:
    return display_path(page.file.abs_src_path or page.file.src_uri, project_root)


def body_first_line(source: str) -> int:
    """1-based line of the source file on which the Markdown body (after front matter) starts.

    MkDocs drops the YAML front matter block and the blank lines after it before plugins
    see the Markdown; plugins may also rewrite the text, so count in the file itself.
    """
    match = YAML_RE.match(source)
    if not match:
        return 1
    rest = source[match.end() :]
    blank_lines = len(rest) - len(rest.lstrip("\n"))
    return source[: match.end()].count("\n") + blank_lines + 1


def project_root(config_file_path: str | None) -> str:
    return os.path.dirname(os.path.abspath(config_file_path)) if config_file_path else os.getcwd()
