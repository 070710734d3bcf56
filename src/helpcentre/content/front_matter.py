"""Front matter schema of articles, collection indexes and home pages."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from helpcentre.content.sources import SourceFile
from helpcentre.health.cadence import Cadence, CadenceError, as_date
from helpcentre.problems import Problem


class HomeMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    hide: list[str] = []
    # Translations (see helpcentre.mkdocs.page.translations): a stub waiting for its
    # translation, or the short hash of the source-language file this translation was made from.
    translation: Literal["pending"] | None = None
    source_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{10}$")


class OwnedMeta(HomeMeta):
    """Who keeps a page right, and how often they review it (see helpcentre.health).
    A collection's index.md gives its articles the values they do not set themselves."""

    # A team id of the teams file (data/teams.yml).
    owner: str | None = Field(default=None, min_length=1)
    # A cadence: `6 months`, `90 days`, `1 year`.
    review_every: str | None = None
    # The date of the last review (`helpcentre reviewed FILE` writes today's).
    reviewed: dt.date | None = None

    # Before the type check, so `review_every: 6` is told the unit it lacks.
    @field_validator("review_every", mode="before")
    @classmethod
    def _cadence(cls, value: object) -> object:
        if value is not None:
            try:
                Cadence.parse(value)
            except CadenceError as error:
                raise ValueError(str(error)) from None
        return value

    @field_validator("reviewed", mode="before")
    @classmethod
    def _review_date(cls, value: object) -> object:
        if value is not None and as_date(value) is None:
            raise ValueError(f"not a date '{value}' (write YYYY-MM-DD, e.g. 2026-05-01)")
        return as_date(value)


class CollectionMeta(OwnedMeta):
    icon: str = "material/folder-outline"
    order: int = 0

    @field_validator("icon")
    @classmethod
    def _icon_name(cls, value: str) -> str:
        if not re.fullmatch(r"(material|fontawesome/\w+|octicons|simple)/[a-z0-9-]+", value):
            raise ValueError(f"not a bundled icon name '{value}' (e.g. material/lifebuoy)")
        return value


class ArticleMeta(OwnedMeta):
    order: int | None = None
    tags: list[str] = []
    # Old source paths (under docs/<lang>/) of a moved article: the build redirects them.
    aliases: list[str] = []
    # Words readers search with that the article does not use: the search ranks the
    # article as if its title said them (helpcentre.search).
    keywords: list[str] = []

    @field_validator("keywords")
    @classmethod
    def _keyword_texts(cls, value: list[str]) -> list[str]:
        for keyword in value:
            if not keyword.strip() or len(keyword) > 60:
                raise ValueError(
                    f"keyword '{keyword}' must be a word or a short phrase "
                    "(1 to 60 characters, e.g. remboursement)"
                )
        return value

    @field_validator("aliases")
    @classmethod
    def _alias_paths(cls, value: list[str]) -> list[str]:
        for alias in value:
            parts = alias.split("/")
            if not alias.endswith(".md") or alias.startswith("/") or ".." in parts:
                raise ValueError(
                    f"alias '{alias}' is not an old path under docs/<lang>/ "
                    "(write it like 'facturation/ancien-nom.md')"
                )
        return value


def front_matter_problems(source: SourceFile, model: type[HomeMeta], path: str) -> list[Problem]:
    """One problem per front-matter defect, located on the offending key's line."""
    if source.yaml_error is not None:
        # MkDocs drops front matter it cannot parse without a word: say where it breaks.
        error = source.yaml_error
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        return [Problem(path, line, col, _yaml_message(error, source.text, line))]
    meta = source.meta
    try:
        model.model_validate(meta)
    except ValidationError as error:
        details = error.errors()
        # A misspelt key would also be reported as missing: say it once, with the fix.
        meant = {_nearest_key(str(d["loc"][0]), meta, model) for d in details if d["loc"]}
        problems = []
        for detail in details:
            field = str(detail["loc"][0]) if detail["loc"] else ""
            if detail["type"] == "missing" and field in meant:
                continue
            line, col = front_matter_position(source.text, field)
            problems.append(Problem(path, line, col, _message(detail, field, model, meta)))
        return problems
    # Markers are replaced in the body only: in a title or lede they would show as typed.
    return [
        Problem(
            path,
            *front_matter_position(source.text, key),
            f"front matter '{key}' has a policy marker; markers work in the body only "
            "(write the text without it)",
        )
        for key in ("title", "description")
        if "{{" in str(meta.get(key, ""))
    ]


def front_matter_position(source: str, key: str) -> tuple[int, int]:
    """Line and column of `key:` in the front-matter block (1, 1 when it is absent)."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        return 1, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if key and re.match(rf"{re.escape(key)}\s*:", line):
            return number, 1
    return 1, 1


def _message(detail: Any, field: str, model: type[HomeMeta], meta: dict[str, Any]) -> str:
    allowed = ", ".join(model.model_fields)
    if detail["type"] == "extra_forbidden":
        nearest = _nearest_key(field, meta, model)
        if nearest:
            return (
                f"unknown front matter key '{field}' (did you mean '{nearest}'? allowed: {allowed})"
            )
        return f"unknown front matter key '{field}' (allowed: {allowed})"
    if detail["type"] == "list_type" and isinstance(detail.get("input"), str):
        return f"front matter '{field}' must be a list (write {field}: {_as_list(detail['input'])})"
    if detail["type"] == "missing":
        return f"front matter is missing '{field}' (add '{field}: ...' at the top of the file)"
    if detail["type"] == "string_too_short":
        return f"front matter '{field}' is empty"
    message = str(detail["msg"]).removeprefix("Value error, ")
    return f"front matter '{field}': {message}"


def _yaml_message(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    """YAML's complaint, with the fix for the usual slip: an unquoted ': ' in a value."""
    lines = text.split("\n")
    key_value = _KEY_VALUE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if error.problem == "mapping values are not allowed here" and key_value:
        key, value = key_value.groups()
        return (
            f"front matter '{key}' is not valid YAML: a ': ' inside a value must be quoted "
            f"(write {key}: {_quoted(value)})"
        )
    return f"front matter is not valid YAML: {error.problem}"


def _quoted(value: str) -> str:
    if '"' not in value:
        return '"' + value.replace("\\", "\\\\") + '"'
    return "'" + value.replace("'", "''") + "'"


def _nearest_key(field: str, meta: dict[str, Any], model: type[HomeMeta]) -> str | None:
    """The allowed key an unknown one was probably meant to be (not one already given)."""
    if field in model.model_fields:
        return None
    free = [key for key in model.model_fields if key not in meta]
    close = difflib.get_close_matches(field.lower(), free, n=1, cutoff=0.6)
    return close[0] if close else None


def _as_list(value: str) -> str:
    """`a, b` written as the YAML list it was meant to be: `[a, b]`."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    return yaml.safe_dump(items, default_flow_style=True, allow_unicode=True, width=10**6).strip()


_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s+(.*?)\s*$")


def schema_for(kind: str) -> type[HomeMeta]:
    """The front-matter schema of a page kind ('home', 'collection', 'article', 'page')."""
    return {"home": HomeMeta, "collection": CollectionMeta}.get(kind, ArticleMeta)
