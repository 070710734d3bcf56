"""Redirect pages at the old addresses of the site-rooted list (`data/redirects.yml`), such
as an imported help centre's `/hc/fr/articles/12-titre`, to the page each one names."""

from __future__ import annotations

from pathlib import Path

from helpcentre.content.catalogue import PageFile
from helpcentre.content.redirects import REDIRECTS_FILE, SiteRedirects, read_redirects
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.state import LanguageBuild, Redirect, SiteBuild
from helpcentre.problems import Problem
from helpcentre.urls import absolute_url, page_url


def add_old_addresses(site: SiteBuild, build: LanguageBuild, pages: list[PageFile]) -> None:
    """This language's entries of the list, as redirects; a located line for an entry that
    names no page of the language, or whose old address is a page of the site."""
    listed = _site_redirects(site)
    if listed is None:
        return
    where, problems = site.display(Path(site.root, REDIRECTS_FILE)), list(listed.problems)
    for entry in listed.entries:
        if entry.lang != build.lang:
            continue
        folder = entry.old_path.strip("/")
        if site.sources.get(entry.lang, entry.article_id) is None:
            message = (
                f"'{entry.article_id}' is not a page of docs/{entry.lang}/ "
                "(write the page the old address now leads to)"
            )
            problems.append(Problem(where, entry.line, entry.col, message))
        elif folder in listed.page_folders:
            message = f"'{entry.old_path}' is a page of the site (remove it from the list)"
            problems.append(Problem(where, entry.line, entry.col, message))
        else:
            url = page_url(entry.article_id, entry.lang, site.languages)
            target = absolute_url(site.config.site_url or "", url)
            build.redirects.append(Redirect(folder, target, site_rooted=True))
    if problems:
        raise BuildProblems(sorted(problems, key=lambda p: (p.line, p.col)))


def _site_redirects(site: SiteBuild) -> SiteRedirects | None:
    """The list, read (and the site's pages walked) by the first language of the build."""
    path = Path(site.root, REDIRECTS_FILE)
    if site.redirect_list is None and path.is_file():
        entries, problems = read_redirects(path, site.display(path), site.languages.all)
        site.redirect_list = SiteRedirects(tuple(entries), tuple(problems), _page_folders(site))
    return site.redirect_list


def _page_folders(site: SiteBuild) -> frozenset[str]:
    """The folder of every page of every language, as the site serves it."""
    docs = Path(site.config.docs_dir)
    folders: set[str] = set()
    for lang in site.languages.all:
        base = docs / lang
        for page in base.rglob("*.md"):
            article_id = page.relative_to(base).as_posix()
            folders.add(page_url(article_id, lang, site.languages).rstrip("/"))
    return frozenset(folders)
