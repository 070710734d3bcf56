"""Typed, effective-dated policy values loaded from data/policies.yml."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from babel.numbers import list_currencies
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from helpcentre.languages import Languages
from helpcentre.problems import Problem, ProblemError


class PolicyDataError(ProblemError):
    """The data file cannot be used; `problems` holds one line per defect."""


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


class LocalizedText(BaseModel):
    """One text per site language; every language not marked in progress must be present
    (a language in progress shows the source language's text meanwhile)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    _fallback: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _every_language(self, info: ValidationInfo) -> LocalizedText:
        context = info.context or {}
        languages = context.get("languages", [])
        required = context.get("required", languages)
        texts = self.model_extra or {}
        unknown = [str(key) for key in texts if languages and key not in languages]
        if unknown:
            raise PydanticCustomError(
                "policy",
                "'{key}' is not a site language (use {langs}; quote texts that contain commas)",
                {"key": unknown[0], "langs": ", ".join(languages)},
            )
        missing = [lang for lang in required if not str(texts.get(lang) or "").strip()]
        if missing:
            raise PydanticCustomError(
                "policy", "missing text for language(s) {langs}", {"langs": ", ".join(missing)}
            )
        self._fallback = str(texts.get(context.get("source", ""), ""))
        return self

    def text(self, lang: str) -> str:
        """The text in `lang`, or in the source language while `lang` has none."""
        return str((self.model_extra or {}).get(lang) or self._fallback)

    def has(self, lang: str) -> bool:
        """True when `lang` has a text of its own (not the source language's)."""
        return bool(str((self.model_extra or {}).get(lang) or "").strip())


def _parse_duration(raw: Any) -> Duration:
    if isinstance(raw, Duration):
        return raw
    match = _DURATION.fullmatch(str(raw).strip())
    if not match:
        raise PydanticCustomError(
            "policy", "not a duration '{raw}' (write e.g. '30 days' or '12 months')", {"raw": raw}
        )
    return Duration(int(match["amount"]), match["unit"].lower())


def _parse_money(raw: Any) -> Money:
    if isinstance(raw, Money):
        return raw
    parts = str(raw).split()
    if len(parts) != 2:
        raise PydanticCustomError(
            "policy", "not an amount with currency '{raw}' (write e.g. '25.00 GBP')", {"raw": raw}
        )
    amount_text, currency = parts
    try:
        amount = Decimal(amount_text)
    except InvalidOperation:
        raise PydanticCustomError(
            "policy", "not a valid amount '{amount}'", {"amount": amount_text}
        ) from None
    if not amount.is_finite() or amount < 0:
        raise PydanticCustomError(
            "policy", "not a valid amount '{amount}'", {"amount": amount_text}
        )
    if not _is_currency(currency):
        raise PydanticCustomError(
            "policy",
            "unknown currency '{code}' (use an ISO 4217 code such as GBP or EUR)",
            {"code": currency},
        )
    return Money(amount, currency)


def _parse_decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        raise PydanticCustomError("policy", "not a number '{raw}'", {"raw": raw})
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise PydanticCustomError("policy", "not a number '{raw}'", {"raw": raw}) from None
    if not number.is_finite():
        raise PydanticCustomError("policy", "not a number '{raw}'", {"raw": raw})
    return number


def _parse_date(raw: Any) -> dt.date:
    """A YYYY-MM-DD date; the data file is read without YAML's timestamps, so an impossible
    date reaches this check (and gets its line) instead of failing inside the YAML reader."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    text = str(raw).strip()
    if not _DATE.fullmatch(text):
        raise PydanticCustomError("policy", "not a date '{raw}' (write YYYY-MM-DD)", {"raw": raw})
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise PydanticCustomError(
            "policy",
            "not a date '{raw}' ({why}; write YYYY-MM-DD)",
            {"raw": raw, "why": str(error)},
        ) from None


def _is_currency(code: str) -> bool:
    if not re.fullmatch(r"[A-Z]{3}", code):
        return False
    return code in list_currencies()


DurationValue = Annotated[Duration, BeforeValidator(_parse_duration)]
MoneyValue = Annotated[Money, BeforeValidator(_parse_money)]
NumberValue = Annotated[Decimal, BeforeValidator(_parse_decimal)]
DateValue = Annotated[dt.date, BeforeValidator(_parse_date)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: LocalizedText
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    hours: LocalizedText | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.fullmatch(value):
            raise PydanticCustomError("policy", "not an email address '{v}'", {"v": value})
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.fullmatch(value):
            raise PydanticCustomError(
                "policy", "not a phone number '{v}' (write e.g. '+44 1234 567 800')", {"v": value}
            )
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https://[^\s<>\"']+", value):
            raise PydanticCustomError("policy", "not an https:// address '{v}'", {"v": value})
        return value


class PolicyType(StrEnum):
    """A policy's `type:` in the data file. A string enum: the data file spells it, and
    adapters and formatting are looked up by it."""

    DURATION = "duration"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    CONTACT = "contact"
    TABLE = "table"


# The types a table's cell may have.
CellType = Literal["duration", "money", "percent", "number", "date", "text"]


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    type: CellType
    header: LocalizedText


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: list[Column] = Field(min_length=1)
    rows: list[dict[str, Any]] = Field(min_length=1)

    @model_validator(mode="after")
    def _typed_cells(self, info: ValidationInfo) -> Table:
        keys = [column.key for column in self.columns]
        typed_rows = []
        for index, row in enumerate(self.rows):
            unknown = sorted(set(row) - set(keys))
            missing = [key for key in keys if key not in row]
            if unknown or missing:
                raise PydanticCustomError(
                    "policy",
                    "row {index} must have exactly the columns {keys}",
                    {"index": index, "keys": ", ".join(keys)},
                )
            typed: dict[str, Any] = {}
            for column in self.columns:
                try:
                    typed[column.key] = _CELL_ADAPTERS[column.type].validate_python(
                        row[column.key], context=info.context
                    )
                except ValidationError as error:
                    # `at` carries the cell's path, so the error points at the cell.
                    detail = error.errors()[0]
                    raise PydanticCustomError(
                        "policy",
                        "{message}",
                        {
                            "message": _message(detail, row[column.key]),
                            "at": ["rows", index, column.key, *detail["loc"]],
                        },
                    ) from None
            typed_rows.append(typed)
        object.__setattr__(self, "rows", typed_rows)
        return self


_VALUE_ADAPTERS: dict[PolicyType, TypeAdapter[Any]] = {
    PolicyType.DURATION: TypeAdapter(DurationValue),
    PolicyType.MONEY: TypeAdapter(MoneyValue),
    PolicyType.PERCENT: TypeAdapter(NumberValue),
    PolicyType.NUMBER: TypeAdapter(NumberValue),
    PolicyType.DATE: TypeAdapter(DateValue),
    PolicyType.TEXT: TypeAdapter(LocalizedText),
    PolicyType.CONTACT: TypeAdapter(Contact),
    PolicyType.TABLE: TypeAdapter(Table),
}
_CELL_ADAPTERS = {name: _VALUE_ADAPTERS[PolicyType(name)] for name in CellType.__args__}  # type: ignore[attr-defined]
POLICY_TYPES = tuple(_VALUE_ADAPTERS)


@dataclass(frozen=True)
class TimedValue:
    since: dt.date | None
    value: Any


@dataclass(frozen=True)
class Policy:
    """One policy key with its history of values."""

    key: str
    type: PolicyType
    history: tuple[TimedValue, ...]
    line: int
    col: int

    def in_force(self, on: dt.date) -> TimedValue | None:
        """The value in force on a date: the latest one whose `from` is not after it."""
        in_force = [t for t in self.history if t.since is None or t.since <= on]
        return max(in_force, key=lambda t: t.since or dt.date.min, default=None)


@dataclass
class PolicyBook:
    """All policies of one data file, as validated for the site's languages."""

    path: str
    policies: dict[str, Policy]
    untranslated: list[Problem] = field(default_factory=list)

    def latest_change(self, keys: set[str], on: dt.date) -> dt.date | None:
        """The most recent `from:` date, not after `on`, among the values these keys use."""
        dates = [
            timed.since
            for key in keys
            if key in self.policies
            and (timed := self.policies[key].in_force(on)) is not None
            and timed.since is not None
        ]
        return max(dates, default=None)


def load_policy_book(path: Path, display_path: str, languages: Languages) -> PolicyBook:
    """Read and validate the data file; raise PolicyDataError listing every defect.

    Texts must exist in every language but those in progress; the book lists the texts
    those still lack (`untranslated`), for `make check`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyDataError(
            [Problem(display_path, 1, 1, "data file not found (create it or fix the path)")]
        ) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        message = "not UTF-8 text (save the file as UTF-8 in your editor)"
        raise PolicyDataError([Problem(display_path, line, 1, message)]) from None
    loader = _PolicyLoader(text)
    try:
        root = loader.get_single_node()
        # Marks first: constructing a mapping merges `<<:` keys into its node.
        marks = _node_marks(root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PolicyDataError(
            [Problem(display_path, line, col, f"not valid YAML: {error.problem or error}")]
        ) from None
    finally:
        loader.dispose()
    problems: list[Problem] = [
        Problem(
            display_path,
            duplicate.line,
            duplicate.col,
            f"duplicate key '{duplicate.key}' (first at line {duplicate.first_line}; "
            "remove or rename one)",
        )
        for duplicate in loader.duplicates
    ]
    policies: dict[str, Policy] = {}
    if not isinstance(data, dict):
        raise PolicyDataError(
            [Problem(display_path, 1, 1, "the data file must be a mapping of policy groups")]
        )
    for key, entry in _walk_entries(data, (), problems, display_path, marks):
        policy = _validate_entry(key, entry, languages, display_path, marks, problems)
        if policy is not None:
            policies[".".join(key)] = policy
    if problems:
        raise PolicyDataError(problems)
    untranslated = _untranslated_texts(data, (), languages, display_path, marks)
    return PolicyBook(path=display_path, policies=policies, untranslated=untranslated)


@dataclass(frozen=True)
class DuplicateKey:
    """A key given twice in one mapping (YAML would silently keep the last)."""

    key: str
    line: int
    col: int
    first_line: int


class _PolicyLoader(yaml.SafeLoader):
    """PyYAML's safe loader that records duplicate keys and keeps dates as text.

    Timestamps stay strings so that `2027-13-01` is reported by the model with its field
    path instead of a bare "month must be in 1..12" raised while reading the YAML.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []
        self._checked: set[int] = set()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode) and id(node) not in self._checked:
            self._checked.add(id(node))  # a mapping reached twice (an alias) reports once
            self._record_duplicates(node)
        return super().construct_mapping(node, deep=deep)

    def _record_duplicates(self, node: yaml.MappingNode) -> None:
        first: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            # Keys merged in with `<<:` may be overridden on purpose.
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node)
            try:
                earlier = first.setdefault(key, key_node)
            except TypeError:  # not hashable: the constructor reports it
                continue
            if earlier is not key_node:
                self.duplicates.append(
                    DuplicateKey(
                        str(key_node.value),
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        earlier.start_mark.line + 1,
                    )
                )


