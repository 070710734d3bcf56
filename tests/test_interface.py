"""Interface text: the shipped catalogues, a site's own strings over them, and each defect
a translator can make as one located line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SHIPPED_LOCALES, build_failure, build_project, write_project

from helpcentre import interface


def site_strings(root: Path, lang: str, strings: dict[str, str]) -> Path:
    """The site's own `locales/<lang>.po`, holding only the strings it changes."""
    path = root / "locales" / f"{lang}.po"
    entries = "".join(f'msgid "{key}"\nmsgstr "{text}"\n\n' for key, text in strings.items())
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n\n{entries}', encoding="utf-8")
    return path


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, 1) if text == f'msgid "{key}"')


@pytest.fixture
def shipped_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A package whose catalogue of a language lacks one string."""

    def remove(lang: str, entry: str) -> None:
        shipped = tmp_path / "shipped"
        if not shipped.exists():
            shutil.copytree(SHIPPED_LOCALES, shipped)
        path = shipped / f"{lang}.po"
        text = path.read_text(encoding="utf-8")
        assert entry in text
        path.write_text(text.replace(entry, "", 1), encoding="utf-8")
        monkeypatch.setattr(interface, "SHIPPED", shipped)

    return remove


def test_a_site_string_replaces_the_shipped_one_and_keeps_the_others(tmp_path):
    root = write_project(tmp_path / "p")
    site_strings(root, "en", {"still_need_help": "Questions? Talk to us"})
    site = build_project(root)
    english = site.html("en/facturation/annulation/")
    assert english.select_one(".hc-contact__title").get_text(strip=True) == "Questions? Talk to us"
    assert english.select_one(".hc-updated").get_text(" ", strip=True).startswith("Updated")
    french = site.html("facturation/annulation/")
    assert french.select_one(".hc-contact__title").get_text(strip=True) == (
        "Vous n’avez pas trouvé votre réponse\u202f?"
    )


def test_a_stray_brace_in_a_site_string_is_located(tmp_path):
    root = write_project(tmp_path / "p")
    path = site_strings(root, "en", {"sidebar_all_articles": "See all {n articles"})
    assert build_failure(root) == [
        f"locales/en.po:{line_of(path, 'sidebar_all_articles')}:1: interface string "
        "'sidebar_all_articles' has a stray brace (write {{ or }} for one)"
    ]


def test_a_placeholder_the_source_does_not_have_is_located(tmp_path):
    root = write_project(tmp_path / "p")
    path = site_strings(root, "en", {"translation_read_source": "Read the {sourc} version"})
    assert build_failure(root) == [
        f"locales/en.po:{line_of(path, 'translation_read_source')}:1: interface string "
        "'translation_read_source' uses {sourc}, which the source text does not have "
        "(placeholders: {source})"
    ]


def test_a_string_the_pages_need_missing_from_the_source_is_one_line(tmp_path, shipped_without):
    root = write_project(tmp_path / "p")
    shipped_without("fr", 'msgid "updated"\nmsgstr "Mis à jour"\n')
    assert build_failure(root) == [
        "helpcentre/locales/fr.po:1:1: interface string 'updated' is missing (the pages need "
        "it: add it to the source catalogue, not marked fuzzy)"
    ]


def test_the_site_can_supply_a_string_its_source_catalogue_lacks(tmp_path, shipped_without):
    root = write_project(tmp_path / "p")
    shipped_without("fr", 'msgid "updated"\nmsgstr "Mis à jour"\n')
    site_strings(root, "fr", {"updated": "Révisé"})
    site = build_project(root)
    updated = site.html("facturation/annulation/").select_one(".hc-updated")
    assert updated.get_text(" ", strip=True).startswith("Révisé")


def test_a_string_missing_in_a_translation_shows_the_source_text(tmp_path, shipped_without):
    root = write_project(tmp_path / "p")
    shipped_without("en", 'msgid "updated"\nmsgstr "Updated"\n')
    site = build_project(root)
    updated = site.html("en/facturation/annulation/").select_one(".hc-updated")
    assert updated.get_text(" ", strip=True).startswith("Mis à jour")
