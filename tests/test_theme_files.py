"""The theme's files are listed without its hidden folders, and the site is the same."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, build_project, write_project
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from helpcentre.mkdocs.engine.theme_files import VisibleTemplates, list_visible_templates


def project_with_own_overrides(root: Path) -> Path:
    """A project whose theme folder is a copy, with a hidden folder and a new asset."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "overrides" / ".drafts").mkdir()
    (root / "overrides" / ".drafts" / "draft.css").write_text("p { color: red; }\n")
    (root / "overrides" / "assets" / ".hidden.css").write_text("p { color: blue; }\n")
    (root / "overrides" / "assets" / "extra.css").write_text("p { color: green; }\n")
    return write_project(root)


def theme_files(config_file: Path, visible_only: bool) -> set[str]:
    """What MkDocs itself adds to the site from the theme, with either listing."""
    config = load_config(str(config_file))
    if visible_only:
        list_visible_templates(config.theme)
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return {file.src_uri for file in files}


def test_the_theme_files_mkdocs_copies_are_the_same_with_either_listing(tmp_path):
    root = project_with_own_overrides(tmp_path / "p")
    everything = theme_files(root / "mkdocs.yml", visible_only=False)
    visible = theme_files(root / "mkdocs.yml", visible_only=True)
    assert visible == everything
    assert "assets/extra.css" in visible
    assert not any(name.startswith(".") or "/." in name for name in visible)


def test_the_listing_skips_hidden_folders_but_their_templates_still_load(tmp_path):
    root = project_with_own_overrides(tmp_path / "p")
    config = load_config(str(root / "mkdocs.yml"))
    list_visible_templates(config.theme)
    list_visible_templates(config.theme)  # static-i18n's nested builds: wrapped once
    env = config.theme.get_env()
    assert isinstance(env.loader, VisibleTemplates)
    listed = env.list_templates()
    assert "main.html" in listed
    assert not any(name.startswith(".") or "/." in name for name in listed)
    # Material draws its icons by including them from `.icons`.
    icon = env.get_template(".icons/material/map-marker-radius.svg").render()
    assert icon.startswith("<svg")


def test_a_built_site_has_the_visible_assets_only_and_material_icons(tmp_path):
    root = project_with_own_overrides(tmp_path / "p")
    site = build_project(root)
    assert (site.site_dir / "assets" / "extra.css").is_file()
    assert not (site.site_dir / "assets" / ".hidden.css").exists()
    assert not (site.site_dir / ".drafts").exists()
    logo = site.html("").select_one(".md-header__button.md-logo svg")
    assert logo is not None and logo.select_one("path") is not None
