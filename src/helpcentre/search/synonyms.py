"""The editors' search data file: synonym groups and suggested articles per language.

    fr:
      synonyms:
        - [résilier, annuler, arrêter]      # every term finds what the others find
      suggested: [facturation/x, ...]       # shown when a search finds nothing

Every term and article id keeps its line and column, so a problem names where to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpcentre.problems import Problem, ProblemError
from helpcentre.search.text import words


@dataclass(frozen=True)
class Located:
    """A string of the file and where it is (1-based line and column)."""

    text: str
    line: int
    col: int


@dataclass(frozen=True)
class LanguageSearchData:
    synonyms: tuple[tuple[Located, ...], ...] = ()
    suggested: tuple[Located, ...] = ()


@dataclass(frozen=True)
class SearchData:
    path: str  # as shown to editors
    by_language: dict[str, LanguageSearchData] = field(default_factory=dict)

    def language(self, lang: str) -> LanguageSearchData:
        return self.by_language.get(lang, LanguageSearchData())


def load_search_data(file: Path, shown: str, languages: Iterable[str]) -> SearchData:
    """Read the file (an absent file: no synonyms, default suggestions); ProblemError
    with one located line per defect of its shape."""
    if not file.is_file():
        return SearchData(shown)
    try:
        node = yaml.compose(file.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ProblemError(
            [Problem(shown, line, col, f"search data is not valid YAML: {error.problem}")]
        ) from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProblemError([Problem(shown, 1, 1, f"search data cannot be read: {error}")]) from None
    reader = _Reader(shown, tuple(languages))
    data = reader.read(node)
    if reader.problems:
        raise ProblemError(reader.problems)
    return data


class _Reader:
    """Walks the YAML nodes, keeping positions; collects one problem per defect."""

    def __init__(self, shown: str, languages: tuple[str, ...]) -> None:
        self.shown = shown
        self.languages = languages
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, message))

    def read(self, node: yaml.Node | None) -> SearchData:
        if node is None:
            return SearchData(self.shown)
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, "search data must map each language to its synonyms (write fr:)")
            return SearchData(self.shown)
        found: dict[str, LanguageSearchData] = {}
        for key, value in node.value:
            lang = str(key.value)
            if lang not in self.languages:
                known = ", ".join(self.languages)
                self.fail(key, f"'{lang}' is not a site language (languages: {known})")
                continue
            found[lang] = self.language(value)
        return SearchData(self.shown, found)

    def language(self, node: yaml.Node) -> LanguageSearchData:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, "a language takes 'synonyms:' and 'suggested:' lists")
            return LanguageSearchData()
        synonyms: list[tuple[Located, ...]] = []
        suggested: tuple[Located, ...] = ()
        for key, value in node.value:
            if key.value == "synonyms":
                for group in self.sequence(value, "synonyms", "a list of groups"):
                    terms = self.strings(group, "a synonym group")
                    if isinstance(group, yaml.SequenceNode) and len(terms) == 1:
                        self.fail(group, "a synonym group needs two terms or more")
                    if len(terms) > 1:
                        synonyms.append(terms)
            elif key.value == "suggested":
                suggested = self.strings(value, "'suggested'")
            else:
                self.fail(key, f"unknown key '{key.value}' (allowed: synonyms, suggested)")
        return LanguageSearchData(tuple(synonyms), suggested)

    def sequence(self, node: yaml.Node, name: str, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"'{name}' must be {what} (write - [word, other word])")
            return []
        return list(node.value)

    def strings(self, node: yaml.Node, what: str) -> tuple[Located, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list (write [word, other word])")
            return ()
        items = []
        for item in node.value:
            text = item.value if isinstance(item, yaml.ScalarNode) else None
            if not isinstance(text, str) or not words(text):
                self.fail(item, f"{what} holds an empty or non-text entry")
                continue
            mark = item.start_mark
            items.append(Located(text.strip(), mark.line + 1, mark.column + 1))
        return tuple(items)


def duplicate_problems(data: SearchData) -> list[Problem]:
    """A term listed twice in a language (same words once folded): the second is reported."""
    problems = []
    for lang, entries in data.by_language.items():
        seen: dict[str, Located] = {}
        for group in entries.synonyms:
            for term in group:
                key = " ".join(words(term.text))
                if key in seen:
                    first = seen[key]
                    problems.append(
                        Problem(
                            data.path,
                            term.line,
                            term.col,
                            f"duplicate synonym '{term.text}' in '{lang}' (already on line "
                            f"{first.line}: keep one, merging the two groups if both are meant)",
                        )
                    )
                else:
                    seen[key] = term
        listed: set[str] = set()
        for article in entries.suggested:
            if article.text in listed:
                problems.append(
                    Problem(
                        data.path,
                        article.line,
                        article.col,
                        f"'{article.text}' is suggested twice in '{lang}' (remove one)",
                    )
                )
            listed.add(article.text)
    return problems


def unknown_article_problems(data: SearchData, articles: Mapping[str, set[str]]) -> list[Problem]:
    """A suggested article id that is no article of its language (`articles[lang]`; a
    language missing from `articles` is not checked: another process builds it)."""
    problems = []
    for lang, entries in data.by_language.items():
        if lang not in articles:
            continue
        known = articles[lang]
        for article in entries.suggested:
            if article.text not in known:
                problems.append(
                    Problem(
                        data.path,
                        article.line,
                        article.col,
                        f"suggested article '{article.text}' is not an article of '{lang}' "
                        "(write its path under docs/<lang>/ without .md, e.g. suivi/alertes)",
                    )
                )
    return problems


def other_language(term: str, lang: str, vocabularies: Mapping[str, set[str]]) -> str | None:
    """The language a term belongs to instead of `lang`: none of its words is in
    `lang`'s articles, and all of them are in that other language's."""
    parts = words(term)
    own = vocabularies.get(lang, set())
    if not parts or any(part in own for part in parts):
        return None
    for other, vocabulary in vocabularies.items():
        if other != lang and all(part in vocabulary for part in parts):
            return other
    return None


def folded_groups(entries: LanguageSearchData) -> list[list[str]]:
    """The synonym groups as the page's script matches them: folded, words spaced."""
    return [[" ".join(words(term.text)) for term in group] for group in entries.synonyms]
