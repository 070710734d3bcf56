"""Dirty preview rebuilds (`make serve`): changed pages only, yet never stale policy values."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from conftest import MINIMAL_POLICIES, THEME, build_project, write_project
from mkdocs.livereload import LiveReloadServer

from helpcentre.mkdocs.engine.driver import load_site_config
from helpcentre.mkdocs.entry import hooks_of
from helpcentre.mkdocs.preview import server as preview
from helpcentre.mkdocs.preview.reuse import Reuse


def touch_later(path: Path) -> None:
    """Give a file a modification time clearly after the last build's output."""
    later = time.time() + 5
    os.utime(path, (later, later))


def test_dirty_rebuild_shows_the_edit_and_keeps_the_search_index(tmp_path):
    root = write_project(tmp_path / "p")
    build_project(root)
    entry = root / "site" / "pagefind" / "pagefind-entry.json"
    indexed = entry.read_text(encoding="utf-8")
    article = root / "docs" / "fr" / "facturation" / "annulation.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Le préavis est", "Le délai de préavis est"),
        encoding="utf-8",
    )
    touch_later(article)
    site = build_project(root, strict=False, dirty=True)
    body = site.html("facturation/annulation/").select_one(".hc-body").get_text()
    assert "Le délai de préavis est de 30\xa0jours." in body
    assert not [m for m in site.messages() if "is not used by any page" in m]
    assert entry.read_text(encoding="utf-8") == indexed
    assert "partial rebuild: search index and sitemap wait for a complete build" in (
        site.messages(level=20)
    )


def test_dirty_rebuild_after_a_data_change_updates_every_page(tmp_path):
    root = write_project(tmp_path / "p")
    build_project(root)
    data = root / "data" / "policies.yml"
    data.write_text(MINIMAL_POLICIES.replace("25.00 GBP", "40.00 GBP"), encoding="utf-8")
    touch_later(data)
    site = build_project(root, strict=False, dirty=True)
    assert "£40.00" in site.html("en/facturation/annulation/").select_one(".hc-body").get_text()
    assert "40,00" in site.html("facturation/annulation/").select_one(".hc-body").get_text()


NEW_ARTICLE = (
    "---\ntitle: Se faire rembourser\ndescription: Les remboursements.\n---\n\n"
    "## Délai\n\nUn remboursement prend {{ policy.cancellation.notice_period }}.\n"
)


def link_texts(page) -> list[str]:
    return [" ".join(a.get_text().split()) for a in page.select("a")]


def test_dirty_rebuild_lists_a_new_article_and_a_new_title(tmp_path):
    root = write_project(tmp_path / "p")
    build_project(root)
    new = root / "docs" / "fr" / "facturation" / "rembourser.md"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    touch_later(new)
    site = build_project(root, strict=False, dirty=True)
    assert "Se faire rembourser" in link_texts(site.html("facturation/"))
    # The other article's source did not change; its sidebar lists the new one all the same.
    sidebar = site.html("facturation/annulation/").select_one(".md-sidebar--primary")
    assert "Se faire rembourser" in link_texts(sidebar)
    # In English the new article is served from the French file until it is translated.
    assert "Se faire rembourser" in link_texts(site.html("en/facturation/"))
    home = site.html("").get_text(" ")
    assert "2 articles" in " ".join(home.split())

    article = root / "docs" / "fr" / "facturation" / "annulation.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: Annuler", "title: Résilier"),
        encoding="utf-8",
    )
    touch_later(article)
    site = build_project(root, strict=False, dirty=True)
    sidebar = site.html("facturation/rembourser/").select_one(".md-sidebar--primary")
    assert "Résilier" in link_texts(sidebar) and "Annuler" not in link_texts(sidebar)
    assert "Résilier" in link_texts(site.html("facturation/"))


def test_dirty_rebuild_of_a_body_edit_leaves_the_lists_alone(tmp_path):
    root = write_project(tmp_path / "p")
    build_project(root)
    collection = root / "site" / "facturation" / "index.html"
    kept = time.time() + 3600  # newer than its source; a new write would move it
    os.utime(collection, (kept, kept))
    article = root / "docs" / "fr" / "facturation" / "annulation.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Le préavis est", "Le délai est"),
        encoding="utf-8",
    )
    touch_later(article)
    build_project(root, strict=False, dirty=True)
    assert collection.stat().st_mtime == kept


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")
    touch_later(path)


def read_languages(site) -> set[str]:
    """The languages whose files the build listed ("Reading: en/...", MkDocs' debug line)."""
    found = set()
    for message in site.messages(level=logging.DEBUG):
        if message.startswith("Reading: "):
            found.add(message.removeprefix("Reading: ").split("/")[0])
    return found


