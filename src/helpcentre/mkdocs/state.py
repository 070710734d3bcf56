"""What one build knows: the site-wide facts and outputs, and each language's part."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from helpcentre.content.catalogue import Catalogue
from helpcentre.content.git_dates import ChangeDates, read_change_dates
from helpcentre.content.redirects import SiteRedirects
from helpcentre.content.sources import SourceTree
from helpcentre.contract import Manifest
from helpcentre.interface import InterfaceText, load_interface_text
from helpcentre.languages import Languages
from helpcentre.mkdocs import compat, i18n
from helpcentre.mkdocs.engine.render_cache import LanguageCache
from helpcentre.mkdocs.engine.theme_layers import lay_package_theme
from helpcentre.mkdocs.errors import BuildProblems, config_problem, environment_problem
from helpcentre.mkdocs.outputs.csp import ContentPolicy
from helpcentre.mkdocs.preview.reuse import Reuse
from helpcentre.mkdocs.settings import HelpCentreSettings, read_settings
from helpcentre.policies.literals import ValueIndexes
from helpcentre.policies.model import Contact, PolicyBook, PolicyType, load_policy_book
from helpcentre.problems import Problem, ProblemError, display_path, project_root
from helpcentre.urls import origin_of

AS_OF_VARIABLE = "HELPCENTRE_AS_OF"
log = logging.getLogger("mkdocs.hooks.helpcentre")


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    alternates: list[Alternate]


@dataclass(frozen=True)
class Redirect:
    path: str
    target: str
    site_rooted: bool = False  # from data/redirects.yml, also written to `_redirects`


@dataclass
class LanguageBuild:
    """One language's build: its pages, strings and what its pages used."""

    lang: str
    locale: str
    strings: dict[str, str]
    # Interface strings this language has none of its own for: the source language's
    # (`source_lang`), by key; their elements are marked with that language and direction.
    borrowed: frozenset[str] = frozenset()
    source_lang: str = ""
    catalogue: Catalogue | None = None
    files: Files | None = None
    used_keys: set[str] = field(default_factory=set)
    redirects: list[Redirect] = field(default_factory=list)
    not_found_html: str | None = None
    indexed_text: dict[str, str] = field(default_factory=dict)  # what search indexes, by article
    # Another process renders this language (a parallel build): its files are dropped.
    skipped: bool = False
    rendered: LanguageCache | None = None  # articles rendered by earlier builds
    # The inline scripts of the pages written, which the site's headers allow (`_headers`).
    script_hashes: set[str] = field(default_factory=set)
    # Pages whose text has a problem: still rendered (their anchors and links count for
    # the other pages) but never shown; their problems are said when the site build ends.
    failed: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @contextmanager
    def noting_problems(self, src_uri: str) -> Iterator[None]:
        """A problem in this page's text is kept for the end of the build, not raised:
        the other pages are built meanwhile, so an editor reads every problem at once."""
        try:
            yield
        except (ProblemError, BuildProblems) as error:
            self.failed.add(src_uri)
            self.problems += error.problems

    def rendered_every_page(self) -> bool:
        """False after a `--dirty` rebuild, where MkDocs renders only the changed pages:
        work that needs every page (unused keys, sitemap, search index) must then wait."""
        if self.files is None:
            return True
        return all(
            file.page is None or file.page.content is not None
            for file in self.files.documentation_pages()
        )


@dataclass
class SiteBuild:
    """One build of the whole site (every language), started by its outermost build."""

    config: MkDocsConfig
    settings: HelpCentreSettings
    root: str
    languages: Languages
    as_of: dt.date
    book: PolicyBook
    interface: InterfaceText
    sources: SourceTree
    dates: ChangeDates
    manifest: Manifest
    locales: dict[str, str]
    contact: Contact | None
    value_indexes: ValueIndexes  # the data file's values as typed, per language
    nesting: i18n.BuildNesting[LanguageBuild] = field(default_factory=i18n.BuildNesting)
    by_language: dict[str, LanguageBuild] = field(default_factory=dict)
    used_by_page: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    sitemap: list[SitemapEntry] = field(default_factory=list)
    # A `--dirty` preview's languages none of whose files changed: not built again.
    left_as_built: frozenset[str] = frozenset()
    theme_has_not_found: bool = True  # the theme renders a 404 page (Material does)
    # What every page's Content-Security-Policy allows; None in a preview, whose server
    # adds a script of its own to every page it serves (live reload).
    policy: ContentPolicy | None = None
    # `data/redirects.yml` as read by the first language that needs it: read once a build.
    redirect_list: SiteRedirects | None = None

    def locale(self, lang: str) -> str:
        """The Babel locale that formats values for a site language (e.g. en -> en_GB)."""
        return self.locales[lang]

    def display(self, path: str | os.PathLike[str]) -> str:
        return display_path(str(path), self.root)

    def take_page_problems(self) -> list[Problem]:
        """The problems every language's pages kept, sorted and each once; said only once."""
        found = {p.text(): p for build in self.by_language.values() for p in build.problems}
        for build in self.by_language.values():
            build.problems = []
        return sorted(found.values(), key=lambda p: (p.path, p.line, p.col, p.message))

    def start_language(self, lang: str) -> LanguageBuild:
        source = self.languages.source
        borrowed = frozenset(self.interface.missing(lang)) if lang != source else frozenset()
        build = LanguageBuild(
            lang, self.locale(lang), self.interface.strings(lang), borrowed, source
        )
        self.by_language[lang] = build
        self.nesting.enter(build)
        return build


