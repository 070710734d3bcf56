"""`python -m helpcentre.checks`: a tiny site per defect gives exactly one line with its code."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_DOCS, REPO, SHIPPED_LOCALES, write_project

from helpcentre import interface
from helpcentre.checks.__main__ import main
from helpcentre.content.front_matter import ArticleMeta
from helpcentre.interface import load_interface_text
from helpcentre.languages import Languages

ARTICLE_FR = "fr/facturation/annulation.md"
ARTICLE_EN = "en/facturation/annulation.md"
NEW_FR = "---\ntitle: Nouveau\ndescription: Un article sans traduction.\n---\n\nBientôt.\n"


def run(root: Path, *args: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["--root", str(root), *args], out=out)
    return code, out.getvalue().splitlines()


def tiny_site(tmp_path: Path, **changes: str | None) -> Path:
    """The conftest site with its translations marked done, then `changes` applied
    (path -> new text, or None to delete), so each test holds exactly one defect."""
    root = write_project(tmp_path / "project", dict(MINIMAL_DOCS))
    english = [str(p) for p in sorted((root / "docs" / "en").rglob("*.md"))]
    assert run(root, "translation-done", *english)[0] == 0
    for rel, text in changes.items():
        path = root / "docs" / rel
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
    return root


def edited(tmp_path: Path, rel: str, old: str, new: str, *, both: bool = False) -> Path:
    """A clean tiny site with one replacement in one file (or in both language versions
    with `both`); the translations are marked done again so only the defect remains."""
    root = tiny_site(tmp_path)
    rels = [rel, rel.replace("fr/", "en/", 1)] if both else [rel]
    for each in rels:
        path = root / "docs" / each
        text = path.read_text(encoding="utf-8")
        assert old in text, each
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    english = [str(p) for p in sorted((root / "docs" / "en").rglob("*.md"))]
    assert run(root, "translation-done", *english)[0] == 0
    return root


def test_clean_site_prints_only_the_summary(tmp_path):
    assert run(tiny_site(tmp_path), "check") == (0, ["checks: 0 errors, 0 warnings"])


def test_command_prints_the_report_and_nothing_else(tmp_path):
    """MkDocs' log and PyMarkdown's root handler stay off the console: one line each."""
    root = edited(
        tmp_path, ARTICLE_FR, "policy.fees.default_fee", "policy.fees.defaut_fee", both=True
    )
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.checks", "--root", str(root), "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "docs/en/facturation/annulation.md:13:10: HC101 unknown policy key 'fees.defaut_fee' "
        "(did you mean 'fees.default_fee'?)",
        "docs/fr/facturation/annulation.md:12:14: HC101 unknown policy key 'fees.defaut_fee' "
        "(did you mean 'fees.default_fee'?)",
        "checks: 2 errors, 0 warnings",
    ]


def test_build_error_is_reported_with_its_place(tmp_path):
    root = edited(
        tmp_path, ARTICLE_FR, "policy.fees.default_fee", "policy.fees.defaut_fee", both=True
    )
    code, lines = run(root, "check")
    assert code == 1
    # Both language versions quote the misspelt key: both are said, in one build.
    assert lines == [
        "docs/en/facturation/annulation.md:13:10: HC101 unknown policy key 'fees.defaut_fee' "
        "(did you mean 'fees.default_fee'?)",
        "docs/fr/facturation/annulation.md:12:14: HC101 unknown policy key 'fees.defaut_fee' "
        "(did you mean 'fees.default_fee'?)",
        "checks: 2 errors, 0 warnings",
    ]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "[voir](absent.md)",
            [
                "docs/en/facturation/annulation.md:11:8: HC201 A link 'absent.md', but the "
                "target 'en/facturation/absent.md' is not found among documentation files.",
                "docs/fr/facturation/annulation.md:10:8: HC201 A link 'absent.md', but the "
                "target 'fr/facturation/absent.md' is not found among documentation files.",
            ],
        ),
        (
            "[voir](#nulle-part)",
            [
                "docs/en/facturation/annulation.md:11:8: HC201 A link '#nulle-part', but there "
                "is no such anchor on this page.",
                "docs/fr/facturation/annulation.md:10:8: HC201 A link '#nulle-part', but there "
                "is no such anchor on this page.",
            ],
        ),
        (
            '<a href="../nulle-part/">voir</a>',
            [
                "docs/en/facturation/annulation.md:11:13: HC201 broken link "
                "'en/facturation/nulle-part' in the built page "
                "en/facturation/annulation/index.html: File not found. Check if file exists "
                "and path is correct",
                "docs/fr/facturation/annulation.md:10:13: HC201 broken link "
                "'facturation/nulle-part' in the built page facturation/annulation/index.html: "
                "File not found. Check if file exists and path is correct",
            ],
        ),
    ],
    ids=["markdown-page", "markdown-anchor", "html-link"],
)
def test_broken_internal_link_in_each_language(tmp_path, new, expected):
    root = edited(tmp_path, ARTICLE_FR, "## F", f"{new}\n\n## F", both=True)
    assert run(root, "check") == (1, [*expected, "checks: 2 errors, 0 warnings"])


def test_link_to_the_other_language(tmp_path):
    root = edited(
        tmp_path, ARTICLE_EN, "A fee", "See [the French page](../../fr/facturation/index.md). A fee"
    )
    code, lines = run(root, "check")
    assert code == 1
    assert lines == [
        "docs/en/facturation/annulation.md:13:23: HC301 link '../../fr/facturation/index.md' "
        "leads to the 'fr' site from a 'en' page (link to the page in docs/en/ instead)",
        "checks: 1 error, 0 warnings",
    ]


def test_missing_translation(tmp_path):
    root = tiny_site(tmp_path, **{"fr/facturation/nouveau.md": NEW_FR})
    assert run(root, "check") == (
        1,
        [
            "docs/fr/facturation/nouveau.md:1:1: HC401 no English version: create "
            "docs/en/facturation/nouveau.md (or a stub with 'translation: pending'; see "
            "make new-article)",
            "checks: 1 error, 0 warnings",
        ],
    )


def test_translation_without_source(tmp_path):
    root = tiny_site(tmp_path)
    (root / "docs" / "en" / "facturation" / "seule.md").write_text(
        "---\ntitle: Alone\ndescription: No French.\n---\n\nText.\n", encoding="utf-8"
    )
    assert run(root, "check") == (
        1,
        [
            "docs/en/facturation/seule.md:1:1: HC402 no French source "
            "docs/fr/facturation/seule.md (move this file to the source's path, or delete it)",
            "checks: 1 error, 0 warnings",
        ],
    )


def test_pending_translation_passes(tmp_path):
    root = tiny_site(
        tmp_path,
        **{ARTICLE_EN: "---\ntitle: Cancelling\ndescription: Soon.\ntranslation: pending\n---\n"},
    )
    assert run(root, "check") == (0, ["checks: 0 errors, 0 warnings"])


def test_stale_translation_is_a_warning(tmp_path):
    root = tiny_site(tmp_path)
    source = root / "docs" / ARTICLE_FR
    source.write_text(
        source.read_text().replace("peuvent s'appliquer", "s'appliquent parfois"), "utf-8"
    )
    assert run(root, "check") == (
        0,
        [
            "docs/en/facturation/annulation.md:4:1: HC501 translation is older than "
            "docs/fr/facturation/annulation.md (update the text, then run make "
            "translation-done FILE=docs/en/facturation/annulation.md)",
            "checks: 0 errors, 1 warning",
        ],
    )


def test_translation_without_source_hash(tmp_path):
    root = tiny_site(tmp_path)
    index = root / "docs" / "en" / "facturation" / "index.md"
    lines = index.read_text().split("\n")
    index.write_text("\n".join(x for x in lines if not x.startswith("source_hash:")), "utf-8")
    assert run(root, "check") == (
        1,
        [
            "docs/en/facturation/index.md:1:1: HC502 no source_hash: say which version of "
            "docs/fr/facturation/index.md this translates (once it is up to date, run make "
            "translation-done FILE=docs/en/facturation/index.md)",
            "checks: 1 error, 0 warnings",
        ],
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "may apply.",
            "may apply; ask {{ policy.contacts.support.email }}.",
            "docs/en/facturation/annulation.md:13:55: HC601 policy key 'contacts.support.email' "
            "is not used in docs/fr/facturation/annulation.md (both versions must quote the same "
            "values)",
        ),
        (
            "A fee of",
            "See [billing](index.md). A fee of",
            "docs/en/facturation/annulation.md:13:15: HC602 links to 'facturation/index.md', "
            "which docs/fr/facturation/annulation.md does not (both versions must link to the "
            "same pages)",
        ),
        (
            "## Fees\n",
            "Fees:\n",
            "docs/en/facturation/annulation.md:7:1: HC603 1 H2 sections here but 2 in "
            "docs/fr/facturation/annulation.md (translate the same sections)",
        ),
    ],
    ids=["policy-keys", "links", "sections"],
)
def test_fact_parity(tmp_path, old, new, expected):
    root = edited(tmp_path, ARTICLE_EN, old, new)
    assert run(root, "check") == (1, [expected, "checks: 1 error, 0 warnings"])


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "---\ntitle: Annuler\ndescription: Comment annuler.\nauthor: moi\n---\n",
            "docs/fr/facturation/annulation.md:4:1: HC701 unknown front matter key 'author' "
            f"(allowed: {', '.join(ArticleMeta.model_fields)})",
        ),
        (
            "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n",
            None,
        ),
    ],
    ids=["unknown-key", "valid"],
)
def test_front_matter_schema(tmp_path, new, expected):
    root = edited(
        tmp_path, ARTICLE_FR, "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n", new
    )
    code, lines = run(root, "check")
    if expected is None:
        assert (code, lines) == (0, ["checks: 0 errors, 0 warnings"])
    else:
        assert (code, lines) == (1, [expected, "checks: 1 error, 0 warnings"])


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "![](../assets/favicon.svg)",
            "docs/fr/facturation/annulation.md:12:5: HC702 image '../assets/favicon.svg' has no "
            "alt text (describe it: ![what it shows](../assets/favicon.svg))",
        ),
        (
            "<script>alert(1)</script>",
            "docs/fr/facturation/annulation.md:12:1: HC703 <script> in an article (scripts "
            "belong in overrides/assets, not in Markdown)",
        ),
        (
            '<span onclick="steal()">ici</span>',
            "docs/fr/facturation/annulation.md:12:1: HC703 inline event handler 'onclick' "
            "(remove it: articles run no scripts)",
        ),
        (
            "[ici](javascript:steal())",
            "docs/fr/facturation/annulation.md:12:7: HC703 'javascript:' link (link to a page "
            "or an https:// address)",
        ),
    ],
    ids=["image-alt", "script", "event-handler", "javascript-url"],
)
def test_images_and_unsafe_html(tmp_path, new, expected):
    root = edited(tmp_path, ARTICLE_FR, "Des frais", f"{new}\n\nDes frais")
    code, lines = run(root, "check")
    assert code == 1
    assert lines[0] == expected


def test_markdown_lint(tmp_path):
    root = edited(tmp_path, ARTICLE_FR, "s'appliquer.\n", "s'appliquer.\n\n\nFin.\n")
    assert run(root, "check") == (
        1,
        [
            "docs/fr/facturation/annulation.md:14:1: HC801 MD012 Multiple consecutive blank "
            "lines [Expected: 1, Actual: 2] (no-multiple-blanks; rules: checks/pymarkdown.json)",
            "checks: 1 error, 0 warnings",
        ],
    )


def test_github_annotations(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = tiny_site(tmp_path, **{"fr/facturation/nouveau.md": NEW_FR})
    code, lines = run(root, "check")
    assert code == 1
    assert lines[1] == (
        "::error file=docs/fr/facturation/nouveau.md,line=1,col=1,title=HC401::no English "
        "version: create docs/en/facturation/nouveau.md (or a stub with 'translation: "
        "pending'; see make new-article)"
    )


# A third language, German, for the checks of languages still being translated.
GERMAN = "        - locale: de\n          name: Deutsch\n          build: true\n"
QUESTION = 'msgid "feedback.question"\nmsgstr "Did this answer your question?"\n\n'
SUPPORT_NAME = "en: the Support team}"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def german_site(tmp_path: Path, *, in_progress: bool) -> Path:
    """The clean tiny site with German added: its pages, catalogue and data-file texts
    complete (copied from English), and the language marked in progress or not."""
    root = tiny_site(tmp_path)
    config = root / "mkdocs.yml"
    replace_in(config, "      languages:\n", "      languages:\n" + GERMAN)
    replace_in(config, "      en: en_GB\n", "      en: en_GB\n      de: de_DE\n")
    if in_progress:
        replace_in(config, "languages_in_progress: []", "languages_in_progress: [de]")
    replace_in(root / "data" / "policies.yml", SUPPORT_NAME, SUPPORT_NAME[:-1] + ", de: Support}")
    catalogue = root / "locales" / "de.po"
    shutil.copy(SHIPPED_LOCALES / "en.po", catalogue)  # the site's own, over the shipped one
    replace_in(catalogue, '"Language: en\\n"', '"Language: de\\n"')
    shutil.copytree(root / "docs" / "en", root / "docs" / "de")
    german = [str(p) for p in sorted((root / "docs" / "de").rglob("*.md"))]
    assert run(root, "translation-done", *german)[0] == 0
    return root


@pytest.fixture
def unshipped_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package shipping no German catalogue: the site's own is all German pages have."""
    shipped = tmp_path / "shipped"
    shutil.copytree(SHIPPED_LOCALES, shipped, ignore=shutil.ignore_patterns("de.po"))
    monkeypatch.setattr(interface, "SHIPPED", shipped)


