"""A language added by configuration: German built strict while it is being translated."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import (
    MINIMAL_DOCS,
    MINIMAL_POLICIES,
    SHIPPED_LOCALES,
    add_languages,
    build_failure,
    build_project,
    write_catalogue,
    write_project,
)

from helpcentre import interface
from helpcentre.checks.__main__ import main as run_checks

# German interface text for the test site; 'still_need_help' is left out on purpose.
GERMAN = {
    "all_collections": "Alle Sammlungen",
    "breadcrumbs": "Brotkrümelnavigation",
    "skip_to_content": "Zum Inhalt",
    "search_label": "Im Hilfecenter suchen",
    "search_placeholder": "Antwort suchen…",
    "search_button": "Suchen",
    "search_did_you_mean": "Meinten Sie „{q}“?",
    "search_hint": "Versuchen Sie andere Wörter oder einen dieser Artikel.",
    "search_suggested": "Häufige Fragen",
    "home_heading": "Wie können wir helfen?",
    "collections_heading": "Sammlungen durchsuchen",
    "articles.one": "{n} Artikel",
    "articles.other": "{n} Artikel",
    "updated": "Aktualisiert",
    "article_covers": "Dieser Artikel behandelt",
    "contact_us": "Kontakt aufnehmen",
    "contact_team": "Schreiben Sie an {team} oder rufen Sie uns an:",
    "contact_hours": "Erreichbar: {hours}",
    "related_articles": "Verwandte Artikel",
    "collection_articles": "Artikel dieser Sammlung",
    "sidebar_all_articles": "Alle {n} Artikel ansehen",
    "feedback_slot": "Ihre Meinung zu diesem Artikel",
    "translation_pending": (
        "Dieser Artikel ist noch nicht auf Deutsch verfügbar. "
        "Hier ist er in der Originalfassung auf {source}."
    ),
    "translation_stale": "Die Fassung auf {source} wurde seitdem aktualisiert.",
    "translation_read_source": "Fassung auf {source} lesen",
    "search_results": "Suchergebnisse",
    "search_none": "Kein Artikel passt zu „{q}“.",
    "search_count_one": "{n} Artikel passt zu „{q}“.",
    "search_count_other": "{n} Artikel passen zu „{q}“.",
    "search_unavailable": "Die Suche ist gerade nicht verfügbar.",
    "not_found_heading": "Seite nicht gefunden",
    "not_found_body": "Unter dieser Adresse gibt es keine Seite. Suchen Sie hier:",
    "not_found_home": "Zur Startseite des Hilfecenters",
    "moved_title": "Dieser Artikel ist umgezogen",
    "moved_link": "Artikel unter seiner neuen Adresse lesen",
    "feedback.question": "Hat das Ihre Frage beantwortet?",
    "feedback.sad": "Nein",
    "feedback.neutral": "Teilweise",
    "feedback.happy": "Ja",
    "feedback.thanks": "Danke für Ihre Rückmeldung!",
    "feedback.sorry": "Danke. Schade, dass dieser Artikel nicht geholfen hat:",
    "feedback.failed": "Ihre Antwort konnte nicht gesendet werden. Bitte erneut versuchen.",
    "feedback.retry": "Erneut versuchen",
    "feedback.privacy": "Kein Cookie, keine IP-Adresse: Wir zählen nur Aufrufe und Antworten.",
    "feedback.mail_subject": "Hilfecenter: „{title}“",
    "feedback.mail_body": "Artikel: {article}\nSprache: {lang}\nSeite: {url}\n\nMeine Frage:\n",
    "permalink_title": "Link zu diesem Abschnitt",
    "new_article.description": "Ein Satz darüber, was Leser hier finden.",
    "new_article.intro": "Ein oder zwei einleitende Sätze.",
    "new_article.section": "Erste Frage",
    "new_article.answer": "Die Antwort.",
}

GERMAN_DOCS = {
    **MINIMAL_DOCS,
    "fr/facturation/frais.md": (
        "---\ntitle: Les frais\ndescription: Ce qui est facturé.\n---\n\n"
        "Des frais de {{ policy.fees.default_fee }} s'appliquent.\n"
    ),
    "en/facturation/frais.md": (
        "---\ntitle: Fees\ndescription: What is charged.\n---\n\n"
        "A fee of {{ policy.fees.default_fee }} applies.\n"
    ),
    "de/index.md": "---\ntitle: Hilfecenter\ndescription: Startseite.\n---\n",
    "de/facturation/index.md": (
        "---\ntitle: Abrechnung\ndescription: Ihre Zahlungen.\n"
        "icon: material/credit-card-outline\norder: 1\n---\n"
    ),
    "de/facturation/annulation.md": (
        "---\ntitle: Kündigen\ndescription: So kündigen Sie.\n---\n\n"
        "## Frist\n\nDie Kündigungsfrist beträgt {{ policy.cancellation.notice_period }}.\n\n"
        "## Gebühren\n\nEs kann eine Gebühr von {{ policy.fees.default_fee }} anfallen.\n"
    ),
}

GERMAN_POLICIES = MINIMAL_POLICIES.replace(
    "name: {fr: l'équipe Support, en: the Support team}",
    "name: {fr: l'équipe Support, en: the Support team, de: das Support-Team}",
)


def add_german(root: Path, in_progress: bool = True) -> Path:
    """German in mkdocs.yml (static-i18n, formatting, in progress) and its catalogue."""
    german = {"de": ("Deutsch", "de_DE")}
    progress = ("de",) if in_progress else ()
    add_languages(root, german, progress, site_names={"de": "Hilfecenter"})
    write_catalogue(root / "locales" / "de.po", "de", GERMAN)
    return root


def german_project(tmp_path: Path, in_progress: bool = True) -> Path:
    root = write_project(tmp_path / "p", GERMAN_DOCS, GERMAN_POLICIES)
    return add_german(root, in_progress)


def test_german_pages_have_german_values_and_interface(tmp_path):
    site = build_project(german_project(tmp_path))
    page = site.html("de/facturation/annulation/")
    assert page.html["lang"] == "de"
    body = page.select_one(".hc-body").get_text(" ", strip=True)
    assert "Die Kündigungsfrist beträgt 30\xa0Tage." in body
    assert "Gebühr von 25,00\xa0£ anfallen" in body
    assert page.select_one(".hc-updated").get_text(" ", strip=True).startswith("Aktualisiert")
    assert page.select_one("[data-hc-feedback]") is not None
    assert "Hat das Ihre Frage beantwortet?" in page.select_one("[data-hc-feedback]").get_text()
    crumbs = [li.get_text(strip=True) for li in page.select(".hc-breadcrumbs li")]
    assert crumbs == ["Alle Sammlungen", "Abrechnung", "Kündigen"]
    # Markdown's and Material's own English strings: translated, or not there at all.
    assert {a["title"] for a in page.select("a.headerlink")} == {"Link zu diesem Abschnitt"}
    assert "Made with" not in page.get_text()


@pytest.fixture
def unshipped_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package shipping no German catalogue: the site's own is all German pages have."""
    shipped = tmp_path / "shipped"
    shutil.copytree(SHIPPED_LOCALES, shipped, ignore=shutil.ignore_patterns("de.po"))
    monkeypatch.setattr(interface, "SHIPPED", shipped)


