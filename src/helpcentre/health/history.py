"""The value in force of each policy key over time, from the data file's git history and
its scheduled values: what changed since a date, and when a future change was scheduled."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from helpcentre.checks.impact import policy_entries
from helpcentre.checks.project import MESSAGES_LANGUAGE

Raw = Any  # a value as the data file writes it, read as text (yaml.BaseLoader)


@dataclass(frozen=True)
class ValueChange:
    """The value of `key` in force changed on `on`: edited in the file, or scheduled."""

    key: str
    on: dt.date
    before: str
    after: str
    how: Literal["edited", "scheduled"]


@dataclass(frozen=True)
class Version:
    """The data file as committed on `on` (the working copy: today)."""

    on: dt.date
    entries: dict[str, Raw]


@dataclass
class ValueHistory:
    """The data file's versions, oldest first; one version when git has no history."""

    versions: list[Version] = field(default_factory=list)

    def entry_on(self, key: str, day: dt.date) -> Raw | None:
        entry = None
        for version in self.versions:
            if version.on > day:
                break
            entry = version.entries.get(key)
        return entry

    def value_on(self, key: str, day: dt.date) -> Raw | None:
        """The value in force on `day`, as the file read on `day` said."""
        entry = self.entry_on(key, day)
        return in_force(entry, day) if entry is not None else None

    def changes(self, key: str, since: dt.date, until: dt.date) -> list[ValueChange]:
        """Each change of the value in force of `key` after `since`, up to `until`."""
        edits = {v.on for v in self.versions if since < v.on <= until}
        starts = {
            start
            for v in self.versions
            for start in _start_dates(v.entries.get(key))
            if since < start <= until
        }
        found = []
        before = self.value_on(key, since)
        for day in sorted(edits | starts):
            now = self.value_on(key, day)
            if before is not None and now is not None and now != before:
                how: Literal["edited", "scheduled"] = "edited" if day in edits else "scheduled"
                found.append(ValueChange(key, day, shown(before), shown(now), how))
            before = now if now is not None else before
        return found

    def changes_ahead(self, key: str, today: dt.date, until: dt.date) -> list[ValueChange]:
        """The scheduled changes of `key` after today, up to `until`, in the current file."""
        entry = self.versions[-1].entries.get(key) if self.versions else None
        found = []
        before = in_force(entry, today)
        for day in sorted(d for d in _start_dates(entry) if today < d <= until):
            now = in_force(entry, day)
            if before is not None and now is not None and now != before:
                found.append(ValueChange(key, day, shown(before), shown(now), "scheduled"))
            before = now if now is not None else before
        return found

    def scheduled_on(self, key: str, start: dt.date, today: dt.date) -> dt.date:
        """When the value of `key` starting on `start` was first written in the file."""
        for version in self.versions:
            if start in _start_dates(version.entries.get(key)):
                return version.on
        return today


def read_history(root: Path, data_file: Path, today: dt.date) -> ValueHistory:
    """Every committed version of the data file, then the working copy when it differs."""
    history = ValueHistory()
    relative = os.path.relpath(data_file.resolve(), root.resolve()).replace(os.sep, "/")
    try:
        log = _git(root, "log", "--format=%H %cI", "--", relative)
    except (OSError, subprocess.SubprocessError):
        log = ""  # not a git checkout: the working copy alone
    commits = [line.split(" ", 1) for line in reversed(log.splitlines())]
    texts = _versions_of(root, relative, [commit for commit, _ in commits])
    for (_, stamp), text in zip(commits, texts, strict=True):
        if text is None:
            continue  # the commit that deleted the file
        on = dt.datetime.fromisoformat(stamp).astimezone(dt.UTC).date()
        _add(history, Version(on, _read(text)))
    # Not UTF-8 is said by `check` and the build; here it only spoils the odd value.
    current = (
        _read(data_file.read_bytes().decode("utf-8", errors="replace"))
        if data_file.is_file()
        else {}
    )
    if not history.versions or history.versions[-1].entries != current:
        latest = history.versions[-1].on if history.versions else today
        _add(history, Version(max(today, latest), current))
    return history


def in_force(entry: Raw, day: dt.date) -> Raw | None:
    """The value of one data-file entry in force on `day` (the last `from:` not after it)."""
    if not isinstance(entry, dict):
        return None
    values = entry.get("values")
    if isinstance(values, list):
        found = None
        for item in values:
            if isinstance(item, dict) and (_date(item.get("from")) or dt.date.min) <= day:
                found = item.get("value")
        return found
    start = _date(entry.get("from"))
    return entry.get("value") if start is None or start <= day else None


def shown(value: Raw) -> str:
    """A raw value on one line for editors: `30 days`, a text in English, `a table`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "rows" in value:
        return f"a table of {len(value.get('rows') or [])} rows"
    if isinstance(value, dict) and isinstance(value.get("name"), dict):
        parts = [str(value.get(k)) for k in ("email", "phone", "url") if value.get(k)]
        return ", ".join(parts) or "a contact"
    if isinstance(value, dict):
        return str(value.get(MESSAGES_LANGUAGE) or next(iter(value.values()), ""))
    return str(value)


def _start_dates(entry: Raw) -> set[dt.date]:
    if not isinstance(entry, dict):
        return set()
    items = entry.get("values") if isinstance(entry.get("values"), list) else [entry]
    return {d for item in items if isinstance(item, dict) and (d := _date(item.get("from")))}


def _add(history: ValueHistory, version: Version) -> None:
    # Several commits on one day: the day's last one is what a build that day used.
    if history.versions and history.versions[-1].on == version.on:
        history.versions[-1] = version
    else:
        history.versions.append(version)


def _read(text: str) -> dict[str, Raw]:
    try:
        return policy_entries(yaml.load(text, Loader=yaml.BaseLoader) or {})
    except yaml.YAMLError:
        return {}


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def _versions_of(root: Path, relative: str, commits: list[str]) -> list[str | None]:
    """The file as each commit left it (None: not there), read by one `git cat-file`
    whatever the number of commits (a `git show` each took a process per commit)."""
    if not commits:
        return []
    wanted = "".join(f"{commit}:{relative}\n" for commit in commits).encode()
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch"],
            input=wanted,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return [None] * len(commits)
    texts: list[str | None] = []
    at = 0
    for _ in commits:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<name> missing"
            texts.append(None)
            continue
        size = int(header[2])
        texts.append(out[at : at + size].decode("utf-8", errors="replace"))
        at += size + 1
    return texts


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
