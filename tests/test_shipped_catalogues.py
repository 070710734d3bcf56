"""The interface catalogues shipped with helpcentre: each complete, with its language's CLDR
plural forms and typography, and used by a site that only names the language and as they
are by `helpcentre new` (whatever .po files ship: a catalogue added later is checked the
same way)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from conftest import REPO, THEME, BuiltSite, add_languages, build_project, write_project

from helpcentre.checks.__main__ import main as run_checks
from helpcentre.cli import main
from helpcentre.interface import (
    REQUIRED,
    article_count,
    babel_locale,
    load_interface_text,
    placeholders,
    plural_forms_needed,
    shipped_catalogue_problems,
    shipped_catalogues,
)
from helpcentre.languages import Languages
from helpcentre.starter import create_site

SHIPPED = shipped_catalogues()

# The languages the README promises an interface in.
PROMISED = {
    "fr", "en", "de", "es", "it", "nl", "pt", "pt-BR", "pl",
    "sv", "da", "nb", "fi", "tr", "ar", "he",
}  # fmt: skip

# How each language quotes a reader's query or an article's title (French spaces inside
# its guillemets may be written plain: the typography step makes them no-break).
QUOTES = {
    "fr": ("« ", " »"),
    "en": ("“", "”"),
    "de": ("„", "“"),
    "es": ("«", "»"),
    "it": ("«", "»"),
    "nl": ("‘", "’"),
    "pt": ("«", "»"),
    "pt-BR": ("“", "”"),
    "pl": ("„", "”"),
    "sv": ("”", "”"),
    "da": ("»", "«"),
    "nb": ("«", "»"),
    "fi": ("”", "”"),
    "tr": ("“", "”"),
    "ar": ("«", "»"),
    "he": ("„", "”"),
}
QUOTED = {"search_none": "q", "search_did_you_mean": "q", "feedback.mail_subject": "title"}

# Counts whose words may say the number themselves ('مقالتان', 'one article matches').
NUMBER_IN_WORDS = {"articles.zero", "articles.one", "articles.two", "search_count_one"}
COUNT = re.compile(r"^articles\.(?P<form>\w+)$")
SCRIPTS = {"ar": re.compile(r"[\u0600-\u06ff]"), "he": re.compile(r"[\u05d0-\u05ea]")}
FIELD = re.compile(r"\{\w+\}")


def strings_of(lang: str) -> dict[str, str]:
    """A shipped catalogue's translated strings, read as the package reads them."""
    with SHIPPED[lang].open("rb") as handle:
        catalog = read_po(handle, locale=babel_locale(lang), abort_invalid=True)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def keys_without_counts(strings: dict[str, str]) -> set[str]:
    return {key for key in strings if not COUNT.match(key)}


def test_every_promised_language_ships_a_catalogue():
    assert set(SHIPPED) == PROMISED


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_catalogue_is_complete(lang):
    strings = strings_of(lang)
    reference = strings_of("en")
    assert keys_without_counts(strings) == keys_without_counts(reference)
    assert sorted(REQUIRED - set(strings)) == []
    assert all(text.strip() for text in strings.values())


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_every_shipped_catalogue_is_complete_with_its_cldr_plural_forms(lang):
    problems = shipped_catalogue_problems(SHIPPED[lang])
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


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_catalogue_compiles_with_gettext_tools(lang):
    # msgfmt refuses an entry whose text ends a line where its key does not.
    trailing = [key for key, text in strings_of(lang).items() if text.endswith("\n")]
    assert trailing == []


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_catalogue_has_its_language_plural_forms(lang):
    locale = Locale.parse(babel_locale(lang))
    forms = {found["form"] for key in strings_of(lang) if (found := COUNT.match(key))}
    assert forms == set(locale.plural_form.tags) | {"other"}
    with SHIPPED[lang].open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.locale_identifier == babel_locale(lang)
    assert catalog.plural_forms == get_plural(babel_locale(lang)).plural_forms


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_catalogue_keeps_every_placeholder(lang):
    reference = strings_of("en")
    for key, text in strings_of(lang).items():
        expected = placeholders(reference[key if key in reference else "articles.other"])
        used = placeholders(text)
        if key in NUMBER_IN_WORDS:
            assert used <= expected, key
        else:
            assert used == expected, key


@pytest.mark.parametrize("lang", sorted(SHIPPED))
def test_catalogue_follows_its_language_typography(lang):
    strings = strings_of(lang)
    opening, closing = QUOTES[lang]
    for key, field in QUOTED.items():
        spaced = re.sub(r"[\u00a0\u202f]", " ", strings[key])
        assert f"{opening}{{{field}}}{closing}" in spaced, key
    texts = list(strings.values())
    assert not any('"' in text for text in texts)  # typographic quotes only
    if lang != "fr":  # French spacing belongs to French only
        assert not any(re.search(r"[\u00a0\u202f]|\s[?!:;؟]", text) for text in texts)
    if lang == "es":  # Spanish opens what it asks and exclaims
        joined = "".join(texts)
        assert joined.count("¿") == joined.count("?") > 0
        assert joined.count("¡") == joined.count("!") > 0
    if lang in SCRIPTS:  # written in its own script, with its own punctuation
        for key, text in strings.items():
            words = FIELD.sub("", text)
            assert SCRIPTS[lang].search(words), key
            assert not re.search(r"[A-Za-z]", words), key
    if lang == "ar":
        assert not any(re.search(r"[?,;]", text) for text in texts)
        assert any("؟" in text for text in texts) and any("،" in text for text in texts)


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


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        (
            "pl",
            {
                1: "1 artykuł",
                2: "2 artykuły",
                5: "5 artykułów",
                22: "22 artykuły",
                25: "25 artykułów",
            },
        ),
        (
            "ar",
            {
                0: "لا توجد مقالات",
                1: "مقالة واحدة",
                2: "مقالتان",
                3: "3 مقالات",
                11: "11 مقالة",
                100: "100 مقالة",
            },
        ),
        ("he", {1: "מאמר אחד", 2: "שני מאמרים", 3: "3 מאמרים"}),
        ("fr", {0: "0 article", 2: "2 articles", 1_000_000: "1\u202f000\u202f000 d'articles"}),
        ("de", {1: "1 Artikel", 1_000: "1.000 Artikel"}),
    ],
)
def test_article_counts_follow_cldr(lang, counts):
    strings = strings_of(lang)
    locale = babel_locale(lang)
    assert {n: article_count(strings, n, locale) for n in counts} == counts


