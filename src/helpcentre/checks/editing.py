"""Editor commands that write files: a new article with its stubs, a translation marked done."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpcentre.checks.project import Project
from helpcentre.content.catalogue import page_kind
from helpcentre.content.front_matter import front_matter_position
from helpcentre.content.placeholders import Placeholders, find_placeholders
from helpcentre.content.sources import (
    is_pending,
    read_source,
    set_front_matter_key,
    source_hash,
)
from helpcentre.content.translated import unfinished_text
from helpcentre.interface import load_interface_text
from helpcentre.problems import ProblemError


class EditError(Exception):
    """A command cannot run; the message says why and what to do."""


def translation_done(project: Project, file: Path) -> str:
    """Record the current source's hash in a finished translation."""
    path = (project.root / file).resolve() if not file.is_absolute() else file
    lang, article_id = _split(project, path)
    if lang == project.languages.source:
        raise EditError(f"{file}: this is the source language; give the translated file")
    source = project.docs_dir / project.languages.source / article_id
    if not source.is_file():
        raise EditError(f"{file}: its source {project.display(source)} does not exist")
    _refuse_untranslated(project, path, lang, source)
    text = path.read_text(encoding="utf-8")
    try:
        text = set_front_matter_key(text, "translation", None)
        # Quoted: YAML would read a hash made of digits as a number.
        text = set_front_matter_key(text, "source_hash", f'"{source_hash(read_source(source))}"')
    except ValueError as error:
        raise EditError(f"{file}:1:1: {error}") from None
    path.write_text(text, encoding="utf-8")
    return f"{project.display(path)}: translates {project.display(source)} as it is now"


def new_article(project: Project, article: str, title: str | None = None) -> list[str]:
    """Create the source article and a pending stub in every other language."""
    article_id = article.strip("/").removesuffix(".md") + ".md"
    if not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+\.md", article_id):
        raise EditError(
            f"'{article}': give <collection>/<slug>, lower case letters, digits and dashes "
            "(e.g. facturation/changer-de-banque)"
        )
    collection = article_id.split("/")[0]
    created = []
    for lang in project.languages.all:
        if not (project.docs_dir / lang / collection / "index.md").is_file():
            raise EditError(
                f"docs/{lang}/{collection}/index.md does not exist (create the "
                "collection first, or pick an existing one)"
            )
        if (project.docs_dir / lang / article_id).exists():
            raise EditError(f"docs/{lang}/{article_id} already exists")
    slug = article_id.split("/")[1].removesuffix(".md")
    heading = title or slug.replace("-", " ").capitalize()
    # Quoted: a title such as "Changer de banque : mode d'emploi" is not plain YAML.
    quoted = json.dumps(heading, ensure_ascii=False)
    # The placeholders are in the source language, from its interface catalogue.
    try:
        text = load_interface_text(
            project.interface_dir, project.display(project.interface_dir), project.languages
        ).strings(project.languages.source)
    except ProblemError as error:
        raise EditError(str(error)) from None
    description = text["new_article.description"]
    source = (
        f"---\ntitle: {quoted}\ndescription: {description}\n---\n\n"
        f"{text['new_article.intro']}\n\n## {text['new_article.section']}\n\n"
        f"{text['new_article.answer']}\n"
    )
    for lang in project.languages.all:
        path = project.docs_dir / lang / article_id
        text = (
            source
            if lang == project.languages.source
            else (f"---\ntitle: {quoted}\ndescription: {description}\ntranslation: pending\n---\n")
        )
        path.write_text(text, encoding="utf-8")
        created.append(project.display(path))
    return created


def _refuse_untranslated(project: Project, path: Path, lang: str, source_path: Path) -> None:
    """An untouched stub, a copy of the source or a placeholder is not a translation."""
    where = project.display(path)
    try:
        translation = read_source(path, where)
        source = read_source(source_path, project.display(source_path))
    except ProblemError as error:
        raise EditError(error.problems[0].text()) from None
    source_lang = project.languages.source
    if not translation.body.strip() and source.body.strip():
        raise EditError(
            f"{where}:{translation.body_line}:1: no translated text yet (write the "
            f"translation of {project.display(source.path)} below "
            "the front matter, then run make translation-done again)"
        )
    if source_hash(translation) == source_hash(source):
        raise EditError(
            f"{where}:1:1: the title, description and text are still the '{source_lang}' "
            "source's (translate them, then run make translation-done again)"
        )
    if translation.body.strip() and _words(translation.body) == _words(source.body):
        raise EditError(
            f"{where}:{translation.body_line}:1: the text is still the '{source_lang}' "
            "source's (translate it, then run make translation-done again)"
        )
    kind = page_kind(path.relative_to(project.docs_dir.resolve() / lang).as_posix())
    kept = unfinished_text(translation, where, kind, source, source_lang)
    if kept:
        raise EditError("\n".join(problem.text() for problem in kept))
    try:
        strings = load_interface_text(
            project.interface_dir, project.display(project.interface_dir), project.languages
        )
    except ProblemError as error:
        raise EditError(error.problems[0].text()) from None
    placeholders = Placeholders.of(strings.strings(source_lang), strings.strings(lang))
    found = find_placeholders(translation, where, placeholders)
    if found:
        raise EditError(found[0].text())
    if is_pending(translation.meta):
        line, col = front_matter_position(translation.text, "translation")
        raise EditError(
            f"{where}:{line}:{col}: still marked 'translation: pending' (once the translation "
            "is written, remove that line and run make translation-done again)"
        )


def _words(text: str) -> list[str]:
    """A text without its layout: a copy re-wrapped or re-indented is still a copy."""
    return text.split()


def _split(project: Project, path: Path) -> tuple[str, str]:
    try:
        relative = path.relative_to(project.docs_dir.resolve())
    except ValueError:
        raise EditError(f"{path}: not under {project.display(project.docs_dir)}/") from None
    lang, _, article_id = relative.as_posix().partition("/")
    if lang not in project.languages.all or not path.is_file():
        raise EditError(f"{project.display(path)}: not a page of a site language")
    return lang, article_id
