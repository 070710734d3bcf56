"""A site made by `helpcentre new` gets the browser editor: the same npm packages as
helpcentre's own, installed by its Makefile, and published only when its variable says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build_failure, build_project

from helpcentre.starter import FILES, create_site

EDITOR_PACKAGES = ("decap-cms", "yaml")


def lock_entries(path: Path) -> dict[str, tuple[str, str]]:
    """Every package of a package-lock.json: its version and integrity hash."""
    packages = json.loads(path.read_text(encoding="utf-8"))["packages"]
    return {
        name: (entry["version"], entry["integrity"])
        for name, entry in packages.items()
        if name.startswith("node_modules/")
    }


def test_a_new_sites_lock_pins_the_editor_exactly_as_helpcentres_own():
    ours, starters = (
        lock_entries(REPO / "package-lock.json"),
        lock_entries(FILES / "package-lock.json"),
    )
    for package in EDITOR_PACKAGES:
        assert starters[f"node_modules/{package}"] == ours[f"node_modules/{package}"], package
    # Nothing else drifts either: every package of the new site's lock is one of ours.
    drifted = sorted(name for name, pinned in starters.items() if ours.get(name) != pinned)
    assert not drifted
    assert "node_modules/axe-core" not in starters  # a tool of helpcentre's tests only


def test_a_new_sites_package_json_asks_for_the_editors_packages_only():
    ours = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    wanted = json.loads((FILES / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert wanted == {package: ours[package] for package in EDITOR_PACKAGES}
    root = json.loads((FILES / "package-lock.json").read_text(encoding="utf-8"))["packages"][""]
    assert root["devDependencies"] == wanted  # else `npm ci` refuses the lock


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    site = tmp_path / "acme"
    create_site(site, ["fr", "en"], "Acme", "https://help.example.com/")
    return site


def test_a_new_site_ignores_node_modules_and_installs_them_before_serving(new_site):
    assert "node_modules/" in (new_site / ".gitignore").read_text().splitlines()
    makefile = (new_site / "Makefile").read_text()
    assert "serve: $(STAMP) editor " in makefile
    assert "$(NODE_STAMP): package.json package-lock.json\n" in makefile
    assert "\tnpm ci --no-audit --no-fund --ignore-scripts\n" in makefile
    publish = yaml.safe_load((new_site / ".github" / "workflows" / "publish.yml").read_text())
    steps = publish["jobs"]["build"]["steps"]
    install = next(step for step in steps if step.get("run") == "make editor")
    assert install["if"] == "vars.HELPCENTRE_PUBLISH_EDITOR == 'true'"
    build = next(step for step in steps if step.get("run") == "make build")
    assert build["env"]["HELPCENTRE_PUBLISH_EDITOR"] == "${{ vars.HELPCENTRE_PUBLISH_EDITOR }}"
    assert steps.index(install) < steps.index(build)


def test_a_new_site_publishes_no_editor_when_its_variable_is_empty(new_site, monkeypatch):
    monkeypatch.setenv("HELPCENTRE_PUBLISH_EDITOR", "")  # an unset repository variable
    assert not (build_project(new_site).site_dir / "admin").exists()


def test_a_new_site_publishing_the_editor_before_npm_ci_is_told_the_command(new_site, monkeypatch):
    monkeypatch.setenv("HELPCENTRE_PUBLISH_EDITOR", "true")
    monkeypatch.setenv("HELPCENTRE_EDITOR_REPO", "acme/help")
    [line] = build_failure(new_site)
    assert line.startswith("mkdocs.yml:")
    assert line.endswith(
        "the editor is not installed in node_modules/ (run: npm ci --ignore-scripts)"
    )
    # Once installed, the same switch publishes the editor, writing to the repository.
    if not (REPO / "node_modules" / "decap-cms" / "dist").is_dir():
        pytest.fail("node_modules/decap-cms missing: run `make test` (npm ci installs it)")
    (new_site / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    admin = build_project(new_site).site_dir / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "acme/help"
    assert [c["folder"] for c in config["collections"]] == [
        "docs/fr/premiers-pas",
        "docs/en/premiers-pas",
    ]


def test_a_published_editor_with_a_broken_teams_file_fails_the_build_on_its_line(
    new_site, monkeypatch
):
    # The owner picker lists the teams: a broken file fails the build, one located line.
    monkeypatch.setenv("HELPCENTRE_PUBLISH_EDITOR", "true")
    monkeypatch.setenv("HELPCENTRE_EDITOR_REPO", "acme/help")
    (new_site / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    (new_site / "data" / "teams.yml").write_text(
        'support:\n  name: {fr: "Support", en: "Support"}\n  email: nope\n', encoding="utf-8"
    )
    assert build_failure(new_site) == [
        "data/teams.yml:3:3: team 'support': email is not an address "
        "(write e.g. billing@example.com)"
    ]