@pytest.mark.parametrize("in_progress", [True, False], ids=["in-progress", "complete"])
def test_clean_site_with_a_third_language(tmp_path, in_progress):
    root = german_site(tmp_path, in_progress=in_progress)
    assert run(root, "check") == (0, ["checks: 0 errors, 0 warnings"])


@pytest.mark.parametrize(
    ("in_progress", "expected"),
    [
        (
            True,
            (
                0,
                [
                    "docs/fr/facturation/annulation.md:1:1: HC403 not yet translated into "
                    "German: readers see the French text meanwhile; translate it as "
                    "docs/de/facturation/annulation.md (or add a stub with 'translation: "
                    "pending')",
                    "checks: 0 errors, 1 warning",
                ],
            ),
        ),
        (
            False,
            (
                1,
                [
                    "docs/fr/facturation/annulation.md:1:1: HC401 no German version: create "
                    "docs/de/facturation/annulation.md (or a stub with 'translation: pending'; "
                    "see make new-article)",
                    "checks: 1 error, 0 warnings",
                ],
            ),
        ),
    ],
    ids=["in-progress", "complete"],
)
def test_page_missing_in_a_third_language(tmp_path, in_progress, expected):
    root = german_site(tmp_path, in_progress=in_progress)
    (root / "docs" / "de" / "facturation" / "annulation.md").unlink()
    assert run(root, "check") == expected


