"""Interface catalogues a translator can break: each defect is one located line."""

from __future__ import annotations

from pathlib import Path

from conftest import build_failure, build_project, write_project


def po_line(root: Path, lang: str, key: str) -> int:
    lines = (root / "locales" / f"{lang}.po").read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, 1) if text == f'msgid "{key}"')


def replace_in_po(root: Path, lang: str, old: str, new: str) -> None:
    path = root / "locales" / f"{lang}.po"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_stray_brace_in_a_translation_is_located(tmp_path):
    root = write_project(tmp_path / "p")
    replace_in_po(root, "en", '"See all {n} articles"', '"See all {n articles"')
    assert build_failure(root) == [
        f"locales/en.po:{po_line(root, 'en', 'sidebar_all_articles')}:1: interface string "
        "'sidebar_all_articles' has a stray brace (write {{ or }} for one)"
    ]


def test_a_placeholder_the_source_does_not_have_is_located(tmp_path):
    root = write_project(tmp_path / "p")
    replace_in_po(root, "en", '"Read the {source} version"', '"Read the {sourc} version"')
    assert build_failure(root) == [
        f"locales/en.po:{po_line(root, 'en', 'translation_read_source')}:1: interface string "
        "'translation_read_source' uses {sourc}, which the source text does not have "
        "(placeholders: {source})"
    ]


def test_a_string_the_pages_need_missing_from_the_source_is_one_line(tmp_path):
    root = write_project(tmp_path / "p")
    replace_in_po(root, "fr", 'msgid "updated"\nmsgstr "Mis à jour"', "")
    assert build_failure(root) == [
        "locales/fr.po:1:1: interface string 'updated' is missing (the pages need it: add it "
        "to the source catalogue, not marked fuzzy)"
    ]


def test_a_string_missing_in_a_translation_shows_the_source_text(tmp_path):
    root = write_project(tmp_path / "p")
    replace_in_po(root, "en", 'msgid "updated"\nmsgstr "Updated"', "")
    site = build_project(root)
    updated = site.html("en/facturation/annulation/").select_one(".hc-updated")
    assert updated.get_text(" ", strip=True).startswith("Mis à jour")
