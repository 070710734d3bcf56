"""Typography per language: the rules on text, the HTML walker, and built pages."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.typography import finish_html, format_phone, typesetter_for
from helpcentre.typography import html as typography_html

NBSP = "\u00a0"
NNBSP = "\u202f"
FR = typesetter_for("fr", "fr_FR")
EN = typesetter_for("en", "en_GB")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Narrow no-break space before ? ! ; (replacing a space, or where none was typed).
        ("Puis-je réduire mes paiements ?", f"Puis-je réduire mes paiements{NNBSP}?"),
        ("Merci pour votre retour !", f"Merci pour votre retour{NNBSP}!"),
        ("Oui ; non", f"Oui{NNBSP}; non"),
        ("Vraiment?", f"Vraiment{NNBSP}?"),
        # No-break space before : and inside « ».
        ("Autre piste : au renouvellement", f"Autre piste{NBSP}: au renouvellement"),
        ("Remarque: lisez", f"Remarque{NBSP}: lisez"),
        ("« {q} »", f"«{NBSP}{{q}}{NBSP}»"),
        ("«mot»", f"«{NBSP}mot{NBSP}»"),
        # Typographic apostrophe between letters only.
        ("l'équipe d'aujourd'hui", "l’équipe d’aujourd’hui"),
        ("'cité'", "'cité'"),
        # Times, dates, numbers with units, grouped digits.
        ("de 8 h 30 à 17 h 30", f"de 8{NBSP}h{NBSP}30 à 17{NBSP}h{NBSP}30"),
        ("avant 17 h", f"avant 17{NBSP}h"),
        ("le 1er avril 2026", f"le 1er{NBSP}avril{NBSP}2026"),
        ("le 15 mars", f"le 15{NBSP}mars"),
        ("30 jours, 12 mois, 2 semaines", f"30{NBSP}jours, 12{NBSP}mois, 2{NBSP}semaines"),
        ("5 % et 25,00 £", f"5{NBSP}% et 25,00{NBSP}£"),
        ("10 000 véhicules", f"10{NNBSP}000 véhicules"),
        # Phone numbers (found by phonenumbers) never split.
        ("au +44 1234 567 800.", f"au +44{NBSP}1234{NBSP}567{NBSP}800."),
        ("au 01 23 45 67 89", f"au 01{NBSP}23{NBSP}45{NBSP}67{NBSP}89"),
        # Left alone: a product name, a word after a step number, URLs and addresses.
        ("Traceur 4G ; GPS", f"Traceur 4G{NNBSP}; GPS"),
        ("l'étape 2 a été faite", "l’étape 2 a été faite"),
        ("https://x.example/a?b=1 ; ok", f"https://x.example/a?b=1{NNBSP}; ok"),
        ("écrire à a@b.example : ok", f"écrire à a@b.example{NBSP}: ok"),
        ("voir www.example.com/x?y;z", "voir www.example.com/x?y;z"),
        # Typesetting twice changes nothing more.
        (f"paiements{NNBSP}?", f"paiements{NNBSP}?"),
    ],
)
def test_french_rules(text, expected):
    assert FR.typeset(text) == expected
    assert FR.typeset(expected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can I reduce my payments?", "Can I reduce my payments?"),
        ("Note: it's fine", "Note: it's fine"),
        ("8:30 am to 5:30 pm", f"8:30{NBSP}am to 5:30{NBSP}pm"),
        ("on 1 April 2026", f"on 1{NBSP}April{NBSP}2026"),
        ("April 2026", f"April{NBSP}2026"),
        ("30 days or 12 months", f"30{NBSP}days or 12{NBSP}months"),
        ("call +44 1234 567 800", f"call +44{NBSP}1234{NBSP}567{NBSP}800"),
        ("£25.00 or £ 25", f"£25.00 or £{NBSP}25"),
    ],
)
def test_english_rules_keep_numbers_dates_times_and_phones_together(text, expected):
    assert EN.typeset(text) == expected


def test_html_walker_typesets_text_only():
    page = (
        "<!doctype html><title>Aide ?</title><!-- a template note -->"
        '<p title="Vraiment ?">Puis-je ?</p>'
        "<pre><code>if a : b ? c ; d</code></pre>"
        "<p>Tapez <code>x ; y</code> ou <kbd>Ctrl : C</kbd> : voilà</p>"
        '<p><a href="https://x.example/?q=a ; b">https://x.example/?q=a</a> : lien</p>'
        "<script>var a = 'b' ; c ? d : e;</script><style>a::after{content:' : '}</style>"
        "<p>l&#39;équipe &amp; co !</p>"
    )
    out = finish_html(page, FR)
    assert "<!--" not in out
    assert f"<title>Aide{NNBSP}?</title>" in out
    assert f'<p title="Vraiment ?">Puis-je{NNBSP}?</p>' in out
    assert "<pre><code>if a : b ? c ; d</code></pre>" in out
    assert f"<code>x ; y</code> ou <kbd>Ctrl : C</kbd>{NBSP}: voilà" in out
    assert f'<a href="https://x.example/?q=a ; b">https://x.example/?q=a</a>{NBSP}: lien' in out
    assert "<script>var a = 'b' ; c ? d : e;</script>" in out
    assert "<style>a::after{content:' : '}</style>" in out
    assert f"<p>l’équipe &amp; co{NNBSP}!</p>" in out


def test_a_text_node_seen_on_an_earlier_page_is_finished_the_same_way():
    """Short nodes are typeset once per language and reused: a page finished after others
    that share its menu and headings reads exactly as one finished first."""
    shared = "<nav><a>Aide ?</a><a>Mes 3 véhicules : liste</a><span>l'équipe</span></nav>"
    pages = [
        f"<html><title>Page {n} ?</title>{shared}<p>Texte {n} ; l'article : fin !</p></html>"
        for n in range(5)
    ]
    fresh = []
    for page in pages:
        typography_html._finished_nodes.clear()  # nothing seen before
        fresh.append(finish_html(page, FR))
    # One after the other: the menu's nodes are taken from the earlier pages.
    again = [finish_html(page, FR) for page in reversed(pages)]
    assert list(reversed(again)) == fresh
    assert f"<a>Mes 3 véhicules{NBSP}: liste</a>" in again[0]
    assert finish_html(pages[0].replace("Aide ?", "Aide !"), FR).count(f"Aide{NNBSP}!") == 1


def test_phone_numbers_written_for_the_readers_country():
    assert format_phone("+44 1234 567 800", "fr_FR") == f"+44{NBSP}1234{NBSP}567800"
    assert format_phone("+44 1234 567 800", "en_GB") == f"01234{NBSP}567800"
    assert format_phone("not a number", "fr_FR") == f"not{NBSP}a{NBSP}number"


def test_built_pages_are_typeset_in_their_language(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = (
        '---\ntitle: Puis-je annuler ?\ndescription: "L\'essentiel : annuler ?"\n---\n\n'
        "## Puis-je réduire mes paiements ?\n\n"
        "Le préavis est de {{ policy.cancellation.notice_period }} : c'est ainsi.\n\n"
        "Des frais de {{ policy.fees.default_fee }} s'appliquent ; voyez "
        "<https://www.example.com/a?b=1:2> ou `a ; b ? c`.\n\n"
        "```\nx = 'a' ; y ? z : w\n```\n"
    )
    site = build_project(write_project(tmp_path / "p", docs))
    page = site.html("facturation/annulation/")
    heading = page.select_one(".hc-body h2")
    assert heading.get_text() == f"Puis-je réduire mes paiements{NNBSP}?¶"
    assert page.select_one("h1").get_text() == f"Puis-je annuler{NNBSP}?"
    assert page.title.get_text().startswith(f"Puis-je annuler{NNBSP}? - Centre d’aide")
    paragraphs = [p.get_text() for p in page.select(".hc-body p")]
    assert f"Le préavis est de 30{NBSP}jours{NBSP}: c’est ainsi." in paragraphs
    link = page.select_one(".hc-body a[href^='https://www.example.com']")
    assert link["href"] == "https://www.example.com/a?b=1:2"
    assert link.get_text() == "https://www.example.com/a?b=1:2"
    assert page.select_one(".hc-body p code").get_text() == "a ; b ? c"
    assert page.select_one(".hc-body pre code").get_text() == "x = 'a' ; y ? z : w\n"
    # Interface strings: the contact block's heading, and the search messages in attributes.
    assert page.select_one(".hc-contact__title").get_text() == (
        f"Vous n’avez pas trouvé votre réponse{NNBSP}?"
    )
    home = site.html("")
    results = home.select_one("[data-hc-search-results]")
    assert results["data-none"] == f"Aucun article ne correspond à «{NBSP}{{q}}{NBSP}»."
    # The description, shown as the lede of search results, reads like the page.
    docs_description = page.select_one('meta[name="description"]')["content"]
    assert docs_description == f"L’essentiel{NBSP}: annuler{NNBSP}?"
    assert home.select_one('meta[name="description"]')["content"] == "Accueil."
    # English pages keep English punctuation.
    english = site.html("en/facturation/annulation/")
    assert english.select_one(".hc-contact__title").get_text() == "Still need help?"


def test_pending_translation_shows_its_french_text_with_french_typography(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = (
        "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n\n"
        "## Préavis\n\nLe préavis est de {{ policy.cancellation.notice_period }} : voilà !\n\n"
        "## Frais\n\nDes frais de {{ policy.fees.default_fee }} s'appliquent.\n"
    )
    docs["en/facturation/annulation.md"] = (
        "---\ntitle: Cancelling\ndescription: Soon.\ntranslation: pending\n---\n"
    )
    site = build_project(write_project(tmp_path / "p", docs))
    body = site.html("en/facturation/annulation/").select_one(".hc-body")
    assert body["lang"] == "fr"
    paragraphs = [p.get_text() for p in body.select("p")]
    assert paragraphs == [
        f"Le préavis est de 30{NBSP}jours{NBSP}: voilà{NNBSP}!",
        f"Des frais de 25,00{NBSP}£ s’appliquent.",
    ]


def test_interface_strings_typeset_except_those_not_shown_as_page_text(tmp_path):
    page = build_project(write_project(tmp_path / "p")).html("facturation/annulation/")
    # Shown on the page: typeset.
    assert page.select_one("label[for='hc-search-input']").get_text() == (
        "Rechercher dans le centre d’aide"
    )
    # Sent by email: the subject keeps the writer's characters, inside the mailto: link.
    contact = page.select_one("[data-hc-feedback-sorry] a.hc-feedback__contact")
    assert "Centre%20d%27aide%20%3A%20%C2%AB%20Annuler%20%C2%BB" in contact["href"]


def test_new_article_placeholder_is_still_found_after_typesetting(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = (
        "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n\n"
        "Une ou deux phrases d'introduction.\n"
    )
    assert build_failure(write_project(tmp_path / "p", docs)) == [
        "docs/fr/facturation/annulation.md:6:1: placeholder text from make new-article is "
        "still here ('Une ou deux phrases d'introduction.'): write the article"
    ]
