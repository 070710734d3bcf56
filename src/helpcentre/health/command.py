"""`helpcentre health` (the health page) and `helpcentre reviewed FILE...` (a review done)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the commands import the project's machinery only when they run
    from helpcentre.checks.project import Project
    from helpcentre.health.report import HealthReport

HELP = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# The code of a value changing soon in an article not reviewed since the change was written.
UNREVIEWED_CODE = "HC926"
# The code of a teams file `helpcentre check` refuses (its owners show as ids meanwhile).
TEAMS_CODE = "HC921"


@click.command(context_settings=HELP)
@click.option("--html", "html_file", type=click.Path(path_type=Path), help="Write the page here.")
@click.option(
    "--json", "json_file", type=click.Path(path_type=Path), help="Write the JSON here ('-': out)."
)
@click.option(
    "--feedback",
    metavar="DB",
    envvar="HELPCENTRE_COLLECTOR_DB",
    help="The collector's database, read only: an SQLite file or a postgresql:// URL "
    "(default: $HELPCENTRE_COLLECTOR_DB, else none).",
)
@click.option(
    "--fail-on-unreviewed-changes",
    is_flag=True,
    help="Exit 1 when an article quoting a value that changes within 14 days has not been "
    "reviewed since the change was scheduled.",
)
def health(
    html_file: Path | None,
    json_file: Path | None,
    feedback: str | None,
    fail_on_unreviewed_changes: bool,
) -> None:
    """What to fix this week: reviews, changed values, translations, links and feedback."""
    from helpcentre.collector.store import StoreError
    from helpcentre.health.reader_signals import read_signals
    from helpcentre.health.render_html import as_html
    from helpcentre.health.render_json import as_json
    from helpcentre.health.report import gather

    project, today = _project()
    reader = None
    if feedback:
        try:
            reader = read_signals(feedback, project, today)
        except StoreError as error:
            _fail(f"--feedback: {error}")
    report = gather(project, today, reader)
    for problem in report.teams.problems:  # the page still helps; `check` fails on them
        click.echo(problem.with_code(TEAMS_CODE).text(), err=True)
    written = [(html_file, as_html), (json_file, as_json)]
    for target, render in written:
        if target is None:
            continue
        if str(target) == "-":
            click.echo(render(report), nl=False)
            continue
        try:
            target.write_text(render(report), encoding="utf-8")
        except OSError as error:
            _fail(f"{target}: cannot write ({error.strerror})")
    if html_file is None and json_file is None:
        _print_this_week(report)
    if fail_on_unreviewed_changes:
        late = report.unreviewed_changes
        annotate = os.environ.get("GITHUB_ACTIONS") == "true"
        for item in late:
            click.echo(f"{item.path}:{item.line}:1: {UNREVIEWED_CODE} {item.action}", err=True)
            if annotate:  # shown on the file in the run's summary
                message = item.action.replace("%", "%25").replace("\n", "%0A")
                click.echo(
                    f"::error file={item.path},line={item.line},title={UNREVIEWED_CODE}::{message}"
                )
        if late:
            _fail(f"{len(late)} article(s) to review before a value they quote changes")


@click.command(context_settings=HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def reviewed(files: tuple[Path, ...]) -> None:
    """Record today's date as the last review of source-language articles FILES."""
    project, today = _project()
    problems, done = [], []
    for file in files:
        try:
            done.append(_record_review(project, file, today))
        except ValueError as error:
            problems.append(str(error))
    for line in done:
        click.echo(line)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)


def _record_review(project: Project, file: Path, today: dt.date) -> str:
    from helpcentre.content.catalogue import PageKind, page_kind
    from helpcentre.content.sources import set_front_matter_key

    path = file if file.is_absolute() else Path.cwd() / file
    shown = project.display(path)
    source = project.docs_dir.resolve() / project.languages.source
    try:
        article_id = path.resolve().relative_to(source).as_posix()
    except ValueError:
        raise ValueError(
            f"{shown}:1:1: not an article of the source language (give docs/"
            f"{project.languages.source}/…; translations keep no review date)"
        ) from None
    if not path.is_file() or page_kind(article_id) != PageKind.ARTICLE:
        raise ValueError(f"{shown}:1:1: not an article (give a Markdown file of a collection)")
    text = path.read_text(encoding="utf-8")
    try:
        text = set_front_matter_key(text, "reviewed", today.isoformat())
    except ValueError as error:
        raise ValueError(f"{shown}:1:1: {error}") from None
    path.write_text(text, encoding="utf-8")
    return f"{shown}: reviewed on {today.isoformat()}"


def _project() -> tuple[Project, dt.date]:
    from mkdocs.exceptions import MkDocsException

    from helpcentre.checks.project import load_project
    from helpcentre.mkdocs.errors import BuildProblems
    from helpcentre.mkdocs.state import build_date
    from helpcentre.problems import ProblemError

    try:
        project = load_project(Path.cwd())
        return project, build_date(project.time_zone)
    except BuildProblems as error:
        lines = [p.text() for p in error.problems]
    except ProblemError as error:
        lines = [p.text() for p in error.problems]
    except MkDocsException as error:
        lines = [f"mkdocs.yml:1:1: {(str(error).strip().splitlines() or ['unreadable'])[0]}"]
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _print_this_week(report: HealthReport) -> None:
    click.echo(f"This week ({report.today.isoformat()}):")
    if not report.this_week:
        click.echo("  nothing to do")
    for number, item in enumerate(report.this_week, start=1):
        owner = item.owner or "no owner"
        where = f"{item.where}: " if item.path else ""
        click.echo(_printable(f"{number:>3}. {where}{item.action} [{owner}]"))


def _printable(text: str) -> str:
    """No terminal escape or control character from the database reaches the screen."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _fail(message: str) -> None:
    click.echo(f"helpcentre health: {message}", err=True)
    sys.exit(1)
