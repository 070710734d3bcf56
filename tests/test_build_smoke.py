"""Smoke: the tiny site builds in both languages with values formatted per language."""

from __future__ import annotations


def test_tiny_site_renders_values_in_each_language(build_site):
    site = build_site()
    fr = site.html("facturation/annulation/")
    en = site.html("en/facturation/annulation/")
    assert "30\xa0jours" in fr.select_one(".hc-body").get_text()
    assert "30\xa0days" in en.select_one(".hc-body").get_text()
