"""Images of an article: found beside it in its language, else beside the source article.

An image placed beside the source-language article serves every language (the i18n plugin
falls back to the source language's files); one of the same name beside a translation
replaces it for that language. A missing image stops the build at the line that uses it,
before MkDocs renders the page (so its generic "not found" warning never comes as well).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import Files

from helpcentre.content.safety import prose
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.problems import Problem


def check_images(
    site: SiteBuild,
    build: LanguageBuild,
    files: Files,
    article_id: str,
    body: str,
    first_line: int,
    where: str,
) -> None:
    """BuildProblems with one line per image of the page that the site does not have."""
    docs = Path(site.sources.docs_dir)
    folders = [docs / lang for lang in dict.fromkeys((build.lang, site.languages.source))]
    problems = []
    for line, col, target in image_references(body, first_line):
        local = _local_path(target)
        if local is None:
            continue
        relative = posixpath.normpath(posixpath.join(posixpath.dirname(article_id), local))
        if any((folder / relative).is_file() for folder in folders):
            continue
        # Files of the site outside the language folders: the theme's assets, say.
        shared = (relative, posixpath.join(build.lang, relative))
        if any(files.get_file_from_path(posixpath.normpath(path)) for path in shared):
            continue
        problems.append(Problem(where, line, col, _missing(site, target, relative, folders)))
    if problems:
        raise BuildProblems(problems)


def image_references(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, target) of each Markdown image and `<img src>` outside code."""
    text = prose(body)
    found = [(m.start(), m.group("target")) for m in _MARKDOWN_IMAGE.finditer(text)]
    for tag in _IMG_TAG.finditer(text):
        src = _SRC.search(tag.group(0))
        value = next((v for v in src.group("dq", "sq", "uq") if v), "") if src else ""
        if value:
            found.append((tag.start(), value))
    located = []
    for offset, target in sorted(found):
        line_start = text.rfind("\n", 0, offset) + 1
        located.append((first_line + text.count("\n", 0, offset), offset - line_start + 1, target))
    return located


def _local_path(target: str) -> str | None:
    """The file an image target names inside docs/, None for a URL or an absolute path."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def _missing(site: SiteBuild, target: str, relative: str, folders: list[Path]) -> str:
    source_folder = folders[-1]  # the source language's, used by every language
    name = posixpath.basename(relative)
    nearby = sorted(
        {
            path.name
            for folder in folders
            if (folder / relative).parent.is_dir()
            for path in (folder / relative).parent.iterdir()
            if path.is_file() and not path.name.endswith(".md")
        }
    )
    close = difflib.get_close_matches(name, nearby, n=1, cutoff=0.6)
    if close:
        return f"image '{target}' not found (did you mean '{close[0]}'?)"
    if relative.startswith("../"):
        return f"image '{target}' not found (no file at that path: check its '../' parts)"
    expected = site.display(str(source_folder / relative))
    return (
        f"image '{target}' not found (put the file at {expected}, beside the article: "
        "every language uses it)"
    )


_MARKDOWN_IMAGE = re.compile(
    r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)"
)
_IMG_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_SRC = re.compile(r"""[\s/]src\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'<>]+))""")
