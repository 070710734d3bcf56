"""Fills the `{{ policy.* }}` markers of one page with values formatted for its language."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from helpcentre.policies.format import CONTACT_FIELDS, format_inline, format_table
from helpcentre.policies.headings import NEEDS_ATTR_LIST, Anchors, heading_ids
from helpcentre.policies.literals import ValueIndexes, allowance_spans, typed_values
from helpcentre.policies.markers import Marker, in_link_text, scan_markers
from helpcentre.policies.model import Policy, PolicyBook, PolicyType
from helpcentre.problems import Problem, ProblemError

# Contact fields written as plain text; the others are links (`details`: a list of them).
_PLAIN = frozenset({"name", "hours"})


@dataclass(frozen=True)
class PageValues:
    """How one page's values are written: its text's language, locale and date."""

    lang: str
    locale: str
    as_of: dt.date
    where: str  # the file, as an editor types it
    first_line: int  # line of the file where the Markdown body starts


def fill_markers(
    markdown: str,
    book: PolicyBook,
    page: PageValues,
    indexes: ValueIndexes | None = None,
    anchors: Anchors | None = None,
) -> tuple[str, set[str]]:
    """The Markdown with every marker replaced (and allow-literal comments removed), and
    the keys it quoted; ProblemError locating every near-miss marker and hand-typed value
    of the page, or the marker that cannot be filled. `indexes`: the build's value indexes
    (built here for this page alone when not given); `anchors`: how headings get ids (a
    heading quoting a value is given one from its markers, not from its values)."""
    indexes = indexes or ValueIndexes(book)
    used: set[str] = set()

    def fail(line: int, col: int, message: str) -> ProblemError:
        return ProblemError([Problem(page.where, page.first_line + line - 1, col, message)])

    def render(marker: Marker) -> str:
        policy, field = resolve(book, marker.key)
        if policy is None:
            raise fail(marker.line, marker.col, unknown_key_message(book, marker.key))
        if field is not None and (policy.type != PolicyType.CONTACT or field not in CONTACT_FIELDS):
            fields = (
                f" (fields: {', '.join(CONTACT_FIELDS)})"
                if policy.type == PolicyType.CONTACT
                else ""
            )
            raise fail(
                marker.line, marker.col, f"policy '{policy.key}' has no field '{field}'{fields}"
            )
        timed = policy.in_force(page.as_of)
        if timed is None:
            raise fail(
                marker.line,
                marker.col,
                f"policy '{policy.key}' has no value in force on {page.as_of.isoformat()} "
                f"(add a value with an earlier 'from:' in {book.path})",
            )
        used.add(policy.key)
        if policy.type == PolicyType.TABLE:
            if not marker.alone_on_line:
                raise fail(
                    marker.line,
                    marker.col,
                    f"table policy '{policy.key}' must stand alone on its own line",
                )
            table = (policy.key, None, page.as_of, page.lang, page.locale)
            written = indexes.written(
                table, lambda: format_table(timed.value, page.lang, page.locale)
            )
            return "\n" + written + "\n"
        how = (policy.key, field, page.as_of, page.lang, page.locale)
        rendered = indexes.written(
            how, lambda: format_inline(policy.type, timed.value, field, page.lang, page.locale)
        )
        if not rendered:
            raise fail(
                marker.line,
                marker.col,
                f"policy '{policy.key}' has no {field} "
                f"(add it in {book.path} or remove the marker)",
            )
        return rendered

    # Typed values are looked for in the text as written, before markers are filled:
    # a filled-in value is the page quoting the data file, not a copy of it.
    markers, near_misses = scan_markers(markdown, marker_keys(book))
    typed = typed_values(markdown, indexes.get(page.lang, page.locale))
    found = [(e.line, e.col, e.message) for e in near_misses]
    found += [(t.line, t.col, t.message()) for t in typed]
    # A contact written with links, in a link's text, would nest links (browsers split them).
    linking = {m: c for m in markers if (c := linking_contact(book, m.key)) is not None}
    nested = in_link_text(markdown, list(linking)) if linking else []
    found += [(m.line, m.col, nested_link_message(m.key, linking[m], at)) for m, at in nested]
    ids = heading_ids(markdown, markers, anchors.slugify) if anchors else []
    if anchors and not anchors.writable:
        found += [(h.line, h.col, NEEDS_ATTR_LIST) for h in ids]
    if found:
        raise ProblemError(
            [
                Problem(page.where, page.first_line + line - 1, col, message)
                for line, col, message in sorted(found)
            ]
        )
    edits = [(m.start, m.end, render(m)) for m in markers]
    edits += [(start, end, "") for start, end in allowance_spans(markdown)]
    edits += [(h.offset, h.offset, h.text) for h in ids]
    pieces: list[str] = []
    position = 0
    for start, end, text in sorted(edits):
        if start < position:
            continue  # a marker inside an allow-literal comment went with the comment
        pieces += [markdown[position:start], text]
        position = end
    pieces.append(markdown[position:])
    return "".join(pieces), used


def linking_contact(book: PolicyBook, key: str) -> str | None:
    """The contact whose marker `key` is written with links (its email, phone or address,
    whatever the contact holds today: adding an email must not break a page), else None."""
    policy, field = resolve(book, key)
    if policy is None or policy.type != PolicyType.CONTACT or field in _PLAIN:
        return None
    return policy.key


def nested_link_message(key: str, contact: str, where: str) -> str:
    """Why the marker of `key`, written with links, cannot stand in a link's text
    (`where`: link) or an image's alt text (image), and what to write there instead."""
    place = "a link's text" if where == "link" else "an image's alt text"
    return (
        f"{{{{ policy.{key} }}}} is written with links, which cannot go in {place} "
        f"(write {{{{ policy.{contact}.name }}}} there, or move the marker out of the "
        f"{'link' if where == 'link' else 'image'})"
    )


def marker_keys(book: PolicyBook) -> list[str]:
    """Every key a marker may name: the policies, and each contact's fields."""
    keys = list(book.policies)
    for name, policy in book.policies.items():
        if policy.type == PolicyType.CONTACT:
            keys.extend(f"{name}.{field}" for field in CONTACT_FIELDS)
    return keys


def resolve(book: PolicyBook, key: str) -> tuple[Policy | None, str | None]:
    """The policy a marker names, and the contact field it asks for, if any."""
    if key in book.policies:
        return book.policies[key], None
    parent, _, field = key.rpartition(".")
    if parent in book.policies:
        return book.policies[parent], field
    return None, None


def unknown_key_message(book: PolicyBook, key: str) -> str:
    candidates = marker_keys(book)
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (the keys are in {book.path})"
    return f"unknown policy key '{key}'{hint}"