def build_date(time_zone: str = "UTC") -> dt.date:
    """The date the site is built for: today in the site's time zone, or
    HELPCENTRE_AS_OF=YYYY-MM-DD to preview another date."""
    raw = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not raw:
        return dt.datetime.now(site_zone(time_zone)).date()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        message = f"{AS_OF_VARIABLE}: not a date '{raw}' (write YYYY-MM-DD)"
        raise BuildProblems([environment_problem(message)]) from None


def site_zone(name: str, config_file: str | None = None) -> ZoneInfo:
    """The site's time zone; one located line when the name is not an IANA zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        message = (
            f"extra.helpcentre.time_zone: '{name}' is not a time zone name "
            "(write e.g. Europe/London or Europe/Paris)"
        )
        raise BuildProblems([config_problem(message, "time_zone", config_file)]) from None


def start_site_build(
    config: MkDocsConfig, name_build: Callable[[str, dt.date], str], reuse: Reuse | None = None
) -> SiteBuild:
    """Read everything a build needs once: settings, languages, data file, catalogues;
    `name_build(root, as_of)` gives the build's id; `reuse`: what a preview's earlier
    builds left (files parsed, change dates)."""
    settings = read_settings(config.extra, config.config_file_path)
    lay_package_theme(config)  # the parent of a parallel build renders templates too
    root = project_root(config.config_file_path)
    languages = i18n.site_languages(config, settings.languages_in_progress)
    site_zone(settings.time_zone, config.config_file_path)  # a misspelt zone fails here
    as_of = build_date(settings.time_zone)
    data_file = Path(root, settings.data_file)
    text_folder = Path(root, settings.interface_text)
    try:
        book = load_policy_book(data_file, display_path(str(data_file), root), languages)
        interface = load_interface_text(
            text_folder, display_path(str(text_folder), root), languages
        )
    except ProblemError as error:
        raise BuildProblems(error.problems) from None
    locales = _formatting_locales(settings, languages, config.config_file_path)
    contact = _help_contact(settings, book, as_of, config.config_file_path)
    dates = read_change_dates(config.docs_dir, reuse.change_dates if reuse else None)
    if not dates.from_git:
        log.info("not a git checkout: 'Updated' dates come from file modification times")
    origin = origin_of(settings.feedback.site_origin or config.site_url or "")
    return SiteBuild(
        config=config,
        settings=settings,
        root=root,
        languages=languages,
        as_of=as_of,
        book=book,
        interface=interface,
        sources=SourceTree(Path(config.docs_dir), Path(root), reuse.sources if reuse else None),
        dates=dates,
        manifest=Manifest(build=name_build(root, as_of), site_origin=origin),
        locales=locales,
        contact=contact,
        value_indexes=ValueIndexes(book, locales),
        theme_has_not_found="404.html" in compat.static_templates(config.theme),
        policy=ContentPolicy.for_endpoint(settings.feedback.endpoint),
    )


def _formatting_locales(
    settings: HelpCentreSettings, languages: Languages, config_file: str | None
) -> dict[str, str]:
    """The Babel locale of every site language, each one checked now: a misspelt locale
    would otherwise fail on the first date or amount formatted."""
    problems = []
    for lang in sorted(set(settings.formatting_locales) - set(languages.all)):
        message = (
            f"extra.helpcentre.formatting_locales names '{lang}', which is not a site "
            f"language (languages: {', '.join(languages.all)})"
        )
        problems.append(config_problem(message, lang, config_file))
    locales = {}
    for lang in languages.all:
        locale = settings.formatting_locales.get(lang, lang).replace("-", "_")
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            message = (
                f"extra.helpcentre.formatting_locales: '{locale}' is not a locale Babel knows "
                "(write language_TERRITORY, e.g. en_GB or de_DE)"
            )
            problems.append(config_problem(message, lang, config_file))
        locales[lang] = locale
    if problems:
        raise BuildProblems(problems)
    return locales


def _help_contact(
    settings: HelpCentreSettings, book: PolicyBook, as_of: dt.date, config_file: str | None
) -> Contact | None:
    """The contact readers are sent to ("Still need help?", feedback), in force today."""
    key = settings.contact_policy
    policy = book.policies.get(key)
    if policy is None or policy.type != PolicyType.CONTACT:
        message = f"extra.helpcentre.contact_policy '{key}' is not a contact in {book.path}"
        raise BuildProblems([config_problem(message, "contact_policy", config_file)])
    timed = policy.in_force(as_of)
    return None if timed is None else timed.value
