"""Editor-facing problems (`path:line:col: CODE message`) and the errors that carry them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


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
        if not self.path:  # not in a file: an environment variable, say
            return f"{code}{self.message}"
        return f"{self.path}:{self.line}:{self.col}: {code}{self.message}"

    def with_code(self, code: str) -> Problem:
        return Problem(self.path, self.line, self.col, self.message, code)


class ProblemError(Exception):
    """Input an editor must fix: one or more located problems, each one line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problem.text() for problem in self.problems))


def display_path(abs_path: str, root: str) -> str:
    """The path an editor would type: relative to the project root when inside it."""
    try:
        relative = os.path.relpath(abs_path, root)
    except ValueError:
        return abs_path
    return abs_path if relative.startswith("..") else relative.replace(os.sep, "/")


def project_root(config_file_path: str | None) -> str:
    """The folder holding mkdocs.yml (the working folder when there is none)."""
    return os.path.dirname(os.path.abspath(config_file_path)) if config_file_path else os.getcwd()


_collected: ContextVar[list[Problem] | None] = ContextVar("helpcentre_problems", default=None)


@contextmanager
def collecting_problems() -> Iterator[list[Problem]]:
    """Collect, as objects, the problems a build reports while inside this block."""
    found: list[Problem] = []
    token = _collected.set(found)
    try:
        yield found
    finally:
        _collected.reset(token)


def collected_texts() -> set[str]:
    """The lines of the problems collected so far (none outside a driver build)."""
    return {problem.text() for problem in _collected.get() or []}


def record_problems(problems: Iterable[Problem]) -> None:
    """Hand problems to whoever is collecting them (nobody outside a driver build)."""
    found = _collected.get()
    if found is not None:
        found.extend(problems)
