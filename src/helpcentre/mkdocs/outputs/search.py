"""Search at the end of a complete build: the Pagefind index and, beside it, one search
file per language (hc-search/<lang>.json.gz) for typo correction, synonyms and ranking."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from helpcentre.mkdocs.errors import BuildProblems, environment_problem
from helpcentre.mkdocs.page.pages import PageView
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.problems import ProblemError
from helpcentre.search.payload import SearchDoc, compressed, search_payload
from helpcentre.search.synonyms import (
    SearchData,
    folded_groups,
    load_search_data,
    unknown_article_problems,
)
from helpcentre.search.vocabulary import count_words, ranked
from helpcentre.typography import typesetter_for

SEARCH_DATA_FILE = "data/synonyms.yml"
SEARCH_FOLDER = "hc-search"
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SearchView:
    """What the home page's results element tells the script: where unanswered queries
    go (empty: nowhere) and which build the page belongs to."""

    endpoint: str
    build: str
    lang: str


def search_view(site: SiteBuild, build: LanguageBuild) -> SearchView:
    return SearchView(site.settings.feedback.endpoint or "", site.manifest.build, build.lang)


def read_search_data(site: SiteBuild, builds: list[LanguageBuild]) -> SearchData:
    """data/synonyms.yml, checked for shape and for the suggested articles of the
    languages built (one line each)."""
    file = Path(site.root, SEARCH_DATA_FILE)
    try:
        data = load_search_data(file, site.display(file), site.languages.all)
    except ProblemError as error:
        raise BuildProblems(error.problems) from None
    articles = {
        build.lang: {_without_md(i) for i in build.catalogue.articles}
        for build in builds
        if build.catalogue is not None
    }
    problems = unknown_article_problems(data, articles)
    if problems:
        raise BuildProblems(problems)
    return data


@dataclass(frozen=True)
class LanguageSearch:
    """One language's search file before Pagefind has run: everything but the Pagefind
    ids of its articles (a language's build process prepares it, the site step ends it)."""

    lang: str
    docs: tuple[SearchDoc, ...]
    vocabulary: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]
    suggested: tuple[str, ...]


def remember_page_text(build: LanguageBuild, article_id: str, view: PageView, html: str) -> None:
    """The words an article page gives Pagefind (its title, lede and body,
    `data-pagefind-body` in hc-article.html, its update date left out), kept while the
    page is rendered: the search file's vocabulary."""
    if view.article is None:
        return
    head = [view.article.title, view.article.description]
    build.indexed_text[article_id] = " ".join([*head, text_of_html(html)])


# The heading permalinks Python-Markdown's toc writes into a page's body (`¶`, its
# default `permalink_class`): navigation, not text, so Pagefind neither indexes them nor
# shows them in an excerpt ("…mon plan ?¶ Annuler…").
_PERMALINK = re.compile(r'<a class="headerlink"(?! data-pagefind-ignore)')


def unindexed_permalinks(html: str) -> str:
    """A page body with its heading permalinks left out of the search index."""
    return _PERMALINK.sub('<a class="headerlink" data-pagefind-ignore', html)


def text_of_html(html: str) -> str:
    """The text of an HTML fragment: tags dropped, character references read."""
    return unescape(_TAG.sub(" ", html))


def prepare_language(site: SiteBuild, build: LanguageBuild) -> LanguageSearch | None:
    """A language's search file once its pages are rendered (None: it listed no pages)."""
    catalogue = build.catalogue
    if catalogue is None:
        return None
    data = read_search_data(site, [build])
    docs: list[SearchDoc] = []
    texts: list[str] = []

    def typeset(text: str, text_lang: str) -> str:
        """A title, lede or collection label as its page prints it (results read like pages)."""
        lang = text_lang or build.lang
        return typesetter_for(lang, site.locale(lang)).typeset(text)

    for collection in catalogue.collections:
        for article in collection.articles:
            source = site.sources.get(build.lang, article.article_id)
            keywords = source.meta.get("keywords") if source else None
            doc = SearchDoc(
                url="/" + article.url,
                title=typeset(article.title, article.text_lang),
                lede=typeset(article.description, article.text_lang),
                collection=typeset(collection.title, collection.text_lang),
                keywords=tuple(str(k) for k in keywords or ()),
                text_lang=article.text_lang,
                collection_lang=collection.text_lang,
            )
            docs.append(doc)
            page_text = build.indexed_text.get(article.article_id, "")
            texts += [doc.title, doc.lede, *doc.keywords, page_text]
    entries = data.language(build.lang)
    suggested_ids = [item.text + ".md" for item in entries.suggested] or [
        collection.articles[0].article_id
        for collection in catalogue.collections
        if collection.articles
    ]
    suggested = ["/" + catalogue.articles[i].url for i in suggested_ids if i in catalogue.articles]
    return LanguageSearch(
        lang=build.lang,
        docs=tuple(docs),
        vocabulary=tuple(ranked(count_words(texts))),
        synonyms=tuple(tuple(group) for group in folded_groups(entries)),
        suggested=tuple(suggested),
    )


