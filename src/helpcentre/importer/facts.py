"""Policy values typed in imported text become markers where exactly one value of the data
file reads that way in that language; the others are listed for the editor."""

from __future__ import annotations

from dataclasses import dataclass, field

from helpcentre.policies.literals import ValueIndex, typed_values, value_index
from helpcentre.policies.model import PolicyBook


@dataclass
class FactFinder:
    """The data file's values as each language writes them (`value_index`, the detector
    the build uses), built once per language."""

    book: PolicyBook | None
    locales: dict[str, str]  # site language -> Babel locale
    _indexes: dict[str, ValueIndex] = field(default_factory=dict)

    def replace(self, markdown: str, lang: str) -> tuple[str, list[tuple[int, int, str]]]:
        """`markdown` with each unambiguous value as its marker, and (line, col, message)
        for each value replaced or left (several keys: the editor decides)."""
        if self.book is None:
            return markdown, []
        if lang not in self._indexes:
            # As the build reads a page: in its own language's words and the others'.
            locale = self.locales.get(lang, lang)
            others = [(other, loc) for other, loc in sorted(self.locales.items()) if other != lang]
            self._indexes[lang] = value_index(self.book, lang, locale, others)
        found = typed_values(markdown, self._indexes[lang])
        if not found:
            return markdown, []
        lines = markdown.split("\n")
        notes: list[tuple[int, int, str]] = []
        # From the end, so earlier columns stay right.
        for value in sorted(found, key=lambda v: (v.line, v.col), reverse=True):
            if len(value.keys) == 1:
                marker = f"{{{{ policy.{value.keys[0]} }}}}"
                line = lines[value.line - 1]
                start = value.col - 1
                end = _end_of(line, start, value.text)
                if end is not None:
                    lines[value.line - 1] = line[:start] + marker + line[end:]
                    notes.append((value.line, value.col, f"'{value.text}' is now {marker}"))
                    continue
            candidates = ", ".join(value.keys)
            notes.append(
                (
                    value.line,
                    value.col,
                    f"'{value.text}' may be the value of {candidates}: "
                    "quote the one meant with its marker, or keep the text",
                )
            )
        return "\n".join(lines), sorted(notes)


def _end_of(line: str, start: int, text: str) -> int | None:
    """Where the value typed from `start` ends, its spaces written however they were."""
    position = start
    for word in text.split():
        while position < len(line) and (line[position].isspace() or line[position] == "\xa0"):
            position += 1
        if line.startswith("&nbsp;", position):
            position += len("&nbsp;")
        if not line.startswith(word, position):
            return None
        position += len(word)
    return position
