"""Several broken files in several languages: every build and `helpcentre check` say every
problem at once, one line each, sorted, and never a consequence in place of its cause."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import MINIMAL_DOCS, build_failure, write_project
from test_parallel_build import cli_build

from helpcentre.checks.__main__ import main

UNKNOWN_KEY = (
    "docs/fr/facturation/annulation.md:8:19: unknown policy key 'cancellation.notice_perod' "
    "(did you mean 'cancellation.notice_period'?)"
)
SCRIPT = (
    "docs/fr/facturation/remboursement.md:8:7: <script> in an article (scripts belong in "
    "overrides/assets, not in Markdown)"
)
MISSING_IMAGE = (
    "docs/en/facturation/remboursement.md:11:1: image 'carte.png' not found (put the file at "
    "docs/fr/facturation/carte.png, beside the article: every language uses it)"
)
PENDING = "---\ntitle: Cancelling\ndescription: How to cancel.\ntranslation: pending\n---\n"


def run(root: Path, *args: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["--root", str(root), *args], out=out)
    return code, out.getvalue().splitlines()


def broken_site(tmp_path: Path) -> Path:
    """Two broken French articles and one broken English one, each broken differently;
    the English version of the first is pending (it shows the French text)."""
    docs = dict(MINIMAL_DOCS)
    fr = docs["fr/facturation/annulation.md"]
    docs["fr/facturation/annulation.md"] = fr.replace("notice_period }}", "notice_perod }}")
    docs["en/facturation/annulation.md"] = PENDING
    docs["fr/facturation/remboursement.md"] = (
        "---\ntitle: Rembourser\ndescription: Se faire rembourser.\n---\n\n"
        "## Délai\n\nTexte <script>alert(1)</script>.\n"
    )
    docs["en/facturation/remboursement.md"] = (
        "---\ntitle: Refunds\ndescription: Getting a refund.\n---\n\n"
        "## Delay\n\nText.\n\n![A map](carte.png)\n"
    )
    root = write_project(tmp_path / "project", docs)
    english = [str(root / "docs" / "en" / rel) for rel in ("index.md", "facturation/index.md")]
    english.append(str(root / "docs" / "en" / "facturation" / "remboursement.md"))
    assert run(root, "translation-done", *english)[0] == 0
    return root


def test_one_process_build_says_every_problem(tmp_path):
    assert build_failure(broken_site(tmp_path)) == [MISSING_IMAGE, UNKNOWN_KEY, SCRIPT]


def test_parallel_build_says_every_problem_once_sorted(tmp_path):
    root = broken_site(tmp_path)
    result = cli_build(root, root / "site", "--quiet")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"ERROR   -  {line}" for line in (MISSING_IMAGE, UNKNOWN_KEY, SCRIPT)
    ] + ["ERROR   -  Aborted with a BuildError!"]
    assert not (root / "site").exists()  # nothing of a failed build passes for the site


def test_check_says_every_problem_with_its_code(tmp_path):
    assert run(broken_site(tmp_path), "check") == (
        1,
        [
            f"{MISSING_IMAGE.replace(': image', ': HC101 image', 1)}",
            f"{UNKNOWN_KEY.replace(': unknown', ': HC101 unknown', 1)}",
            f"{SCRIPT.replace(': <script>', ': HC703 <script>', 1)}",
            "checks: 3 errors, 0 warnings",
        ],
    )


def test_a_pending_pages_link_is_said_where_it_is_written(tmp_path):
    """A pending translation shows its source's text: a broken anchor in it is the
    source's line, not a line 1 of the stub."""
    root = broken_site(tmp_path)
    for rel in ("fr/facturation/remboursement.md", "en/facturation/remboursement.md"):
        (root / "docs" / rel).unlink()
    article = root / "docs" / "fr" / "facturation" / "annulation.md"
    text = article.read_text(encoding="utf-8").replace("notice_perod", "notice_period")
    article.write_text(text.replace("## Frais", "Voir [là](#nulle-part).\n\n## Frais"))
    assert run(root, "check") == (
        1,
        [
            "docs/fr/facturation/annulation.md:10:11: HC201 A link '#nulle-part', but there is "
            "no such anchor on this page.",
            "checks: 1 error, 0 warnings",
        ],
    )