_MERGE_TAG = "tag:yaml.org,2002:merge"
_PolicyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _untranslated_texts(
    node: Any,
    path: tuple[str | int, ...],
    languages: Languages,
    display_path: str,
    marks: dict[tuple[str | int, ...], tuple[int, int]],
) -> list[Problem]:
    """Texts (mappings keyed by site languages) that lack a language in progress."""
    found: list[Problem] = []
    if isinstance(node, dict):
        keys = {str(key) for key in node}
        if languages.source in keys and keys <= set(languages.all):
            line, col = marks.get(path, (1, 1))
            for lang in languages.in_progress:
                if not str(node.get(lang) or "").strip():
                    found.append(
                        Problem(
                            display_path,
                            line,
                            col,
                            f"{_dotted(path)}: no '{lang}' text yet (add it; "
                            f"'{lang}' pages show the '{languages.source}' text meanwhile)",
                        )
                    )
            return found
        for key, child in node.items():
            found += _untranslated_texts(child, (*path, str(key)), languages, display_path, marks)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _untranslated_texts(child, (*path, index), languages, display_path, marks)
    return found


def _walk_entries(
    data: dict[Any, Any],
    prefix: tuple[str | int, ...],
    problems: list[Problem],
    display_path: str,
    marks: dict[tuple[str | int, ...], tuple[int, int]],
) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    found: list[tuple[tuple[str | int, ...], dict[str, Any]]] = []
    for name, child in data.items():
        path = (*prefix, str(name))
        line, col = marks.get(path, (1, 1))
        if not _KEY_NAME.fullmatch(str(name)):
            problems.append(
                Problem(display_path, line, col, f"{_dotted(path)}: key names use a-z, 0-9 and _")
            )
            continue
        if isinstance(child, dict) and "type" in child:
            found.append((path, child))
        elif isinstance(child, dict) and child:
            found.extend(_walk_entries(child, path, problems, display_path, marks))
        else:
            problems.append(
                Problem(
                    display_path,
                    line,
                    col,
                    f"{_dotted(path)}: expected a group of policies or an entry with 'type:'",
                )
            )
    return found


