"""Placeholders left by `make new-article` and untranslated stubs can't ship."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.checks.__main__ import main
from helpcentre.content.sources import read_source

STUB_EN = "---\ntitle: Changer de banque\ndescription: {description}\ntranslation: pending\n---\n"


def new_article(root: Path) -> list[str]:
    """Run `make new-article` on a project: the French article and its English stub."""
    out = io.StringIO()
    args = ["--root", str(root), "new-article", "facturation/changer-de-banque"]
    assert main([*args, "--title", "Changer de banque"], out=out) == 0
    return out.getvalue().splitlines()


def translation_done(root: Path, file: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(["--root", str(root), "translation-done", file], out=out)
    return code, out.getvalue().splitlines()


def test_untouched_new_article_is_a_build_error_at_each_placeholder(tmp_path):
    root = write_project(tmp_path / "project")
    new_article(root)
    assert build_failure(root) == [
        "docs/fr/facturation/changer-de-banque.md:3:14: placeholder text from make "
        "new-article is still here ('Une phrase qui dit ce que le lecteur trouvera ici.'): "
        "write the description",
        "docs/fr/facturation/changer-de-banque.md:6:1: placeholder text from make "
        "new-article is still here ('Une ou deux phrases d'introduction.'): write the article",
        "docs/fr/facturation/changer-de-banque.md:8:4: placeholder text from make "
        "new-article is still here ('Première question'): write the article",
        "docs/fr/facturation/changer-de-banque.md:10:1: placeholder text from make "
        "new-article is still here ('La réponse.'): write the article",
    ]


def test_one_placeholder_sentence_left_among_written_text(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] += "\nVoici tout. La réponse. Et la suite.\n"
    root = write_project(tmp_path / "project", docs)
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:14:13: placeholder text from make new-article "
        "is still here ('La réponse.'): write the article"
    ]


def test_placeholders_in_code_or_inside_words_are_not_reported(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] += (
        "\nÉcrivez `La réponse.` puis rien.\n\n```text\nLa réponse.\n```\n"
    )
    build_project(write_project(tmp_path / "project", docs))


def test_a_translation_that_copied_the_placeholders_is_an_error(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["en/facturation/annulation.md"] = (
        docs["en/facturation/annulation.md"].replace(
            "description: How to cancel.",
            "description: One sentence telling readers what they will find here.",
        )
        + "\n## First question\n\nLa réponse.\n"
    )
    root = write_project(tmp_path / "project", docs)
    assert build_failure(root) == [
        "docs/en/facturation/annulation.md:3:14: placeholder text from make new-article is "
        "still here ('One sentence telling readers what they will find here.'): "
        "write the description",
        "docs/en/facturation/annulation.md:14:4: placeholder text from make new-article is "
        "still here ('First question'): write the article",
        "docs/en/facturation/annulation.md:16:1: placeholder text from make new-article is "
        "still here ('La réponse.'): write the article",
    ]


def test_a_pending_stub_keeping_the_placeholder_description_is_an_error(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/changer-de-banque.md"] = (
        "---\ntitle: Changer de banque\ndescription: Comment changer de banque.\n---\n\n"
        "{{ policy.fees.default_fee }}, {{ policy.cancellation.notice_period }}.\n"
    )
    docs["en/facturation/changer-de-banque.md"] = STUB_EN.format(
        description="Une phrase qui dit ce que le lecteur trouvera ici."
    )
    root = write_project(tmp_path / "project", docs)
    assert build_failure(root) == [
        "docs/en/facturation/changer-de-banque.md:3:14: placeholder text from make "
        "new-article is still here ('Une phrase qui dit ce que le lecteur trouvera ici.'): "
        "write the description"
    ]


def test_translation_done_refuses_an_untouched_stub(tmp_path):
    root = write_project(tmp_path / "project")
    new_article(root)
    stub = root / "docs/en/facturation/changer-de-banque.md"
    before = stub.read_text(encoding="utf-8")
    assert translation_done(root, str(stub)) == (
        1,
        [
            "docs/en/facturation/changer-de-banque.md:6:1: no translated text yet (write the "
            "translation of docs/fr/facturation/changer-de-banque.md below the front matter, "
            "then run make translation-done again)"
        ],
    )
    assert stub.read_text(encoding="utf-8") == before


def test_translation_done_refuses_a_copy_of_the_source(tmp_path):
    root = write_project(tmp_path / "project")
    source = (root / "docs/fr/facturation/annulation.md").read_text(encoding="utf-8")
    copy = root / "docs/en/facturation/annulation.md"
    copy.write_text(source.replace("---\n\n", "translation: pending\n---\n\n", 1), encoding="utf-8")
    assert translation_done(root, "docs/en/facturation/annulation.md") == (
        1,
        [
            "docs/en/facturation/annulation.md:1:1: the title, description and text are still "
            "the 'fr' source's (translate them, then run make translation-done again)"
        ],
    )
    assert "translation: pending" in copy.read_text(encoding="utf-8")


def test_translation_done_refuses_a_placeholder_left_in_the_translation(tmp_path):
    root = write_project(tmp_path / "project")
    new_article(root)
    stub = root / "docs/en/facturation/changer-de-banque.md"
    stub.write_text(stub.read_text(encoding="utf-8") + "\nHow to change bank.\n", encoding="utf-8")
    assert translation_done(root, str(stub)) == (
        1,
        [
            "docs/en/facturation/changer-de-banque.md:3:14: placeholder text from make "
            "new-article is still here ('Une phrase qui dit ce que le lecteur trouvera ici.'): "
            "write the description"
        ],
    )


def test_translation_done_accepts_a_translation(tmp_path):
    root = write_project(tmp_path / "project")
    assert translation_done(root, "docs/en/facturation/annulation.md") == (
        0,
        [
            "docs/en/facturation/annulation.md: translates docs/fr/facturation/annulation.md "
            "as it is now"
        ],
    )
    # A collection page has no body in either language: its title and description count.
    assert translation_done(root, "docs/en/facturation/index.md")[0] == 0


def test_translation_done_refuses_a_copied_text_under_a_translated_title(tmp_path):
    root = write_project(tmp_path / "project")
    source = (root / "docs/fr/facturation/annulation.md").read_text(encoding="utf-8")
    copy = root / "docs/en/facturation/annulation.md"
    copy.write_text(source.replace("title: Annuler", "title: Cancelling", 1), encoding="utf-8")
    assert translation_done(root, "docs/en/facturation/annulation.md") == (
        1,
        [
            "docs/en/facturation/annulation.md:6:1: the text is still the 'fr' source's "
            "(translate it, then run make translation-done again)"
        ],
    )


def test_translation_done_refuses_a_file_still_marked_pending(tmp_path):
    root = write_project(tmp_path / "project")
    page = root / "docs/en/facturation/annulation.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n\n", "translation: pending\n---\n\n", 1), encoding="utf-8")
    assert translation_done(root, "docs/en/facturation/annulation.md") == (
        1,
        [
            "docs/en/facturation/annulation.md:4:1: still marked 'translation: pending' (once "
            "the translation is written, remove that line and run make translation-done again)"
        ],
    )
    assert "translation: pending" in page.read_text(encoding="utf-8")


def test_new_article_quotes_a_title_with_a_colon(tmp_path):
    root = write_project(tmp_path / "project")
    out = io.StringIO()
    args = ["--root", str(root), "new-article", "facturation/changer-de-banque"]
    assert main([*args, "--title", "Changer de banque : mode d'emploi"], out=out) == 0
    article = root / "docs/fr/facturation/changer-de-banque.md"
    meta = read_source(article).meta
    assert meta["title"] == "Changer de banque : mode d'emploi"
