"""Interface text of the help centre: the shipped catalogue of each language, overridden
string by string by the site's own `locales/<lang>.po`.

Catalogues are monolingual: each msgid is a stable key (`feedback.question`), each msgstr
the text readers see. A string missing in a language falls back to the source language's
text; `helpcentre check` reports it.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from helpcentre.languages import Languages, babel_locale
from helpcentre.problems import Problem, ProblemError

# The catalogues that ship with the package, one per language, and how lines name them.
SHIPPED = Path(__file__).resolve().parent / "locales"
SHIPPED_DISPLAY = "helpcentre/locales"

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
        "feedback.privacy",
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
    plural_count: int | None = None  # nplurals of its Plural-Forms header, if it has one


@dataclass(frozen=True)
class InterfaceText:
    """Every language's interface strings; the source language's fill the gaps.

    A language's catalogue is the one shipped with the package, with the site's own
    `<folder>/<lang>.po` laid over it string by string."""

    languages: Languages
    catalogues: dict[str, Catalogue]
    folder: str = "locales"

    def strings(self, lang: str) -> dict[str, str]:
        """The strings readers of `lang` see (source-language text where one is missing)."""
        source = self.catalogues[self.languages.source].strings
        own = self.catalogues.get(lang)
        return {**source, **own.strings} if own else dict(source)

    def missing(self, lang: str) -> list[str]:
        """Keys of the source catalogue that `lang` does not translate (a plural form
        `lang` does not have, such as Polish 'articles.few' in English, is not missing)."""
        own = self.catalogues.get(lang)
        source = self.catalogues[self.languages.source].strings
        return [
            key
            for key in source
            if (own is None or key not in own.strings) and _has_form(key, lang)
        ]

    def path_of(self, lang: str, folder: str) -> str:
        """The file an editor adds `lang`'s strings to: the site's own catalogue."""
        return f"{folder}/{lang}.po"

    def source_path(self) -> str:
        """Where the source language's strings come from, as an editor would look for them."""
        return self.catalogues[self.languages.source].path


def _has_form(key: str, lang: str) -> bool:
    """False for `articles.<form>` when `form` is no CLDR plural category of `lang`."""
    prefix, _, form = key.partition(".")
    if prefix != "articles" or form == "other":
        return True
    return form in Locale.parse(babel_locale(lang)).plural_form.tags


def shipped_catalogues() -> dict[str, Path]:
    """The interface catalogues that come with the package, by language code."""
    return {path.stem: path for path in sorted(SHIPPED.glob("*.po"))}


def load_interface_text(folder: Path, display: str, languages: Languages) -> InterfaceText:
    """Every site language's strings: the shipped catalogue, then the site's
    `<folder>/<lang>.po` over it; ProblemError when a file is unusable or the source
    language has no catalogue at all (any other language may have none)."""
    shipped = shipped_catalogues()
    catalogues: dict[str, Catalogue] = {}
    problems: list[Problem] = []
    for lang in languages.all:
        layers: list[Catalogue] = []
        for path, shown in (
            (shipped.get(lang), f"{SHIPPED_DISPLAY}/{lang}.po"),
            (folder / f"{lang}.po", f"{display}/{lang}.po"),
        ):
            if path is None or not path.is_file():
                continue
            try:
                layers.append(_read_catalogue(path, shown, lang))
            except ProblemError as error:
                problems += error.problems
        if not layers:
            if lang == languages.source:
                problems.append(_no_source_catalogue(display, lang, shipped))
            continue
        catalogues[lang] = _laid_over(layers)
        for layer in layers:
            problems += _placeholder_problems(layer, catalogues.get(languages.source) or layer)
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
    if problems:
        raise ProblemError(_unique(problems))
    return InterfaceText(languages, catalogues, display)


