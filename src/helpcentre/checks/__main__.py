"""The editors' commands behind `helpcentre check|impact|new-article|translation-done`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from mkdocs.exceptions import MkDocsException

from helpcentre.checks.project import Project, load_project
from helpcentre.checks.report import print_report, unique
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.problems import Problem, ProblemError


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    root = Path(args.root).resolve()
    try:
        project = load_project(root)
    except MkDocsException as error:
        # No command can run on a project whose mkdocs.yml the build would refuse.
        return print_report(_configuration_problems(error), out)
    except ProblemError as error:  # a Markdown file that cannot be read
        return print_report([p if p.code else p.with_code("HC101") for p in error.problems], out)
    if args.command in (None, "check"):
        return _check(project, getattr(args, "external", False), out)
    if args.command == "impact":
        return _impact(project, args.keys, args.changed, args.base, out)
    from helpcentre.checks.editing import EditError, new_article, translation_done

    try:
        if args.command == "new-article":
            for path in new_article(project, args.article, args.title):
                out.write(f"created {path}\n")
        else:
            for file in args.files:
                out.write(translation_done(project, Path(file)) + "\n")
    except EditError as error:
        out.write(f"{error}\n")
        return 1
    return 0


def _configuration_problems(error: MkDocsException) -> list[Problem]:
    if isinstance(error, BuildProblems):
        return [p if p.code else p.with_code("HC101") for p in error.problems]
    first = (str(error).strip().splitlines() or ["mkdocs.yml cannot be read"])[0]
    return [Problem("mkdocs.yml", 1, 1, first, "HC101")]


def _check(project: Project, external: bool, out: TextIO) -> int:
    from helpcentre.checks.build import build_problems
    from helpcentre.checks.content import content_problems
    from helpcentre.checks.lint import lint_problems
    from helpcentre.checks.reviews import review_problems
    from helpcentre.checks.schedule import schedule_problems
    from helpcentre.checks.search import search_problems
    from helpcentre.checks.untranslated import untranslated_problems

    problems = content_problems(project)
    problems += untranslated_problems(project)
    problems += lint_problems(project)
    problems += schedule_problems(project)
    problems += review_problems(project)
    problems += search_problems(project)
    problems += build_problems(project, external)
    return print_report(unique(problems), out)


def _impact(project: Project, keys: list[str], changed: bool, base: str | None, out: TextIO) -> int:
    from helpcentre.checks.impact import changed_keys, known_keys, schedules, usages

    status = 0
    if changed:
        keys, where = changed_keys(project, base)
        out.write(f"policy keys changed ({where}): {', '.join(keys) or 'none'}\n")
    known = known_keys(project)
    values = schedules(project, [key for key in keys if key in known])
    for key in keys:
        found = usages(project, key)
        for line in found:
            out.write(line + "\n")
        if key not in known and not changed:
            out.write(f"{key}: not a policy key of the data file\n")
            status = 1
        else:
            out.write(f"{key}: used in {len(found)} place(s)\n")
        if key in values:
            out.write(values[key] + "\n")
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpcentre.checks", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (default: .)")
    commands = parser.add_subparsers(dest="command")
    check = commands.add_parser("check", help="run every check (the default)")
    check.add_argument(
        "--external", action="store_true", help="also check links to other sites (needs internet)"
    )
    impact = commands.add_parser("impact", help="list the articles that quote policy keys")
    impact.add_argument("keys", nargs="*", help="e.g. cancellation.notice_period")
    impact.add_argument(
        "--changed", action="store_true", help="the keys changed in the data file since --base"
    )
    impact.add_argument("--base", help="git revision to compare with")
    new = commands.add_parser("new-article", help="create an article and its pending stubs")
    new.add_argument("article", help="<collection>/<slug>, e.g. facturation/changer-de-banque")
    new.add_argument("--title", help="the article's title (default: from the slug)")
    done = commands.add_parser(
        "translation-done", help="record that translations match their source now"
    )
    done.add_argument("files", nargs="+", help="translated files, e.g. docs/en/x/y.md")
    return parser


if __name__ == "__main__":
    sys.exit(main())
