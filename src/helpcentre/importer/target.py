"""The site an import writes into: its pages, languages and data file."""

from __future__ import annotations

from pathlib import Path

from helpcentre.checks.project import Project, load_project
from helpcentre.importer.facts import FactFinder
from helpcentre.importer.saved import SourceError
from helpcentre.mkdocs.engine import driver
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.settings import read_settings
from helpcentre.policies.model import PolicyDataError, load_policy_book
from helpcentre.problems import ProblemError


def load_target(root: Path) -> tuple[Project, FactFinder]:
    """The site in `root` and the values of its data file (none: no facts replaced)."""
    if not (root / "mkdocs.yml").is_file():
        raise SourceError(
            f"{root} has no mkdocs.yml: run it in a site's folder (or helpcentre -C SITE import)"
        )
    try:
        project = load_project(root)
        config = driver.load_site_config(root)
        settings = read_settings(config.extra, config.config_file_path)
    except (BuildProblems, ProblemError) as error:
        raise SourceError(str(error.problems[0].text())) from None
    book = None
    if project.data_file.is_file():
        try:
            book = load_policy_book(
                project.data_file, project.display(project.data_file), project.languages
            )
        except PolicyDataError:
            book = None  # the build says what is wrong with it; values are left as text
    return project, FactFinder(book, dict(settings.formatting_locales))
