"""Interface text of the help centre, from one gettext catalogue (`locales/<lang>.po`) per language.

Catalogues are monolingual: each msgid is a stable key (`feedback.question`), each msgstr
the text readers see. A string missing in a language falls back to the source language's
text; `make check` reports it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from helpcentre.languages import Languages
from helpcentre.problems import Problem, ProblemError

# Every key the templates and the code read: the source catalogue must define each one
# (`articles.<CLDR plural form>` may add forms beyond 'other').
REQUIRED = frozenset(
    {
        "all_collections",
        "article_covers",
        "articles.other",
        "breadcrumbs",
        "collection_articles",
        "collections_heading",
        "contact_us",
        "feedback.failed",
        "feedback.happy",
        "feedback.mail_body",
        "feedback.mail_subject",
        "feedback.neutral",
        "feedback.question",
        "feedback.retry",
        "feedback.sad",
        "feedback.sorry",
        "feedback.thanks",
        "home_heading",
        "moved_link",
        "moved_title",
        "new_article.answer",
        "new_article.description",
        "new_article.intro",
        "new_article.section",
        "not_found_body",
        "not_found_heading",
        "not_found_home",
        "permalink_title",
        "related_articles",
        "search_button",
        "search_count_one",
        "search_count_other",
        "search_did_you_mean",
        "search_hint",
        "search_label",
        "search_none",
        "search_placeholder",
        "search_results",
        "search_suggested",
        "search_unavailable",
        "sidebar_all_articles",
        "skip_to_content",
        "still_need_help",
        "translation_pending",
        "translation_read_source",
        "translation_stale",
        "updated",
    }
)


@dataclass(frozen=True)
class Catalogue:
    """One language's strings, with the line of each msgid in its file."""

    path: str
    strings: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class InterfaceText:
    """Every language's interface strings; the source language's fill the gaps."""

    languages: Languages
    catalogues: dict[str, Catalogue]

    def strings(self, lang: str) -> dict[str, str]:
        """The strings readers of `lang` see (source-language text where one is missing)."""
        source = self.catalogues[self.languages.source].strings
        own = self.catalogues.get(lang)
        return {**source, **own.strings} if own else dict(source)

    def missing(self, lang: str) -> list[str]:
        """Keys of the source catalogue that `lang` does not translate."""
        own = self.catalogues.get(lang)
        source = self.catalogues[self.languages.source].strings
        return [key for key in source if own is None or key not in own.strings]

    def path_of(self, lang: str, folder: str) -> str:
        catalogue = self.catalogues.get(lang)
        return catalogue.path if catalogue else f"{folder}/{lang}.po"


def load_interface_text(folder: Path, display: str, languages: Languages) -> InterfaceText:
    """Read `<folder>/<lang>.po` for every site language; ProblemError when one is unusable
    (a missing catalogue is allowed for any language but the source)."""
    catalogues: dict[str, Catalogue] = {}
    problems: list[Problem] = []
    for lang in languages.all:
        path = folder / f"{lang}.po"
        shown = f"{display}/{lang}.po"
        if not path.is_file():
            if lang == languages.source:
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "interface catalogue of the source language not found "
                        "(create it: every other language falls back to it)",
                    )
                )
            continue
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, abort_invalid=True)
        except (PoFileError, ValueError) as error:
            problems.append(Problem(shown, 1, 1, f"not a valid gettext catalogue: {error}"))
            continue
        strings: dict[str, str] = {}
        lines: dict[str, int] = {}
        for message in catalog:
            if not message.id or not isinstance(message.id, str) or message.fuzzy:
                continue
            if isinstance(message.string, str) and message.string:
                strings[message.id] = message.string
                lines[message.id] = message.lineno or 1
        catalogues[lang] = Catalogue(shown, strings, lines)
    source = catalogues.get(languages.source)
    if source is not None:
        problems += [
            Problem(
                source.path,
                1,
                1,
                f"interface string '{key}' is missing (the pages need "
                "it: add it to the source catalogue, not marked fuzzy)",
            )
            for key in sorted(REQUIRED - set(source.strings))
        ]
        for catalogue in catalogues.values():
            problems += _placeholder_problems(catalogue, source)
    if problems:
        raise ProblemError(problems)
    return InterfaceText(languages, catalogues)


def _placeholder_problems(catalogue: Catalogue, source: Catalogue) -> list[Problem]:
    """A text whose `{...}` placeholders the code cannot fill would stop the build later."""
    problems = []
    for key, text in catalogue.strings.items():
        line = catalogue.lines.get(key, 1)
        try:
            used = placeholders(text)
        except ValueError:
            message = f"interface string '{key}' has a stray brace (write {{{{ or }}}} for one)"
            problems.append(Problem(catalogue.path, line, 1, message))
            continue
        allowed = placeholders(source.strings.get(key, ""))
        extra = sorted(used - allowed)
        if extra and key in source.strings:
            known = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            message = (
                f"interface string '{key}' uses {{{extra[0]}}}, which the source text does "
                f"not have (placeholders: {known})"
            )
            problems.append(Problem(catalogue.path, line, 1, message))
    return problems


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a text; ValueError when its braces do not pair up."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def article_count(strings: Mapping[str, str], count: int, locale: str) -> str:
    """'1 article' / '12 articles', with the language's own plural rule (fr: 0 and 1 are
    singular); keys are `articles.<CLDR plural form>`."""
    form = Locale.parse(locale).plural_form(count)
    template = strings.get(f"articles.{form}") or strings["articles.other"]
    return template.format(n=format_decimal(count, locale=locale))


def language_name(lang: str, in_language: str) -> str:
    """A language's name as readers of another language call it ('Französisch')."""
    return Locale.parse(lang).get_display_name(in_language) or lang
