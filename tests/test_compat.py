"""Each use of MkDocs', Material's and static-i18n's internals (helpcentre.mkdocs.compat)
checked against the installed versions: an upgrade that changes one fails here by name."""

from __future__ import annotations

import inspect
import logging
from importlib.metadata import version
from pathlib import Path

import jinja2
import material
import mkdocs.commands.build
import mkdocs.livereload
import mkdocs_static_i18n.plugin
import mkdocs_static_i18n.reconfigure
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from helpcentre.mkdocs import compat
from helpcentre.mkdocs.engine.driver import load_site_config

REPO = Path(__file__).resolve().parent.parent
MKDOCS = f"mkdocs {version('mkdocs')}"
MATERIAL = f"mkdocs-material {version('mkdocs-material')}"
I18N = f"mkdocs-static-i18n {version('mkdocs-static-i18n')}"


def source(thing: object) -> str:
    return inspect.getsource(thing)  # type: ignore[arg-type]


# -- MkDocs ---------------------------------------------------------------------------------


def test_mkdocs_loads_a_hooks_file_once_per_process_into_config_hooks():
    first, second = load_site_config(REPO), load_site_config(REPO, site_dir="elsewhere")
    modules = compat.hook_modules(first)
    assert [m.__file__ for m in modules] == [str(REPO / "hooks" / "entry.py")], MKDOCS
    assert modules == compat.hook_modules(second), f"{MKDOCS} loads hooks files again"


def test_mkdocs_still_logs_the_lines_a_preview_quietens():
    text = source(mkdocs.commands.build)
    for line in (compat.DIRTY_WARNING, compat.STALE_FILES):
        assert line in text, f"{MKDOCS} no longer logs {line!r}"


def test_a_theme_keeps_its_static_templates_in_a_set_the_build_reads():
    theme = Theme(name="material")
    found = compat.static_templates(theme)
    assert isinstance(found, set) and {"404.html", "sitemap.xml"} <= found, MATERIAL
    build = source(mkdocs.commands.build)
    assert "config.theme.static_templates" in build, f"{MKDOCS} renders static templates otherwise"


def test_mkdocs_makes_every_environment_with_the_themes_get_env():
    theme = Theme(name="material")
    assert type(theme.get_env().loader) is jinja2.FileSystemLoader, MKDOCS
    made: list[jinja2.Environment] = []

    def wrapper(make: compat.EnvironmentMaker) -> jinja2.Environment:
        made.append(make())
        return made[-1]

    compat.wrap_theme_env(theme, wrapper)
    compat.wrap_theme_env(theme, wrapper)  # once per theme object
    assert theme.get_env() is made[-1] and len(made) == 1
    # Both the pages' environment and the theme files' listing come from get_env.
    assert "config.theme.get_env()" in source(mkdocs.commands.build), MKDOCS
    assert "files.add_files_from_theme(env, config)" in source(mkdocs.commands.build), MKDOCS
    assert "env.list_templates(" in source(Files.add_files_from_theme), MKDOCS


def test_page_render_sets_what_a_cached_page_is_given_back():
    text = source(Page.render)
    for attribute in (
        "self.content",
        "self.toc",
        "self.present_anchor_ids",
        "self.links_to_anchors",
    ):
        assert attribute in text, f"{MKDOCS}: Page.render no longer sets {attribute}"
    page = Page(None, File("a.md", "docs", "site", True), MkDocsConfig())
    assert compat.render_record(page) == (None, None), MKDOCS
    toc = [{"level": 2, "id": "x", "name": "X", "children": []}]
    compat.restore_render(page, "## X", toc, {"x"}, {})
    assert page.markdown == "## X" and [item.id for item in page.toc] == ["x"]
    assert compat.render_record(page) == ({"x"}, {})


