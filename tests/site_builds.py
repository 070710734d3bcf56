"""Build the real help centre (the content in docs/) once into a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO


def build_real_site(site_dir: Path) -> Path:
    """The real site, built in strict mode on the tests' fixed date, into `site_dir`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        patch.chdir(REPO)
        config = load_config(
            config_file=str(REPO / "mkdocs.yml"), strict=True, site_dir=str(site_dir)
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    assert os.path.isfile(site_dir / "index.html")
    return site_dir
