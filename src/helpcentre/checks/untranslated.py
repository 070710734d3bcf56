"""Strings a translation still lacks: interface catalogues and texts of the data file."""

from __future__ import annotations

from helpcentre.checks.project import Project
from helpcentre.interface import InterfaceText, load_interface_text
from helpcentre.policies.model import load_policy_book
from helpcentre.problems import Problem, ProblemError


def untranslated_problems(project: Project) -> list[Problem]:
    return interface_problems(project) + data_text_problems(project)


def interface_problems(project: Project) -> list[Problem]:
    """Every source-catalogue string a translation lacks: an error (HC404), or a warning
    (HC405) while the language is in progress, as readers see the source text meanwhile."""
    folder = project.display(project.interface_dir)
    try:
        text = load_interface_text(project.interface_dir, folder, project.languages)
    except ProblemError:
        return []  # an unusable catalogue stops the build, which reports it with its place
    problems: list[Problem] = []
    for lang in project.languages.translations:
        code = "HC405" if lang in project.languages.in_progress else "HC404"
        if lang not in text.catalogues:
            problems.append(_no_catalogue(project, text, lang, folder, code))
            continue
        problems += [
            _missing_string(project, text, lang, key, folder, code) for key in text.missing(lang)
        ]
    return problems


def data_text_problems(project: Project) -> list[Problem]:
    """Texts of the data file that lack a language in progress (HC406)."""
    shown = project.display(project.data_file)
    try:
        book = load_policy_book(project.data_file, shown, project.languages)
    except ProblemError:
        return []  # the build reports every defect of the data file
    return [problem.with_code("HC406") for problem in book.untranslated]


def _missing_string(
    project: Project, text: InterfaceText, lang: str, key: str, folder: str, code: str
) -> Problem:
    path = text.path_of(lang, folder)
    if code == "HC405":
        message = (
            f"interface string '{key}' is not translated yet (add it to {path}; "
            f"{_meanwhile(project, lang)})"
        )
    else:
        message = (
            f"interface string '{key}' is missing (add it to {path}, or list '{lang}' in "
            "extra.helpcentre.languages_in_progress while it is being translated)"
        )
    return Problem(path, 1, 1, message, code)


def _no_catalogue(
    project: Project, text: InterfaceText, lang: str, folder: str, code: str
) -> Problem:
    """One line for a whole missing catalogue rather than one per string it should hold."""
    path = text.path_of(lang, folder)
    source = text.source_path()
    create = f"create {path} with the {len(text.missing(lang))} strings of {source}"
    if code == "HC405":
        message = f"no interface catalogue for {project.name(lang)} yet ({create}; "
        message += f"{_meanwhile(project, lang)})"
    else:
        message = f"no interface catalogue for {project.name(lang)} ({create})"
    return Problem(path, 1, 1, message, code)


def _meanwhile(project: Project, lang: str) -> str:
    source = project.name(project.languages.source)
    return f"{project.name(lang)} pages show the {source} text meanwhile"