def test_missing_page_is_reported_for_each_language(tmp_path):
    root = german_site(tmp_path, in_progress=True)
    for lang in ("de", "en"):
        (root / "docs" / lang / "facturation" / "annulation.md").unlink()
    code, lines = run(root, "check")
    assert code == 1
    assert [line.split(": ", 1)[1][:5] for line in lines[:-1]] == ["HC401", "HC403"]
    assert lines[-1] == "checks: 1 error, 1 warning"


@pytest.mark.parametrize(
    ("in_progress", "expected"),
    [
        (
            True,
            (
                0,
                [
                    "locales/de.po:1:1: HC405 interface string 'feedback.question' is not "
                    "translated yet (add it to locales/de.po; German pages show the French "
                    "text meanwhile)",
                    "checks: 0 errors, 1 warning",
                ],
            ),
        ),
        (
            False,
            (
                1,
                [
                    "locales/de.po:1:1: HC404 interface string 'feedback.question' is missing "
                    "(add it to locales/de.po, or list 'de' in "
                    "extra.helpcentre.languages_in_progress while it is being translated)",
                    "checks: 1 error, 0 warnings",
                ],
            ),
        ),
    ],
    ids=["in-progress", "complete"],
)
@pytest.mark.usefixtures("unshipped_german")
def test_interface_string_missing_in_a_third_language(tmp_path, in_progress, expected):
    root = german_site(tmp_path, in_progress=in_progress)
    replace_in(root / "locales" / "de.po", QUESTION, "")
    assert run(root, "check") == expected


