"""The old public addresses of imported pages, kept working: the site-rooted redirect list
the build turns into redirect pages (`data/redirects.yml`), and an nginx `map` of the same."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from helpcentre.content.redirects import REDIRECTS_FILE, read_redirects
from helpcentre.importer.languages import LanguageMap
from helpcentre.importer.model import Export
from helpcentre.languages import Languages
from helpcentre.problems import ProblemError
from helpcentre.urls import page_url, site_root_path

NGINX_FILE = "nginx-redirects.conf"
_WITH_SLUG = re.compile(r"/(articles|collections|sections|categories)/(\d+)-[^/]+$")
# Intercom's own host serves each workspace's help centre under its name.
WORKSPACE_HOSTS = ("intercom.help",)

HEADER = """\
# Old addresses (from the root of the domain) that redirect to a page of this site, by
# language: old address -> page under docs/<lang>/. `helpcentre import` writes them and
# the build writes a redirect page at each, plus `_redirects` for hosts that read it.
"""


def old_paths(url: str) -> list[str]:
    """The paths a page was published at: as given, and by its id alone."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if (parts.hostname or "") in WORKSPACE_HOSTS and path.count("/") > 1:
        path = "/" + path.split("/", 2)[2]
    if not path:
        return []
    found = [path]
    bare = _WITH_SLUG.sub(r"/\1/\2", path)
    if bare != path:
        found.append(bare)
    return found


def redirect_entries(
    export: Export, paths: dict[str, str], langs: LanguageMap
) -> dict[str, dict[str, str]]:
    """language -> {old path: page under docs/<lang>/} for every imported page."""
    entries: dict[str, dict[str, str]] = {}
    for item in [*export.collections.values(), *export.articles.values()]:
        if item.key not in paths:
            continue
        for locale, version in item.versions.items():
            lang = langs.lang(locale)
            if lang is None:
                continue
            for url in version.urls:
                for path in old_paths(url):
                    entries.setdefault(lang, {})[path] = paths[item.key]
    return entries


def read_site_redirects(root: Path, languages: Languages) -> dict[str, dict[str, str]]:
    """The site's list as it is, before the import writes anything: a list the build would
    refuse stops the import with its located lines, rather than be written over."""
    entries, problems = read_redirects(root / REDIRECTS_FILE, REDIRECTS_FILE, languages.all)
    if problems:
        raise ProblemError(problems)
    found: dict[str, dict[str, str]] = {}
    for entry in entries:
        found.setdefault(entry.lang, {})[entry.old_path] = entry.article_id
    return found


def write_redirects(
    root: Path,
    existing: dict[str, dict[str, str]],
    entries: dict[str, dict[str, str]],
    languages: Languages,
    site_url: str,
) -> int:
    """Merge `entries` into the site's list (`existing`, whose entries stay) and write the
    nginx map; the number of old addresses now redirected."""
    path = root / REDIRECTS_FILE
    merged = {lang: dict(items) for lang, items in existing.items()}
    for lang, items in entries.items():
        merged.setdefault(lang, {}).update(items)
    ordered = {lang: dict(sorted(merged[lang].items())) for lang in sorted(merged)}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(HEADER + text, encoding="utf-8")
    root_path = site_root_path(site_url)
    lines = [
        "# Written by `helpcentre import`: the old help-centre addresses -> the new pages.",
        "# In the server block: if ($helpcentre_redirect) { return 301 $helpcentre_redirect; }",
        "map $uri $helpcentre_redirect {",
        '    default "";',
    ]
    for lang, items in ordered.items():
        for old, article_id in items.items():
            new = root_path + page_url(article_id, lang, languages)
            lines.append(f"    {_nginx(old)} {_nginx(new)};")
    lines.append("}")
    (root / NGINX_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(len(items) for items in ordered.values())


def _nginx(path: str) -> str:
    """A path as one nginx token: quoted, with nothing that ends or escapes the quotes."""
    return '"' + re.sub(r'["\\\s;{}$]', "", path) + '"'