def test_a_preview_rebuild_leaves_out_a_language_none_of_whose_files_changed(tmp_path):
    root = write_project(tmp_path / "p")
    serve = {"strict": False, "dirty": True, "command": "serve"}
    assert read_languages(build_project(root, **serve)) == {"fr", "en"}
    site_dir = root / "site"
    manifest = (site_dir / "feedback-manifest.json").read_text(encoding="utf-8")
    not_found = {lang: (site_dir / lang / "404.html").read_text() for lang in ("en", "")}

    # A French article with its own English version: English is left as it was built.
    edit(root / "docs" / "fr" / "facturation" / "annulation.md", "Le préavis est", "Le délai est")
    site = build_project(root, **serve)
    assert read_languages(site) == {"fr"}
    assert "Le délai est" in site.html("facturation/annulation/").select_one(".hc-body").get_text()
    # The collector still accepts votes on every language's articles.
    assert (site_dir / "feedback-manifest.json").read_text(encoding="utf-8") == manifest

    # An English edit: French is left out this time, and keeps its own 404 page.
    edit(root / "docs" / "en" / "facturation" / "annulation.md", "The notice period", "Your notice")
    site = build_project(root, **serve)
    assert read_languages(site) == {"en"}
    assert "Your notice" in site.html("en/facturation/annulation/").get_text()
    assert {lang: (site_dir / lang / "404.html").read_text() for lang in not_found} == not_found
    assert (site_dir / "feedback-manifest.json").read_text(encoding="utf-8") == manifest

    # A new French article: English serves it from the French file, so both are built.
    new = root / "docs" / "fr" / "facturation" / "rembourser.md"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    touch_later(new)
    site = build_project(root, **serve)
    assert read_languages(site) == {"fr", "en"}
    assert "Se faire rembourser" in link_texts(site.html("en/facturation/"))
    assert "Se faire rembourser" in link_texts(site.html("facturation/"))
    # ... and an edit to it shows in English as well.
    edit(new, "Un remboursement prend", "Un remboursement demande")
    site = build_project(root, **serve)
    english = site.html("en/facturation/rembourser/").select_one(".hc-body").get_text()
    assert "Un remboursement demande" in english

    # A data file change rebuilds every page of every language.
    data = root / "data" / "policies.yml"
    data.write_text(MINIMAL_POLICIES.replace("25.00 GBP", "40.00 GBP"), encoding="utf-8")
    touch_later(data)
    assert read_languages(build_project(root, **serve)) == {"fr", "en"}


def reusing(root: Path) -> Reuse:
    """Builds of this project reuse what the earlier ones left, as `mkdocs serve` does:
    the project's hooks, loaded once per process, keep it."""
    return hooks_of(load_site_config(root)).preview.begin_reuse()


def test_a_preview_rebuild_reuses_nothing_stale(tmp_path):
    root = write_project(tmp_path / "p")
    reuse = reusing(root)
    (root / "overrides").unlink()  # the site's own copy of a partial, to edit it
    (root / "overrides" / "partials").mkdir(parents=True)
    shutil.copy(THEME / "partials" / "hc-sidebar.html", root / "overrides" / "partials")
    build_project(root)
    assert reuse.templates.compiled and reuse.sources  # kept for the next rebuild
    sidebar = root / "overrides" / "partials" / "hc-sidebar.html"
    sidebar.write_text(
        sidebar.read_text(encoding="utf-8").replace(
            '<div class="md-sidebar__inner">',
            '<div class="md-sidebar__inner"><p class="hc-edited-template">v2</p>',
        ),
        encoding="utf-8",
    )
    article = root / "docs" / "fr" / "facturation" / "annulation.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Le préavis est", "Le délai est"),
        encoding="utf-8",
    )
    touch_later(article)
    site = build_project(root, strict=False, dirty=True)
    page = site.html("facturation/annulation/")
    assert page.select_one(".md-sidebar--primary .hc-edited-template") is not None
    assert "Le délai est de 30\xa0jours." in page.select_one(".hc-body").get_text()


def test_the_preview_looks_for_saved_files_every_fifth_of_a_second(tmp_path):
    """MkDocs' server polls every 0.5 s; the folders it watches move to an observer that
    polls every 0.2 s (tests/test_preview_errors.py edits files under a real server)."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    docs, config = tmp_path / "docs", tmp_path / "mkdocs.yml"
    docs.mkdir()
    config.write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(docs))
    server.watch(str(config))
    preview.poll_sooner(server, [str(docs), str(config), str(tmp_path / "theme"), None])
    assert server.observer.timeout == preview.POLLING_S == 0.2
    assert server.build_delay == preview.SETTLE_S == 0.02  # MkDocs' own: 0.1 s
    watched = {emitter.watch.path for emitter in server.observer.emitters}
    assert len(watched) == 2 and str(docs) in watched  # mkdocs.yml: through its folder
    server.watch(str(tmp_path / "data"))  # watched after `on_serve`: the new observer too
    assert len(server.observer.emitters) == 3
