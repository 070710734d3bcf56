"""Every use of MkDocs', Material's and static-i18n's internals, each tested per pinned version.

tests/test_compat.py checks each assumption below against the installed versions and
names the pinned version in its failure: an upgrade that changes one fails there, in one
place, rather than as a site that quietly builds differently. The other modules call
these small functions and never reach into those packages' objects themselves.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme
from watchdog.observers.polling import PollingObserver

# -- MkDocs ------------------------------------------------------------------------------

# MkDocs' log lines a preview quietens (mkdocs/commands/build.py).
DIRTY_WARNING = "A 'dirty' build is being performed"
STALE_FILES = "The directory contains stale files"


def hook_modules(config: MkDocsConfig) -> list[ModuleType]:
    """The `hooks:` files of a loaded configuration, as modules. MkDocs loads each file
    once per process (its loader is cached) and keeps the modules in `config.hooks`, so
    every configuration loaded in a process hands its events to the same objects."""
    return [module for module in dict(config.hooks).values() if isinstance(module, ModuleType)]


def static_templates(theme: Theme) -> set[str]:
    """The theme's templates MkDocs renders as pages of their own (404.html, sitemap.xml):
    a set that may be changed before the build renders them."""
    found: set[str] = theme.static_templates
    return found


EnvironmentMaker = Callable[[], jinja2.Environment]


def wrap_theme_env(theme: Theme, wrapper: Callable[[EnvironmentMaker], jinja2.Environment]) -> None:
    """From now on the theme's `get_env` (MkDocs' one maker of template environments, for
    pages and for listing the theme's files) returns `wrapper(original get_env)`; once per
    theme object."""
    made = theme.get_env
    if getattr(made, "func", None) is wrapper:  # wrapped already
        return
    theme.get_env = functools.partial(wrapper, made)  # type: ignore[method-assign]


def render_record(page: Page) -> tuple[set[str] | None, dict[File, dict[str, str]] | None]:
    """What `Page.render` leaves besides the HTML and table of contents: the anchors the
    page has (None: not recorded) and its links to other pages' anchors."""
    return page.present_anchor_ids, page.links_to_anchors


def restore_render(
    page: Page,
    markdown: str,
    toc: list[Any],
    anchors: set[str],
    links: dict[File, dict[str, str]] | None,
) -> None:
    """Give a page everything `Page.render` sets, as an earlier render left it (`toc`:
    the tokens of Markdown's toc extension)."""
    page.markdown = markdown
    page.toc = get_toc(toc)
    page.present_anchor_ids = anchors
    page.links_to_anchors = links


def route_rebuilds(server: Any, rebuild: Callable[[Callable[[], None]], None]) -> None:
    """The live-reload server calls `rebuild(its builder)` for every rebuild instead of
    its builder (it reloads the browsers when that returns)."""
    server.builder = functools.partial(rebuild, server.builder)


def mount_app(server: Any, mount: Callable[[Any], Any]) -> None:
    """Requests to the live-reload server go to `mount(its own WSGI app)` (which hands on
    what it does not answer itself)."""
    server.set_app(mount(server.get_app()))


def poll_every(
    server: Any, paths: Iterable[str | None], interval_s: float, settle_s: float
) -> None:
    """The live-reload server looks for saved files every `interval_s` and waits
    `settle_s` for more once it saw one. Its observer has not started yet (`serve` starts
    it): the paths it already watches move to a new observer, and `watch` schedules later
    paths on whichever observer the server holds then."""
    moved = []
    for path in paths:
        if not path:
            continue
        try:
            server.unwatch(path)
        except KeyError:  # not watched (the theme's folders, without --watch-theme)
            continue
        moved.append(path)
    server.observer = PollingObserver(timeout=interval_s)
    server.build_delay = settle_s
    for path in moved:
        server.watch(path)


def empty_folder(folder: Path) -> None:
    """Remove what a folder holds, keeping the folder (a server may serve from it). Not
    `mkdocs.utils.clean_directory`: static-i18n swaps it for a no-op during its nested
    builds and leaves it so when a build fails there."""
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


# -- Material for MkDocs -----------------------------------------------------------------

# The rel of a page's hreflang links, with a trailing space: Material's bundle fetches
# <href>/sitemap.xml for every element matching exactly link[rel=alternate] (meant for
# language roots), one 404 per language on every view for per-page links.
HREFLANG_REL = "alternate "


def set_language_switcher(config: MkDocsConfig, entries: list[dict[str, Any]]) -> None:
    """Material's language menu (`config.extra.alternate`) for the page being rendered.
    Both spellings: Material's template reads the attribute, which static-i18n sets on
    every page, so setting the item alone left the last page's links."""
    config.extra["alternate"] = entries
    config.extra.alternate = entries


# -- mkdocs-static-i18n ------------------------------------------------------------------

I18N_PLUGIN = "i18n"
I18N_LOGGER = "mkdocs.plugins.mkdocs_static_i18n"
# Per-build lines that mean nothing to an editor: configuration dumps ("Overriding 'en'
# config 'theme.palette' with [...]") and each language's temporary output folder.
I18N_CONFIG_NOISE = ("Overriding '", "documentation to directory: ")


def i18n_missing_home(message: str, lang: str) -> bool:
    """static-i18n's warning that a language build found no home page."""
    return message.endswith(f"Could not find a homepage for locale '{lang}'")


def i18n_languages(config: MkDocsConfig) -> list[tuple[str, bool]] | None:
    """The languages static-i18n builds, as (locale, is the default), in its order; None
    when the plugin is not configured."""
    plugin = config.plugins.get(I18N_PLUGIN)
    if plugin is None:
        return None
    return [
        (str(lang.locale), bool(lang.default)) for lang in plugin.config.languages if lang.build
    ]


def theme_language(config: MkDocsConfig) -> str:
    """The theme's language, which static-i18n sets to the language each build renders."""
    return str(config.theme["language"])


# -- Material: the interface languages it ships --------------------------------------------


def material_languages() -> set[str]:
    """The languages Material has interface text for (`partials/languages/<code>.html`):
    a theme language it lacks fails every page, so `helpcentre new` offers only these."""
    folder = files("material") / "templates" / "partials" / "languages"
    return {
        entry.name.removesuffix(".html")
        for entry in folder.iterdir()
        if entry.name.endswith(".html")
    }


# Material writes `<html lang="…">` from its language partial, which names a country
# variant by its language alone (`pt` for `pt-BR`): Portugal's and Brazil's pages would
# share one Pagefind index (it reads that attribute), and parallel builds refuse two.
_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def set_page_language(html: str, lang: str) -> str:
    """A page Material rendered, its `<html lang>` set to the site language's own code."""
    return _HTML_LANG.sub(f'<html lang="{lang}"', html, count=1)
