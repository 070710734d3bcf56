"""`helpcentre check` keeps every published URL: one that no longer resolves is a located
line naming the alias to add, and the article's new file when git saw the move."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_checks_defects import run, tiny_site

SITE_URL = "https://help.ramtracking.example/"
OLD = "facturation/annulation.md"
NEW = "facturation/resilier-un-contrat.md"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=e@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def published_site(tmp_path: Path) -> Path:
    """A clean site in a git checkout, whose URLs are all recorded as published."""
    root = tiny_site(tmp_path)
    urls = ["", "en/", "facturation/", "en/facturation/"]
    urls += ["facturation/annulation/", "en/facturation/annulation/"]
    lines = ["# published", *[SITE_URL + url for url in urls]]
    (root / "published-urls.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "published")
    return root


def moved_line(number: int, url: str, where: str) -> str:
    return (
        f"published-urls.txt:{number}:1: HC203 {SITE_URL}{url} no longer resolves: the article "
        f"moved? add 'aliases: [{OLD}]' to {where} front matter"
    )


def test_a_site_that_keeps_its_urls_passes(tmp_path):
    assert run(published_site(tmp_path), "check") == (0, ["checks: 0 errors, 0 warnings"])


def test_a_renamed_article_names_its_new_file(tmp_path):
    root = published_site(tmp_path)
    for lang in ("fr", "en"):
        git(root, "mv", f"docs/{lang}/{OLD}", f"docs/{lang}/{NEW}")
    git(root, "commit", "-qm", "renamed")
    assert run(root, "check") == (
        1,
        [
            moved_line(6, "facturation/annulation/", f"docs/fr/{NEW}'s"),
            moved_line(7, "en/facturation/annulation/", f"docs/en/{NEW}'s"),
            "checks: 2 errors, 0 warnings",
        ],
    )
    new = root / "docs" / "fr" / NEW
    new.write_text(new.read_text("utf-8").replace("---\n", f"---\naliases: [{OLD}]\n", 1))
    assert run(root, "check") == (0, ["checks: 0 errors, 0 warnings"])


def test_a_move_git_has_not_seen_says_what_to_do(tmp_path):
    root = published_site(tmp_path)
    for lang in ("fr", "en"):
        (root / "docs" / lang / OLD).rename(root / "docs" / lang / NEW)
    code, lines = run(root, "check")
    assert (code, lines) == (
        1,
        [
            moved_line(6, "facturation/annulation/", "its new file's"),
            moved_line(7, "en/facturation/annulation/", "its new file's"),
            "checks: 2 errors, 0 warnings",
        ],
    )


def test_a_failed_build_is_not_checked_against_the_list(tmp_path):
    """The cause, not its consequence: a site that did not build lacks pages."""
    root = published_site(tmp_path)
    article = root / "docs" / "fr" / OLD
    text = article.read_text("utf-8")
    article.write_text(text.replace("notice_period }}", "notice_perod }}"), encoding="utf-8")
    code, lines = run(root, "check")
    assert code == 1
    assert not [line for line in lines if "HC203" in line]


def test_a_new_site_has_no_list_and_passes(tmp_path):
    site = tmp_path / "new"
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre", "new", str(site)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert not (site / "published-urls.txt").exists()
    assert run(site, "check") == (0, ["checks: 0 errors, 0 warnings"])


def test_the_repository_lists_its_urls():
    assert (REPO / "published-urls.txt").is_file()
