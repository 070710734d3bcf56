"""The teams that own articles, declared once in `data/teams.yml` (name per language, e-mail)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from helpcentre.problems import Problem

TEAM_ID = r"^[a-z0-9][a-z0-9_-]{0,39}$"
EMAIL = r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$"


class Team(BaseModel):
    """One team: its name in each site language, and the address that reaches it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: dict[str, str] = Field(min_length=1)
    email: str = Field(pattern=EMAIL)

    def name_in(self, lang: str, fallback: str) -> str:
        return self.name.get(lang) or self.name.get(fallback) or next(iter(self.name.values()))


@dataclass
class Teams:
    """The site's teams by id; `problems` says what is wrong with the file, located."""

    path: str
    by_id: dict[str, Team] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def closest(self, name: str) -> str | None:
        found = difflib.get_close_matches(name, list(self.by_id), n=1, cutoff=0.5)
        return found[0] if found else None

    def unknown_owner(self, owner: str) -> str:
        """Why `owner` is not a team, with the closest declared name."""
        if not self.by_id:
            return f"owner '{owner}' is not a team: declare the site's teams in {self.path}"
        close = self.closest(owner)
        hint = f"did you mean '{close}'? " if close else ""
        return f"unknown owner '{owner}' ({hint}teams of {self.path}: {', '.join(self.by_id)})"


def load_teams(path: Path, shown: str, languages: tuple[str, ...]) -> Teams:
    """Read the teams file (none: no teams); every defect becomes a located problem."""
    teams = Teams(shown)
    if not path.is_file():
        return teams
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        message = "not UTF-8 text (save the file as UTF-8 in your editor)"
        teams.problems.append(Problem(shown, line, 1, message))
        return teams
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        teams.problems.append(Problem(shown, line, col, f"not valid YAML: {error.problem}"))
        return teams
    if data is None:
        return teams
    if not isinstance(data, dict):
        teams.problems.append(
            Problem(shown, 1, 1, "must map team ids to {name: {lang: text}, email: address}")
        )
        return teams
    for team_id, raw in data.items():
        line, col = _position(root, [team_id])
        if not isinstance(team_id, str) or not _valid_id(team_id):
            message = f"team id '{team_id}' must be lower case letters, digits, - or _"
            teams.problems.append(Problem(shown, line, col, message))
            continue
        try:
            team = Team.model_validate(raw)
        except ValidationError as error:
            for detail in error.errors():
                where = [team_id, *(str(part) for part in detail["loc"][:1])]
                teams.problems.append(
                    Problem(shown, *_position(root, where), _message(team_id, detail))
                )
            continue
        missing = [lang for lang in languages if lang not in team.name]
        if missing:
            message = f"team '{team_id}' has no name in {', '.join(missing)} (add it under name:)"
            teams.problems.append(Problem(shown, *_position(root, [team_id, "name"]), message))
        teams.by_id[team_id] = team
    return teams


def _valid_id(team_id: str) -> bool:
    return re.fullmatch(TEAM_ID, team_id) is not None


def _message(team_id: str, detail: Any) -> str:
    field_name = ".".join(str(part) for part in detail["loc"]) or "team"
    if detail["type"] == "missing":
        return f"team '{team_id}' has no '{field_name}' (add it)"
    if detail["type"] == "extra_forbidden":
        return f"team '{team_id}': unknown key '{field_name}' (allowed: name, email)"
    if detail["type"] == "string_pattern_mismatch" and field_name == "email":
        return f"team '{team_id}': email is not an address (write e.g. billing@example.com)"
    return f"team '{team_id}': {field_name}: {detail['msg']}"


def _position(root: yaml.Node | None, keys: list[object]) -> tuple[int, int]:
    """Line and column of the deepest of `keys` found in the composed file."""
    node, line, col = root, 1, 1
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                node = value_node
                break
        else:
            break
    return line, col
