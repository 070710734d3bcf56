"""Published URLs: record the sitemap's addresses and check that each one still serves a page.

Usage: `python -m helpcentre.published_urls write|check SITE_DIR LIST_FILE` (see `make
published-urls` and `make check-urls`).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from helpcentre.languages import Languages
from helpcentre.problems import Problem

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLISHED_URLS = "published-urls.txt"  # in the project's folder


def sitemap_urls(sitemap: Path) -> list[str]:
    """Every `<loc>` of a sitemap, in the order it lists them."""
    root = ET.parse(sitemap).getroot()
    return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc") if loc.text]


def served_file(site_dir: Path, url: str) -> Path:
    """The file a static server answers with for an absolute URL of the site."""
    path = urlsplit(url).path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site_dir / path


def missing_urls(
    site_dir: Path,
    list_file: Path,
    display: str,
    languages: Languages | None = None,
    root: Path | None = None,
) -> list[str]:
    """One `file:line:col: message` per published URL that the built site no longer serves."""
    return [p.text() for p in gone_urls(site_dir, list_file, display, languages, root)]


def gone_urls(
    site_dir: Path,
    list_file: Path,
    display: str,
    languages: Languages | None = None,
    root: Path | None = None,
) -> list[Problem]:
    """A problem (HC203) per published URL the built site no longer serves, naming the
    alias that would bring it back; `languages`: the site's, to tell a language prefix
    from a path; `root`: the project's git checkout, to name the file the article was
    renamed to (by git's rename detection)."""
    problems = []
    renames: dict[str, str] | None = None
    lines = list_file.read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines, start=1):
        url = line.strip()
        if not url or url.startswith("#") or served_file(site_dir, url).is_file():
            continue
        lang, alias = _alias_of(url, languages)
        if renames is None:
            renames = renamed_files(root) if root is not None else {}
        new_file = _renamed_to(renames, lang, alias, languages, root)
        where = f"{new_file}'s" if new_file else "its new file's"
        message = (
            f"{url} no longer resolves: the article moved? add 'aliases: [{alias}]' to "
            f"{where} front matter"
        )
        problems.append(Problem(display, number, 1, message, "HC203"))
    return problems


def renamed_files(root: Path) -> dict[str, str]:
    """Files git saw renamed under docs/, old path to newest path (relative to `root`);
    empty outside a git checkout."""
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "--diff-filter=R",
                "-M",
                "--name-status",
                "--format=",
                "--relative",
                "--",
                "docs",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    renames: dict[str, str] = {}
    for line in result.stdout.splitlines():  # newest first
        fields = line.split("\t")
        if len(fields) == 3 and fields[0].startswith("R"):
            renames.setdefault(fields[1], fields[2])
    return renames


def _alias_of(url: str, languages: Languages | None) -> tuple[str, str]:
    """The language of a published URL and the alias naming its path (`a/b.md`)."""
    path = urlsplit(url).path.strip("/")
    lang = languages.source if languages is not None else ""
    if languages is not None:
        first, _, rest = path.partition("/")
        if first in languages.translations:
            lang, path = first, rest
    if not path:
        return lang, "index.md"
    return lang, f"{path}.md"


def _renamed_to(
    renames: dict[str, str], lang: str, alias: str, languages: Languages | None, root: Path | None
) -> str:
    """The file the article at `alias` was renamed to, when git knows and it still exists."""
    if root is None or not lang:
        return ""
    candidates = [lang] + ([languages.source] if languages and languages.source != lang else [])
    for folder in candidates:
        old = f"docs/{folder}/{alias}"
        seen = {old}
        new = renames.get(old)
        while new is not None and new in renames and renames[new] not in seen:
            seen.add(new)
            new = renames[new]
        if new is not None and (root / new).is_file():
            return new
    return ""


def write_list(site_dir: Path, list_file: Path) -> None:
    header = "# URLs the help centre has published (make published-urls); make check-urls\n"
    urls = sorted(set(sitemap_urls(site_dir / "sitemap.xml")))
    list_file.write_text(header + "".join(f"{url}\n" for url in urls), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("write", "check"):
        print(
            "usage: python -m helpcentre.published_urls write|check SITE_DIR LIST_FILE",
            file=sys.stderr,
        )
        return 2
    command, site_dir, list_file = argv[0], Path(argv[1]), Path(argv[2])
    if command == "write":
        write_list(site_dir, list_file)
        return 0
    root = Path.cwd()
    problems = missing_urls(site_dir, list_file, argv[2], _site_languages(root), root)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _site_languages(root: Path) -> Languages | None:
    """The languages of the project in `root` (None without a readable mkdocs.yml)."""
    if not (root / "mkdocs.yml").is_file():
        return None
    from mkdocs.exceptions import MkDocsException

    from helpcentre.mkdocs import i18n
    from helpcentre.mkdocs.engine.driver import load_site_config

    try:
        return i18n.site_languages(load_site_config(root))
    except MkDocsException:  # the check then names paths without telling languages apart
        return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
