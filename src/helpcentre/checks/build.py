"""Strict build of every language, then the offline link checker (lychee) on the HTML."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from helpcentre.checks.project import Project
from helpcentre.mkdocs.engine import driver
from helpcentre.problems import Problem
from helpcentre.published_urls import PUBLISHED_URLS, gone_urls
from helpcentre.urls import output_page


def build_problems(project: Project, external: bool = False) -> list[Problem]:
    """Build into a temporary folder; report the build's errors and warnings, then the
    links and published URLs of the site built."""
    with tempfile.TemporaryDirectory(prefix="helpcentre-check-") as site_dir:
        with _off_the_console():
            # Only warnings and errors are read: no need to record MkDocs' debug chatter.
            outcome = driver.build_site(
                project.root, Path(site_dir), strict=True, level=logging.WARNING
            )
        problems = outcome_problems(outcome, project)
        # Only a site that built is checked further: a failed one lacks pages.
        if outcome.ok and not problems:
            problems += link_problems(project, Path(site_dir), external)
            problems += published_url_problems(project, Path(site_dir))
    return problems


def published_url_problems(project: Project, site_dir: Path) -> list[Problem]:
    """Every URL of `published-urls.txt` the site built here no longer serves (HC203); a
    site without the list (a new one) has nothing to keep."""
    list_file = project.root / PUBLISHED_URLS
    if not list_file.is_file():
        return []
    display = project.display(list_file)
    return gone_urls(site_dir, list_file, display, project.languages, project.root)


def outcome_problems(outcome: driver.BuildOutcome, project: Project) -> list[Problem]:
    """Our code's problems as reported; MkDocs' own warnings located when they name a page;
    anything else on mkdocs.yml, so that no failure goes unsaid."""
    problems = [p if p.code else p.with_code("HC101") for p in outcome.problems]
    # MkDocs logs our errors once more (once per nested language build): already counted.
    ours = {p.text() for p in outcome.problems}
    for record in outcome.records:
        if record.levelno < logging.WARNING:
            continue
        message = record.getMessage()
        if _NO_DETAIL.match(message):
            continue  # "Error reading page 'x':" comes with the error that says more
        lines = [line for line in message.splitlines() if line and line not in ours]
        if lines:
            problems.append(_from_message(lines[0], project))
    if not outcome.ok and not problems:
        problems.append(_unlocated(outcome.error or "the build failed without saying why"))
    return problems


@contextmanager
def _off_the_console() -> Iterator[None]:
    """Every build message becomes one report line: keep MkDocs' records from reaching
    whatever handlers the process has (they would print each one a second time)."""
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = propagate


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
    """The Markdown file a built page comes from: its own language's file, or the source
    language's file for a page served untranslated."""
    lang, rest = output_page(html_path, project.languages)
    stem = rest.removesuffix("index.html").rstrip("/")
    for folder in dict.fromkeys((lang, project.languages.source)):
        for candidate in (f"{stem}.md", f"{stem}/index.md" if stem else "index.md"):
            path = project.docs_dir / folder / candidate
            if path.is_file():
                return path
    return None


def _from_message(message: str, project: Project) -> Problem:
    """A message MkDocs logged: a link warning located in its page, anything else on
    mkdocs.yml."""
    link = _LINK_WARNING.match(message)
    if link is None:
        return _unlocated(message)
    src_uri, target = link.groups()
    path = project.docs_dir / src_uri
    lang, _, article_id = src_uri.partition("/")
    source = project.docs_dir / project.languages.source / article_id
    found = _find_target(path, target)
    if found is None and lang != project.languages.source and source.is_file():
        # A pending translation shows its source's text: the link is written there.
        found = _find_target(source, target)
        path = source if found is not None else path
    line, col = found or (1, 1)
    return Problem(project.display(path), line, col, _link_message(message), "HC201")


def _unlocated(message: str) -> Problem:
    first = (message.strip().splitlines() or [""])[0]
    return Problem("mkdocs.yml", 1, 1, first, "HC101")


def _find_target(path: Path, target: str) -> tuple[int, int] | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    for prefix in ("](", '"', ""):
        for number, line in enumerate(text.split("\n"), start=1):
            col = line.find(prefix + target)
            if col >= 0:
                return number, col + 1 + len(prefix)
    return None


def _link_message(message: str) -> str:
    """MkDocs' wording without the file name (the line already says where)."""
    text = re.sub(r"^Doc file '[^']+' contains ", "", message.splitlines()[0])
    return text[0].upper() + text[1:] if text else message


_NO_DETAIL = re.compile(r"^Error (?:reading|building) page '[^']*':$")
_LINK_WARNING = re.compile(
    r"^Doc file '([^']+)' contains (?:a|an absolute|an unrecognized "
    r"relative) link(?: to)? '([^']+)'"
)
