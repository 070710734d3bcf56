"""Editor problems as MkDocs sees them: a build error or a warning, one line each."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable

from mkdocs.exceptions import PluginError

from helpcentre.problems import Problem, record_problems


class BuildProblems(PluginError):
    """Stops the build with one line per problem; the problems travel with it as objects."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problem.text() for problem in self.problems))


def config_problem(
    message: str, key: str = "", config_file: str | None = None, value: str | None = None
) -> Problem:
    """A problem in mkdocs.yml, on the line of the setting `key` when it can be found (the
    line where it is set to `value`, when given: `locale: pt_BR` among a list's items)."""
    line, col = 1, 1
    if key and config_file and os.path.isfile(config_file):
        setting = rf"^(\s*(?:-\s+)?){re.escape(key)}\s*:"
        if value is not None:
            setting += rf"\s*['\"]?{re.escape(value)}['\"]?\s*(?:#.*)?$"
        pattern = re.compile(setting)
        with open(config_file, encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                match = pattern.match(text.rstrip("\n"))
                if match:
                    line, col = number, len(match.group(1)) + 1
                    break
    return Problem(os.path.basename(config_file or "mkdocs.yml"), line, col, message)


def environment_problem(message: str) -> Problem:
    """A problem in an environment variable: no file to point at."""
    return Problem("", 0, 0, message)


def warn(log: logging.Logger, problem: Problem) -> None:
    """A soft problem: logged as a warning (it fails strict builds) and collected."""
    log.warning(problem.text())
    record_problems([problem])
