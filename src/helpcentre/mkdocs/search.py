"""Search at the end of a complete build: the Pagefind index and, beside it, one search
file per language (hc-search/<lang>.json.gz) for typo correction, synonyms and ranking."""

from __future__ import annotations

import asyncio
import gzip
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.content.catalogue import Catalogue
from helpcentre.mkdocs.errors import BuildProblems, environment_problem
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.problems import ProblemError
from helpcentre.search.payload import SearchDoc, compressed, search_payload
from helpcentre.search.synonyms import (
    SearchData,
    folded_groups,
    load_search_data,
    unknown_article_problems,
)
from helpcentre.search.vocabulary import count_words, indexed_text, ranked

SEARCH_DATA_FILE = "data/synonyms.yml"
SEARCH_FOLDER = "hc-search"


@dataclass(frozen=True)
class SearchView:
    """What the home page's results element tells the script: where unanswered queries
    go (empty: nowhere) and which build the page belongs to."""

    endpoint: str
    build: str
    lang: str


def search_view(site: SiteBuild, build: LanguageBuild) -> SearchView:
    return SearchView(site.settings.feedback.endpoint or "", site.manifest.build, build.lang)


def read_search_data(site: SiteBuild) -> SearchData:
    """data/synonyms.yml, checked for shape and suggested articles (one line each)."""
    file = Path(site.root, SEARCH_DATA_FILE)
    try:
        data = load_search_data(file, site.display(file), site.languages.all)
    except ProblemError as error:
        raise BuildProblems(error.problems) from None
    articles = {
        lang: {_without_md(i) for i in build.catalogue.articles} if build.catalogue else set()
        for lang, build in site.by_language.items()
    }
    problems = unknown_article_problems(data, articles)
    if problems:
        raise BuildProblems(problems)
    return data


def write_search_index(site: SiteBuild, config: MkDocsConfig) -> None:
    """The Pagefind index of the built site, then each language's search file."""
    site_dir = Path(config.site_dir)
    data = read_search_data(site)
    _run_pagefind(site_dir)
    fragments = fragment_ids(site_dir / "pagefind" / "fragment")
    folder = site_dir / SEARCH_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for lang, build in site.by_language.items():
        if build.catalogue is None:
            continue
        payload = _language_payload(site, build.catalogue, site_dir, data, lang, fragments)
        (folder / f"{lang}.json.gz").write_bytes(compressed(payload))


def _language_payload(
    site: SiteBuild,
    catalogue: Catalogue,
    site_dir: Path,
    data: SearchData,
    lang: str,
    fragments: dict[str, str],
) -> dict[str, object]:
    docs: list[SearchDoc] = []
    texts: list[str] = []
    for collection in catalogue.collections:
        for article in collection.articles:
            source = site.sources.get(lang, article.article_id)
            keywords = source.meta.get("keywords") if source else None
            doc = SearchDoc(
                url="/" + article.url,
                title=article.title,
                lede=article.description,
                collection=collection.title,
                keywords=tuple(str(k) for k in keywords or ()),
                fragment=fragments.get("/" + article.url, ""),
            )
            docs.append(doc)
            texts += [doc.title, doc.lede, *doc.keywords, _page_text(site_dir, article.url)]
    entries = data.language(lang)
    suggested_ids = [item.text + ".md" for item in entries.suggested] or [
        collection.articles[0].article_id
        for collection in catalogue.collections
        if collection.articles
    ]
    suggested = ["/" + catalogue.articles[i].url for i in suggested_ids if i in catalogue.articles]
    return search_payload(lang, docs, ranked(count_words(texts)), folded_groups(entries), suggested)


def fragment_ids(folder: Path) -> dict[str, str]:
    """Each indexed page's Pagefind result id (its fragment file's name), by URL: the page
    joins Pagefind's results to its articles without fetching a fragment per result.
    A fragment it cannot read is left out (the page then fetches that one's data)."""
    found = {}
    for file in folder.glob("*.pf_fragment"):
        try:
            raw = gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd")
            url = json.loads(raw)["url"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(url, str):
            found[url] = file.name.removesuffix(".pf_fragment")
    return found


def _without_md(article_id: str) -> str:
    return article_id.removesuffix(".md")


def _page_text(site_dir: Path, url: str) -> str:
    page = site_dir / url / "index.html" if url.endswith("/") or not url else site_dir / url
    try:
        return indexed_text(page.read_text(encoding="utf-8"))
    except OSError:
        return ""


def _run_pagefind(site_dir: Path) -> None:
    """One Pagefind index per `<html lang>`, written to site/pagefind/."""
    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> None:
        settings = IndexConfig(output_path=str(site_dir / "pagefind"))
        async with PagefindIndex(config=settings) as index:
            await index.add_directory(str(site_dir))

    try:
        # In a thread of its own: the caller may already run an event loop (a test
        # driving a browser, say), where asyncio.run() is refused.
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(asyncio.run, run()).result()
    except Exception as error:  # the binary's own message is the useful part
        message = f"pagefind could not index {site_dir}: {error}"
        raise BuildProblems([environment_problem(message)]) from None
