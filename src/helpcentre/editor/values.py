"""The values the editor's picker offers: every marker key with its value in force today,
formatted as the build formats it for each language."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from helpcentre.policies.literals import ValueIndexes
from helpcentre.policies.model import PolicyBook, PolicyType
from helpcentre.policies.render import PageValues, fill_markers, marker_keys, resolve
from helpcentre.problems import ProblemError

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_TAG = re.compile(r"<[^>]+>")


def picker_values(
    book: PolicyBook,
    languages: tuple[str, ...],
    locales: dict[str, str],
    as_of: dt.date,
    indexes: ValueIndexes | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Per language, `{key, value, table}` for each key a marker may name, as plain text
    (the editor escapes it where it shows it). A key with no value in force is left out.
    `indexes`: the build's, whose values its pages already formatted (else built here)."""
    keys = marker_keys(book)
    indexes = indexes or ValueIndexes(book, locales)
    found: dict[str, list[dict[str, Any]]] = {}
    for lang in languages:
        page = PageValues(lang, locales[lang], as_of, "picker", 1)
        entries = []
        for key in keys:
            policy, _ = resolve(book, key)
            table = policy is not None and policy.type == PolicyType.TABLE
            try:
                written, _ = fill_markers(f"{{{{ policy.{key} }}}}\n", book, page, indexes)
            except ProblemError:
                continue  # no value in force, or a contact without that field
            entries.append({"key": key, "value": plain_text(written), "table": table})
        found[lang] = entries
    return found


def plain_text(markdown: str) -> str:
    """A filled-in value as a reader reads it: links as their text, no escapes or tags."""
    text = _LINK.sub(r"\1", markdown.strip())
    text = _TAG.sub("", text)
    return html.unescape(_ESCAPE.sub(r"\1", text))