def write_every_language(site: SiteBuild, site_dir: Path) -> None:
    """The search index and files of a build that rendered every language itself."""
    prepared = [prepare_language(site, build) for build in site.by_language.values()]
    write_search_index(site_dir, [p for p in prepared if p is not None])


def write_search_index(
    site_dir: Path, languages: list[LanguageSearch], *, indexed: bool = False
) -> None:
    """The Pagefind index of the built site (unless `indexed`: already written), then each
    language's search file with its articles' Pagefind ids."""
    if not indexed:
        run_pagefind(site_dir, site_dir / "pagefind")
    fragments = fragment_ids(site_dir / "pagefind" / "fragment")
    folder = site_dir / SEARCH_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for prepared in languages:
        docs = [replace(doc, fragment=fragments.get(doc.url, "")) for doc in prepared.docs]
        payload = search_payload(
            prepared.lang,
            docs,
            list(prepared.vocabulary),
            [list(group) for group in prepared.synonyms],
            list(prepared.suggested),
        )
        (folder / f"{prepared.lang}.json.gz").write_bytes(compressed(payload))


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


PAGEFIND_ENTRY = "pagefind-entry.json"


def merge_pagefind_indexes(indexes: list[Path], output: Path) -> None:
    """One Pagefind index of every language from one index per language (each written by
    Pagefind over one language's pages): their files moved into `output`, their entry
    files joined. Pagefind names a language's files after the language and a hash of its
    pages, and writes the same ones whichever other languages it indexes alongside, so
    only the entry file, which lists the languages, needs joining. Every entry file is
    read before a file moves; one that differs beyond its languages (another Pagefind
    version) or repeats a language is refused in one line."""
    joined: dict[str, Any] = {}
    for index in indexes:
        entry_file = index / PAGEFIND_ENTRY
        try:
            entry = json.loads(entry_file.read_text(encoding="utf-8"))
            languages = dict(entry["languages"])
        except (OSError, ValueError, KeyError, TypeError):
            raise BuildProblems([environment_problem(f"{entry_file}: no Pagefind index")]) from None
        if not joined:
            joined = {**entry, "languages": {}}
        elif {**entry, "languages": {}} != {**joined, "languages": {}}:
            message = f"{entry_file}: a Pagefind index unlike the others (build every part again)"
            raise BuildProblems([environment_problem(message)])
        repeated = sorted(set(languages) & set(joined["languages"]))
        if repeated:
            message = (
                f"{entry_file}: a second index of {', '.join(repeated)} (one part per language)"
            )
            raise BuildProblems([environment_problem(message)])
        joined["languages"].update(languages)
    for index in indexes:
        for file in sorted(index.rglob("*")):
            if file.is_file() and file.name != PAGEFIND_ENTRY:
                target = output / file.relative_to(index)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, target)  # the same interface files in every index
    if joined:
        text = json.dumps(joined, ensure_ascii=False, separators=(",", ":"))
        (output / PAGEFIND_ENTRY).write_text(text, encoding="utf-8")


def run_pagefind(folder: Path, output: Path) -> None:
    """One Pagefind index per `<html lang>` of the pages under `folder` (laid out as the
    site, its pages' URLs taken from it), written to `output`.

    Pagefind's command line: a binary that fails or dies ends its run with its exit
    status and message, where the Python service API waits for an answer that never
    comes. (Two runs into one output would each write the entry file: one folder only.)"""
    binary = get_executable()
    if binary is None:
        message = "pagefind: its binary is not installed (make installs pagefind[bin])"
        raise BuildProblems([environment_problem(message)])
    command = [str(binary), "--site", str(folder), "--output-path", str(output), "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        done = subprocess.CompletedProcess(command, -1, "", str(error))
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        why = said[-1] if said else f"exit {done.returncode}"
        message = f"pagefind could not index {folder}: {why}"
        raise BuildProblems([environment_problem(message)])
