"""Finds the placeholder text `make new-article` writes, left in an article or its stub."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from helpcentre.content.sources import FRONT_MATTER, SourceFile
from helpcentre.policies.markers import lines_with_code_state, text_segments
from helpcentre.problems import Problem

# Interface keys (locales/<lang>.po) of the text `make new-article` writes.
SENTENCE_KEYS = ("new_article.intro", "new_article.answer")
HEADING_KEY = "new_article.section"
DESCRIPTION_KEY = "new_article.description"

MESSAGE = "placeholder text from make new-article is still here ('{text}'): {fix}"


@dataclass(frozen=True)
class Placeholders:
    """The placeholder texts to look for (every language's version that may be copied)."""

    sentences: frozenset[str]
    headings: frozenset[str]
    descriptions: frozenset[str]

    @classmethod
    def of(cls, *catalogues: Mapping[str, str]) -> Placeholders:
        """From interface strings: the source language's, then the page's own language's."""

        def texts(*keys: str) -> frozenset[str]:
            found = (str(c.get(key, "")).strip() for c in catalogues for key in keys)
            return frozenset(text for text in found if text)

        return cls(texts(*SENTENCE_KEYS), texts(HEADING_KEY), texts(DESCRIPTION_KEY))


def placeholder_problems(
    pages: Iterable[tuple[str, SourceFile]], placeholders: Placeholders
) -> list[Problem]:
    """Every placeholder left in these files (`where`: the path an editor types)."""
    problems: list[Problem] = []
    for where, source in pages:
        problems += find_placeholders(source, where, placeholders)
    return problems


def find_placeholders(source: SourceFile, where: str, placeholders: Placeholders) -> list[Problem]:
    """Placeholders in a file's front matter description and in its body outside code."""
    problems: list[Problem] = []
    description = source.meta.get("description")
    if isinstance(description, str):
        for text in placeholders.descriptions:
            if _occurs(description, text) is not None:
                line, col = _description_position(source)
                fix = MESSAGE.format(text=text, fix="write the description")
                problems.append(Problem(where, line, col, fix))
                break
    # A placeholder heading or sentence is found on its line: none in the body, none at all.
    if not any(text in source.body for text in placeholders.sentences | placeholders.headings):
        return problems
    for number, line, in_code in lines_with_code_state(source.body):
        if in_code:
            continue
        file_line = source.body_line + number - 1
        heading = _HEADING.match(line)
        if heading and heading["text"] in placeholders.headings:
            message = MESSAGE.format(text=heading["text"], fix="write the article")
            problems.append(Problem(where, file_line, heading.start("text") + 1, message))
            continue
        found = _first_sentence(line, placeholders.sentences)
        if found is not None:
            col, text = found
            message = MESSAGE.format(text=text, fix="write the article")
            problems.append(Problem(where, file_line, col, message))
    return problems


def _first_sentence(line: str, sentences: frozenset[str]) -> tuple[int, str] | None:
    """The 1-based column and text of the first placeholder sentence on a line, outside
    inline code."""
    present = [text for text in sentences if text in line]
    if not present:
        return None
    hits = []
    for start, end in text_segments(line):
        for text in present:
            at = _occurs(line[start:end], text)
            if at is not None:
                hits.append((start + at + 1, text))
    return min(hits, default=None)


def _occurs(haystack: str, text: str) -> int | None:
    """Where `text` occurs as whole words ('La réponse.' but not 'Pas La réponse.x')."""
    for match in re.finditer(re.escape(text), haystack):
        before = haystack[match.start() - 1] if match.start() else " "
        after = haystack[match.end()] if match.end() < len(haystack) else " "
        if not (before.isalnum() or after.isalnum()):
            return match.start()
    return None


def _description_position(source: SourceFile) -> tuple[int, int]:
    """Line and column of the `description` value in the file (1, 1 if not found)."""
    match = FRONT_MATTER.match(source.text)
    if not match or not match.group(1):
        return (1, 1)
    try:
        root = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return (1, 1)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "description":
                # +2: the front matter starts on the line after the opening '---'.
                return (value.start_mark.line + 2, value.start_mark.column + 1)
    return (1, 1)


_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
