"""Heading ids in every script: MkDocs' own rule for Latin text, the letters themselves
for the others (an Arabic or Hebrew heading no longer becomes `_1`)."""

from __future__ import annotations

import re
import unicodedata

# Letters and digits worth keeping in an id when they are not Latin (Latin letters are
# reduced to ASCII or dropped, exactly as the table of contents' default rule does).
KEPT_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lo", "Nd"})


def slugify(value: str, separator: str) -> str:
    """The id of a heading: for Latin text, the same as Python-Markdown's `toc` default
    (so no published anchor changes); letters of other scripts are kept, their vowel
    signs and other marks dropped."""
    kept = "".join(
        char
        for char in unicodedata.normalize("NFKD", value)
        if char.isascii() or _other_script_letter(char)
    )
    value = re.sub(r"[^\w\s-]", "", kept).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)


def _other_script_letter(char: str) -> bool:
    """A letter or digit of a script other than Latin."""
    if unicodedata.category(char) not in KEPT_CATEGORIES:
        return False
    return not unicodedata.name(char, "LATIN").startswith("LATIN")
