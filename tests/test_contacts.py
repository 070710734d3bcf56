"""Contacts in a sentence: the whole contact, its details without the name, and its fields."""

from __future__ import annotations

from conftest import MINIMAL_DOCS, MINIMAL_POLICIES, build_failure, build_project, write_project
from site_builds import build_real_site

NBSP = "\u00a0"
NNBSP = "\u202f"


def with_bodies(fr_body: str, en_body: str) -> dict[str, str]:
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = f"---\ntitle: Annuler\ndescription: D.\n---\n\n{fr_body}"
    docs["en/facturation/annulation.md"] = (
        f"---\ntitle: Cancelling\ndescription: D.\n---\n\n{en_body}"
    )
    return docs


def body_paragraph(site, path: str):
    return site.html(path).select_one(".hc-body p")


def test_details_give_the_ways_to_reach_a_contact_without_its_name(tmp_path):
    docs = with_bodies(
        "Contactez {{ policy.contacts.support.name }}, qui vous répondra : "
        "{{ policy.contacts.support.details }}.\n",
        "Contact {{ policy.contacts.support.name }}, who will answer: "
        "{{ policy.contacts.support.details }}.\n",
    )
    site = build_project(write_project(tmp_path / "p", docs), strict=False)
    fr = body_paragraph(site, "facturation/annulation/")
    assert fr.get_text() == (
        f"Contactez l’équipe Support, qui vous répondra{NBSP}: "
        f"support@example.com ou +44{NBSP}1234{NBSP}567800."
    )
    assert fr.get_text().count("Support") == 1
    assert [a["href"] for a in fr.select("a")] == [
        "mailto:support@example.com",
        "tel:+441234567800",
    ]
    en = body_paragraph(site, "en/facturation/annulation/")
    assert en.get_text() == (
        f"Contact the Support team, who will answer: support@example.com or 01234{NBSP}567800."
    )


def test_whole_contact_and_each_field(tmp_path):
    docs = with_bodies(
        "Écrivez à {{ policy.contacts.support }}. "
        "Nom : {{ policy.contacts.support.name }} ; "
        "e-mail : {{ policy.contacts.support.email }} ; "
        "téléphone : {{ policy.contacts.support.phone }} ; "
        "site : {{ policy.contacts.support.url }}.\n",
        "Write to {{ policy.contacts.support }}.\n",
    )
    site = build_project(write_project(tmp_path / "p", docs), strict=False)
    fr = body_paragraph(site, "facturation/annulation/")
    assert fr.get_text() == (
        f"Écrivez à l’équipe Support (support@example.com, +44{NBSP}1234{NBSP}567800). "
        f"Nom{NBSP}: l’équipe Support{NNBSP}; e-mail{NBSP}: support@example.com{NNBSP}; "
        f"téléphone{NBSP}: +44{NBSP}1234{NBSP}567800{NNBSP}; "
        f"site{NBSP}: www.example.com/contact."
    )
    assert fr.select("a")[-1]["href"] == "https://www.example.com/contact"


def test_details_of_a_contact_with_one_way_only(tmp_path):
    policies = MINIMAL_POLICIES.replace('      phone: "+44 1234 567 800"\n', "")
    docs = with_bodies(
        "Écrivez-lui : {{ policy.contacts.support.details }}.\n",
        "Write: {{ policy.contacts.support.details }}.\n",
    )
    site = build_project(write_project(tmp_path / "p", docs, policies=policies), strict=False)
    fr = body_paragraph(site, "facturation/annulation/")
    assert fr.get_text() == f"Écrivez-lui{NBSP}: support@example.com."


def test_markup_in_contact_values_stays_text(tmp_path):
    policies = MINIMAL_POLICIES.replace(
        "name: {fr: l'équipe Support, en: the Support team}",
        'name: {fr: "<b>Support</b>", en: "<i>Support</i> *team*"}',
    )
    docs = with_bodies(
        "Contact : {{ policy.contacts.support }}.\n",
        "Contact: {{ policy.contacts.support }}.\n",
    )
    site = build_project(write_project(tmp_path / "p", docs, policies=policies), strict=False)
    fr = body_paragraph(site, "facturation/annulation/")
    assert fr.find("b") is None
    assert "<b>Support</b> (" in fr.get_text()
    en = body_paragraph(site, "en/facturation/annulation/")
    assert en.find("i") is None and en.find("em") is None
    assert "<i>Support</i> *team* (" in en.get_text()


def test_unknown_field_is_one_located_line(tmp_path):
    english = "{{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.\n"
    docs = with_bodies("Joindre {{ policy.contacts.support.detail }}.\n", english)
    assert build_failure(write_project(tmp_path / "p", docs)) == [
        "docs/fr/facturation/annulation.md:6:9: policy 'contacts.support' has no field "
        "'detail' (fields: name, details, email, phone, url, hours)"
    ]


def test_contact_block_uses_the_same_phone_and_email_rendering(tmp_path):
    docs = with_bodies(
        "Appelez le {{ policy.contacts.support.phone }}.\n",
        "Call {{ policy.contacts.support.phone }}.\n",
    )
    site = build_project(write_project(tmp_path / "p", docs), strict=False)
    for path in ("facturation/annulation/", "en/facturation/annulation/"):
        page = site.html(path)
        in_text = page.select_one(".hc-body a[href^='tel:']")
        in_block = page.select_one(".hc-contact a[href^='tel:']")
        assert in_block["href"] == in_text["href"] == "tel:+441234567800"
        assert in_block.get_text() == in_text.get_text()
    block = site.html("facturation/annulation/").select_one(".hc-contact")
    assert block.select_one("a[href^='tel:']").get_text() == f"+44{NBSP}1234{NBSP}567800"


def test_reference_article_names_each_team_once_per_sentence(tmp_path):
    site_dir = build_real_site(tmp_path / "site")
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (site_dir / "facturation/modifier-ou-annuler-un-plan/index.html").read_text("utf-8"),
        "html.parser",
    )
    texts = [p.get_text() for p in page.select(".hc-body p")]
    assert (
        "Pour connaître le montant exact de votre solde, contactez l’équipe Finance, qui vous "
        f"le calculera{NBSP}: finance@ramtracking.example ou +44{NBSP}1234{NBSP}567820."
    ) in texts
    assert any(text.startswith("Si votre situation a changé, l’équipe") for text in texts)
    assert f"Pour la joindre{NBSP}: renewals@ramtracking.example ou +44{NBSP}1234{NBSP}567810." in (
        " ".join(texts)
    )
    headings = [h.get_text().rstrip("¶") for h in page.select(".hc-body h2")]
    assert f"Puis-je réduire mes paiements{NNBSP}?" in headings
