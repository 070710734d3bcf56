"""Scheduled policy values due soon (HC901): the articles quoting them need a last review."""

from __future__ import annotations

import yaml

from helpcentre.checks.impact import messages_locale, quoting_pages
from helpcentre.checks.project import MESSAGES_LANGUAGE, Project
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.state import build_date
from helpcentre.policies.model import Policy, load_policy_book
from helpcentre.problems import Problem, ProblemError
from helpcentre.schedule import ScheduledValue, all_scheduled, describe_value

# Two weeks leaves time to review and translate the articles before the value goes live.
SOON_DAYS = 14


def schedule_problems(project: Project) -> list[Problem]:
    """One warning per value that takes effect less than SOON_DAYS after the build date
    (HELPCENTRE_AS_OF, else today), at its `from:` in the data file."""
    try:
        on = build_date(project.time_zone)
    except BuildProblems:
        return []  # the build reports an unusable HELPCENTRE_AS_OF
    shown = project.display(project.data_file)
    try:
        book = load_policy_book(project.data_file, shown, project.languages)
    except ProblemError:
        return []  # the build reports every defect of the data file
    soon = [s for s in all_scheduled(book, on) if (s.since - on).days < SOON_DAYS]
    if not soon:
        return []
    root = yaml.compose(project.data_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    locale = messages_locale(project)
    problems = []
    for scheduled in soon:
        policy = book.policies[scheduled.key]
        line, col = _from_position(root, policy, scheduled)
        days = (scheduled.since - on).days
        value = describe_value(policy, scheduled.value, MESSAGES_LANGUAGE, locale)
        message = (
            f"{policy.key} changes on {scheduled.since.isoformat()} "
            f"(in {days} day{'' if days == 1 else 's'}): {value}; {_quoted_by(project, policy)}"
        )
        problems.append(Problem(shown, line, col, message, "HC901"))
    return problems


def _quoted_by(project: Project, policy: Policy) -> str:
    """`quoted by a.md (fr, en), b.md (fr) — review those articles before then`."""
    languages: dict[str, list[str]] = {}
    for page in quoting_pages(project, policy.key):
        languages.setdefault(page.article_id, []).append(page.lang)
    if not languages:
        return "no article quotes it"
    order = list(project.languages.all)
    articles = ", ".join(
        f"{article_id} ({', '.join(sorted(langs, key=order.index))})"
        for article_id, langs in sorted(languages.items())
    )
    return f"quoted by {articles} — review those articles before then"


def _from_position(
    root: yaml.Node | None, policy: Policy, scheduled: ScheduledValue
) -> tuple[int, int]:
    """Line and column of the value's `from:` key (the policy's own when not found)."""
    node = root
    for part in policy.key.split("."):
        node = _child(node, part)
    entry = node
    values = _child(entry, "values")
    if isinstance(values, yaml.SequenceNode) and scheduled.index < len(values.value):
        entry = values.value[scheduled.index]
    if isinstance(entry, yaml.MappingNode):
        # The last `from:` wins, as it does when the file is loaded.
        for key_node, _ in reversed(entry.value):
            if key_node.value == "from":
                return key_node.start_mark.line + 1, key_node.start_mark.column + 1
    return policy.line, policy.col


def _child(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    found = None
    for key_node, value_node in node.value:
        if key_node.value == name:
            found = value_node  # the last one, as YAML loaders keep it
    return found
