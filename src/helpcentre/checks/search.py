"""Search data (HC951-HC954): data/synonyms.yml and the articles' `keywords:`."""

from __future__ import annotations

from helpcentre.checks.project import MarkdownPage, Project
from helpcentre.mkdocs.outputs.search import SEARCH_DATA_FILE
from helpcentre.problems import Problem, ProblemError
from helpcentre.search.synonyms import (
    duplicate_problems,
    load_search_data,
    other_language,
    unknown_article_problems,
)
from helpcentre.search.text import words
from helpcentre.search.vocabulary import count_words, markdown_prose


def search_problems(project: Project) -> list[Problem]:
    """Malformed file (HC951), a term or keyword listed twice (HC952), a suggested article
    that does not exist (HC953), a term that reads as another language's word (HC954)."""
    vocabularies = {lang: _vocabulary(project, lang) for lang in project.languages.all}
    problems = _keyword_problems(project, vocabularies)
    file = project.root / SEARCH_DATA_FILE
    try:
        data = load_search_data(file, project.display(file), project.languages.all)
    except ProblemError as error:
        return problems + [p.with_code("HC951") for p in error.problems]
    # A language serves the source's article where it has no file of its own.
    served = {
        p.article_id.removesuffix(".md") for p in project.in_language(project.languages.source)
    }
    articles = {
        lang: served | {p.article_id.removesuffix(".md") for p in project.in_language(lang)}
        for lang in project.languages.all
    }
    problems += [p.with_code("HC952") for p in duplicate_problems(data)]
    problems += [p.with_code("HC953") for p in unknown_article_problems(data, articles)]
    for lang, entries in data.by_language.items():
        for group in entries.synonyms:
            for term in group:
                other = other_language(term.text, lang, vocabularies)
                if other:
                    message = _wrong_language(project, term.text, lang, other, "synonyms")
                    problems.append(Problem(data.path, term.line, term.col, message, "HC954"))
    return problems


def _vocabulary(project: Project, lang: str) -> set[str]:
    """The words readers see in a language's own pages: titles, ledes and bodies (tags
    and link targets left out: they are not prose)."""
    texts = []
    for page in project.in_language(lang):
        if page.pending:
            continue
        meta = page.source.meta
        texts += [str(meta.get("title", "")), str(meta.get("description", ""))]
        texts.append(markdown_prose(page.source.body))
    return set(count_words(texts))


def _keyword_problems(project: Project, vocabularies: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for lang in project.languages.all:
        for page in project.in_language(lang):
            keywords = page.source.meta.get("keywords")
            if page.pending or not isinstance(keywords, list):
                continue
            seen: set[str] = set()
            for keyword in keywords:
                if not isinstance(keyword, str) or not words(keyword):
                    continue  # the front-matter schema (HC701) reports it
                line, col = _keyword_position(page, keyword)
                key = " ".join(words(keyword))
                if key in seen:
                    message = f"keyword '{keyword}' is listed twice (remove one)"
                    problems.append(Problem(page.display, line, col, message, "HC952"))
                seen.add(key)
                other = other_language(keyword, lang, vocabularies)
                if other:
                    message = _wrong_language(project, keyword, lang, other, "keywords")
                    problems.append(Problem(page.display, line, col, message, "HC954"))
    return problems


def _wrong_language(project: Project, term: str, lang: str, other: str, where: str) -> str:
    return (
        f"'{term}' reads as {project.name(other)}, not {project.name(lang)}: its words are "
        f"in the {project.name(other)} articles and in no {project.name(lang)} one "
        f"(move it to the {other} {where}, or write the {project.name(lang)} word)"
    )


def _keyword_position(page: MarkdownPage, keyword: str) -> tuple[int, int]:
    """Where a keyword is written in the front matter (else its `keywords:` line)."""
    lines = page.source.text.split("\n")
    start = next((n for n, line in enumerate(lines) if line.startswith("keywords")), None)
    if start is None:
        return 1, 1
    for number in range(start, len(lines)):
        if number > start and lines[number].strip() in ("---", "..."):
            break
        if number > start and lines[number][:1] not in (" ", "\t", "-"):
            break
        column = lines[number].find(keyword, len("keywords:") if number == start else 0)
        if column >= 0:
            return number + 1, column + 1
    return start + 1, 1
