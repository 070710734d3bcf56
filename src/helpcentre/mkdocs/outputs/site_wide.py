"""The end of a site build: every file written once for the whole site, in one order."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.mkdocs.engine import unchanged
from helpcentre.mkdocs.engine.memory import Memory
from helpcentre.mkdocs.outputs import admin, build_info, csp, feedback, search, seo
from helpcentre.mkdocs.state import SiteBuild


def write_site_wide(
    site: SiteBuild,
    config: MkDocsConfig,
    *,
    searches: list[search.LanguageSearch] | None = None,
    memory: Memory | None = None,
) -> None:
    """404 pages, redirects, sitemap, search files, headers (`_headers`), feedback manifest
    and build-info.json, once every language is built, by the one-process build and the
    parallel one alike.

    Two differences stay, as parameters:
    `searches`: a parallel build's languages, each already indexed by Pagefind in its own
    process and joined into the site's index (their search files prepared there too);
    None when this process rendered every language, and Pagefind runs over the site here.
    `memory`: a preview's, which keeps what each language built for a later rebuild that
    leaves it out (None outside a preview: nothing rebuilds later)."""
    complete = seo.write_site_outputs(site, config)  # False after a partial (`--dirty`) rebuild
    site_dir = Path(config.site_dir)
    if complete:
        if searches is None:
            search.write_every_language(site, site_dir)
        else:
            search.write_search_index(site_dir, searches, indexed=True)
    feedback.write_manifest(site, config)
    if memory is not None:
        unchanged.keep(site, memory)
    build_info.write_build_info(site, config)
    if memory is None:  # a preview serves /admin/ itself (helpcentre.editor.app)
        admin.write_published_editor(site, config)
    if complete:
        # Last, over every file written: it allows the scripts of every page, and gives a
        # published editor its own policy.
        editor = admin.ADMIN if site.settings.editor.publish else None
        csp.write_headers(site, site_dir, editor)
