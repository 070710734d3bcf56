"""Typesets the text of a built HTML page: text between tags only, never code, scripts,
attributes or URLs; HTML comments are dropped (templates ship none to readers)."""

from __future__ import annotations

import html
import re

from helpcentre.typography.text import Typesetter

# A comment, an element whose content is not prose (copied as is), or any other tag.
# Attributes are inside tags, so they are always copied as they are.
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style|pre|code|kbd|samp|textarea|svg|math)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def finish_html(page: str, typesetter: Typesetter) -> str:
    """`page` with its prose typeset for the typesetter's language and no HTML comment."""
    pieces: list[str] = []
    position = 0
    for token in _TOKEN.finditer(page):
        start = token.start()
        if start > position:
            pieces.append(_typeset_text(page[position:start], typesetter))
        if not token.group(0).startswith("<!--"):
            pieces.append(token.group(0))
        position = token.end()
    if position < len(page):
        pieces.append(_typeset_text(page[position:], typesetter))
    return "".join(pieces)


def _typeset_text(text: str, typesetter: Typesetter) -> str:
    """One text node (HTML-escaped) typeset, escaped again only when it changed."""
    if text.isspace():
        return text
    if "&" not in text:
        return typesetter.typeset(text)
    plain = html.unescape(text)
    typeset = typesetter.typeset(plain)
    return text if typeset == plain else html.escape(typeset, quote=False)
