"""One import into a site: place, convert and write everything read, then report."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
from bs4 import BeautifulSoup

from helpcentre.checks.project import Project
from helpcentre.content.sources import is_pending, parse_source, source_hash
from helpcentre.importer.facts import FactFinder
from helpcentre.importer.html_to_markdown import heading_anchors, html_to_markdown
from helpcentre.importer.icons import material_icon
from helpcentre.importer.images import ImageStore
from helpcentre.importer.languages import LanguageMap
from helpcentre.importer.layout import Layout, plan_layout, top_level_names
from helpcentre.importer.links import LinkIndex
from helpcentre.importer.model import Article, Collection, Export, Version
from helpcentre.importer.redirects import read_site_redirects, redirect_entries, write_redirects
from helpcentre.importer.report import Report
from helpcentre.importer.site_languages import language_entry, languages_line
from helpcentre.importer.state import ImportState, Outcome

DRAFTS = "drafts"
DESCRIPTION_LENGTH = 160


@dataclass
class Target:
    """The site imported into."""

    project: Project
    langs: LanguageMap
    facts: FactFinder
    domains: list[str] = field(default_factory=list)
    include_drafts: bool = False


@dataclass
class _Page:
    """One file to write: where, for which upstream text, and its Markdown."""

    name: str  # from the project root
    key: str
    updated_at: str
    text: str
    notes: _BodyNotes | None = None


@dataclass
class _BodyNotes:
    """What converting a body left for the report, located in the body's Markdown."""

    markdown: str
    skipped: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    facts: list[tuple[int, int, str]] = field(default_factory=list)
    lost_anchors: list[tuple[str, str]] = field(default_factory=list)
    # Links to another article's heading it has no longer: (address, the link written,
    # how many links to that same address came before it).
    lost_fragments: list[tuple[str, str, int]] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)  # links written, by address


def run_import(export: Export, target: Target, session: requests.Session) -> Report:
    project, langs = target.project, target.langs
    root, source = project.root, project.languages.source
    report = Report()
    state = ImportState.load(root, export.product.value)
    existing_redirects = read_site_redirects(root, project.languages)
    taken = top_level_names(project.docs_dir / source) - {
        path.split("/")[0].removesuffix(".md") for path in state.paths.values()
    }
    layout = plan_layout(export, source, langs, state.paths, taken, target.include_drafts)
    state.paths.update(layout.paths)
    published = {k: v for k, v in layout.paths.items() if k not in layout.drafts}
    links = LinkIndex.of(export, published, target.domains)
    images = ImageStore(session)
    writer = _Writer(export, project, layout, links, images, target, report, state)
    for key in layout.no_source:
        item = export.articles.get(key) or export.collections[key]
        names = ", ".join(sorted(item.versions))
        report.decide(
            _upstream_where(item),
            1,
            1,
            f"{key} has no {source} version (it has {names}): not imported; translate it "
            f"upstream or add it to docs/{source}/ by hand",
        )
    seen: set[str] = set()
    for lang in project.languages.all:  # the source first: translations record its hash
        for collection in export.collections.values():
            if collection.key in layout.paths:
                page = writer.collection(collection, lang, export)
                if page is None:
                    writer.untranslated(collection.key, lang, seen)
                    continue
                seen.add(page.key)
                report.outcomes[writer.write(page)] += 1
                writer.note_source(collection.key, lang, page)
        for article in export.articles.values():
            if article.key in layout.paths:
                page = writer.article(article, lang)
                if page is None:
                    writer.untranslated(article.key, lang, seen)
                    continue
                seen.add(page.key)
                report.outcomes[writer.write(page)] += 1
                writer.note_source(article.key, lang, page)
                if article.key not in layout.drafts:
                    report.articles[lang] += 1
    report.collections = sum(1 for key in export.collections if key in layout.paths)
    report.images = len(images.written)
    for name in state.gone_upstream(seen):
        report.note(
            name,
            1,
            1,
            "no longer in the product's responses: kept here (delete it if it should go)",
        )
    entries = redirect_entries(export, published, langs)
    report.redirects = write_redirects(
        root, existing_redirects, entries, project.languages, project.site_url
    )
    for locale, code in sorted(langs.unknown.items()):
        report.decide(
            "mkdocs.yml",
            languages_line(project.config_file),
            1,
            f"the help centre has texts in '{locale}', which is not a site language: add "
            f"'- {language_entry(code)}' after this line, in plugins > i18n > languages "
            "(or import again with --add-languages)",
        )
    for locale, lang in sorted(langs.dropped.items()):
        report.note(
            "mkdocs.yml", 1, 1, f"'{locale}' texts not imported: '{lang}' comes from another locale"
        )
    for line in export.unread:
        report.note(line.split(": ", 1)[0], 1, 1, line.split(": ", 1)[-1])
    state.save(root)
    return report


