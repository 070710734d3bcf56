"""Where each imported collection and article goes under docs/<lang>/: folders and slugs.

A collection is a folder with `index.md`. A collection nested in another one (an
Intercom sub-collection or section, a Zendesk section) is a folder inside its parent's,
whose `index.md` is an overview page listing what it holds: the site's collections are
one level deep, and the nesting stays in the folders, the addresses and the overview.
An article goes into its collection's folder, named from its title in the site's source
language; one in no collection is a page at the top of the language folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpcentre.importer.languages import LanguageMap
from helpcentre.importer.model import Article, Collection, Export, Version
from helpcentre.importer.slugs import unique_slug


@dataclass
class Layout:
    paths: dict[str, str] = field(default_factory=dict)  # key -> path under docs/<lang>/
    drafts: set[str] = field(default_factory=set)  # keys written under drafts/, not docs/
    no_source: list[str] = field(default_factory=list)  # keys with no source-language text

    def folder(self, key: str) -> str:
        """The folder of a collection (`a/b`), or of an article's file."""
        path = self.paths[key]
        return path.rsplit("/", 1)[0] if "/" in path else ""


def source_version(item: Article | Collection, source: str, langs: LanguageMap) -> Version | None:
    """The text in the site's source language, else the product's own source text."""
    for locale, version in item.versions.items():
        if langs.lang(locale) == source:
            return version
    return None


def plan_layout(
    export: Export,
    source_lang: str,
    langs: LanguageMap,
    known: dict[str, str],
    taken_at_top: set[str],
    include_drafts: bool,
) -> Layout:
    """Paths for everything imported. `known`: paths of earlier imports, kept so a second
    run writes the same files; `taken_at_top`: names already used in the source folder."""
    layout = Layout()
    taken: dict[str, set[str]] = {"": set(taken_at_top)}
    for path in known.values():
        folder, _, name = path.rpartition("/")
        if name == "index.md":
            folder, _, name = folder.rpartition("/")
        taken.setdefault(folder, set()).add(name.removesuffix(".md"))

    def place(key: str, folder: str, title: str, fallback: str, is_folder: bool) -> None:
        if key in known:
            layout.paths[key] = known[key]
            return
        slug = unique_slug(title, taken.setdefault(folder, set()), fallback)
        name = f"{slug}/index.md" if is_folder else f"{slug}.md"
        layout.paths[key] = f"{folder}/{name}" if folder else name

    def visit(parent: str | None, folder: str) -> None:
        for collection in export.children(parent):
            version = source_version(collection, source_lang, langs)
            if version is None:
                layout.no_source.append(collection.key)
                continue
            place(collection.key, folder, version.title, collection.key.replace(":", "-"), True)
            visit(collection.key, layout.folder(collection.key))

    visit(None, "")
    # Collections whose parent is not in the responses are placed at the top.
    for collection in export.collections.values():
        placed = collection.key in layout.paths or collection.key in layout.no_source
        orphan = collection.parent is not None and collection.parent not in export.collections
        version = source_version(collection, source_lang, langs)
        if not placed and orphan and version is not None:
            place(collection.key, "", version.title, collection.key.replace(":", "-"), True)
            visit(collection.key, layout.folder(collection.key))
    for article in sorted(export.articles.values(), key=lambda a: (a.order or 0, a.upstream_id)):
        version = source_version(article, source_lang, langs)
        if version is None:
            layout.no_source.append(article.key)
            continue
        if version.draft:
            if not include_drafts:
                continue
            layout.drafts.add(article.key)
        folder = layout.folder(article.parent) if article.parent in layout.paths else ""
        place(article.key, folder, version.title, f"article-{article.upstream_id}", False)
    return layout


def top_level_names(folder: Path) -> set[str]:
    """Names of the pages and folders already in a language folder."""
    if not folder.is_dir():
        return set()
    return {path.name.removesuffix(".md") for path in folder.iterdir()}
