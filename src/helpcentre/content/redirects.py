"""The site-rooted redirect list (`data/redirects.yml`): old addresses of pages, per
language, each naming the page it now is; read with a located line per mistake."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcentre.problems import Problem

REDIRECTS_FILE = "data/redirects.yml"
# An old address: a path from the domain's root, without query, fragment or `..`.
_OLD_PATH = re.compile(r"/[^\s?#\"'<>\\`{}|^]*")
_PAGE = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*\.md")


@dataclass(frozen=True)
class SiteRedirect:
    lang: str
    old_path: str  # `/hc/fr/articles/123-titre`
    article_id: str  # the page under docs/<lang>/
    line: int
    col: int


@dataclass(frozen=True)
class SiteRedirects:
    """The list as one build reads it: the entries, the file's own problems, and the
    folder of every page of the site (which no old address may be)."""

    entries: tuple[SiteRedirect, ...]
    problems: tuple[Problem, ...]
    page_folders: frozenset[str]


def read_redirects(
    path: Path, where: str, languages: tuple[str, ...]
) -> tuple[list[SiteRedirect], list[Problem]]:
    """Every entry of the list, and one problem per entry that cannot be one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except UnicodeDecodeError:
        return [], [Problem(where, 1, 1, "not UTF-8 text (save the file as UTF-8)")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [], [Problem(where, line, col, f"not valid YAML: {error.problem}")]
    except yaml.YAMLError as error:  # e.g. a control character, which has no mark
        return [], [Problem(where, 1, 1, f"not valid YAML: {error}")]
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        message = "must map each language to its old addresses (fr: {/old/path: page.md})"
        return [], [Problem(where, 1, 1, message)]
    found: list[SiteRedirect] = []
    problems: list[Problem] = []
    for lang_node, items in root.value:
        lang = str(lang_node.value)
        line, col = lang_node.start_mark.line + 1, lang_node.start_mark.column + 1
        if lang not in languages:
            message = f"'{lang}' is not a language of the site ({', '.join(languages)})"
            problems.append(Problem(where, line, col, message))
            continue
        if not isinstance(items, yaml.MappingNode):
            message = f"'{lang}' must map old addresses to pages (/old/path: collection/page.md)"
            problems.append(Problem(where, line, col, message))
            continue
        for old_node, new_node in items.value:
            old, new = str(old_node.value), str(new_node.value)
            line, col = old_node.start_mark.line + 1, old_node.start_mark.column + 1
            if not _OLD_PATH.fullmatch(old) or "/../" in f"{old}/" or old.rstrip("/") == "":
                message = f"'{old}' is not an old address (a path from the root: /fr/articles/12-x)"
                problems.append(Problem(where, line, col, message))
            elif not _PAGE.fullmatch(new) or ".." in new.split("/"):
                message = f"'{new}' is not a page under docs/{lang}/ (e.g. compte/adresse.md)"
                problems.append(Problem(where, line, col, message))
            else:
                found.append(SiteRedirect(lang, old, new, line, col))
    return found, problems
