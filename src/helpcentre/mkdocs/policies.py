"""Policy values on pages: markers filled per page, unused keys, a changed data file."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.mkdocs.errors import BuildProblems, warn
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.policies.render import PageValues, fill_markers
from helpcentre.problems import Problem, ProblemError

log = logging.getLogger("mkdocs.hooks.helpcentre.policies")


def fill_page(
    site: SiteBuild,
    build: LanguageBuild,
    markdown: str,
    text_lang: str,
    article_id: str,
    where: str,
    first_line: int,
) -> str:
    """The page's Markdown with its markers filled in for the language of its text."""
    page = PageValues(text_lang, site.locale(text_lang), site.as_of, where, first_line)
    try:
        filled, used = fill_markers(markdown, site.book, page, site.value_indexes)
    except ProblemError as error:
        raise BuildProblems(error.problems) from None
    build.used_keys |= used
    site.used_by_page[(build.lang, article_id)] = used
    return filled


def empty_site_if_inputs_changed(site: SiteBuild, config: MkDocsConfig) -> None:
    """In a `--dirty` preview MkDocs rebuilds only changed Markdown files; when the data
    file or an interface catalogue changed since the last complete build (which writes
    sitemap.xml), empty the output folder so every page shows the new text."""
    site_dir = Path(config.site_dir)
    changed = changed_inputs(site, site_dir)
    if changed:
        log.info("%s changed: rebuilding every page", site.display(changed[0]))
        # Not mkdocs.utils.clean_directory: static-i18n swaps it for a no-op during its
        # nested builds and leaves it so when a build fails there.
        for child in site_dir.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def changed_inputs(site: SiteBuild, site_dir: Path) -> list[Path]:
    """The data file and catalogues changed since the last complete build into `site_dir`
    (the one that wrote its sitemap.xml; none without one)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return []
    built = sitemap.stat().st_mtime
    inputs = [Path(site.root, site.settings.data_file)]
    inputs += sorted(Path(site.root, site.settings.interface_text).glob("*.po"))
    return [path for path in inputs if path.is_file() and path.stat().st_mtime > built]


def warn_unused_keys(site: SiteBuild, build: LanguageBuild) -> None:
    """A key no page of this language quotes is a warning (it fails strict builds)."""
    contact = site.settings.contact_policy  # shown by the contact block of every article
    used = build.used_keys | {contact}
    for key in sorted(set(site.book.policies) - used):
        policy = site.book.policies[key]
        message = f"policy '{key}' is not used by any page in '{build.lang}' (use it or remove it)"
        warn(log, Problem(site.book.path, policy.line, policy.col, message))