def _validate_entry(
    key: tuple[str | int, ...],
    entry: dict[str, Any],
    languages: Languages,
    display_path: str,
    marks: dict[tuple[str | int, ...], tuple[int, int]],
    problems: list[Problem],
) -> Policy | None:
    def report(where: tuple[str | int, ...], message: str) -> None:
        line, col = _closest_mark(marks, where)
        problems.append(Problem(display_path, line, col, f"{_dotted(where)}: {message}"))

    kind = entry.get("type")
    if kind not in _VALUE_ADAPTERS:
        report((*key, "type"), f"unknown type '{kind}' (one of: {', '.join(POLICY_TYPES)})")
        return None
    unknown = sorted(set(entry) - {"type", "value", "values", "from"})
    if unknown:
        report((*key, unknown[0]), f"unknown field '{unknown[0]}' (use type, value, values, from)")
        return None
    if ("value" in entry) == ("values" in entry):
        report(key, "give either 'value:' or 'values:' (a list of {from, value})")
        return None
    if "value" in entry:
        raw_history: list[tuple[tuple[str | int, ...], Any, Any]] = [
            ((*key, "value"), entry.get("from"), entry["value"])
        ]
        since_paths = [(*key, "from")]
    else:
        items = entry["values"]
        if not isinstance(items, list) or not items:
            report((*key, "values"), "expected a list of {from: YYYY-MM-DD, value: ...}")
            return None
        raw_history = []
        since_paths = []
        for index, item in enumerate(items):
            if not isinstance(item, dict) or set(item) != {"from", "value"}:
                report((*key, "values", index), "each item needs exactly 'from:' and 'value:'")
                return None
            raw_history.append(((*key, "values", index, "value"), item["from"], item["value"]))
            since_paths.append((*key, "values", index, "from"))
    history = []
    context = {
        "languages": list(languages.all),
        "required": list(languages.complete),
        "source": languages.source,
    }
    ok = True
    for (value_path, raw_since, raw_value), since_path in zip(
        raw_history, since_paths, strict=True
    ):
        since = None
        if raw_since is not None:
            try:
                since = _parse_date(raw_since)
            except PydanticCustomError as error:
                report(since_path, error.message())
                ok = False
                continue
        try:
            value = _VALUE_ADAPTERS[kind].validate_python(raw_value, context=context)
        except ValidationError as error:
            for detail in error.errors():
                at = tuple(detail.get("ctx", {}).get("at", ()))
                report((*value_path, *detail["loc"], *at), _message(detail, raw_value))
            ok = False
            continue
        history.append(TimedValue(since, value))
    if not ok:
        return None
    dates = [timed.since for timed in history]
    if len(set(dates)) < len(dates):
        repeated = next(d for i, d in enumerate(dates) if d in dates[:i])
        report((*key, "values"), f"two values start on the same date ({repeated or 'no from:'})")
        return None
    line, col = marks.get(key, (1, 1))
    policy_type = PolicyType(kind)
    return Policy(key=_dotted(key), type=policy_type, history=tuple(history), line=line, col=col)


