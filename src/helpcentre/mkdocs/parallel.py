"""The site built with one process per language, then the site-wide outputs written once.

The parent reads mkdocs.yml and the site's inputs (data file, catalogues, git dates)
once, then forks one process per language (at most `jobs` at a time). Each renders its
language into a folder of its own (helpcentre.mkdocs.parts) while the parent hands every
finished folder to Pagefind, so one language is indexed while another still renders.
The parent then moves the folders into the site and writes what spans languages: 404
pages, redirects, sitemap, search index and files, feedback manifest and build-info.json.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import shutil
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from helpcentre.mkdocs import build_info, feedback, i18n, parts, search, seo
from helpcentre.mkdocs.driver import BuildOutcome, load_site_config
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.parts import LanguagePart
from helpcentre.mkdocs.state import SiteBuild, start_site_build
from helpcentre.problems import Problem, collecting_problems, record_problems

log = logging.getLogger("mkdocs.hooks.helpcentre.parallel")
PARTS_SUFFIX = ".parts"

# The configuration the language processes build with: set before they are forked.
_config: MkDocsConfig | None = None


@dataclass
class LanguageResult:
    """What a language process sends back: its log, its problems and its part."""

    lang: str
    ok: bool
    error: str = ""
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    part: LanguagePart | None = None
    peak_kb: int = 0


def build_in_parallel(
    root: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    jobs: int | None = None,
    level: int = logging.DEBUG,
) -> BuildOutcome:
    """Build the project in `root` into `site_dir`, languages side by side (`jobs`
    processes; default one per language, at most one per core). Never raises for a
    failed build: see the outcome."""
    outcome = BuildOutcome(site_dir=site_dir)
    cwd = os.getcwd()
    try:
        os.chdir(root)
        with collecting_problems() as problems:
            try:
                _build(root, site_dir.resolve(), strict, jobs, level, outcome)
            except Abort as stop:
                outcome.error = str(stop)
            except BuildProblems as error:  # in the inputs read before any process started
                record_problems(error.problems)
                log.error(str(error))
                outcome.error = "Aborted with a BuildError!"  # as MkDocs says it
            except (ConfigurationError, MkDocsException) as error:
                outcome.error = str(error)
        outcome.problems = _unique(outcome.problems + problems)
    finally:
        os.chdir(cwd)
    return outcome


def _build(
    root: Path, site_dir: Path, strict: bool, jobs: int | None, level: int, outcome: BuildOutcome
) -> None:
    global _config
    config = load_site_config(root, strict=strict, site_dir=str(site_dir))
    i18n.quiet_preview_log()  # each language's configuration dump, once per process
    site = start_site_build(config, feedback.build_id)  # problems here: reported once
    feedback.say_when_off(site)
    parts.prepare(site)
    folder = site_dir.with_name(site_dir.name + PARTS_SUFFIX)
    shutil.rmtree(folder, ignore_errors=True)
    languages = site.languages.all
    workers = max(1, min(jobs or os.cpu_count() or 1, len(languages)))
    _config = config
    joined: list[LanguagePart] = []
    try:
        with (
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool,
            search.PagefindRun(site_dir / "pagefind") as pagefind,
        ):
            running: dict[Future[LanguageResult], str] = {
                pool.submit(_render_language, lang, str(folder / lang), level): lang
                for lang in languages
            }
            for done in as_completed(running):
                result = done.result()
                _take_log(result, outcome)
                if result.part is not None:
                    joined.append(result.part)
                    pagefind.add(folder / result.lang)  # indexed while the others render
            failed = [lang for lang in languages if lang not in {p.lang for p in joined}]
            if failed:
                raise Abort(outcome.error or f"the build of {', '.join(failed)} failed")
            pagefind.wait()
            _assemble(site, folder, site_dir)
            pagefind.write()
        _write_site_outputs(site, config, site_dir, joined)
        outcome.ok = True
    finally:
        _config = None
        parts.prepare_nothing()
        shutil.rmtree(folder, ignore_errors=True)


def _render_language(lang: str, part_dir: str, level: int) -> LanguageResult:
    """In a forked process: build every language, rendering `lang` only, into `part_dir`."""
    config = _config
    assert config is not None, "set before the processes are forked"
    config["site_dir"] = part_dir
    records: list[logging.LogRecord] = []
    handler = _Keep(records, level)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(min(logger.getEffectiveLevel(), level))
    result = LanguageResult(lang, ok=False)
    with parts.rendering_only(lang), collecting_problems() as problems:
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            result.part = parts.take()
            result.ok = result.part is not None
        except Abort as stop:
            result.error = str(stop)
        except (ConfigurationError, MkDocsException) as error:
            result.error = str(error)
    logger.removeHandler(handler)
    result.problems = list(problems)
    result.peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.records = [_plain(record) for record in records]
    return result


def _assemble(site: SiteBuild, folder: Path, site_dir: Path) -> None:
    """The source language's folder becomes the site; every other language's folder
    (`en/`, ...) moves into it."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    source = site.languages.source
    os.replace(folder / source, site_dir)
    for lang in site.languages.all:
        if lang == source:
            continue
        prefix = site.languages.prefix(lang).strip("/")
        target = site_dir / prefix
        if target.exists():
            shutil.rmtree(target)
        os.replace(folder / lang / prefix, target)


def _write_site_outputs(
    site: SiteBuild, config: MkDocsConfig, site_dir: Path, joined: list[LanguagePart]
) -> None:
    for part in sorted(joined, key=lambda p: site.languages.all.index(p.lang)):
        parts.join(site, part)
    config["site_dir"] = str(site_dir)
    seo.write_site_outputs(site, config)
    prepared = [part.search for part in joined if part.search is not None]
    search.write_search_index(site_dir, prepared, indexed=True)
    feedback.write_manifest(site, config)
    build_info.write_build_info(site, config)


def _take_log(result: LanguageResult, outcome: BuildOutcome) -> None:
    outcome.records += [logging.makeLogRecord(record) for record in result.records]
    outcome.problems += result.problems
    outcome.worker_peaks_kb.append(result.peak_kb)
    if not result.ok and not outcome.error:
        outcome.error = result.error or f"the build of '{result.lang}' failed"


def _plain(record: logging.LogRecord) -> dict[str, Any]:
    """A log record that crosses processes: its text, not its arguments."""
    return {
        "name": record.name,
        "levelno": record.levelno,
        "levelname": record.levelname,
        "msg": record.getMessage(),
    }


def _unique(problems: list[Problem]) -> list[Problem]:
    """Problems of the shared inputs (data file, mkdocs.yml) come from every process."""
    seen: set[str] = set()
    kept = []
    for problem in problems:
        if problem.text() not in seen:
            seen.add(problem.text())
            kept.append(problem)
    return kept


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], level: int) -> None:
        super().__init__(level)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
