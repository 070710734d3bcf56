"""The project being checked: its configuration, languages and Markdown pages."""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from catalogue_model import page_kind
from site_context import helpcentre_settings, site_languages
from translations_model import SourceFile, is_pending, read_source


@dataclass(frozen=True)
class MarkdownPage:
    """One Markdown file under docs/<lang>/ (`article_id`: its path under that folder)."""

    lang: str
    article_id: str
    display: str
    source: SourceFile

    @property
    def kind(self) -> str:
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
    languages: list[str]
    site_url: str
    pages: dict[tuple[str, str], MarkdownPage] = field(default_factory=dict)

    @property
    def source_lang(self) -> str:
        return self.languages[0]

    def page(self, lang: str, article_id: str) -> MarkdownPage | None:
        return self.pages.get((lang, article_id))

    def in_language(self, lang: str) -> list[MarkdownPage]:
        return sorted(
            (p for (page_lang, _), p in self.pages.items() if page_lang == lang),
            key=lambda p: p.article_id,
        )

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def load_project(root: Path) -> Project:
    config = load_mkdocs_config(root)
    docs_dir = Path(config.docs_dir)
    data_file = root / helpcentre_settings(config).get("data_file", "data/policies.yml")
    project = Project(
        root=root,
        config_file=root / "mkdocs.yml",
        docs_dir=docs_dir,
        data_file=data_file,
        languages=site_languages(config),
        site_url=config.site_url or "",
    )
    for lang in project.languages:
        folder = docs_dir / lang
        for path in sorted(folder.rglob("*.md")):
            article_id = path.relative_to(folder).as_posix()
            project.pages[(lang, article_id)] = MarkdownPage(
                lang, article_id, project.display(path), read_source(path)
            )
    return project


def load_mkdocs_config(root: Path, **overrides: object) -> MkDocsConfig:
    """mkdocs.yml as MkDocs reads it (plugins validated), without its console output."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return load_config(config_file=str(root / "mkdocs.yml"), **overrides)
    finally:
        logger.setLevel(level)