def _message(detail: Any, raw_value: Any) -> str:
    if detail["type"] == "policy":
        return str(detail["msg"])
    if detail["type"] == "missing":
        return "required field is missing"
    if detail["type"] == "extra_forbidden":
        return "unknown field (remove it or fix its name)"
    if detail["type"] == "string_type":
        return (
            f"expected text, got {detail.get('input')!r} "
            "(quote it: YAML reads yes, no, on and off as true or false)"
        )
    text = str(detail["msg"])
    return text[len("Value error, ") :] if text.startswith("Value error, ") else text


def _node_marks(root: yaml.Node | None) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Map each field path of the YAML document to the 1-based line and column of its value."""
    marks: dict[tuple[str | int, ...], tuple[int, int]] = {}

    def visit(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, str(key_node.value))
                visit(value_node, child)
                marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                marks[(*child, "<value>")] = (
                    value_node.start_mark.line + 1,
                    value_node.start_mark.column + 1,
                )
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                visit(item, (*path, index))

    if root is not None:
        visit(root, ())
    return marks


def _closest_mark(
    marks: dict[tuple[str | int, ...], tuple[int, int]], path: tuple[str | int, ...]
) -> tuple[int, int]:
    for end in range(len(path), -1, -1):
        value_mark = marks.get((*path[:end], "<value>"))
        if value_mark:
            return value_mark
        if path[:end] in marks:
            return marks[path[:end]]
    return (1, 1)


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_DURATION = re.compile(
    r"(?P<amount>\d+)\s+(?P<unit>second|minute|hour|day|week|month|year)s?", re.IGNORECASE
)
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,}[0-9]")
_KEY_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