# -- a site that only names the languages ---------------------------------------------------

# The languages added, with the name the language switcher shows.
ADDED = {"de": "Deutsch", "ar": "العربية", "pt-BR": "Português (Brasil)"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The tiny site with German, Arabic and Brazilian Portuguese added in mkdocs.yml
    (in progress, so their pages fall back to French) and no catalogue of theirs but
    one German string of its own."""
    root = write_project(tmp_path_factory.mktemp("shipped") / "p")
    add_languages(root, {lang: (name, None) for lang, name in ADDED.items()}, tuple(ADDED))
    own = root / "locales" / "de.po"
    own.write_text('msgid "collections_heading"\nmsgstr "Unsere Themen"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        yield build_project(root)


@pytest.mark.parametrize(
    ("lang", "heading", "search_label", "count"),
    [
        ("de", "Wie können wir Ihnen helfen?", "Im Hilfe-Center suchen", "1 Artikel"),
        ("ar", "كيف يمكننا مساعدتك؟", "البحث في مركز المساعدة", "مقالة واحدة"),
        ("pt-BR", "Como podemos ajudar?", "Pesquisar na central de ajuda", "1 artigo"),
    ],
    ids=list(ADDED),
)
def test_home_page_shows_the_shipped_interface(site, lang, heading, search_label, count):
    home = site.html(f"{lang}/")
    assert home.select_one("h1").get_text(strip=True) == heading
    assert home.select_one("label[for=hc-search-input]").get_text(strip=True) == search_label
    card = home.select_one(".hc-card")
    assert card.select_one(".hc-card__title").get_text(strip=True) == "Facturation"
    assert count in card.get_text(" ", strip=True)


def test_a_site_string_overrides_one_shipped_string(site):
    home = site.html("de/")
    headings = [h.get_text(strip=True) for h in home.select("h2")]
    assert "Unsere Themen" in headings
    assert "Themen durchstöbern" not in home.get_text()
    crumbs = site.html("de/facturation/").select_one(".hc-breadcrumbs")
    assert crumbs["aria-label"] == "Navigationspfad"


def test_the_added_languages_lack_no_string(site):
    languages = Languages(source="fr", all=("fr", *ADDED, "en"), in_progress=frozenset(ADDED))
    text = load_interface_text(site.root / "locales", "locales", languages)
    assert {lang: text.missing(lang) for lang in ADDED} == {lang: [] for lang in ADDED}


def test_shipped_files_are_inside_the_package():
    package = Path(__file__).resolve().parent.parent / "src" / "helpcentre" / "locales"
    assert {path.parent for path in SHIPPED.values()} == {package}


def test_a_language_without_a_plural_form_of_the_source_lacks_nothing(tmp_path):
    """Polish counts with 'few' and 'many', English has neither: English misses nothing."""
    languages = Languages(source="pl", all=("pl", "en", "ar"))
    text = load_interface_text(tmp_path, "locales", languages)
    assert (text.missing("en"), text.missing("ar")) == ([], [])


# -- `helpcentre new` with shipped languages ------------------------------------------------


@pytest.mark.parametrize("lang", [lang for lang in sorted(SHIPPED) if lang != "en"])
def test_a_new_site_uses_the_shipped_catalogue_of_each_language(tmp_path, lang):
    """No copy of the catalogue to translate, and no note asking for one (a language
    without example pages of ours is still listed in progress for its pages)."""
    written = create_site(tmp_path / "site", ["en", lang], None, "https://help.example/")
    assert not (tmp_path / "site" / "locales" / f"{lang}.po").exists()
    assert not [note for note in written.notes if "interface catalogue" in note]


# Where each language's home page is (the source's at the root).
HOMES = {"ar": "", "es": "es/", "pt-BR": "pt-BR/"}


def test_a_new_site_in_shipped_languages_builds_and_passes_the_checks(tmp_path, capsys):
    """Arabic as the source (its 'one' form says the number in words), Spanish with no
    example pages of ours, and a country variant: all built strict and checked."""
    root = tmp_path / "new"
    assert main(["new", str(root), "--languages", "ar,es,pt-BR"]) == 0
    notes = capsys.readouterr().out
    assert "Spanish has no example pages yet: translate docs/es/" in notes
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), yaml.BaseLoader)
    assert config["extra"]["helpcentre"]["languages_in_progress"] == ["es", "pt-BR"]
    assert sorted(path.name for path in (root / "locales").iterdir()) == ["README.md"]
    site = build_project(root)
    headings = {lang: site.html(url).select_one("h1").get_text() for lang, url in HOMES.items()}
    assert headings == {
        "ar": "كيف يمكننا مساعدتك؟",
        "es": "¿Cómo podemos ayudarte?",
        "pt-BR": "Como podemos ajudar?",
    }
    out = io.StringIO()
    assert run_checks(["--root", str(root), "check"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert [line.split(": ", 1)[1][:5] for line in lines[:-1]] == ["HC406", "HC406"]
    assert lines[-1] == "checks: 0 errors, 2 warnings"
