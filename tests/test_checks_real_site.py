"""The real site passes `make check`; breaking it in each of the ten ways gives one line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, build_project

from helpcentre.checks.__main__ import main

CANCEL = "facturation/modifier-ou-annuler-un-plan.md"


def run(root: Path, *args: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["--root", str(root), *args], out=out)
    return code, out.getvalue().splitlines()


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """docs/, data/, locales/ and mkdocs.yml copied; hooks and overrides linked (as
    conftest does)."""
    root = tmp_path / "project"
    for copied in ("docs", "data", "locales"):
        shutil.copytree(REPO / copied, root / copied)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("hooks", "overrides"):
        (root / shared).symlink_to(REPO / shared, target_is_directory=True)
    return root


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def test_make_check_command_passes_on_the_real_site():
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.checks", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout) == (0, "checks: 0 errors, 0 warnings\n")


def test_1_build_error(real_copy):
    article = real_copy / "docs/en" / CANCEL
    replace(article, "cancellation.notice_period", "cancellation.notice_perod")
    line, col = line_of(article, "{{ policy.cancellation.notice_perod")
    code, lines = run(real_copy, "check")
    assert code == 1
    assert (
        f"docs/en/{CANCEL}:{line}:{col}: HC101 unknown policy key 'cancellation.notice_perod' "
        "(did you mean 'cancellation.notice_period'?)"
    ) in lines


def test_2_broken_anchor(real_copy):
    article = real_copy / "docs/fr" / CANCEL
    replace(article, "(renouvellement-automatique.md)", "(renouvellement-automatique.md#absente)")
    line, col = line_of(article, "renouvellement-automatique.md#absente")
    english = [str(p) for p in (real_copy / "docs/en").rglob("*.md")]
    assert run(real_copy, "translation-done", *english)[0] == 0
    assert run(real_copy, "check")[1][:1] == [
        f"docs/fr/{CANCEL}:{line}:{col}: HC201 A link 'renouvellement-automatique.md#absente', "
        "but the doc 'fr/facturation/renouvellement-automatique.md' does not contain an anchor "
        "'#absente'."
    ]


def test_3_link_leaks_to_french(real_copy):
    article = real_copy / "docs/en" / CANCEL
    replace(
        article,
        "(renouvellement-automatique.md)",
        "(../../fr/facturation/renouvellement-automatique.md)",
    )
    line, col = line_of(article, "../../fr/")
    code, lines = run(real_copy, "check")
    assert code == 1
    assert (
        f"docs/en/{CANCEL}:{line}:{col}: HC301 link "
        "'../../fr/facturation/renouvellement-automatique.md' leads to the 'fr' site from a "
        "'en' page (link to the page in docs/en/ instead)"
    ) in lines


def test_4_missing_translation(real_copy):
    (real_copy / "docs/en" / CANCEL).unlink()
    code, lines = run(real_copy, "check")
    assert code == 0  # the English site serves the French article meanwhile
    assert (
        f"docs/fr/{CANCEL}:1:1: HC401 no English version yet: readers see the French text "
        f"meanwhile; translate it as docs/en/{CANCEL}"
    ) in lines


def test_5_stale_translation(real_copy):
    replace(real_copy / "docs/fr" / CANCEL, "En règle générale, non", "Non, en règle générale")
    line, col = line_of(real_copy / "docs/en" / CANCEL, "source_hash:")
    assert run(real_copy, "check") == (
        0,
        [
            f"docs/en/{CANCEL}:{line}:{col}: HC501 translation is older than docs/fr/{CANCEL} "
            f"(update the text, then run make translation-done FILE=docs/en/{CANCEL})",
            "checks: 0 errors, 1 warning",
        ],
    )


def test_6_fact_parity_sections(real_copy):
    article = real_copy / "docs/en" / CANCEL
    text = article.read_text(encoding="utf-8")
    last = text.rindex("\n## ")
    article.write_text(text[:last] + "\n**" + text[last + 4 :].replace("\n", "**\n", 1), "utf-8")
    code, lines = run(real_copy, "check")
    assert code == 1
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in lines[:-1]] == ["HC603"]


def test_7_script_in_article(real_copy):
    article = real_copy / "docs/fr" / CANCEL
    replace(article, "\n## ", "\n<script>alert('x')</script>\n\n## ")
    line, _ = line_of(article, "<script>")
    english = [str(p) for p in (real_copy / "docs/en").rglob("*.md")]
    assert run(real_copy, "translation-done", *english)[0] == 0
    code, lines = run(real_copy, "check")
    assert code == 1
    assert lines[0] == (
        f"docs/fr/{CANCEL}:{line}:1: HC703 <script> in an article (scripts belong in "
        "overrides/assets, not in Markdown)"
    )


def test_8_markdown_lint(real_copy):
    article = real_copy / "docs/fr" / CANCEL
    replace(article, "\n## ", "\n#### Trop profond\n\n## ")
    line, _ = line_of(article, "#### Trop profond")
    english = [str(p) for p in (real_copy / "docs/en").rglob("*.md")]
    run(real_copy, "translation-done", *english)
    code, lines = run(real_copy, "check")
    assert code == 1
    assert [x for x in lines if "HC801" in x] == [
        f"docs/fr/{CANCEL}:{line}:1: HC801 MD001 Heading levels should only increment by one "
        "level at a time. [Expected: h2; Actual: h4] (heading-increment,header-increment; rules: "
        "checks/pymarkdown.json)"
    ]


def test_9_policy_impact_lists_every_language(real_copy):
    code, lines = run(real_copy, "impact", "cancellation.notice_period")
    assert code == 0
    places = []
    for lang in ("fr", "en"):
        for article in sorted((real_copy / "docs" / lang).rglob("*.md")):
            for number, text in enumerate(article.read_text().split("\n"), start=1):
                if "{{ policy.cancellation.notice_period }}" in text:
                    col = text.index("{{ policy.cancellation.notice_period }}") + 1
                    rel = article.relative_to(real_copy).as_posix()
                    places.append(f"{rel}:{number}:{col}: cancellation.notice_period")
    assert {p.split("/")[1] for p in places} == {"fr", "en"}
    assert lines == [
        *places,
        f"cancellation.notice_period: used in {len(places)} place(s)",
        # The value in force on the tests' date, then each scheduled one (data file).
        "cancellation.notice_period: 30 days now; 60 days from 2027-03-01",
    ]
    assert run(real_copy, "impact", "cancellation.notice_perod")[0] == 1


def test_10_new_article_is_valid_with_pending_stub(real_copy):
    code, lines = run(
        real_copy, "new-article", "facturation/changer-de-banque", "--title", "Changer de banque"
    )
    assert (code, lines) == (
        0,
        [
            "created docs/fr/facturation/changer-de-banque.md",
            "created docs/en/facturation/changer-de-banque.md",
        ],
    )
    # What make new-article wrote is placeholder text: it cannot ship as it is.
    article = "docs/fr/facturation/changer-de-banque.md"
    placeholder = "HC101 placeholder text from make new-article is still here"
    assert run(real_copy, "check") == (
        1,
        [
            f"{article}:3:14: {placeholder} ('Une phrase qui dit ce que le lecteur trouvera "
            "ici.'): write the description",
            f"{article}:6:1: {placeholder} ('Une ou deux phrases d'introduction.'): write the "
            "article",
            f"{article}:8:4: {placeholder} ('Première question'): write the article",
            f"{article}:10:1: {placeholder} ('La réponse.'): write the article",
            "checks: 4 errors, 0 warnings",
        ],
    )
    for lang, description in (("fr", "Ce qui change."), ("en", "What changes.")):
        path = real_copy / "docs" / lang / "facturation" / "changer-de-banque.md"
        text = path.read_text(encoding="utf-8")
        text = text.replace("Une phrase qui dit ce que le lecteur trouvera ici.", description)
        text = text.replace("Une ou deux phrases d'introduction.", "Voici comment faire.")
        text = text.replace("Première question", "Le nouveau compte")
        path.write_text(text.replace("La réponse.", "Donnez-nous le nouveau RIB."), "utf-8")
    assert run(real_copy, "check") == (0, ["checks: 0 errors, 0 warnings"])
    site = build_project(real_copy)
    page = BeautifulSoup(
        (site.site_dir / "en/facturation/changer-de-banque/index.html").read_text(), "html.parser"
    )
    notice = page.select_one("[data-hc-translation=pending]")
    assert "This article is not yet available in English." in notice.get_text()
    assert notice.a["href"] == "../../../facturation/changer-de-banque/"
    assert page.select_one(".hc-body")["lang"] == "fr"
    assert "Voici comment faire." in page.select_one(".hc-body").get_text()
    assert run(real_copy, "new-article", "facturation/changer-de-banque")[0] == 1