def _upstream_where(item: Article | Collection) -> str:
    for version in item.versions.values():
        if version.urls:
            return version.urls[0]
    return item.key


class _Writer:
    """Composes each page of the import and writes it through the import's state."""

    def __init__(
        self,
        export: Export,
        project: Project,
        layout: Layout,
        links: LinkIndex,
        images: ImageStore,
        target: Target,
        report: Report,
        state: ImportState,
    ) -> None:
        self.export, self.root = export, project.root
        self.project, self.layout = project, layout
        self.links, self.images, self.target, self.report = links, images, target, report
        self.source = project.languages.source
        self.state = state
        self.source_hashes: dict[str, str] = {}
        self.headings: dict[tuple[str, str], list[tuple[list[str], str]]] = {}

    # -- where things go -------------------------------------------------------------------

    def _name(self, key: str, lang: str) -> str:
        folder = (
            DRAFTS
            if key in self.layout.drafts
            else self.project.docs_dir.relative_to(self.root).as_posix()
        )
        return f"{folder}/{lang}/{self.layout.paths[key]}"

    def _version(self, item: Article | Collection, lang: str) -> Version | None:
        """The text of `item` in a site language; a draft only for an article written
        under drafts/ (a draft translation of a published article is not published)."""
        for locale, version in item.versions.items():
            if self.target.langs.lang(locale) == lang:
                if version.draft and item.key not in self.layout.drafts:
                    return None
                return version
        return None

    # -- pages -----------------------------------------------------------------------------

    def collection(self, collection: Collection, lang: str, export: Export) -> _Page | None:
        path = self.layout.paths[collection.key]
        name = self._name(collection.key, lang)
        version = self._version(collection, lang)
        if version is None or self._version(collection, self.source) is None:
            return None  # the site serves the source's page in that language
        nested = path.count("/") > 1
        meta: dict[str, object] = {
            "title": version.title,
            "description": _description(version) or version.title,
        }
        if not nested:
            meta["icon"] = material_icon(collection.icon)
        meta["order"] = collection.order
        body = ""
        if nested:  # an overview page listing what the nested collection holds
            body = self._overview(collection, lang, export)
        if lang != self.source:
            meta["source_hash"] = self._source_hash(collection.key)
        return _Page(name, f"{collection.key}@{lang}", version.updated_at, _document(meta, body))

    def _overview(self, collection: Collection, lang: str, export: Export) -> str:
        folder = self.layout.folder(collection.key)
        lines = []
        members: list[Article | Collection] = [*export.children(collection.key)]
        members += sorted(
            (a for a in export.articles.values() if a.parent == collection.key),
            key=lambda a: (a.order or 0, a.upstream_id),
        )
        for member in members:
            if member.key not in self.layout.paths or member.key in self.layout.drafts:
                continue
            version = self._version(member, lang) or self._version(member, self.source)
            if version is None:
                continue
            href = self.layout.paths[member.key].removeprefix(folder + "/")
            lines.append(f"- [{_link_text(version.title)}]({href})")
        return "\n".join(lines) + "\n" if lines else ""

    def article(self, article: Article, lang: str) -> _Page | None:
        key, name = article.key, self._name(article.key, lang)
        version = self._version(article, lang)
        if version is None or self._version(article, self.source) is None:
            return None  # the site serves the source's page in that language
        path = self.layout.paths[key]
        folder = self.root / self._name(key, self.source)
        notes = self._body(version, lang, path, folder.parent)
        meta = {"title": version.title, "description": _description(version) or version.title}
        if article.order is not None:
            meta["order"] = article.order
        if lang != self.source:
            meta["source_hash"] = self._source_hash(key)
        text = _document(meta, notes.markdown)
        return _Page(name, f"{key}@{lang}", version.updated_at, text, notes)

    def _body(self, version: Version, lang: str, path: str, image_folder: Path) -> _BodyNotes:
        notes = _BodyNotes("")

        def link(href: str) -> str | None:
            key, ours = self.links.target(href)
            if key is None:
                if ours:
                    notes.unresolved.append(href)
                return None
            relative = self.links.relative(key, path)
            fragment = urlsplit(href).fragment
            anchor = self._anchor(key, lang, fragment) if fragment else None
            if fragment and anchor is None:
                notes.lost_fragments.append((href, relative, notes.written[relative]))
            new = f"{relative}#{anchor}" if anchor else relative
            notes.written[new] += 1
            return new

        def image(src: str) -> str | None:
            stored = self.images.store(src, image_folder)
            if stored is None:
                notes.failed.append(src)
            return stored

        converted = html_to_markdown(version.body_html, link, image)
        lang = self.target.langs.lang(version.locale) or self.source
        notes.markdown, notes.facts = self.target.facts.replace(converted.markdown, lang)
        notes.skipped = converted.skipped
        notes.lost_anchors = converted.lost_anchors
        return notes

    def _anchor(self, key: str, lang: str, fragment: str) -> str | None:
        """The anchor, on the page of article `key` in `lang`, of the heading a product's
        link names by its id. That id may be on another language's text of the article:
        the heading at the same place in the text the page shows is meant."""
        article = self.export.articles.get(key)
        if article is None:
            return None  # a collection's page has no headings of the product's
        shown = self._version(article, lang) or self._version(article, self.source)
        if shown is None:
            return None
        here = self._headings(key, shown)
        for ids, anchor in here:
            if fragment in ids or fragment == anchor:
                return anchor
        for version in article.versions.values():
            for number, (ids, _anchor) in enumerate(self._headings(key, version)):
                if fragment in ids and number < len(here):
                    return here[number][1]
        return None

    def _headings(self, key: str, version: Version) -> list[tuple[list[str], str]]:
        cached = self.headings.get((key, version.locale))
        if cached is None:
            cached = self.headings[key, version.locale] = heading_anchors(version.body_html)
        return cached

    def note_source(self, key: str, lang: str, page: _Page) -> None:
        """The hash of the source text as imported: its translations translate that one
        (when it was edited here since, they are older than it, and the site says so)."""
        if lang == self.source:
            self.source_hashes[key] = source_hash(parse_source(Path(page.name), page.text))

    def _source_hash(self, key: str) -> str:
        return self.source_hashes.get(key, "")

    # -- writing ----------------------------------------------------------------------------

    def untranslated(self, key: str, lang: str, seen: set[str]) -> None:
        """No text of `key` in `lang`: no file (the site serves the source's page there).
        A pending stub an earlier import wrote, unedited since, is left and listed."""
        if lang == self.source:
            return
        name = self._name(key, lang)
        text = self.state.unedited(self.root, name)
        if text is None or not is_pending(parse_source(Path(name), text).meta):
            return  # nothing there, an editor's file, or a translation gone upstream (listed)
        seen.add(f"{key}@{lang}")
        self.report.note(
            name,
            1,
            1,
            "a pending stub an earlier import wrote: the site serves the source's page "
            "without it too (delete it, or translate it)",
        )

    def write(self, page: _Page) -> Outcome:
        outcome = self.state.write(self.root, page.name, page.key, page.updated_at, page.text)
        lang = page.key.rsplit("@", 1)[-1]
        if outcome is Outcome.NOT_OURS and lang != self.source:
            # A translation written here while the import had none, and upstream has one.
            self.report.decide(
                page.name,
                1,
                1,
                "translated here and upstream since the last import: left as it is here "
                "(compare it with the product's version and merge by hand)",
            )
            return Outcome.CONFLICT
        if outcome not in (Outcome.KEPT, Outcome.CONFLICT, Outcome.NOT_OURS):
            if page.notes is not None:
                self._located(page.name, page.text, page.notes)
            for number, line in enumerate(page.text.split("\n")[1:4], start=2):
                key = line.split(":", 1)[0]
                if key in ("title", "description") and "{{" in line:
                    self.report.decide(
                        page.name,
                        number,
                        1,
                        f"the {key} has '{{{{', which the build reads as a policy marker: "
                        "reword it (markers work in the body only)",
                    )
        if outcome is Outcome.CONFLICT:
            self.report.decide(
                page.name,
                1,
                1,
                "edited here and changed upstream since the last import: left as it is here "
                "(compare it with the product's version and merge by hand)",
            )
        elif outcome is Outcome.NOT_OURS:
            self.report.decide(
                page.name, 1, 1, "a file the import did not write is at this path: left as it is"
            )
        return outcome

    def _located(self, where: str, text: str, notes: _BodyNotes) -> None:
        """Each construct, link, image and value of a body for the report, at its line."""
        offset = text.count("\n") - notes.markdown.count("\n")
        lines = notes.markdown.split("\n")
        decide = self.report.decide
        for what in notes.skipped:
            line = offset + _line_of(lines, f"import: {what}")
            decide(where, line, 1, f"{what} not converted: a comment stands in its place")
        for href in notes.unresolved:
            line = offset + _line_of(lines, f"({href}")
            decide(where, line, 1, f"link to {href}, which was not imported: left as it was")
        for href, text in notes.lost_anchors:
            line = offset + _line_of(lines, text.strip()) if text.strip() else offset + 1
            decide(
                where,
                line,
                1,
                f"link to {href}: no heading of the article had that id "
                "(its text is kept, without the link)",
            )
        for href, relative, before in notes.lost_fragments:
            line = offset + _line_of(lines, f"]({relative})", before)
            decide(
                where,
                line,
                1,
                f"link to {href}: the article has no heading with that id "
                "(the link goes to the top of its page)",
            )
        for src in notes.failed:
            why = self.images.failed.get(src, "")
            line = offset + _line_of(lines, f"({src}")
            decide(where, line, 1, f"image not downloaded ({why}): {src} left as it was")
        for line, col, message in notes.facts:
            if " is now " in message:
                self.report.note(where, offset + line, col, message)
            else:
                decide(where, offset + line, col, message)


def _line_of(lines: list[str], needle: str, skip: int = 0) -> int:
    """The line of the first `needle` (after `skip` others) in `lines`; 1 if none."""
    for number, line in enumerate(lines, 1):
        skip -= line.count(needle)
        if skip < 0:
            return number
    return 1


def _link_text(title: str) -> str:
    """A title as the text of a Markdown link: no markup, no marker, no early `]`."""
    for character, written in (
        ("\\", "\\\\"),
        ("[", "\\["),
        ("]", "\\]"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("<", "&lt;"),
        ("{", "&#123;"),
        ("}", "&#125;"),
    ):
        title = title.replace(character, written)
    return title


def _description(version: Version) -> str:
    if version.description.strip():
        return " ".join(version.description.split())
    soup = BeautifulSoup(version.body_html or "", "html.parser")
    first = next((p for p in soup.find_all("p") if p.get_text().strip()), None)
    text = " ".join(first.get_text().split()) if first is not None else ""
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _document(meta: dict[str, object], body: str) -> str:
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    text = "\n".join(lines) + "\n"
    return text + ("\n" + body if body.strip() else "")
