"""The project being checked: its configuration, languages and Markdown pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpcentre.content.catalogue import PageKind, page_kind
from helpcentre.content.sources import SourceFile, is_pending, read_source
from helpcentre.interface import language_name
from helpcentre.languages import Languages
from helpcentre.mkdocs import i18n
from helpcentre.mkdocs.engine import driver
from helpcentre.mkdocs.settings import HelpCentreSettings, read_settings
from helpcentre.problems import Problem, ProblemError

# The checks speak to editors in English, whatever the site's languages.
MESSAGES_LANGUAGE = "en"


@dataclass(frozen=True)
class MarkdownPage:
    """One Markdown file under docs/<lang>/ (`article_id`: its path under that folder)."""

    lang: str
    article_id: str
    display: str
    source: SourceFile

    @property
    def kind(self) -> PageKind:
        return page_kind(self.article_id)

    @property
    def pending(self) -> bool:
        return is_pending(self.source.meta)


@dataclass
class Project:
    root: Path
    config_file: Path
    docs_dir: Path
    data_file: Path
    interface_dir: Path  # one gettext catalogue per language, `<lang>.po`
    time_zone: str  # the site's: "today" for scheduled values
    languages: Languages
    site_url: str
    settings: HelpCentreSettings  # extra.helpcentre, read once for every check
    pages: dict[tuple[str, str], MarkdownPage] = field(default_factory=dict)

    def page(self, lang: str, article_id: str) -> MarkdownPage | None:
        return self.pages.get((lang, article_id))

    def in_language(self, lang: str) -> list[MarkdownPage]:
        return sorted(
            (p for (page_lang, _), p in self.pages.items() if page_lang == lang),
            key=lambda p: p.article_id,
        )

    def name(self, lang: str) -> str:
        """A language's name in the language of the checks' messages."""
        return language_name(lang, MESSAGES_LANGUAGE)

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def load_project(root: Path) -> Project:
    """Read mkdocs.yml and every language's Markdown files; raises BuildProblems (or
    MkDocs' ConfigurationError) when the configuration itself is wrong, ProblemError
    when a Markdown file cannot be read."""
    config = driver.load_site_config(root)
    settings = read_settings(config.extra, config.config_file_path)
    project = Project(
        root=root,
        config_file=root / "mkdocs.yml",
        docs_dir=Path(config.docs_dir),
        data_file=root / settings.data_file,
        interface_dir=root / settings.interface_text,
        time_zone=settings.time_zone,
        languages=i18n.site_languages(config, settings.languages_in_progress),
        site_url=config.site_url or "",
        settings=settings,
    )
    unreadable: list[Problem] = []
    for lang in project.languages.all:
        folder = project.docs_dir / lang
        for path in sorted(folder.rglob("*.md")):
            article_id = path.relative_to(folder).as_posix()
            where = project.display(path)
            try:
                source = read_source(path, where)
            except ProblemError as error:  # every unreadable file is said, not the first
                unreadable += error.problems
                continue
            project.pages[(lang, article_id)] = MarkdownPage(lang, article_id, where, source)
    if unreadable:
        raise ProblemError(unreadable)
    return project
