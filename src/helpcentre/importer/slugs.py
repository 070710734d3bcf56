"""ASCII slugs from titles, unique within their folder."""

from __future__ import annotations

import re

from anyascii import anyascii

MAX_LENGTH = 60


def slugify(title: str) -> str:
    """`Changer d’adresse ?` -> `changer-d-adresse`: lower-case ASCII letters, digits, dashes
    (every script transliterated: `Œuvre` -> `oeuvre`, `Zürich` -> `zurich`)."""
    ascii_text = anyascii(title)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug


def unique_slug(title: str, taken: set[str], fallback: str) -> str:
    """A slug for `title` not in `taken` (which it joins): `-2`, `-3`... on a clash."""
    base = slugify(title) or fallback
    slug, number = base, 2
    while slug in taken or slug == "index":
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug
