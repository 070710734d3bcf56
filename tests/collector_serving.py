"""What the tests of `python -m helpcentre.collector serve` as a process share: the site's
origin, a valid reaction, the production secret and a manifest of one article. A module
uses the fixtures by importing them (`*_fixture`; the tests name them `manifest`, …)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.collector_run import write_manifest

ORIGIN = "http://127.0.0.1:8000"
ARTICLE = "facturation/annulation.md"
VALID = {
    "article": ARTICLE,
    "lang": "fr",
    "reaction": "happy",
    "page": "/fr/facturation/annulation/",
    "build": "b1",
    "vote": "v" * 20,
}


@pytest.fixture(name="shared_secret", autouse=True)
def shared_secret_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """The secret every instance is given in production (PostgreSQL refuses to start
    without one); tests about its absence remove it."""
    monkeypatch.setenv("HELPCENTRE_COLLECTOR_SECRET", "test-secret-" + "s" * 32)


@pytest.fixture(name="manifest")
def manifest_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "feedback-manifest.json"
    write_manifest(path, {ARTICLE: ["fr", "en"]}, ORIGIN)
    return path
