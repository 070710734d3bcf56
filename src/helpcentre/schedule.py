"""Policy values scheduled after a date: the next change and every future value of a key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from helpcentre.policies.format import format_plain
from helpcentre.policies.model import Contact, Policy, PolicyBook, PolicyType, Table, TimedValue


@dataclass(frozen=True)
class ScheduledValue:
    """A value of `key` that takes effect after the date asked about.

    `index` is its position in the key's history, which is the order of the data file's
    `values:` list (0 for a single `value:` with `from:`), so a check can point at it."""

    key: str
    since: dt.date
    value: Any
    index: int


@dataclass(frozen=True)
class NextChange:
    """The first date after the build date on which any value changes, and its keys."""

    date: dt.date
    keys: tuple[str, ...]


def scheduled_values(policy: Policy, on: dt.date) -> list[ScheduledValue]:
    """Every value of the policy that starts after `on`, earliest first."""
    return sorted(
        (
            ScheduledValue(policy.key, timed.since, timed.value, index)
            for index, timed in enumerate(policy.history)
            if timed.since is not None and timed.since > on
        ),
        key=lambda scheduled: scheduled.since,
    )


def all_scheduled(book: PolicyBook, on: dt.date) -> list[ScheduledValue]:
    """Every scheduled value of the book, by date then key."""
    found = [s for policy in book.policies.values() for s in scheduled_values(policy, on)]
    return sorted(found, key=lambda scheduled: (scheduled.since, scheduled.key))


def next_change(book: PolicyBook, on: dt.date) -> NextChange | None:
    """The earliest scheduled change after `on` (None when nothing is scheduled)."""
    scheduled = all_scheduled(book, on)
    if not scheduled:
        return None
    first = scheduled[0].since
    keys = sorted({s.key for s in scheduled if s.since == first})
    return NextChange(first, tuple(keys))


def describe_value(policy: Policy, value: Any, lang: str, locale: str) -> str:
    """A value as plain one-line text for editors (not escaped: not for pages)."""
    if isinstance(value, Contact):
        reach = [part for part in (value.email, value.phone, value.url) if part]
        name = value.name.text(lang)
        return f"{name} ({', '.join(reach)})" if reach else name
    if isinstance(value, Table):
        rows = len(value.rows)
        return f"a table of {rows} row{'' if rows == 1 else 's'}"
    plain = format_plain(policy.type, value, lang, locale)
    # A sentence stands apart from the words around it ("... now", "... from <date>").
    return f'"{plain}"' if policy.type == PolicyType.TEXT else plain


def describe_schedule(policy: Policy, on: dt.date, lang: str, locale: str) -> str:
    """`30 days now; 60 days from 2027-03-01`: the value in force on `on`, then each
    scheduled value with its date."""
    current: TimedValue | None = policy.in_force(on)
    parts = [
        f"{describe_value(policy, current.value, lang, locale)} now"
        if current is not None
        else "no value in force now"
    ]
    parts += [
        f"{describe_value(policy, s.value, lang, locale)} from {s.since.isoformat()}"
        for s in scheduled_values(policy, on)
    ]
    return "; ".join(parts)
