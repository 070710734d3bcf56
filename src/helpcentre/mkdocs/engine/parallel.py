"""The site built with one process per language, then the site-wide outputs written once.

The parent reads mkdocs.yml and the site's inputs (data file, catalogues, git dates)
once, then forks one process per language (at most `jobs` at a time). Each renders its
language into a folder of its own (helpcentre.mkdocs.engine.parts) and has Pagefind index it
there, so the languages are indexed side by side too. The parent then joins the indexes,
moves the folders into the site and writes what spans languages: 404 pages, redirects,
sitemap, search files, feedback manifest and build-info.json.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import resource
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from helpcentre.mkdocs import i18n
from helpcentre.mkdocs.engine import parts
from helpcentre.mkdocs.engine.driver import BuildOutcome, load_site_config, run_build, run_from
from helpcentre.mkdocs.engine.parts import LanguagePart
from helpcentre.mkdocs.entry import hooks_of
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.outputs import feedback, search
from helpcentre.mkdocs.outputs.site_wide import write_site_wide
from helpcentre.mkdocs.state import SiteBuild, start_site_build
from helpcentre.problems import Problem, collected_texts

log = logging.getLogger("mkdocs.hooks.helpcentre.parallel")
PARTS_SUFFIX = ".parts"
PART_FILE = "hc-part.pickle"  # beside a language's pages: what it gives the site step
PART_INDEX = "hc-pagefind"  # beside a language's pages: Pagefind's index of them


@dataclass
class LanguageResult:
    """What a language process sends back: its log, its problems and its part."""

    lang: str
    ok: bool
    error: str = ""
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # those that stopped it, not yet said
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
    site_dir = site_dir.resolve()
    return _outcome(root, site_dir, lambda o: _build(root, site_dir, strict, jobs, level, o))


def build_language_part(
    root: Path, lang: str, part_dir: Path, *, strict: bool = True, level: int = logging.DEBUG
) -> BuildOutcome:
    """One language's part, in this process, into `part_dir`: its pages and a file with
    what it gives the site-wide outputs (`assemble_parts` joins the parts). On separate
    machines (a CI matrix), every machine builds one language from the same commit."""
    part_dir = part_dir.resolve()
    return _outcome(root, part_dir, lambda o: _build_part(root, lang, part_dir, strict, level, o))


def assemble_parts(
    root: Path, site_dir: Path, part_dirs: list[Path], *, level: int = logging.DEBUG
) -> BuildOutcome:
    """The site from every language's part (`build_language_part`), built from this
    commit: the folders moved into `site_dir`, the site-wide outputs written once."""
    site_dir = site_dir.resolve()
    return _outcome(root, site_dir, lambda o: _assemble_parts(root, site_dir, part_dirs, o))


def _outcome(root: Path, site_dir: Path, step: Callable[[BuildOutcome], None]) -> BuildOutcome:
    """`run_from`, the language processes' log already in the outcome; a problem of the
    shared inputs (data file, mkdocs.yml) reported by every process is said once."""
    outcome = run_from(root, site_dir, step, level=None)
    outcome.problems = _unique(outcome.problems)
    return outcome


def _read_inputs(root: Path, site_dir: Path, strict: bool = True) -> tuple[MkDocsConfig, SiteBuild]:
    config = load_site_config(root, strict=strict, site_dir=str(site_dir))
    i18n.quiet_preview_log()  # each language's configuration dump, once per process
    site = start_site_build(config, feedback.build_id)  # problems here: reported once
    feedback.say_when_off(site)
    return config, site


def _build(
    root: Path, site_dir: Path, strict: bool, jobs: int | None, level: int, outcome: BuildOutcome
) -> None:
    config, site = _read_inputs(root, site_dir, strict)
    mode = hooks_of(config).parts
    mode.prepare(site)
    folder = site_dir.with_name(site_dir.name + PARTS_SUFFIX)
    shutil.rmtree(folder, ignore_errors=True)
    languages = site.languages.all
    workers = max(1, min(jobs or os.cpu_count() or 1, len(languages)))
    joined: list[LanguagePart] = []
    errors: list[Problem] = []
    clearing: threading.Thread | None = None
    try:
        for result in _language_processes(config, languages, folder, level, workers):
            _take_log(result, outcome)
            errors += result.errors
            if result.part is not None:
                joined.append(result.part)
        failed = [lang for lang in languages if lang not in {p.lang for p in joined}]
        if failed:
            _say_errors(errors)
            raise Abort(outcome.error or f"the build of {', '.join(failed)} failed")
        _assemble_with_index(site, {lang: folder / lang for lang in languages}, site_dir, folder)
        # The last site and the parts' leftovers go while the site-wide files are written.
        clearing = threading.Thread(target=shutil.rmtree, args=(folder, True))
        clearing.start()
        _write_site_outputs(site, config, site_dir, joined)
    finally:
        mode.prepare_nothing()
        if clearing is not None:
            clearing.join()
        shutil.rmtree(folder, ignore_errors=True)


def _language_processes(
    config: MkDocsConfig, languages: tuple[str, ...], folder: Path, level: int, workers: int
) -> Iterator[LanguageResult]:
    """One forked process per language, `workers` at a time; their results as they end.
    Every process starts from this one's state, before any build ran in it (a process
    never builds twice: static-i18n keeps the last language built in its plugin). A
    forked process is handed `config` as it is here, not pickled: it holds the hooks,
    whose prepared site build it starts from."""
    context = multiprocessing.get_context("fork")
    waiting = list(languages)
    running: dict[Connection, tuple[BaseProcess, str]] = {}
    while waiting or running:
        while waiting and len(running) < workers:
            lang = waiting.pop(0)
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(
                target=_render_in_child, args=(config, lang, str(folder / lang), level, sending)
            )
            process.start()
            sending.close()
            running[receiving] = (process, lang)
        for ready in wait(list(running)):
            assert isinstance(ready, Connection)
            process, lang = running.pop(ready)
            try:
                result: LanguageResult = ready.recv()
            except EOFError:  # the process died without a word (killed, out of memory)
                result = LanguageResult(lang, ok=False)
            process.join()
            ready.close()
            if not result.ok and not result.error:
                result.error = f"the process building '{lang}' stopped (exit {process.exitcode})"
            yield result


def _render_in_child(
    config: MkDocsConfig, lang: str, part_dir: str, level: int, sending: Connection
) -> None:
    try:
        result = _render_language(config, lang, part_dir, level)
    except BaseException as error:  # a fault in the code: its trace, for who fixes it
        log.error("the build of '%s' stopped on an unexpected error", lang, exc_info=error)
        result = LanguageResult(lang, ok=False, error=f"{type(error).__name__}: {error}")
    sending.send(result)
    sending.close()


def _build_part(
    root: Path, lang: str, part_dir: Path, strict: bool, level: int, outcome: BuildOutcome
) -> None:
    config, site = _read_inputs(root, part_dir, strict)
    if lang not in site.languages.all:
        known = ", ".join(site.languages.all)
        raise Abort(f"--language {lang}: not a language of mkdocs.yml (languages: {known})")
    mode = hooks_of(config).parts
    mode.prepare(site)
    shutil.rmtree(part_dir, ignore_errors=True)
    try:
        result = _render_language(config, lang, str(part_dir), level, keep_log=False)
    finally:
        mode.prepare_nothing()
    _take_log(result, outcome)
    if result.part is None:
        _say_errors(result.errors)
        raise Abort(outcome.error or f"the build of '{lang}' failed")
    # Read back by `assemble` from the same commit's code: the operator's own CI files.
    (part_dir / PART_FILE).write_bytes(pickle.dumps(result.part))


def _assemble_parts(
    root: Path, site_dir: Path, part_dirs: list[Path], outcome: BuildOutcome
) -> None:
    config, site = _read_inputs(root, site_dir)
    joined: dict[str, LanguagePart] = {}
    folders: dict[str, Path] = {}
    for folder in part_dirs:
        file = folder / PART_FILE
        if not file.is_file():
            raise Abort(f"{folder}: no {PART_FILE} (build it with --language LANG --part-dir)")
        try:
            part = pickle.loads(file.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            part = None  # damaged, or written by other code than this commit's
        if not isinstance(part, LanguagePart):
            raise Abort(f"{file}: not a part this commit built (build it again: --language)")
        if part.lang in joined:
            raise Abort(f"{file}: a second part for '{part.lang}' (give one per language)")
        joined[part.lang], folders[part.lang] = part, folder.resolve()
    missing = [lang for lang in site.languages.all if lang not in joined]
    if missing:
        raise Abort(f"no part for {', '.join(missing)} (every language of mkdocs.yml is needed)")
    aside = site_dir.with_name(site_dir.name + PARTS_SUFFIX)
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    try:
        _assemble_with_index(site, folders, site_dir, aside)
        _write_site_outputs(site, config, site_dir, list(joined.values()))
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _render_language(
    config: MkDocsConfig, lang: str, part_dir: str, level: int, keep_log: bool = True
) -> LanguageResult:
    """In a forked process (or this one): build every language, rendering `lang` only,
    into `part_dir`, and index its pages with Pagefind (`keep_log`: send the log records
    back, another process shows them)."""
    mode = hooks_of(config).parts
    config["site_dir"] = part_dir
    held = _HeldErrors()
    with mode.rendering_only(lang), held.on_the_console():
        outcome = run_from(
            Path.cwd(),
            Path(part_dir),
            lambda _: run_build(config),
            level=level if keep_log else None,
        )
        part = mode.take()
    # Pagefind's failure (its binary missing, say) fails the language: its message is
    # the one line the parent shows.
    unindexed = _index_part(Path(part_dir)) if outcome.ok and part is not None else []
    ok = outcome.ok and part is not None and not unindexed
    return LanguageResult(
        lang,
        ok=ok,
        error=outcome.error or "; ".join(problem.text() for problem in unindexed),
        records=[_plain(record) for record in outcome.records],
        problems=outcome.problems,
        errors=[problem for problem in outcome.problems if problem.text() in held.lines],
        part=part if ok else None,
        peak_kb=_peak_with_helpers_kb(),
    )


class _HeldErrors(logging.Filter):
    """Keeps a language build's error lines that are located problems off the console:
    the process that started the build says every language's at once, sorted, each once
    (`_say_errors`); the other lines show as they come."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: set[str] = set()

    @contextlib.contextmanager
    def on_the_console(self) -> Iterator[None]:
        handlers = list(logging.getLogger("mkdocs").handlers)
        for handler in handlers:
            handler.addFilter(self)
        try:
            yield
        finally:
            for handler in handlers:
                handler.removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        lines = record.getMessage().splitlines()
        # Our code records its problems before they are logged (`on_build_error`).
        if not lines or not set(lines) <= collected_texts():
            return True
        self.lines.update(lines)
        return False


