"""Build the real help centre (the content in docs/) once into a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO

from helpcentre.mkdocs.engine.driver import build_site


def build_real_site(site_dir: Path) -> Path:
    """The real site, built in strict mode on the tests' fixed date, into `site_dir`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        outcome = build_site(REPO, site_dir)
    assert outcome.ok, [p.text() for p in outcome.problems] or outcome.messages()
    assert os.path.isfile(site_dir / "index.html")
    return site_dir
