"""Translations that are not translations, pages without text, byte-order marks and
catalogues that do not parse: each said as one located line, by the build and the check."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_DOCS, build_failure, build_project
from test_checks_defects import ARTICLE_EN, ARTICLE_FR, run, tiny_site

KEYS = "{{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.\n"
SAME_TITLE = f"---\ntitle: Annuler\ndescription: How to cancel.\n---\n\n## Notice\n\n{KEYS}"
SAME_DESCRIPTION = MINIMAL_DOCS[ARTICLE_EN].replace("How to cancel.", "Comment annuler.")
EMPTY = "facturation/vide.md"
EMPTY_FR = "---\ntitle: Vide\ndescription: Rien encore.\n---\n"
EMPTY_EN = "---\ntitle: Empty\ndescription: Nothing yet.\ntranslation: pending\n---\n"
TITLE_LINE = (
    "docs/en/facturation/annulation.md:2:1: the title is still the 'fr' source's (translate "
    "it: readers and search engines see it as this language's title)"
)
DESCRIPTION_LINE = (
    "docs/en/facturation/annulation.md:3:1: the description is still the 'fr' source's "
    "(translate it: readers and search engines see it as this language's description)"
)
EMPTY_LINE = (
    "docs/fr/facturation/vide.md:5:1: the page has no text (write it below the front matter)"
)
BOM = b"\xef\xbb\xbf"


def site_with(tmp_path: Path, **changes: str) -> Path:
    root = tiny_site(tmp_path)
    for rel, text in changes.items():
        (root / "docs" / rel).write_text(text, encoding="utf-8")
    return root


def test_a_kept_description_and_a_page_without_text_fail_the_build_and_the_check(tmp_path):
    changes = {ARTICLE_EN: SAME_DESCRIPTION, f"fr/{EMPTY}": EMPTY_FR, f"en/{EMPTY}": EMPTY_EN}
    root = site_with(tmp_path, **changes)
    assert build_failure(root) == [DESCRIPTION_LINE, EMPTY_LINE]
    code, lines = run(root, "check")
    assert code == 1
    # (The English file, written anew, records no source_hash: HC502.)
    assert [line for line in lines if "HC502" not in line] == [
        DESCRIPTION_LINE.replace(":3:1: ", ":3:1: HC503 "),
        EMPTY_LINE.replace(":5:1: ", ":5:1: HC704 "),
        "checks: 3 errors, 0 warnings",  # with the HC502
    ]


def test_a_kept_title_of_several_words_fails(tmp_path):
    fr = f"---\ntitle: Annuler en ligne\ndescription: Comment annuler.\n---\n\n## P\n\n{KEYS}"
    en = SAME_TITLE.replace("title: Annuler", "title: Annuler en ligne")
    root = site_with(tmp_path, **{ARTICLE_FR: fr, ARTICLE_EN: en})
    assert build_failure(root) == [TITLE_LINE]


def test_a_one_word_name_may_stay_and_a_pending_stub_is_exempt(tmp_path):
    pending = "---\ntitle: Annuler\ndescription: Comment annuler.\ntranslation: pending\n---\n"
    root = site_with(tmp_path, **{ARTICLE_EN: SAME_TITLE})
    build_project(root)
    root = site_with(tmp_path / "pending", **{ARTICLE_EN: pending})
    build_project(root)


def test_translation_done_refuses_a_kept_description(tmp_path):
    root = site_with(tmp_path, **{ARTICLE_EN: SAME_DESCRIPTION})
    assert run(root, "translation-done", str(root / "docs" / ARTICLE_EN)) == (1, [DESCRIPTION_LINE])


def test_byte_order_marks_are_accepted_everywhere(tmp_path):
    root = tiny_site(tmp_path)
    catalogue = root / "locales" / "fr.po"
    catalogue.write_text('msgid "search_placeholder"\nmsgstr "Chercher un article"\n', "utf-8")
    for path in (root / "docs" / ARTICLE_FR, root / "data" / "policies.yml", catalogue):
        path.write_bytes(BOM + path.read_bytes())
    assert run(root, "check") == (0, ["checks: 0 errors, 0 warnings"])
    site = build_project(root)
    assert site.html("").select_one("input[placeholder]")["placeholder"] == "Chercher un article"


def test_a_catalogue_that_does_not_parse_says_the_line_and_the_fix(tmp_path):
    root = tiny_site(tmp_path)
    (root / "locales" / "fr.po").write_text(
        'msgid "search_placeholder"\nmsgstr "Chercher"\nChercher encore\n', "utf-8"
    )
    line = (
        "locales/fr.po:3:1: this line is not part of a catalogue entry (an entry is a msgid "
        '"key" line then a msgstr "text" line, each text in double quotes; a comment starts '
        "with #)"
    )
    assert build_failure(root) == [line]
    (root / "locales" / "fr.po").write_text('msgid "search_placeholder"\n', "utf-8")
    assert build_failure(root) == [
        "locales/fr.po:1:1: msgid 'search_placeholder' has no msgstr (add a line "
        'msgstr "..." after it, with its text in this language)'
    ]


def test_a_catalogue_not_in_utf8_or_with_a_broken_plural_header_says_the_line(tmp_path):
    root = tiny_site(tmp_path)
    catalogue = root / "locales" / "fr.po"
    catalogue.write_bytes('msgid "search_placeholder"\nmsgstr "Chercher à"\n'.encode("latin-1"))
    assert build_failure(root) == [
        "locales/fr.po:2:18: this line is not UTF-8 text (save the catalogue as UTF-8)"
    ]
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=deux; plural=(n > 1);\\n"\n\n'
        'msgid "search_placeholder"\nmsgstr "Chercher"\n',
        "utf-8",
    )
    assert build_failure(root) == [
        "locales/fr.po:3:1: the Plural-Forms header needs a number of forms, such as "
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n" (or delete the line: helpcentre '
        "counts with CLDR's plural rules)"
    ]
