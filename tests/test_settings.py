"""The help-centre settings in mkdocs.yml: a misspelt or invalid one is one located line."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SHIPPED_LOCALES, build_failure, write_project

from helpcentre import interface


def line_and_col(root: Path, key: str) -> tuple[int, int]:
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    number = next(n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{key}:"))
    return number, lines[number - 1].index(key) + 1


def test_a_misspelt_setting_names_itself_and_the_accepted_names(tmp_path):
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("formatting_locales:", "formating_locales:", 1), "utf-8")
    line, col = line_and_col(root, "formating_locales")
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:{col}: extra.helpcentre: unknown setting 'formating_locales' "
        "(did you mean 'formatting_locales'? settings: data_file, interface_text, "
        "formatting_locales, contact_policy, time_zone, languages_in_progress, feedback, "
        "render_cache, reviews)"
    ]


def test_a_language_in_progress_must_be_a_site_language(tmp_path):
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("languages_in_progress: []", "languages_in_progress: [it]"))
    line, col = line_and_col(root, "languages_in_progress")
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:{col}: extra.helpcentre.languages_in_progress names 'it', which "
        "is not a language of the i18n plugin (languages: fr, en)"
    ]


def test_a_source_language_without_any_catalogue_is_one_line(tmp_path, monkeypatch):
    root = write_project(tmp_path / "p")
    shipped = tmp_path / "shipped"  # a package that ships only the English catalogue
    shipped.mkdir()
    shutil.copy(SHIPPED_LOCALES / "en.po", shipped / "en.po")
    monkeypatch.setattr(interface, "SHIPPED", shipped)
    assert build_failure(root) == [
        "locales/fr.po:1:1: no interface catalogue for the source language 'fr' (none ships "
        "with helpcentre; shipped: en): create it, every other language falls back to it"
    ]


def test_a_misspelt_formatting_locale_is_one_located_line(tmp_path):
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("en: en_GB", "en: en_XX", 1))
    lines = config.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == "en: en_XX")
    col = lines[line - 1].index("en:") + 1
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:{col}: extra.helpcentre.formatting_locales: 'en_XX' is not a "
        "locale Babel knows (write language_TERRITORY, e.g. en_GB or de_DE)"
    ]


def test_the_build_date_is_today_in_the_site_time_zone(monkeypatch):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from helpcentre.mkdocs.state import build_date

    monkeypatch.delenv("HELPCENTRE_AS_OF")
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11
        assert build_date(zone) == dt.datetime.now(ZoneInfo(zone)).date()
    assert build_date("Pacific/Kiritimati") != build_date("Pacific/Pago_Pago")


def test_a_misspelt_time_zone_is_one_located_line(tmp_path):
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("time_zone: Europe/London", "time_zone: Europe/Londres"))
    line, col = line_and_col(root, "time_zone")
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:{col}: extra.helpcentre.time_zone: 'Europe/Londres' is not a time "
        "zone name (write e.g. Europe/London or Europe/Paris)"
    ]