@pytest.mark.usefixtures("unshipped_german")
def test_a_string_missing_in_the_catalogue_shows_the_source_text(tmp_path):
    site = build_project(german_project(tmp_path))
    title = site.html("de/facturation/annulation/").select_one(".hc-contact__title")
    assert title.get_text(strip=True) == "Vous n'avez pas trouvé votre réponse ?"


def test_untranslated_article_is_served_in_german_from_the_french_file(tmp_path):
    site = build_project(german_project(tmp_path))
    page = site.html("de/facturation/frais/")
    notice = page.select_one("[data-hc-translation=pending]")
    assert notice.get_text(" ", strip=True) == (
        "Dieser Artikel ist noch nicht auf Deutsch verfügbar. Hier ist er in der "
        "Originalfassung auf Französisch. Fassung auf Französisch lesen"
    )
    assert notice.a["href"] == "../../../facturation/frais/"
    body = page.select_one(".hc-body")
    assert body["lang"] == "fr"
    assert "Des frais de 25,00\xa0£ s’appliquent." in body.get_text()
    # The German interface around the French text, and the page listed in its collection.
    assert page.select_one(".hc-updated").get_text(" ", strip=True).startswith("Aktualisiert")
    listed = site.html("de/facturation/").select(".hc-article-list__title")
    assert [item.get_text() for item in listed] == ["Kündigen", "Les frais"]


def test_untranslated_collection_is_served_with_the_notice(tmp_path):
    docs = dict(GERMAN_DOCS)
    for lang, title in (("fr", "Compte"), ("en", "Account")):
        docs[f"{lang}/compte/index.md"] = (
            f"---\ntitle: {title}\ndescription: {title}.\nicon: material/account\norder: 2\n---\n"
        )
        docs[f"{lang}/compte/profil.md"] = f"---\ntitle: {title} 1\ndescription: Lede.\n---\n\nx\n"
    root = add_german(write_project(tmp_path / "p", docs, GERMAN_POLICIES))
    site = build_project(root)
    page = site.html("de/compte/")
    assert page.select_one("[data-hc-translation=pending]") is not None
    assert page.select_one("h1").get_text(strip=True) == "Compte"
    cards = [c.get_text(strip=True) for c in site.html("de/").select(".hc-card__title")]
    assert cards == ["Abrechnung", "Compte"]


