"""Strict build of every language, then the offline link checker (lychee) on the HTML."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.commands.build import build
from mkdocs.exceptions import Abort, MkDocsException

from checks.project import Project, load_mkdocs_config
from source_lines import Problem


def build_problems(project: Project, external: bool = False) -> list[Problem]:
    """Build into a temporary folder; report the build's errors and warnings, then links."""
    with tempfile.TemporaryDirectory(prefix="helpcentre-check-") as site_dir:
        problems, built = _strict_build(project, Path(site_dir))
        if built:
            problems += link_problems(project, Path(site_dir), external)
    return problems


def _strict_build(project: Project, site_dir: Path) -> tuple[list[Problem], bool]:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    # Keep MkDocs' own console output out of the report: every warning becomes one line.
    logger.propagate = False
    quiet = [h for h in logger.handlers if h is not handler]
    for h in quiet:
        logger.removeHandler(h)
    cwd = os.getcwd()
    problems: list[Problem] = []
    built = False
    try:
        os.chdir(project.root)
        config = load_mkdocs_config(project.root, strict=True, site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
            built = True
        finally:
            config.plugins.on_shutdown()
    except Abort:
        pass  # MkDocs logged the errors and warnings that made it stop: reported below
    except MkDocsException as error:
        problems += [_from_line(line, project) for line in str(error).splitlines() if line]
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
        for h in quiet:
            logger.addHandler(h)
        logger.setLevel(level)
        logger.propagate = propagate
    for record in handler.records:
        message = record.getMessage()
        if _NO_DETAIL.match(message):
            continue  # "Error reading page 'x':" comes with the error that says more
        lines = message.splitlines() or [""]
        located = all(_LOCATED.match(line) for line in lines)
        problems += [_from_line(line, project) for line in (lines if located else lines[:1])]
    return problems, built and not handler.records


def link_problems(project: Project, site_dir: Path, external: bool) -> list[Problem]:
    """Broken links and anchors in the built HTML, located in the Markdown they came from."""
    lychee = Path(sys.executable).with_name("lychee")
    command = [
        str(lychee) if lychee.exists() else "lychee",
        "--no-progress",
        "--format",
        "json",
        "--mode",
        "plain",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site_dir.resolve()),
        "--exclude-path",
        r"(^|/)assets/",
        "--exclude-path",
        r"(^|/)search/",
        "**/*.html",
    ]
    if not external:
        command.insert(1, "--offline")
    result = subprocess.run(
        command, cwd=site_dir, capture_output=True, text=True, timeout=600, check=False
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return [Problem("mkdocs.yml", 1, 1, f"the link checker failed: {tail}", "HC201")]
    problems = []
    for html_path, failures in sorted(report.get("error_map", {}).items()):
        for failure in failures:
            url = failure.get("url", "")
            code = "HC201" if url.startswith("file:") else "HC202"
            status = (failure.get("status") or {}).get("text", "broken")
            problems.append(_locate_link(project, site_dir, html_path, url, status, code))
    return problems


def _locate_link(
    project: Project, site_dir: Path, html_path: str, url: str, status: str, code: str
) -> Problem:
    """Point at the link in the Markdown source of the page (the page's first line when the
    link comes from a template)."""
    source = _source_of(project, html_path)
    parts = urlsplit(url)
    if parts.scheme == "file":
        local = unquote(parts.path)
        shown = os.path.relpath(local, site_dir.resolve()) if local.startswith("/") else local
        if parts.fragment:
            shown = "" if shown == os.path.relpath(site_dir / html_path, site_dir) else shown
            shown += f"#{parts.fragment}"
    else:
        shown = url
    message = f"broken link '{shown}' in the built page {html_path.removeprefix('./')}: {status}"
    if source is None:
        return Problem(project.display(site_dir / html_path), 1, 1, message, code)
    needle = parts.fragment if parts.fragment else Path(unquote(parts.path)).name
    text = source.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        col = line.find(needle) if needle else -1
        if col >= 0:
            return Problem(project.display(source), number, col + 1, message, code)
    return Problem(project.display(source), 1, 1, message, code)


def _source_of(project: Project, html_path: str) -> Path | None:
    relative = html_path.removeprefix("./")
    lang = relative.split("/")[0]
    if lang not in project.languages[1:]:
        lang, rest = project.source_lang, relative
    else:
        rest = relative[len(lang) + 1 :]
    stem = rest.removesuffix("index.html").rstrip("/")
    for candidate in (f"{stem}.md", f"{stem}/index.md" if stem else "index.md"):
        path = project.docs_dir / lang / candidate
        if path.is_file():
            return path
    return None


def _from_line(message: str, project: Project) -> Problem:
    """A build message as a problem: `path:line:col: text` as is, MkDocs' link warnings
    located in their page, anything else on mkdocs.yml."""
    located = _LOCATED.match(message)
    if located:
        path, line, col, text = located.groups()
        return Problem(path, int(line), int(col), text, "HC101")
    link = _LINK_WARNING.match(message)
    if link:
        src_uri, target = link.groups()
        path = project.docs_dir / src_uri
        line, col = _find_target(path, target)
        return Problem(project.display(path), line, col, _link_message(message), "HC201")
    return Problem("mkdocs.yml", 1, 1, message.splitlines()[0], "HC101")


def _find_target(path: Path, target: str) -> tuple[int, int]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 1, 1
    for prefix in ("](", '"', ""):
        for number, line in enumerate(text.split("\n"), start=1):
            col = line.find(prefix + target)
            if col >= 0:
                return number, col + 1 + len(prefix)
    return 1, 1


def _link_message(message: str) -> str:
    """MkDocs' wording without the file name (the line already says where)."""
    text = re.sub(r"^Doc file '[^']+' contains ", "", message.splitlines()[0])
    return text[0].upper() + text[1:] if text else message


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_NO_DETAIL = re.compile(r"^Error (?:reading|building) page '[^']*':$")
_LOCATED = re.compile(r"^(\S[^:\n]*):(\d+):(\d+): (.*)$")
_LINK_WARNING = re.compile(
    r"^Doc file '([^']+)' contains (?:a|an absolute|an unrecognized "
    r"relative) link(?: to)? '([^']+)'"
)
