"""Strings from the data file and front matter reach pages as text, never as markup."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from conftest import MINIMAL_DOCS, build_failure, write_project

MARKUP = '<img src=x onerror=alert(1)> "quotes" {{ jinja }} *md*'
# Front matter refuses `{{` (markers work in the body only): the rest of the markup.
FRONT_MATTER_MARKUP = '<img src=x onerror=alert(1)> "quotes" *md* & co'


def _texts(value: str) -> str:
    return f"{{fr: '{value}', en: '{value}'}}"


POLICIES = f"""\
cancellation:
  notice_period:
    type: duration
    value: 30 days
fees:
  default_fee:
    type: money
    value: 25.00 GBP
labels:
  risky:
    type: text
    value: {_texts(MARKUP)}
contacts:
  support:
    type: contact
    value:
      name: {_texts(MARKUP)}
      email: support@example.com
      phone: "+44 1234 567 800"
      url: https://www.example.com/contact
      hours: {_texts(MARKUP)}
contract:
  steps:
    type: table
    value:
      columns:
        - {{key: what, type: text, header: {_texts(MARKUP)}}}
        - {{key: fee, type: money, header: {{fr: Frais, en: Fee}}}}
      rows:
        - {{what: {_texts(MARKUP)}, fee: 5.00 GBP}}
"""

BODY = """
## Un

Texte {{ policy.labels.risky }}, {{ policy.contacts.support }}, {{ policy.contacts.support.name }},
{{ policy.contacts.support.email }}, {{ policy.contacts.support.url }},
{{ policy.contacts.support.phone }}, {{ policy.contacts.support.hours }}.

{{ policy.labels.risky }}

## Deux

{{ policy.contract.steps }}

{{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.
"""


def _article(title: str) -> str:
    return f"---\ntitle: '{title}'\ndescription: '{title}'\n---\n{BODY}"


def _no_markup_elements(soup) -> None:
    """Nothing on the page was made from the markup: no image, no handler, no emphasis."""
    assert soup.find("img") is None
    assert [tag.name for tag in soup.find_all(True) if tag.has_attr("onerror")] == []
    for part in soup.select(".hc-body, .hc-contact, .hc-head, .hc-breadcrumbs, .md-header"):
        assert part.find("em") is None


def test_markup_in_every_data_file_string_stays_text(build_site):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = _article(FRONT_MATTER_MARKUP)
    # A translation translates its title and description: the English ones differ.
    docs["en/facturation/annulation.md"] = _article(FRONT_MATTER_MARKUP + " (en)")
    site = build_site(docs=docs, policies=POLICIES)
    for url in ("facturation/annulation/", "en/facturation/annulation/"):
        page = site.html(url)
        title = FRONT_MATTER_MARKUP if url.startswith("f") else FRONT_MATTER_MARKUP + " (en)"
        _no_markup_elements(page)
        body = page.select_one(".hc-body")
        # the text (inline and alone on its line), the contact, its name and hours, the
        # table's header and cell: each as written
        assert body.get_text().count(MARKUP) == 7
        assert body.select_one("p:-soup-contains('Texte')").find(
            "a", href="mailto:support@example.com"
        )
        table = body.select_one("table")
        assert [th.get_text() for th in table.select("th")] == [
            MARKUP,
            "Frais" if url.startswith("f") else "Fee",
        ]
        assert table.select_one("td").get_text() == MARKUP
        contact = page.select_one(".hc-contact")
        assert contact.select_one(".hc-contact__team").get_text() == MARKUP[:1].upper() + MARKUP[1:]
        assert contact.select_one(".hc-contact__hours").get_text() == MARKUP
        # front matter: heading, lede, <title>, header, breadcrumbs and the meta description
        assert page.select_one(".hc-head h1").get_text() == title
        assert page.select_one(".hc-lede").get_text() == title
        assert page.title.get_text().startswith(title + " - ")
        assert title in page.select_one(".md-header__topic + .md-header__topic").get_text()
        assert page.select(".hc-breadcrumbs li")[-1].get_text() == title
        meta = page.select_one('meta[name="description"]')
        assert meta["content"] == title
        # the feedback widget's mailto link: its subject quotes the title, as text
        link = page.select_one(".hc-feedback__contact")
        target = urlsplit(link["href"])
        assert (target.scheme, target.path) == ("mailto", "support@example.com")
        assert title in parse_qs(target.query)["subject"][0]
    collection = site.html("facturation/")
    _no_markup_elements(collection)
    assert collection.select_one(".hc-article-list__title").get_text() == FRONT_MATTER_MARKUP


def test_contact_without_email_never_shows_none(build_site):
    policies = POLICIES.replace("      email: support@example.com\n", "").replace(
        "      url: https://www.example.com/contact\n", ""
    )
    docs = dict(MINIMAL_DOCS)
    for lang in ("fr", "en"):
        docs[f"{lang}/facturation/annulation.md"] = _article("Annuler").replace(
            "{{ policy.contacts.support.email }}, {{ policy.contacts.support.url }},", ""
        )
    site = build_site(docs=docs, policies=policies)
    for html_file in sorted(site.site_dir.rglob("*.html")):
        assert "None" not in html_file.read_text(encoding="utf-8"), html_file
    page = site.html("en/facturation/annulation/")
    assert page.select('a[href^="mailto:"]') == []
    contact = page.select_one(".hc-contact")
    assert [a["href"] for a in contact.select("a")] == ["tel:+441234567800", "tel:+441234567800"]
    # The feedback widget has no address to write to: no "contact us" link.
    assert page.select_one(".hc-feedback") is not None
    assert page.select_one(".hc-feedback__contact") is None
    # The whole-contact marker shows the name and the phone, nothing for the missing email.
    assert page.select_one(".hc-body").find("a", href="tel:+441234567800") is not None


def test_markup_in_a_contact_address_stops_the_build(tmp_path):
    policies = POLICIES.replace(
        "email: support@example.com", "email: '<img src=x onerror=alert(1)>@example.com'"
    ).replace("url: https://www.example.com/contact", "url: 'https://x.example/\"><b>x</b>'")
    root = write_project(tmp_path / "project", policies=policies)
    assert build_failure(root) == [
        "data/policies.yml:18:14: contacts.support.value.email: not an email address "
        "'<img src=x onerror=alert(1)>@example.com'",
        "data/policies.yml:20:12: contacts.support.value.url: not an https:// address "
        "'https://x.example/\"><b>x</b>'",
    ]