def test_hreflang_advertises_only_real_translations(tmp_path):
    site = build_project(german_project(tmp_path))
    base = "https://help.ramtracking.example/"

    def alternates(url: str) -> dict[str, str]:
        links = site.html(url).select("link[rel=alternate][hreflang]")
        return {link["hreflang"]: link["href"] for link in links}

    assert alternates("de/facturation/annulation/") == {
        "fr": f"{base}facturation/annulation/",
        "de": f"{base}de/facturation/annulation/",
        "en": f"{base}en/facturation/annulation/",
        "x-default": f"{base}facturation/annulation/",
    }
    assert "de" not in alternates("facturation/frais/")
    fallback = site.html("de/facturation/frais/")
    assert fallback.select_one("link[rel=canonical]")["href"] == f"{base}facturation/frais/"
    assert fallback.select("link[rel=alternate][hreflang]") == []


def test_a_complete_language_needs_every_data_text(tmp_path):
    root = write_project(tmp_path / "p", GERMAN_DOCS, MINIMAL_POLICIES)
    add_german(root, in_progress=False)
    lines = MINIMAL_POLICIES.split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "name: {fr:" in text)
    col = lines[line - 1].index("{") + 1
    assert build_failure(root) == [
        f"data/policies.yml:{line}:{col}: contacts.support.value.name: "
        "missing text for language(s) de"
    ]


def test_a_language_in_progress_shows_the_source_data_text(tmp_path):
    site = build_project(add_german(write_project(tmp_path / "p", GERMAN_DOCS, MINIMAL_POLICIES)))
    contact = site.html("de/facturation/annulation/").select_one(".hc-contact")
    assert "L'équipe Support" in contact.get_text()


@pytest.mark.usefixtures("unshipped_german")
def test_checks_list_what_german_still_lacks_as_warnings(tmp_path):
    root = add_german(write_project(tmp_path / "p", GERMAN_DOCS, MINIMAL_POLICIES))
    translated = sorted(
        str(path) for lang in ("en", "de") for path in (root / "docs" / lang).rglob("*.md")
    )
    assert run_checks(["--root", str(root), "translation-done", *translated], io.StringIO()) == 0
    out = io.StringIO()
    status = run_checks(["--root", str(root), "check"], out=out)
    lines = out.getvalue().splitlines()
    policy_lines = MINIMAL_POLICIES.split("\n")
    line = next(n for n, text in enumerate(policy_lines, 1) if "name: {fr:" in text)
    col = policy_lines[line - 1].index("name") + 1
    assert lines[:-1] == [
        f"data/policies.yml:{line}:{col}: HC406 contacts.support.value.name: no 'de' text yet "
        "(add it; 'de' pages show the 'fr' text meanwhile)",
        "docs/fr/facturation/frais.md:1:1: HC403 not yet translated into German: readers see "
        "the French text meanwhile; translate it as docs/de/facturation/frais.md "
        "(or add a stub with 'translation: pending')",
        "locales/de.po:1:1: HC405 interface string 'still_need_help' is not translated yet "
        "(add it to locales/de.po; German pages show the French text meanwhile)",
    ]
    assert lines[-1] == "checks: 0 errors, 3 warnings"
    assert status == 0  # warnings only: the language is in progress


def test_a_language_material_cannot_show_is_one_located_line(tmp_path):
    """Material fails every page of a language it has no interface text for."""
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("- locale: en", "- locale: ga"))
    line = config.read_text(encoding="utf-8").split("\n").index("        - locale: ga") + 1
    expected = (
        f"mkdocs.yml:{line}:11: language 'ga' of the i18n plugin has no interface text in "
        "Material (use a code Material knows)"
    )
    assert build_failure(root) == [expected]
    out = io.StringIO()
    assert run_checks(["--root", str(root), "check"], out) == 1
    assert out.getvalue().splitlines() == [
        expected.replace(": language", ": HC101 language", 1),
        "checks: 1 error, 0 warnings",
    ]


def test_a_quoted_country_variant_material_spells_otherwise_names_its_spelling(tmp_path):
    """`locale: "pt_BR"` (Material spells it pt-BR): the line of that value, with a hint;
    a variant Material lacks altogether (`fr_CA`) names its language."""
    root = write_project(tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("- locale: en", '- locale: "pt_BR"')
    config.write_text(text, encoding="utf-8")
    line = text.split("\n").index('        - locale: "pt_BR"') + 1
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:11: language 'pt_BR' of the i18n plugin has no interface text in "
        "Material (use a code Material knows; did you mean 'pt-BR'?)"
    ]
    config.write_text(text.replace('"pt_BR"', "fr_CA"), encoding="utf-8")
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:11: language 'fr_CA' of the i18n plugin has no interface text in "
        "Material (use a code Material knows; did you mean 'fr'?)"
    ]
