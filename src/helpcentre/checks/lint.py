"""Markdown lint with PyMarkdown (pymarkdownlnt), rules in checks/pymarkdown.json."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

from helpcentre.checks.project import Project
from helpcentre.problems import Problem

CONFIG = Path(__file__).with_name("pymarkdown.json")


def lint_problems(project: Project) -> list[Problem]:
    with _root_handlers_kept():
        return _scan(project)


def _scan(project: Project) -> list[Problem]:
    api = PyMarkdownApi().configuration_file_path(str(CONFIG))
    problems = []
    # Front matter that is not YAML is read as Markdown headings: HC701 says the one fix.
    broken = {p.display for p in project.pages.values() if p.source.yaml_error is not None}
    for lang in project.languages.all:
        folder = project.docs_dir / lang
        if not folder.is_dir():
            continue
        try:
            result = api.scan_path(str(folder), recurse_if_directory=True)
        except PyMarkdownApiException as error:
            return [
                Problem(project.display(folder), 1, 1, f"Markdown lint failed: {error}", "HC801")
            ]
        for failure in result.scan_failures:
            if project.display(Path(failure.scan_file)) in broken:
                continue
            detail = (failure.extra_error_information or "").strip()
            problems.append(
                Problem(
                    project.display(Path(failure.scan_file)),
                    failure.line_number,
                    failure.column_number,
                    f"{failure.rule_id} {failure.rule_description}"
                    + (f" {detail}" if detail else "")
                    + f" ({failure.rule_name}; rules: checks/pymarkdown.json)",
                    "HC801",
                )
            )
    return problems


@contextmanager
def _root_handlers_kept() -> Iterator[None]:
    """PyMarkdown adds a stdout handler to the root logger: without this, every message
    logged later (the build's warnings) would be printed beside the report."""
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
