"""A heading that quotes a policy value keeps its anchor when the value changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.policies.headings import heading_ids
from helpcentre.policies.markers import find_markers

NBSP = "\xa0"
ANCHOR = "preavis-de-cancellation-notice-period"
EN_ANCHOR = "notice-of-cancellation-notice-period"


def docs() -> dict[str, str]:
    """The notice period (30 days, then 60 days from 2030-01-01) quoted in a heading, and
    a page of each language linking to that heading."""
    pages = dict(MINIMAL_DOCS)
    pages["fr/facturation/annulation.md"] = (
        "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n\n"
        "## Préavis de {{ policy.cancellation.notice_period }}\n\nÀ respecter.\n\n"
        "## Frais\n\nDes frais de {{ policy.fees.default_fee }} peuvent s'appliquer.\n"
    )
    pages["en/facturation/annulation.md"] = (
        "---\ntitle: Cancelling\ndescription: How to cancel.\n---\n\n"
        "## Notice of {{ policy.cancellation.notice_period }}\n\nTo respect.\n\n"
        "## Fees\n\nA fee of {{ policy.fees.default_fee }} may apply.\n"
    )
    pages["fr/facturation/resilier.md"] = (
        "---\ntitle: Résilier\ndescription: Résilier un contrat.\n---\n\n"
        f"Lisez d'abord [le préavis](annulation.md#{ANCHOR}).\n"
    )
    pages["en/facturation/resilier.md"] = (
        "---\ntitle: Terminate\ndescription: End a contract.\n---\n\n"
        f"Read [the notice](annulation.md#{EN_ANCHOR}) first.\n"
    )
    return pages


def resolves(site_dir: Path, page: str, link_text: str) -> tuple[str, str]:
    """The fragment of the link with `link_text` on `page`, and the text of the element
    with that id on the page it leads to (the link resolves when there is one)."""
    source = site_dir / page / "index.html"
    html = BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser")
    link = next(a for a in html.select(".hc-body a") if a.get_text() == link_text)
    path, _, fragment = str(link["href"]).partition("#")
    target = BeautifulSoup(
        (source.parent / path / "index.html").resolve().read_text(encoding="utf-8"), "html.parser"
    )
    element = target.find(id=fragment)
    assert element is not None, f"no id '{fragment}' on {path}"
    return fragment, element.get_text().removesuffix("¶")


def test_anchor_stays_when_a_scheduled_value_changes(tmp_path, as_of):
    root = write_project(tmp_path / "p", docs())
    before = (
        (ANCHOR, f"Préavis de 30{NBSP}jours"),
        (EN_ANCHOR, f"Notice of 30{NBSP}days"),
        f"Préavis de 30{NBSP}jours",
    )
    on_the_day = (
        (ANCHOR, f"Préavis de 60{NBSP}jours"),
        (EN_ANCHOR, f"Notice of 60{NBSP}days"),
        f"Préavis de 60{NBSP}jours",
    )
    # The day before, the day of the change, and the day before again (the rendered-page
    # cache keeps both renders: each date must show its own value under the same id).
    for day, expected in (
        ("2029-12-31", before),
        ("2030-01-01", on_the_day),
        ("2029-12-31", before),
    ):
        as_of(day)
        site = build_project(root)  # strict, with MkDocs' anchor validation
        assert site.messages() == []
        toc = site.html("facturation/annulation/").select(".hc-topics a")
        assert (
            resolves(site.site_dir, "facturation/resilier", "le préavis"),
            resolves(site.site_dir, "en/facturation/resilier", "the notice"),
            toc[0].get_text(" ", strip=True),
        ) == expected


def test_headings_get_ids_from_their_markers():
    slugify = "-".join  # stands for the toc's rule: here, the words joined

    def ids(text: str) -> list[tuple[int, int, str]]:
        found = heading_ids(text, find_markers(text), lambda words: slugify(words.split()))
        return [(h.line, h.col, text[: h.offset] + h.text + text[h.offset :]) for h in found]

    marker = "{{ policy.fees.default_fee }}"
    assert ids(f"## Frais de {marker} ##\n") == [
        (1, 13, f"## Frais de {marker} {{ #Frais-de-fees-default-fee }} ##\n")
    ]
    # setext headings; a repeated id gets a number, as Python-Markdown numbers them
    assert [text.split("\n")[2] for _, _, text in ids(f"Texte.\n\n{marker}\n---\n")] == [
        f"{marker} {{ #fees-default-fee }}"
    ]
    twice = f"# {marker}\n\n# {marker}\n"
    assert [text.split("\n")[line - 1] for line, _, text in ids(twice)] == [
        f"# {marker} {{ #fees-default-fee }}",
        f"# {marker} {{ #fees-default-fee_1 }}",
    ]
    # an attribute list gets the id; an id written by hand is kept; prose is no heading
    assert (
        ids(f"## {marker} {{ .large }}\n")[0][2] == f"## {marker} {{ #fees-default-fee .large }}\n"
    )
    assert ids(f"## {marker} {{ #frais }}\n") == []
    assert ids(f"Frais de {marker}.\n") == []


@pytest.mark.parametrize("heading", ["## Écrire à {{ policy.contacts.support }}"])
def test_a_heading_may_quote_a_contact(tmp_path, heading):
    # Material puts the permanent link after the heading's text: no link inside a link.
    pages = dict(MINIMAL_DOCS)
    pages["fr/facturation/annulation.md"] += f"\n{heading}\n"
    site = build_project(write_project(tmp_path / "p", pages))
    title = site.html("facturation/annulation/").select_one("#ecrire-a-contacts-support")
    assert [a.get("href") for a in title.select("a")] == [
        "mailto:support@example.com",
        "tel:+441234567800",
        "#ecrire-a-contacts-support",
    ]
    assert title.select("a a") == []


def test_a_heading_quoting_a_value_needs_attr_list(tmp_path):
    root = write_project(tmp_path / "p", docs())
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - attr_list\n", ""))
    fix = (
        "a heading that quotes a policy value needs attr_list to keep its anchor when the "
        "value changes (add attr_list under markdown_extensions in mkdocs.yml)"
    )
    assert build_failure(root) == [
        f"docs/en/facturation/annulation.md:6:14: {fix}",
        f"docs/fr/facturation/annulation.md:6:15: {fix}",
    ]
