"""One way to build a site from Python, shared by the tests, the checks and the benchmarks."""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.problems import Problem, collecting_problems, record_problems

log = logging.getLogger("mkdocs.hooks.helpcentre.driver")


@dataclass
class BuildOutcome:
    """What a build left: its folder, everything MkDocs logged, and the located problems
    our code reported (errors and warnings), as objects."""

    site_dir: Path
    ok: bool = False
    records: list[logging.LogRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str = ""  # MkDocs' own message when the build stopped outside our code
    # A parallel build's language processes: each one's peak resident KB.
    worker_peaks_kb: list[int] = field(default_factory=list)

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [record.getMessage() for record in self.records if record.levelno >= level]


def load_site_config(root: Path, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml of a project as MkDocs reads it (plugins validated), quietly."""
    with _quiet_console():
        return load_config(config_file=str(root / "mkdocs.yml"), **overrides)


def build_site(
    root: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    dirty: bool = False,
    level: int = logging.DEBUG,
    command: str = "build",
    **overrides: Any,
) -> BuildOutcome:
    """Build the project in `root` into `site_dir` as `mkdocs build` would (`command`:
    "serve" for one build of a preview), from the project's folder; never raises for a
    failed build (see `ok`, `problems`, `error`)."""

    def whole_build(outcome: BuildOutcome) -> None:
        config = load_site_config(root, strict=strict, site_dir=str(site_dir), **overrides)
        run_build(config, command=command, dirty=dirty)

    return run_from(root, site_dir, whole_build, level=level)


def run_build(config: MkDocsConfig, *, command: str = "build", dirty: bool = False) -> None:
    """MkDocs' build of a loaded configuration, between the plugins' start and end."""
    config.plugins.on_startup(command=command, dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()


def run_from(
    root: Path,
    site_dir: Path,
    step: Callable[[BuildOutcome], None],
    *,
    level: int | None = logging.DEBUG,
) -> BuildOutcome:
    """Run `step` (a build, or a part of one) from the project's folder and tell how it
    went: never raises for a failed build. The problems our code reports are collected as
    objects; MkDocs' log records at `level` and above are kept (None: none)."""
    outcome = BuildOutcome(site_dir=site_dir)
    cwd = os.getcwd()
    with contextlib.ExitStack() as stack:
        if level is not None:
            stack.enter_context(_keeping_records(outcome.records, level))
        try:
            os.chdir(root)
            with collecting_problems() as problems:
                try:
                    step(outcome)
                    outcome.ok = True
                except Abort as stop:
                    outcome.error = str(stop)
                except BuildProblems as error:  # raised outside a build's events
                    record_problems(error.problems)
                    log.error(str(error))
                    outcome.error = "Aborted with a BuildError!"  # as MkDocs says it
                except (ConfigurationError, MkDocsException) as error:
                    outcome.error = str(error)
            outcome.problems += problems
        finally:
            os.chdir(cwd)
    return outcome


@contextlib.contextmanager
def _keeping_records(records: list[logging.LogRecord], level: int) -> Iterator[None]:
    """MkDocs' log records at `level` and above appended to `records` meanwhile."""
    collector = _Collect(records, level)
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    logger.addHandler(collector)
    logger.setLevel(min(logger.getEffectiveLevel(), level))
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous)


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], level: int) -> None:
        super().__init__(level)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _quiet_console() -> Iterator[None]:
    """MkDocs prints config warnings to stderr while loading; the caller reads them from
    the log instead."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield
