"""Published URLs: record the sitemap's addresses and check that each one still serves a page.

Usage: `python -m helpcentre.published_urls write|check SITE_DIR LIST_FILE` (see `make
published-urls` and `make check-urls`).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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


def missing_urls(site_dir: Path, list_file: Path, display: str) -> list[str]:
    """One `file:line:col: message` per published URL that the built site no longer serves."""
    problems = []
    lines = list_file.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if not served_file(site_dir, url).is_file():
            problems.append(
                f"{display}:{number}:1: published URL {url} now returns nothing "
                "(add its old path to the moved article's 'aliases:' front matter)"
            )
    return problems


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
    problems = missing_urls(site_dir, list_file, argv[2])
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