def test_the_live_reload_server_calls_its_builder_and_watches_through_its_observer(tmp_path):
    server = mkdocs.livereload.LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path)
    )
    for attribute in ("builder", "observer", "build_delay"):
        assert hasattr(server, attribute), f"{MKDOCS}: LiveReloadServer has no {attribute}"
    assert not server.observer.is_alive(), f"{MKDOCS} starts its observer before on_serve"
    rebuilds: list[object] = []
    compat.route_rebuilds(server, rebuilds.append)
    server.builder()
    assert len(rebuilds) == 1, MKDOCS
    text = source(mkdocs.livereload.LiveReloadServer)
    assert "self.builder()" in text and "self.build_delay" in text, MKDOCS
    assert "self.observer.schedule(" in text and "self.observer.unschedule(" in text, MKDOCS
    server.watch(str(tmp_path))
    compat.poll_every(server, [str(tmp_path), str(tmp_path / "not-watched")], 0.2, 0.02)
    assert server.observer.timeout == 0.2 and server.build_delay == 0.02
    assert {e.watch.path for e in server.observer.emitters} == {str(tmp_path)}, MKDOCS


def test_static_i18n_swaps_clean_directory_in_its_nested_builds():
    text = source(mkdocs_static_i18n.plugin.I18n.on_post_build)
    assert "utils.clean_directory = lambda" in text, (
        f"{I18N} no longer swaps mkdocs.utils.clean_directory: compat.empty_folder may use it"
    )


# -- Material -------------------------------------------------------------------------------


def test_materials_bundle_fetches_a_sitemap_for_exactly_rel_alternate():
    scripts = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    bundle = "".join(path.read_text("utf-8") for path in scripts.glob("bundle.*.min.js"))
    assert "link[rel=alternate]" in bundle, f"{MATERIAL} no longer selects link[rel=alternate]"
    assert compat.HREFLANG_REL.split() == ["alternate"] and compat.HREFLANG_REL != "alternate"


def test_materials_language_menu_reads_config_extra_alternate_which_static_i18n_sets():
    templates = Path(material.__file__).parent / "templates"
    header = (templates / "partials" / "header.html").read_text("utf-8")
    assert "config.extra.alternate" in header, MATERIAL
    assert "config.extra.alternate = " in source(mkdocs_static_i18n.reconfigure), I18N
    config = MkDocsConfig()
    config.load_dict({"site_name": "x"})
    config.validate()
    compat.set_language_switcher(config, [{"lang": "fr"}])
    assert config.extra["alternate"] == config.extra.alternate == [{"lang": "fr"}]


# -- mkdocs-static-i18n ---------------------------------------------------------------------


def test_static_i18n_still_logs_what_the_build_filters():
    plugin = source(mkdocs_static_i18n.plugin)
    assert "Could not find a homepage for locale '{self.current_language}'" in plugin, I18N
    assert compat.i18n_missing_home("Could not find a homepage for locale 'en'", "en")
    assert "documentation to directory: " in plugin, I18N
    assert "f\"Overriding '{self.current_language}'" in source(mkdocs_static_i18n.reconfigure), I18N
    logger = logging.getLogger(mkdocs_static_i18n.plugin.log.name)  # type: ignore[attr-defined]
    assert logger.name.startswith(compat.I18N_LOGGER + "."), I18N


def test_static_i18n_languages_and_the_language_being_built():
    config = load_site_config(REPO)
    assert compat.i18n_languages(config) == [("fr", True), ("en", False)], I18N
    assert 'config.theme["language"] = locale' in source(mkdocs_static_i18n.reconfigure), I18N
    assert compat.theme_language(config) == "fr"


def test_material_still_ships_its_interface_languages_as_partials():
    from helpcentre.mkdocs.compat import material_languages

    found = material_languages()
    assert {"fr", "en", "de", "ar", "he", "pt"} <= found, f"{MATERIAL}: languages moved ({found})"


def test_material_names_a_country_variant_by_its_language_in_html_lang():
    """compat.set_page_language gives a pt-BR page its own code back (Pagefind reads it)."""
    base = (Path(material.__file__).parent / "templates" / "base.html").read_text("utf-8")
    assert "<html lang=\"{{ lang.t('language') }}\"" in base, f"{MATERIAL}: <html lang> moved"
    partial = Path(material.__file__).parent / "templates" / "partials" / "languages"
    assert '"language": "pt"' in (partial / "pt-BR.html").read_text("utf-8")
    page = '<!doctype html>\n<html lang="pt" class="no-js">'
    assert (
        compat.set_page_language(page, "pt-BR")
        == '<!doctype html>\n<html lang="pt-BR" class="no-js">'
    )