def _say_errors(errors: list[Problem]) -> None:
    """The problems that stopped the language builds, sorted, each once."""
    for problem in sorted(_unique(errors), key=lambda p: (p.path, p.line, p.col, p.message)):
        log.error(problem.text())


def _peak_with_helpers_kb() -> int:
    """This process's peak resident memory plus its largest helper's (the Pagefind
    binary, run while it waited): an upper bound of what the two held at once."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _index_part(part_dir: Path) -> list[Problem]:
    """Pagefind's index of one language's pages, into the part (problems, not raised)."""
    try:
        search.run_pagefind(part_dir, part_dir / PART_INDEX)
    except BuildProblems as error:
        return error.problems
    return []


def _assemble_with_index(
    site: SiteBuild, folders: dict[str, Path], site_dir: Path, aside: Path
) -> None:
    """`_assemble`, the languages' Pagefind indexes joined into the site's."""
    index = aside / "pagefind"
    indexes = [folders[lang] / PART_INDEX for lang in site.languages.all]
    search.merge_pagefind_indexes(indexes, index)
    for folder in indexes:
        shutil.rmtree(folder)
    _assemble(site, folders, site_dir, aside)
    os.replace(index, site_dir / "pagefind")


def _assemble(site: SiteBuild, folders: dict[str, Path], site_dir: Path, aside: Path) -> None:
    """The source language's folder becomes the site; every other language's folder
    (`en/`, ...) moves into it. The last site moves aside (a folder to be removed)."""
    if site_dir.exists():
        os.replace(site_dir, aside / "last-site")
    source = site.languages.source
    (folders[source] / PART_FILE).unlink(missing_ok=True)
    shutil.move(folders[source], site_dir)
    for lang in site.languages.all:
        if lang == source:
            continue
        prefix = site.languages.prefix(lang).strip("/")
        target = site_dir / prefix
        if target.exists():
            shutil.rmtree(target)
        shutil.move(folders[lang] / prefix, target)  # a rename on one file system


def _write_site_outputs(
    site: SiteBuild, config: MkDocsConfig, site_dir: Path, joined: list[LanguagePart]
) -> None:
    for part in sorted(joined, key=lambda p: site.languages.all.index(p.lang)):
        parts.join(site, part)
    config["site_dir"] = str(site_dir)
    prepared = [part.search for part in joined if part.search is not None]
    write_site_wide(site, config, searches=prepared)


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