@pytest.mark.parametrize(
    ("in_progress", "code", "meanwhile", "summary"),
    [
        (True, "HC405", "; German pages show the French text meanwhile", "0 errors, 1 warning"),
        (False, "HC404", "", "1 error, 0 warnings"),
    ],
    ids=["in-progress", "complete"],
)
@pytest.mark.usefixtures("unshipped_german")
def test_interface_catalogue_missing(tmp_path, in_progress, code, meanwhile, summary):
    root = german_site(tmp_path, in_progress=in_progress)
    (root / "locales" / "de.po").unlink()
    languages = Languages(source="fr", all=("fr", "de"))
    # Every French string but the plural forms German does not have.
    count = len(load_interface_text(root / "locales", "locales", languages).missing("de"))
    yet = " yet" if in_progress else ""
    assert run(root, "check") == (
        0 if in_progress else 1,
        [
            f"locales/de.po:1:1: {code} no interface catalogue for German{yet} (create "
            f"locales/de.po with the {count} strings of helpcentre/locales/fr.po{meanwhile})",
            f"checks: {summary}",
        ],
    )


def test_data_text_missing_in_a_language_in_progress(tmp_path):
    root = german_site(tmp_path, in_progress=True)
    replace_in(root / "data" / "policies.yml", ", de: Support}", "}")
    assert run(root, "check") == (
        0,
        [
            "data/policies.yml:15:7: HC406 contacts.support.value.name: no 'de' text yet "
            "(add it; 'de' pages show the 'fr' text meanwhile)",
            "checks: 0 errors, 1 warning",
        ],
    )


