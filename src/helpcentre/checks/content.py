"""Checks on the Markdown sources: front matter, safety, language leaks and translations."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import urlsplit

from helpcentre.checks.markdown_scan import Found, links, scan
from helpcentre.checks.project import MarkdownPage, Project
from helpcentre.content.front_matter import front_matter_position, schema_for
from helpcentre.content.front_matter import front_matter_problems as schema_problems
from helpcentre.content.safety import unsafe_html
from helpcentre.content.sources import source_hash
from helpcentre.content.translated import kept_source_text, missing_text
from helpcentre.policies.markers import scan_markers
from helpcentre.problems import Problem


def content_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    for lang in project.languages.all:
        for page in project.in_language(lang):
            found = scan(page.source.body, page.source.body_line)
            problems += front_matter(page, project)
            problems += safety(page, found)
            problems += leaks(page, found, project)
            problems += unfinished(page, project)
    problems += translations(project)
    return problems


def unfinished(page: MarkdownPage, project: Project) -> list[Problem]:
    """A page without text (HC704); a translation keeping its source's title or
    description (HC503). The build says the same, at the same place."""
    source_lang = project.languages.source
    original = project.page(source_lang, page.article_id) if page.lang != source_lang else None
    source = original.source if original is not None else None
    empty = missing_text(page.source, page.display, page.kind)
    kept = kept_source_text(page.source, page.display, source, source_lang)
    return [p.with_code("HC704") for p in empty] + [p.with_code("HC503") for p in kept]


def front_matter(page: MarkdownPage, project: Project) -> list[Problem]:
    found = schema_problems(page.source, schema_for(page.kind), page.display)
    problems = [p.with_code("HC701") for p in found]
    if page.pending and page.lang == project.languages.source:
        line, col = front_matter_position(page.source.text, "translation")
        problems.append(
            Problem(
                page.display,
                line,
                col,
                "the source language cannot be pending (remove 'translation: pending')",
                "HC701",
            )
        )
    return problems


def safety(page: MarkdownPage, found: list[Found]) -> list[Problem]:
    problems = []
    for item in found:
        if item.kind in ("image", "html_image") and not (item.alt or "").strip():
            problems.append(
                Problem(
                    page.display,
                    item.line,
                    item.col,
                    f"image '{item.text}' has no alt text (describe it: ![what it shows]"
                    f"({item.text}))",
                    "HC702",
                )
            )
    # The build refuses the same constructs with the same lines (one shared scan).
    found_unsafe = unsafe_html(page.source.body, page.source.body_line, page.display)
    problems += [p.with_code("HC703") for p in found_unsafe]
    return problems


def leaks(page: MarkdownPage, found: list[Found], project: Project) -> list[Problem]:
    problems = []
    site = urlsplit(project.site_url)
    for item in links(found):
        target_lang = _target_language(item.text, page, project, site.netloc, site.path)
        if target_lang and target_lang != page.lang:
            problems.append(
                Problem(
                    page.display,
                    item.line,
                    item.col,
                    f"link '{item.text}' leads to the '{target_lang}' site from a "
                    f"'{page.lang}' page (link to the page in docs/{page.lang}/ instead)",
                    "HC301",
                )
            )
    return problems


def translations(project: Project) -> list[Problem]:
    """Parity (every page in every language), staleness and fact parity of translations."""
    problems: list[Problem] = []
    languages = project.languages
    for source in project.in_language(languages.source):
        for lang in languages.translations:
            if project.page(lang, source.article_id) is None:
                problems.append(_missing_translation(source, lang, project))
    for lang in languages.translations:
        for page in project.in_language(lang):
            source = project.page(languages.source, page.article_id)
            if source is None:
                problems.append(
                    Problem(
                        page.display,
                        1,
                        1,
                        f"no {project.name(languages.source)} source "
                        f"docs/{languages.source}/{page.article_id}"
                        " (move this file to the source's path, or delete it)",
                        "HC402",
                    )
                )
                continue
            if page.pending:
                continue
            problems += _staleness(page, source)
            problems += fact_parity(page, source, project)
    return problems


def _missing_translation(source: MarkdownPage, lang: str, project: Project) -> Problem:
    """A page with no file in `lang`: a warning, as the build serves the source-language
    text there meanwhile (HC403 while the whole language is in progress)."""
    target = f"docs/{lang}/{source.article_id}"
    name = project.name(lang)
    if lang in project.languages.in_progress:
        source_name = project.name(project.languages.source)
        message = (
            f"not yet translated into {name}: readers see the {source_name} text meanwhile; "
            f"translate it as {target} (or add a stub with 'translation: pending')"
        )
        return Problem(source.display, 1, 1, message, "HC403")
    source_name = project.name(project.languages.source)
    message = (
        f"no {name} version yet: readers see the {source_name} text meanwhile; "
        f"translate it as {target}"
    )
    return Problem(source.display, 1, 1, message, "HC401")


def fact_parity(page: MarkdownPage, source: MarkdownPage, project: Project) -> list[Problem]:
    """Both versions quote the same policy keys, link the same pages, have as many H2s."""
    problems = []
    start = (page.display, page.source.body_line, 1)
    problems += _one_sided(
        page,
        _markers(page),
        _markers(source),
        "HC601",
        lambda key: (
            f"policy key '{key}' is not used in {source.display} "
            "(both versions must quote the same values)"
        ),
        lambda key, line: (
            f"policy key '{key}' ({source.display}:{line}) is missing "
            "here (quote it in this version too)"
        ),
    )
    found_mine = scan(page.source.body, page.source.body_line)
    found_theirs = scan(source.source.body, source.source.body_line)
    problems += _one_sided(
        page,
        _internal_targets(page, found_mine, project),
        _internal_targets(source, found_theirs, project),
        "HC602",
        lambda target: (
            f"links to '{target}', which {source.display} does not "
            "(both versions must link to the same pages)"
        ),
        lambda target, line: (
            f"no link to '{target}' ({source.display}:{line} has one; link to the same page here)"
        ),
    )
    mine_h2 = [f for f in found_mine if f.kind == "h2"]
    theirs_h2 = [f for f in found_theirs if f.kind == "h2"]
    if len(mine_h2) != len(theirs_h2):
        where = mine_h2[-1] if mine_h2 else None
        line, col = (where.line, where.col) if where else start[1:]
        problems.append(
            Problem(
                page.display,
                line,
                col,
                f"{len(mine_h2)} H2 sections here but {len(theirs_h2)} in "
                f"{source.display} (translate the same sections)",
                "HC603",
            )
        )
    return problems


def _one_sided(
    page: MarkdownPage,
    mine: dict[str, tuple[int, int]],
    theirs: dict[str, tuple[int, int]],
    code: str,
    only_here: Callable[[str], str],
    only_there: Callable[[str, int], str],
) -> list[Problem]:
    """Items found in one version only: located where they stand here, or at the top of
    the body when they are missing here."""
    problems = [
        Problem(page.display, line, col, only_here(item), code)
        for item, (line, col) in sorted(mine.items())
        if item not in theirs
    ]
    problems += [
        Problem(page.display, page.source.body_line, 1, only_there(item, line), code)
        for item, (line, _) in sorted(theirs.items())
        if item not in mine
    ]
    return problems


def _staleness(page: MarkdownPage, source: MarkdownPage) -> list[Problem]:
    recorded = page.source.meta.get("source_hash")
    command = f"make translation-done FILE={page.display}"
    if not recorded:
        return [
            Problem(
                page.display,
                1,
                1,
                f"no source_hash: say which version of {source.display} this translates "
                f"(once it is up to date, run {command})",
                "HC502",
            )
        ]
    if recorded != source_hash(source.source):
        line, col = front_matter_position(page.source.text, "source_hash")
        return [
            Problem(
                page.display,
                line,
                col,
                f"translation is older than {source.display} (update the text, then run {command})",
                "HC501",
            )
        ]
    return []


def _markers(page: MarkdownPage) -> dict[str, tuple[int, int]]:
    markers, _ = scan_markers(page.source.body)  # the build reports the near misses
    first: dict[str, tuple[int, int]] = {}
    for marker in markers:
        first.setdefault(marker.key, (page.source.body_line + marker.line - 1, marker.col))
    return first


def _internal_targets(
    page: MarkdownPage, found: list[Found], project: Project
) -> dict[str, tuple[int, int]]:
    """Language-independent ids of the site pages linked to (anchors ignored)."""
    targets: dict[str, tuple[int, int]] = {}
    for item in links(found):
        path = _relative_path(item.text)
        if path is None or not path.endswith(".md"):
            continue
        resolved = posixpath.normpath(
            posixpath.join(page.lang, posixpath.dirname(page.article_id), path)
        )
        lang, _, article_id = resolved.partition("/")
        if lang == page.lang:
            targets.setdefault(article_id, (item.line, item.col))
    return targets


def _relative_path(target: str) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return parts.path


def _target_language(
    target: str, page: MarkdownPage, project: Project, site_host: str, site_path: str
) -> str | None:
    """The site language a link leads to, None when it leaves the site or stays neutral."""
    parts = urlsplit(target)
    if parts.scheme in ("http", "https") and parts.netloc == site_host:
        path = parts.path.removeprefix(site_path.rstrip("/"))
    elif parts.scheme or parts.netloc or not parts.path:
        return None
    elif parts.path.startswith("/"):
        path = parts.path
    else:
        resolved = posixpath.normpath(
            posixpath.join(page.lang, posixpath.dirname(page.article_id), parts.path)
        )
        first = resolved.split("/")[0]
        return first if first in project.languages.all else None
    first = path.lstrip("/").split("/")[0]
    if first == "assets":
        return None
    return first if first in project.languages.translations else project.languages.source
