"""In a `--dirty` preview, the pages listing a new, renamed or retitled article follow it.

MkDocs' dirty build renders only the pages whose source is newer than their output, so a
new article would be missing from its collection page, the home page's counts and its
neighbours' sidebars until a complete build. Each build of a language remembers its
catalogue for the next build in the same process (`mkdocs serve` rebuilds in one
process); where a collection's list changed, every page whose list shows the change gets
an output file time older than its source, which is how MkDocs' dirty build is told to
render a page again. A complete build renders every page anyway: nothing changes there.
"""

from __future__ import annotations

import os

from mkdocs.structure.files import Files

from helpcentre.content.catalogue import Catalogue, Collection, PageKind, page_kind
from helpcentre.mkdocs.engine.memory import Memory
from helpcentre.mkdocs.page import pages
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild


def refresh_changed_lists(
    site: SiteBuild, build: LanguageBuild, files: Files, memory: Memory
) -> list[str]:
    """Mark for rendering the pages whose lists differ from the previous build's in this
    process (`memory`: one output folder, the preview's, at a time); return their article
    ids (empty on a process's first build)."""
    catalogue = build.catalogue
    assert catalogue is not None, "read_catalogue comes first"
    site_dir = str(site.config.site_dir)
    kept = memory.catalogues
    for key in [k for k in kept if k[0] != site_dir]:
        del kept[key]
    previous = kept.get((site_dir, build.lang))
    kept[(site_dir, build.lang)] = catalogue
    if previous is None:
        return []
    stale = _stale_pages(previous, catalogue, build)
    if not stale:
        return []
    for file in files.documentation_pages():
        _, article_id, _ = pages.page_source(site, file.src_uri)
        if article_id in stale and os.path.isfile(file.abs_dest_path):
            os.utime(file.abs_dest_path, (0, 0))  # older than any source: render again
    return sorted(stale)


def _stale_pages(before: Catalogue, now: Catalogue, build: LanguageBuild) -> set[str]:
    """The pages whose collection list, counts or sidebar differ between two catalogues."""
    stale: set[str] = set()
    slugs = {c.slug for c in before.collections} | {c.slug for c in now.collections}
    for slug in sorted(slugs):
        old, new = before.collection(slug), now.collection(slug)
        if old == new:
            continue
        stale |= {"index.md", f"{slug}/index.md"}  # the home page's cards, the collection
        if new is not None:
            stale |= {
                article.article_id
                for article in new.articles
                if _sidebar(old, article.article_id, build)
                != _sidebar(new, article.article_id, build)
            }
    return {article_id for article_id in stale if page_kind(article_id) != PageKind.PAGE}


def _sidebar(collection: Collection | None, article_id: str, build: LanguageBuild) -> object:
    """What an article's sidebar shows in a collection (None when it is not there)."""
    if collection is None:
        return None
    article = next((a for a in collection.articles if a.article_id == article_id), None)
    if article is None:
        return None
    shown = pages._sidebar(collection, article, build.strings, build.locale)
    return (collection.title, collection.url, shown)
