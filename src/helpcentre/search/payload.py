"""One language's search file: its articles' titles, words, synonyms and suggestions."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

from helpcentre.languages import text_direction
from helpcentre.search.words import language_words


@dataclass(frozen=True)
class SearchDoc:
    """An article as the search page shows and ranks it (`url`: from the site root)."""

    url: str
    title: str
    lede: str
    collection: str
    keywords: tuple[str, ...] = ()
    fragment: str = ""  # Pagefind's id for the page ("" when unknown)
    text_lang: str = ""  # the language of its title and lede when not the search's
    collection_lang: str = ""  # the language of its collection's title, likewise


def search_payload(
    lang: str,
    docs: list[SearchDoc],
    vocabulary: list[str],
    synonyms: list[list[str]],
    suggested: list[str],
) -> dict[str, object]:
    """The JSON the page's script reads (hc-search.js): compact, positional rows."""
    words = language_words(lang)
    collections = sorted({doc.collection for doc in docs})
    position = {name: index for index, name in enumerate(collections)}
    order = {doc.url: index for index, doc in enumerate(docs)}
    foreign = sorted(({d.text_lang for d in docs} | {d.collection_lang for d in docs}) - {""})
    return {
        "lang": lang,
        "stop": sorted(words.dropped),
        "prefixes": list(words.prefixes),
        "endings": list(words.endings),
        "words": " ".join(vocabulary),
        "synonyms": synonyms,
        "collections": collections,
        "docs": [_row(doc, position[doc.collection]) for doc in docs],
        # How the other languages shown (a title served from the source's file) are written.
        "directions": {code: text_direction(code) for code in foreign},
        "suggested": [order[url] for url in suggested if url in order],
    }


def compressed(payload: dict[str, object]) -> bytes:
    """The payload as gzip'd UTF-8 JSON (the page inflates it; fixed mtime: same bytes
    for the same site)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), mtime=0)


def _row(doc: SearchDoc, collection: int) -> list[object]:
    """A doc's row; the languages of its texts only when one is not the search's."""
    row: list[object] = [doc.url, doc.title, doc.lede, collection, list(doc.keywords), doc.fragment]
    if doc.text_lang or doc.collection_lang:
        row += [doc.text_lang, doc.collection_lang]
    return row
