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


def read_change_dates(folder: str, earlier: dict[str, ChangeDates] | None = None) -> ChangeDates:
    """Every file's last commit date under `folder`, newest commit first, in one git call.

    `earlier` keeps what a previous call of the same process read (a preview rebuilds many
    times on one commit): it is used again while the checkout's HEAD is the same commit,
    since the dates come from the history that leads to it alone."""
    try:
        # The commit on its own line first: the folder's path may hold any character.
        head, _, top = _git(folder, "rev-parse", "HEAD", "--show-toplevel").partition("\n")
    except (OSError, subprocess.SubprocessError, ValueError):
        return ChangeDates(from_git=False)
    top = top.removesuffix("\n")
    key = f"{head} {os.path.realpath(folder)}"
    if earlier is not None and key in earlier:
        return earlier[key]
    try:
        log = _git(folder, "log", "--format=%x1e%cI", "--name-only", "--no-renames", "--", ".")
    except (OSError, subprocess.SubprocessError, ValueError):
        return ChangeDates(from_git=False)
    dates: dict[str, dt.date] = {}
    for record in log.split("\x1e")[1:]:
        stamp, _, names = record.partition("\n")
        committed = dt.datetime.fromisoformat(stamp.strip()).astimezone(dt.UTC).date()
        for name in names.split("\n"):
            if name.strip():
                dates.setdefault(os.path.realpath(os.path.join(top, name.strip())), committed)
    found = ChangeDates(from_git=True, by_path=dates)
    if earlier is not None:
        earlier.clear()  # one commit's dates at a time
        earlier[key] = found
    return found


def _git(folder: str, *args: str) -> str:
    return subprocess.run(
        # Names as they are (git quotes non-ASCII ones by default: "r\303\251silier.md").
        ["git", "-C", folder, "-c", "core.quotePath=false", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
