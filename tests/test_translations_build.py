"""Pending and stale translations as readers see them in the built site."""

from __future__ import annotations

from conftest import MINIMAL_DOCS

PENDING_EN = "---\ntitle: Cancelling\ndescription: Soon in English.\ntranslation: pending\n---\n"


def test_pending_translation_shows_the_french_text_marked_as_french(build_site):
    site = build_site(docs={**MINIMAL_DOCS, "en/facturation/annulation.md": PENDING_EN})
    page = site.html("en/facturation/annulation/")
    notice = page.select_one("[data-hc-translation=pending]")
    assert notice.get_text(" ", strip=True).startswith(
        "This article is not yet available in English."
    )
    assert notice.a["href"] == "../../../facturation/annulation/"
    body = page.select_one(".hc-body")
    assert body["lang"] == "fr"
    # the French text, with its values formatted for French readers
    assert "Le préavis est de 30\xa0jours." in body.get_text()


def test_stale_translation_points_to_the_newer_french_page(build_site):
    english = MINIMAL_DOCS["en/facturation/annulation.md"].replace(
        "---\n\n", 'source_hash: "0000000000"\n---\n\n', 1
    )
    site = build_site(docs={**MINIMAL_DOCS, "en/facturation/annulation.md": english})
    page = site.html("en/facturation/annulation/")
    notice = page.select_one("[data-hc-translation=stale]")
    assert notice.get_text(" ", strip=True) == (
        "The French version of this article was updated more recently. Read the French version"
    )
    assert notice.a["href"] == "../../../facturation/annulation/"
    assert notice.a["hreflang"] == "fr"
    assert not page.select_one(".hc-body").has_attr("lang")


def test_up_to_date_and_source_pages_have_no_notice(build_site):
    site = build_site()
    for url in ("facturation/annulation/", "en/facturation/annulation/"):
        assert site.html(url).select_one("[data-hc-translation]") is None
