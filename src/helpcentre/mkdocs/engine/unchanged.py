"""In a `--dirty` preview, a language whose pages cannot have changed is not built again.

MkDocs' dirty build renders only the changed pages, but it still lists every language's
files, lays out its navigation and renders its 404 page: after an edit to one French
article, the English build did all that for nothing. Between two builds of one preview,
the files under docs/ are compared by modification time and size; a language is left out
when none of its own files changed and no changed source-language file stands in for one
of its pages (an article not translated yet is served from the source's file). Anything
else (a first build, a data file or catalogue change, an emptied folder after an error,
a file outside the language folders) builds every language; a data file or catalogue
change also empties the output folder first, so every page shows the new text.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.content.sources import is_pending
from helpcentre.contract import Manifest
from helpcentre.mkdocs import compat
from helpcentre.mkdocs.engine.memory import Memory, Stamp
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild

log = logging.getLogger("mkdocs.hooks.helpcentre.policies")


def unchanged_languages(
    site: SiteBuild, memory: Memory, *, dirty: bool, preview: bool
) -> frozenset[str]:
    """The languages this preview rebuild can leave as they are (none outside a `--dirty`
    preview)."""
    if not dirty or not preview:
        return frozenset()
    site_dir = str(site.config.site_dir)
    now = docs_stamps(Path(site.config.docs_dir))
    before = memory.stamps.get(site_dir)
    memory.stamps[site_dir] = now
    complete = Path(site_dir, "sitemap.xml").is_file()  # the folder holds a whole build
    if before is None or not complete:
        return frozenset()
    if changed_inputs(site, Path(site_dir)):
        return frozenset()
    changed = {path for path in now.keys() | before.keys() if now.get(path) != before.get(path)}
    touched: set[str] = set()
    for path in changed:
        lang, _, rest = path.partition("/")
        if lang not in site.languages.all or not rest:
            return frozenset()
        touched.add(lang)
        if lang == site.languages.source:
            touched |= {other for other in site.languages.all if _stands_in(site, other, rest, now)}
    if not touched:
        return frozenset()
    return frozenset(site.languages.all) - touched


def _stands_in(site: SiteBuild, lang: str, rest: str, now: dict[str, Stamp]) -> bool:
    """A source file at `rest` stands in for `lang`'s own (missing or pending) version."""
    if f"{lang}/{rest}" not in now:
        return True
    if not rest.endswith(".md"):
        return False
    own = site.sources.get(lang, rest)
    return own is None or is_pending(own.meta)


def docs_stamps(docs_dir: Path) -> dict[str, Stamp]:
    """Every file under docs/, by path from docs/ ('fr/facturation/x.md')."""
    found: dict[str, Stamp] = {}
    for folder, _, names in os.walk(docs_dir):
        for name in names:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found[os.path.relpath(path, docs_dir).replace(os.sep, "/")] = (
                stat.st_mtime_ns,
                stat.st_size,
            )
    return found


def keep(site: SiteBuild, memory: Memory) -> None:
    """At the end of a preview build: what each language built gives the site-wide files,
    for a later rebuild that leaves it out: its manifest entries (the collector reads the
    whole manifest every time) and its 404 page (every language build writes /404.html,
    so the source's is written again after the others)."""
    site_dir = str(site.config.site_dir)
    manifests = memory.manifests.setdefault(site_dir, {})
    pages = memory.not_found.setdefault(site_dir, {})
    for lang, build in site.by_language.items():
        if build.skipped:
            continue
        manifests[lang] = site.manifest.of_language(lang)
        if build.not_found_html is not None:
            pages[lang] = build.not_found_html


def restore(site: SiteBuild, build: LanguageBuild, manifest: Manifest, memory: Memory) -> None:
    """A language left out keeps its manifest entries of the last build; the source
    language its 404 page too."""
    site_dir = str(site.config.site_dir)
    manifest.add_language(build.lang, memory.manifests.get(site_dir, {}).get(build.lang, {}))
    if build.lang == site.languages.source:
        build.not_found_html = memory.not_found.get(site_dir, {}).get(build.lang)


def empty_site_if_inputs_changed(site: SiteBuild, config: MkDocsConfig) -> None:
    """In a `--dirty` preview MkDocs rebuilds only changed Markdown files; when the data
    file or an interface catalogue changed since the last complete build (which writes
    sitemap.xml), empty the output folder so every page shows the new text."""
    site_dir = Path(config.site_dir)
    changed = changed_inputs(site, site_dir)
    if changed:
        log.info("%s changed: rebuilding every page", site.display(changed[0]))
        compat.empty_folder(site_dir)  # keeps the folder: a preview serves from it


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
