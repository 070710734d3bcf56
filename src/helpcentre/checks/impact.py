"""Which articles quote a policy key, and which keys a change to the data file touches."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from helpcentre.checks.project import MESSAGES_LANGUAGE, MarkdownPage, Project
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.state import build_date
from helpcentre.policies.markers import Marker, MarkerSyntaxError, find_markers
from helpcentre.policies.model import load_policy_book
from helpcentre.problems import ProblemError
from helpcentre.schedule import describe_schedule


def usages(project: Project, key: str) -> list[str]:
    """`path:line:col: key` for every marker of `key` (or one of its fields), all languages."""
    lines = []
    for page, marker in _markers_of(project, key):
        line = page.source.body_line + marker.line - 1
        lines.append(f"{page.display}:{line}:{marker.col}: {marker.key}")
    return lines


def quoting_pages(project: Project, key: str) -> list[MarkdownPage]:
    """The pages, in every language, whose text quotes `key` (or one of its fields)."""
    pages: list[MarkdownPage] = []
    for page, _ in _markers_of(project, key):
        if page not in pages:
            pages.append(page)
    return pages


def schedules(project: Project, keys: list[str]) -> dict[str, str]:
    """`key: 30 days now; 60 days from 2027-03-01` for each key of the data file: the value
    in force on the build date (HELPCENTRE_AS_OF, else today) and every scheduled one."""
    try:
        on = build_date(project.time_zone)
    except BuildProblems as error:
        return {key: f"{key}: {error.problems[0].message}" for key in keys}
    try:
        book = load_policy_book(
            project.data_file, project.display(project.data_file), project.languages
        )
    except ProblemError:
        reason = "values not shown: the data file has errors (make check lists them)"
        return {key: f"{key}: {reason}" for key in keys}
    locale = messages_locale(project)
    return {
        key: f"{key}: {describe_schedule(book.policies[key], on, MESSAGES_LANGUAGE, locale)}"
        for key in keys
        if key in book.policies
    }


def messages_locale(project: Project) -> str:
    """The Babel locale the site formats the messages' language with (en: en_GB, say)."""
    locale = project.settings.formatting_locales.get(MESSAGES_LANGUAGE, MESSAGES_LANGUAGE)
    return locale.replace("-", "_")


def _markers_of(project: Project, key: str) -> Iterator[tuple[MarkdownPage, Marker]]:
    for lang in project.languages.all:
        for page in project.in_language(lang):
            try:
                markers = find_markers(page.source.body)
            except MarkerSyntaxError:
                continue
            for marker in markers:
                if marker.key == key or marker.key.startswith(key + "."):
                    yield page, marker


def known_keys(project: Project) -> set[str]:
    return set(policy_entries(_load(project.data_file.read_text(encoding="utf-8"))))


def changed_keys(project: Project, base: str | None) -> tuple[list[str], str]:
    """Keys added, removed or changed in the data file since `base` (default: the merge base
    with origin/$GITHUB_BASE_REF on a pull request, else the previous commit)."""
    relative = project.display(project.data_file)
    ref = base or _default_base(project.root)
    if ref is None:
        return [], "not a git checkout with history: no data-file diff to read"
    try:
        before = _git(project.root, "show", f"{ref}:{relative}")
    except subprocess.CalledProcessError:
        before = ""
    old = policy_entries(_load(before))
    new = policy_entries(_load(project.data_file.read_text(encoding="utf-8")))
    keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return keys, f"{relative} compared with {ref}"


def _default_base(root: Path) -> str | None:
    import os

    target = os.environ.get("GITHUB_BASE_REF")
    candidates = [["merge-base", "HEAD", f"origin/{target}"]] if target else []
    candidates.append(["rev-parse", "--verify", "HEAD~1"])
    for args in candidates:
        try:
            return _git(root, *args).strip()
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def _load(text: str) -> Any:
    # Only the shape is needed: BaseLoader keeps every value as text, so an impossible date
    # (which the build reports with its place) cannot stop the listing.
    try:
        return yaml.load(text, Loader=yaml.BaseLoader) if text else {}
    except yaml.YAMLError:
        return {}


def policy_entries(data: Any, prefix: str = "") -> dict[str, Any]:
    """Policy entries by dotted key (an entry is a mapping with a `type`)."""
    found: dict[str, Any] = {}
    if not isinstance(data, dict):
        return found
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and "type" in value:
            found[key] = value
        elif isinstance(value, dict):
            found.update(policy_entries(value, key + "."))
    return found
