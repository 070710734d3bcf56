"""Typesets the text of a built HTML page: text between tags only, never code, scripts,
attributes or URLs; HTML comments are dropped (templates ship none to readers)."""

from __future__ import annotations

import html
import re

from helpcentre.typography.text import NODE_BREAK, TRIGGER, Typesetter

# Elements whose content is not prose: copied as they are, with everything inside.
_RAW_ELEMENTS = ("script", "style", "pre", "code", "kbd", "samp", "textarea", "svg", "math")
# What is never typeset: a comment, a whole raw element, or any other tag (attributes are
# inside tags, so they are always copied as they are). One capturing group: re.split
# then gives text, token, text, token, ..., text.
_TOKEN = re.compile(
    "(<!--.*?-->|"
    + "|".join(rf"<{name}\b[^>]*>.*?</{name}\s*>" for name in _RAW_ELEMENTS)
    + "|<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)


# Short text nodes recur from page to page (menus, headers, sidebars, buttons): each is
# typeset once per typesetter. No rule reads across a node's end, so a node's result
# depends on its text alone. Long nodes (paragraphs) are rarely repeated: not kept.
_KEPT_NODE_LENGTH = 200
_KEPT_NODES = 50_000
_finished_nodes: dict[Typesetter, dict[str, str]] = {}


def finish_html(page: str, typesetter: Typesetter) -> str:
    """`page` with its prose typeset for the typesetter's language and no HTML comment.

    The text nodes that may need a rule are typeset together, as one string where
    NODE_BREAK separates them (no rule reads across it): one pass of each rule per page
    rather than per text node; a short node seen before takes its earlier result."""
    pieces = _TOKEN.split(page)
    for index in range(1, len(pieces), 2):
        if pieces[index].startswith("<!--"):
            pieces[index] = ""
    finished = _finished_nodes.setdefault(typesetter, {})
    chosen: list[int] = []
    plain: list[str] = []
    for index in range(0, len(pieces), 2):
        text = pieces[index]
        if not text or text.isspace():  # most of a page's text nodes: no rule applies
            continue
        known = finished.get(text)
        if known is not None:
            pieces[index] = known
        elif TRIGGER.search(text) and NODE_BREAK not in text:
            chosen.append(index)
            plain.append(html.unescape(text) if "&" in text else text)
    if not chosen:
        return "".join(pieces)
    typeset = typesetter.typeset(NODE_BREAK.join(plain)).split(NODE_BREAK)
    assert len(typeset) == len(chosen), "a rule read across a text node's end"
    if len(finished) > _KEPT_NODES:
        finished.clear()
    for index, before, after in zip(chosen, plain, typeset, strict=True):
        text = pieces[index]
        if after != before:
            pieces[index] = html.escape(after, quote=False)
        if len(text) <= _KEPT_NODE_LENGTH:
            finished[text] = pieces[index]
    return "".join(pieces)
