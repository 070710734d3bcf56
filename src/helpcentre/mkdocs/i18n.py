"""The one module that knows mkdocs-static-i18n: the languages, the one being built, nesting.

static-i18n builds the source (default) language first and runs every other language's
build inside that build's `on_post_build`, with the same config object. It serves a page
missing in a language from the source language's file (`fallback_to_default: true`).
Everything else in the package asks this module instead of reading the plugin.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Generic, TypeVar

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.languages import Languages
from helpcentre.mkdocs import compat
from helpcentre.mkdocs.errors import BuildProblems, config_problem

T = TypeVar("T")

# static-i18n handles its events at priority -100: code that needs one language's files,
# or every language built, runs after it.
AFTER_LANGUAGE_FILES = -110
AFTER_EVERY_LANGUAGE = -200


def site_languages(config: MkDocsConfig, in_progress: Iterable[str] = ()) -> Languages:
    """The languages built, the source (static-i18n's default) first."""
    built = compat.i18n_languages(config)
    if built is None:
        only = compat.theme_language(config)
        return Languages(source=only, all=(only,))
    built.sort(key=lambda lang: not lang[1])  # the default first
    codes = tuple(locale for locale, _ in built)
    progressing = frozenset(in_progress)
    unknown = sorted(progressing - set(codes))
    setting = "extra.helpcentre.languages_in_progress"
    if unknown:
        message = (
            f"{setting} names '{unknown[0]}', which is not a language of the i18n plugin "
            f"(languages: {', '.join(codes)})"
        )
    elif codes and codes[0] in progressing:
        message = (
            f"{setting} names the source language '{codes[0]}' "
            "(list only the languages being translated)"
        )
    else:
        _check_material_knows(config, codes)
        return Languages(source=codes[0], all=codes, in_progress=progressing)
    where = config.config_file_path
    raise BuildProblems([config_problem(message, "languages_in_progress", where)])


def _check_material_knows(config: MkDocsConfig, codes: tuple[str, ...]) -> None:
    """Material fails every page of a language it has no interface text for: say so on
    that language's line of mkdocs.yml instead."""
    if config.theme.name != "material":
        return
    known = compat.material_languages()
    problems = []
    for code in codes:
        if code in known:
            continue
        # A variant spelt as Babel does (`pt_BR`, `pt-br`): Material's own spelling
        # (`pt-BR`), else its language alone, may be known.
        spelt = code.replace("_", "-").lower()
        variant = next((name for name in sorted(known) if name.lower() == spelt), None)
        base = re.split(r"[-_]", code)[0]
        close = variant or (base if base != code and base in known else None)
        hint = f"; did you mean '{close}'?" if close else ""
        message = (
            f"language '{code}' of the i18n plugin has no interface text in Material "
            f"(use a code Material knows{hint})"
        )
        problems.append(config_problem(message, "locale", config.config_file_path, code))
    if problems:
        raise BuildProblems(problems)


def building_language(config: MkDocsConfig, languages: Languages) -> str:
    """The language of the build under way (static-i18n sets the theme's language)."""
    return compat.theme_language(config)


def file_language(src_uri: str, languages: Languages) -> str:
    """The language folder a documentation file lives in (a page served in another
    language from the source's file is still in the source language)."""
    first = src_uri.split("/", 1)[0]
    return first if first in languages.all else languages.source


class BuildNesting(Generic[T]):
    """The language builds under way, outermost first: static-i18n runs every other
    language's build inside the source language's, so there are one or two."""

    def __init__(self) -> None:
        self.stack: list[T] = []

    def enter(self, build: T) -> None:
        self.stack.append(build)

    def leave(self) -> bool:
        """The current build ends; True when it was the outermost one (every language done)."""
        if self.stack:
            self.stack.pop()
        return not self.stack

    @property
    def current(self) -> T:
        return self.stack[-1]

    @property
    def in_outermost(self) -> bool:
        return len(self.stack) == 1

    def reset(self) -> None:
        self.stack.clear()


def quiet_preview_log() -> None:
    """Lower static-i18n's per-build configuration lines to DEBUG (`mkdocs serve -v` shows them)."""
    # A logger's filters see only its own records: static-i18n logs through one child
    # logger per module (…mkdocs_static_i18n.reconfigure, …), created when it is imported.
    plugin_logger = compat.I18N_LOGGER
    children = [n for n in logging.root.manager.loggerDict if n.startswith(plugin_logger + ".")]
    for name in [plugin_logger, *children]:
        logger = logging.getLogger(name)
        if _lower_noise not in logger.filters:
            logger.addFilter(_lower_noise)


class SkippedLanguages(logging.Filter):
    """The language builds of this process given no files (another process renders them),
    owned by the hooks. Such a build has no home page, which static-i18n warns about,
    failing a strict build: that one line is dropped for these languages."""

    def __init__(self) -> None:
        super().__init__()
        self.langs: set[str] = set()

    def note(self, lang: str, skipped: bool) -> None:
        """A language build starts, skipped or not."""
        if not skipped:
            self.langs.discard(lang)
            return
        self.langs.add(lang)
        logger = logging.getLogger(compat.I18N_LOGGER + ".plugin")
        if self not in logger.filters:
            logger.addFilter(self)

    def clear(self) -> None:
        """The site build ended: no language of it is skipped any more (another site built
        in this process, with other hooks, must see its own warnings)."""
        self.langs.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(compat.i18n_missing_home(message, lang) for lang in self.langs)


def _lower_noise(record: logging.LogRecord) -> bool:
    if record.levelno != logging.INFO or not any(
        part in record.getMessage() for part in compat.I18N_CONFIG_NOISE
    ):
        return True
    record.levelno, record.levelname = logging.DEBUG, "DEBUG"
    return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