def test_data_text_missing_in_a_complete_language_fails_the_build(tmp_path):
    root = german_site(tmp_path, in_progress=False)
    replace_in(root / "data" / "policies.yml", ", de: Support}", "}")
    assert run(root, "check") == (
        1,
        [
            "data/policies.yml:15:13: HC101 contacts.support.value.name: missing text for "
            "language(s) de",
            "checks: 1 error, 0 warnings",
        ],
    )


def test_unknown_language_in_progress_is_one_line_on_its_setting(tmp_path):
    root = tiny_site(tmp_path)
    replace_in(root / "mkdocs.yml", "languages_in_progress: []", "languages_in_progress: [es]")
    line = next(
        number
        for number, text in enumerate((root / "mkdocs.yml").read_text().split("\n"), start=1)
        if "languages_in_progress:" in text
    )
    assert run(root, "check") == (
        1,
        [
            f"mkdocs.yml:{line}:5: HC101 extra.helpcentre.languages_in_progress names 'es', "
            "which is not a language of the i18n plugin (languages: fr, en)",
            "checks: 1 error, 0 warnings",
        ],
    )


def test_contact_with_links_in_link_text(tmp_path):
    old = "{{ policy.fees.default_fee }}"
    new = old + " ([{{ policy.contacts.support }}](../index.md))"
    root = edited(tmp_path, ARTICLE_FR, old, new, both=True)
    fix = (
        "{{ policy.contacts.support }} is written with links, which cannot go in a link's "
        "text (write {{ policy.contacts.support.name }} there, or move the marker out of "
        "the link)"
    )
    assert run(root, "check") == (
        1,
        [
            f"docs/en/facturation/annulation.md:13:42: HC101 {fix}",
            f"docs/fr/facturation/annulation.md:12:46: HC101 {fix}",
            "checks: 2 errors, 0 warnings",
        ],
    )
