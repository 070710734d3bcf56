"""The interface catalogues shipped with the package: each complete, with the plural forms
CLDR gives its language, and used as they are by `helpcentre new` (whatever .po files
ship: a catalogue added later is checked the same way)."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, THEME

from helpcentre.interface import (
    REQUIRED,
    article_count,
    plural_forms_needed,
    shipped_catalogue_problems,
    shipped_catalogues,
)
from helpcentre.starter import create_site

SHIPPED_LANGUAGES = sorted(shipped_catalogues())


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_every_shipped_catalogue_is_complete_with_its_cldr_plural_forms(lang):
    problems = shipped_catalogue_problems(shipped_catalogues()[lang])
    assert [problem.text() for problem in problems] == []


def test_the_checked_keys_cover_every_string_the_templates_read():
    used: set[str] = set()
    for template in THEME.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b(?:hc|hc_404)\.text\.([a-z_]+)", text))
        used |= set(re.findall(r"\bsearch_text\.([a-z_]+)", text))
    code = "\n".join(p.read_text("utf-8") for p in (REPO / "src" / "helpcentre").rglob("*.py"))
    used |= set(re.findall(r'\b(?:text|strings)\["([a-z_.]+)"\]', code))
    used -= {"articles.other"}  # one of the plural forms, checked per language
    assert used <= REQUIRED, sorted(used - REQUIRED)


BROKEN_POLISH = """\
msgid ""
msgstr ""
"Language: pl\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "articles.one"
msgstr "{n} artykuł"

msgid "articles.two"
msgstr "{n} artykuły"

msgid "articles.other"
msgstr "{n} artykułu"

msgid "home_heading"
msgstr "W czym możemy pomóc {kto}?"
"""


def test_a_broken_catalogue_names_each_missing_string_and_wrong_plural(tmp_path):
    path = tmp_path / "pl.po"
    path.write_text(BROKEN_POLISH, encoding="utf-8")
    lines = [problem.text() for problem in shipped_catalogue_problems(path)]
    missing = sorted(REQUIRED - {"articles.other", "home_heading"})
    assert lines == [
        "helpcentre/locales/pl.po:15:1: interface string 'home_heading' uses {kto}, which the "
        "source text does not have (placeholders: none)",
        *(f"helpcentre/locales/pl.po:1:1: interface string '{key}' is missing" for key in missing),
        "helpcentre/locales/pl.po:1:1: plural form 'articles.few' is missing "
        "(CLDR: one, few, many, other)",
        "helpcentre/locales/pl.po:1:1: plural form 'articles.many' is missing "
        "(CLDR: one, few, many, other)",
        "helpcentre/locales/pl.po:9:1: plural form 'articles.two' is not one of pl's "
        "(CLDR: one, few, many, other)",
        "helpcentre/locales/pl.po:1:1: Plural-Forms says nplurals=2; pl has 3",
    ]


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("pl", {1: "one", 2: "few", 5: "many", 22: "few", 25: "many"}),
        ("ar", {0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other"}),
    ],
)
def test_article_counts_take_the_cldr_form_of_each_count(lang, counts):
    strings = {f"articles.{form}": f"{form}:{{n}}" for form in plural_forms_needed(lang)}
    shown = {count: article_count(strings, count, lang) for count in counts}
    assert shown == {count: f"{form}:{count}" for count, form in counts.items()}


@pytest.mark.parametrize("lang", [lang for lang in SHIPPED_LANGUAGES if lang != "en"])
def test_a_new_site_uses_the_shipped_catalogue_of_each_language(tmp_path, lang):
    """No copy of the catalogue to translate, and no note asking for one (a language
    without example pages of ours is still listed in progress for its pages)."""
    written = create_site(tmp_path / "site", ["en", lang], None, "https://help.example/")
    assert not (tmp_path / "site" / "locales" / f"{lang}.po").exists()
    assert not [note for note in written.notes if "interface catalogue" in note]
