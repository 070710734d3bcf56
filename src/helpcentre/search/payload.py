"""One language's search file: its articles' titles, words, synonyms and suggestions."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

from helpcentre.search.text import STOP_WORDS


@dataclass(frozen=True)
class SearchDoc:
    """An article as the search page shows and ranks it (`url`: from the site root)."""

    url: str
    title: str
    lede: str
    collection: str
    keywords: tuple[str, ...] = ()
    fragment: str = ""  # Pagefind's id for the page ("" when unknown)


def search_payload(
    lang: str,
    docs: list[SearchDoc],
    vocabulary: list[str],
    synonyms: list[list[str]],
    suggested: list[str],
) -> dict[str, object]:
    """The JSON the page's script reads (hc-search.js): compact, positional rows."""
    collections = sorted({doc.collection for doc in docs})
    position = {name: index for index, name in enumerate(collections)}
    order = {doc.url: index for index, doc in enumerate(docs)}
    return {
        "lang": lang,
        "stop": sorted(STOP_WORDS.get(lang, ())),
        "words": " ".join(vocabulary),
        "synonyms": synonyms,
        "collections": collections,
        "docs": [
            [
                doc.url,
                doc.title,
                doc.lede,
                position[doc.collection],
                list(doc.keywords),
                doc.fragment,
            ]
            for doc in docs
        ],
        "suggested": [order[url] for url in suggested if url in order],
    }


def compressed(payload: dict[str, object]) -> bytes:
    """The payload as gzip'd UTF-8 JSON (the page inflates it; fixed mtime: same bytes
    for the same site)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), mtime=0)
