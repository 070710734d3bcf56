"""Review cadences (`review_every: 6 months`) and the dates they make due."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# A review due less than this many days ahead is announced (`helpcentre check`, HC922).
DUE_SOON_DAYS = 14

_CADENCE = re.compile(r"\s*(\d{1,4})\s*(day|week|month|year)s?\s*", re.IGNORECASE)


class CadenceError(ValueError):
    """A cadence that cannot be read; the message says how to write one."""


@dataclass(frozen=True)
class Cadence:
    """A number of days, weeks, months or years between two reviews."""

    count: int
    unit: str  # day, week, month or year

    @classmethod
    def parse(cls, text: object) -> Cadence:
        match = _CADENCE.fullmatch(str(text)) if isinstance(text, str | int) else None
        if match is None or int(match.group(1)) == 0:
            raise CadenceError(
                f"not a review cadence '{text}' (write a number and a unit: "
                "90 days, 8 weeks, 6 months, 1 year)"
            )
        return cls(int(match.group(1)), match.group(2).lower())

    def after(self, day: dt.date) -> dt.date:
        """The date one cadence after `day` (31 January + 1 month: 28 or 29 February)."""
        if self.unit in ("day", "week"):
            return day + dt.timedelta(days=self.count * (7 if self.unit == "week" else 1))
        months = self.count * (12 if self.unit == "year" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        last = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, min(day.day, last))

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"


def as_date(value: object) -> dt.date | None:
    """A front-matter date (YAML reads `2026-05-01` as a date; quoted, it is text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