def _read_catalogue(path: Path, shown: str, lang: str) -> Catalogue:
    # A byte-order mark (some editors save one) is no part of the catalogue's text.
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        catalog = read_po(io.BytesIO(data), locale=babel_locale(lang), abort_invalid=True)
    except (PoFileError, ValueError) as error:
        raise ProblemError(
            [_unreadable(shown, data) or _parse_problem(shown, str(error))]
        ) from None
    strings: dict[str, str] = {}
    lines: dict[str, int] = {}
    header = dict(catalog.mime_headers).get("Plural-Forms", "")
    declared = re.search(r"nplurals\s*=\s*(\d+)", header)
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or message.fuzzy:
            continue
        if isinstance(message.string, str) and message.string:
            strings[message.id] = message.string
            lines[message.id] = message.lineno or 1
    return Catalogue(shown, strings, lines, int(declared[1]) if declared else None)


def _unreadable(shown: str, data: bytes) -> Problem | None:
    """What Babel's own error does not locate: a line that is not UTF-8 text (the
    catalogue declares no other charset), or a Plural-Forms header whose count is no
    number; None for anything else."""
    lines = data.split(b"\n")
    if not re.search(rb"charset\s*=(?!\s*utf-?8)", data, re.IGNORECASE):
        for number, line in enumerate(lines, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as error:
                message = "this line is not UTF-8 text (save the catalogue as UTF-8)"
                column = len(line[: error.start].decode("utf-8")) + 1
                return Problem(shown, number, column, message)
    for number, line in enumerate(lines, start=1):
        if line.startswith(b'"Plural-Forms:') and not re.search(rb"nplurals\s*=\s*\d+\b", line):
            message = (
                "the Plural-Forms header needs a number of forms, such as "
                '"Plural-Forms: nplurals=2; plural=(n != 1);\\n" (or delete the line: '
                "helpcentre counts with CLDR's plural rules)"
            )
            return Problem(shown, number, 1, message)
    return None


def _parse_problem(shown: str, error: str) -> Problem:
    """Babel's parse error as a located line an editor can act on (Babel counts lines
    from 0 and says what it expected in its own terms)."""
    found = _BABEL_ERROR.match(error)
    if found is None:
        return Problem(shown, 1, 1, f"not a valid gettext catalogue: {error}")
    what, line = found.group("what"), int(found.group("line")) + 1
    missing = _MISSING_MSGSTR.match(what)
    if missing is not None:
        message = (
            f"msgid '{missing.group(1)}' has no msgstr (add a line msgstr \"...\" after it, "
            "with its text in this language)"
        )
    elif what == "Unknown or misformatted keyword":
        message = (
            'this line is not part of a catalogue entry (an entry is a msgid "key" line '
            'then a msgstr "text" line, each text in double quotes; a comment starts '
            "with #)"
        )
    else:
        message = f"not a valid gettext catalogue: {what}"
    return Problem(shown, line, 1, message)


_BABEL_ERROR = re.compile(r"^(?P<what>.*) on (?P<line>\d+)$", re.DOTALL)
_MISSING_MSGSTR = re.compile(r"^missing msgstr for msgid '(.*)'$", re.DOTALL)


def _laid_over(layers: list[Catalogue]) -> Catalogue:
    """The shipped strings with the site's over them; the site's file is named when it
    exists (a missing string is added there)."""
    strings: dict[str, str] = {}
    for layer in layers:
        strings.update(layer.strings)
    return Catalogue(layers[-1].path, strings, dict(layers[-1].lines))


def _no_source_catalogue(display: str, lang: str, shipped: dict[str, Path]) -> Problem:
    return Problem(
        f"{display}/{lang}.po",
        1,
        1,
        f"no interface catalogue for the source language '{lang}' (none ships with "
        f"helpcentre; shipped: {', '.join(shipped) or 'none'}): create it, every other "
        "language falls back to it",
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


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
        allowed = _allowed_placeholders(key, source)
        extra = sorted(used - allowed)
        if extra and key in source.strings:
            known = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            message = (
                f"interface string '{key}' uses {{{extra[0]}}}, which the source text does "
                f"not have (placeholders: {known})"
            )
            problems.append(Problem(catalogue.path, line, 1, message))
    return problems


# A CLDR plural form of a counted text: `articles.few`, `search_count_one`.
_PLURAL_FORM = re.compile(r"^(?P<stem>.+[._])(?:zero|one|two|few|many)$")


def _allowed_placeholders(key: str, source: Catalogue) -> set[str]:
    """The fields the source text of `key` uses; a plural form may also use those of its
    'other' form (Arabic 'مقالتان', two articles, says the number in words)."""
    keys = [key]
    form = _PLURAL_FORM.match(key)
    if form is not None:
        keys.append(form["stem"] + "other")
    allowed: set[str] = set()
    for name in keys:
        # The source's own stray brace is reported on its own line.
        with contextlib.suppress(ValueError):
            allowed |= placeholders(source.strings.get(name, ""))
    return allowed


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a text; ValueError when its braces do not pair up."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# Article counts a help centre shows: the plural forms a language needs are those CLDR
# gives the counts below (French "many" is for millions, never an article count).
_COUNTS = range(10_000)
PLURAL_PREFIX = "articles."


def plural_forms_needed(lang: str) -> frozenset[str]:
    """The CLDR plural forms a count of articles takes in `lang` ('other' always: the
    key every language has)."""
    rule = Locale.parse(babel_locale(lang)).plural_form
    return frozenset({rule(count) for count in _COUNTS} | {"other"})


def shipped_catalogue_problems(path: Path, source: Path | None = None) -> list[Problem]:
    """What keeps a catalogue shipped with the package from serving its language whole:
    a string the templates use missing, a plural form CLDR gives its counts missing or
    unknown to CLDR, a Plural-Forms header with another count than CLDR's, a placeholder
    the source text lacks (`source`: the shipped source catalogue, English by default)."""
    lang = path.stem
    shown = f"{SHIPPED_DISPLAY}/{path.name}"
    try:
        catalogue = _read_catalogue(path, shown, lang)
    except ProblemError as error:
        return error.problems
    reference = _read_catalogue(source or SHIPPED / "en.po", "source", "en")
    problems = _placeholder_problems(catalogue, reference)
    have = set(catalogue.strings)
    forms = {key.removeprefix(PLURAL_PREFIX) for key in have if key.startswith(PLURAL_PREFIX)}
    needed = plural_forms_needed(lang)
    known = Locale.parse(babel_locale(lang)).plural_form.tags | {"other"}
    for key in sorted(REQUIRED - have):
        problems.append(Problem(shown, 1, 1, f"interface string '{key}' is missing"))
    for form in sorted(needed - forms - {"other"}):
        message = f"plural form 'articles.{form}' is missing (CLDR: {_forms(needed)})"
        problems.append(Problem(shown, 1, 1, message))
    for form in sorted(forms - known):
        line = catalogue.lines.get(PLURAL_PREFIX + form, 1)
        message = f"plural form 'articles.{form}' is not one of {lang}'s (CLDR: {_forms(needed)})"
        problems.append(Problem(shown, line, 1, message))
    expected = get_plural(babel_locale(lang)).num_plurals
    if catalogue.plural_count is not None and catalogue.plural_count != expected:
        message = f"Plural-Forms says nplurals={catalogue.plural_count}; {lang} has {expected}"
        problems.append(Problem(shown, 1, 1, message))
    return problems


def _forms(forms: frozenset[str]) -> str:
    order = ("zero", "one", "two", "few", "many", "other")
    return ", ".join(sorted(forms, key=order.index))


def article_count(strings: Mapping[str, str], count: int, locale: str) -> str:
    """'1 article' / '12 articles', with the language's own plural rule (fr: 0 and 1 are
    singular); keys are `articles.<CLDR plural form>`."""
    form = Locale.parse(babel_locale(locale)).plural_form(count)
    template = strings.get(f"articles.{form}") or strings["articles.other"]
    return template.format(n=format_decimal(count, locale=locale))


def language_name(lang: str, in_language: str) -> str:
    """A language's name as readers of another language call it ('Französisch')."""
    return Locale.parse(babel_locale(lang)).get_display_name(babel_locale(in_language)) or lang
