"""Last-change dates of source files, from one `git log` pass (file times outside git)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field


@dataclass
class ChangeDates:
    """Dates keyed by absolute path; `from_git` says where they came from."""

    from_git: bool
    by_path: dict[str, dt.date] = field(default_factory=dict)

    def date_of(self, abs_path: str) -> dt.date:
        """The file's last commit date, or its modification time when git has none
        (outside a checkout, or a file not committed yet)."""
        known = self.by_path.get(os.path.realpath(abs_path))
        if known is not None:
            return known
        return dt.datetime.fromtimestamp(os.path.getmtime(abs_path), tz=dt.UTC).date()


def read_change_dates(folder: str) -> ChangeDates:
    """Every file's last commit date under `folder`, newest commit first, in one git call."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").strip()
        log = _git(folder, "log", "--format=%x1e%cI", "--name-only", "--no-renames", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return ChangeDates(from_git=False)
    dates: dict[str, dt.date] = {}
    for record in log.split("\x1e")[1:]:
        stamp, _, names = record.partition("\n")
        committed = dt.datetime.fromisoformat(stamp.strip()).astimezone(dt.UTC).date()
        for name in names.split("\n"):
            if name.strip():
                dates.setdefault(os.path.realpath(os.path.join(top, name.strip())), committed)
    return ChangeDates(from_git=True, by_path=dates)


def _git(folder: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", folder, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
