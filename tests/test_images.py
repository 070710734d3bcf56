"""Point 9: images beside the source article serve every language; a translation may
replace one; a missing image is one line where it is used."""

from __future__ import annotations

import logging
import posixpath

from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.mkdocs.engine import driver

FR_PNG = b"\x89PNG french map"
EN_PNG = b"\x89PNG english map"
FR = "---\ntitle: Zones\ndescription: Les zones.\n---\n\n![Carte des zones](zones.png)\n"
EN = "---\ntitle: Zones\ndescription: The zones.\n---\n\n![Map of the zones](zones.png)\n"
FR_PENDING = "---\ntitle: Tarifs\ndescription: Les tarifs.\n---\n\n![Carte des tarifs](zones.png)\n"
EN_STUB = "---\ntitle: Prices\ndescription: Prices.\ntranslation: pending\n---\n"


def project(tmp_path, english_image: bool = False, **docs: str):
    root = write_project(
        tmp_path / "project",
        {
            **MINIMAL_DOCS,
            "fr/facturation/zones.md": FR,
            "en/facturation/zones.md": EN,
            "fr/facturation/tarifs.md": FR_PENDING,
            "en/facturation/tarifs.md": EN_STUB,
            **{path.replace("__", "/"): text for path, text in docs.items()},
        },
    )
    (root / "docs/fr/facturation/zones.png").write_bytes(FR_PNG)
    if english_image:
        (root / "docs/en/facturation/zones.png").write_bytes(EN_PNG)
    return root


def image_bytes(site, url_path: str) -> bytes:
    """The file the page's only <img> loads, resolved as a browser would."""
    (img,) = site.html(url_path).select("article img")
    target = posixpath.normpath(posixpath.join(url_path, img["src"]))
    return (site.site_dir / target).read_bytes()


def test_source_image_serves_every_language(tmp_path):
    site = build_project(project(tmp_path))
    assert image_bytes(site, "facturation/zones/") == FR_PNG
    assert image_bytes(site, "en/facturation/zones/") == FR_PNG
    assert image_bytes(site, "en/facturation/tarifs/") == FR_PNG  # pending stub
    assert not (site.root / "docs/en/facturation/zones.png").exists()  # nothing copied
    assert not site.messages()


def test_translation_image_replaces_it_for_its_language(tmp_path):
    site = build_project(project(tmp_path, english_image=True))
    assert image_bytes(site, "facturation/zones/") == FR_PNG
    assert image_bytes(site, "en/facturation/zones/") == EN_PNG
    assert image_bytes(site, "en/facturation/tarifs/") == EN_PNG  # same folder, English
    assert not site.messages()


def test_missing_image_is_one_line_where_it_is_used(tmp_path):
    root = project(tmp_path, **{"fr__facturation__zones.md": FR.replace("zones.png", "zonez.png")})
    assert build_failure(root) == [
        "docs/fr/facturation/zones.md:6:1: image 'zonez.png' not found (did you mean 'zones.png'?)"
    ]
    outcome = driver.build_site(root, root / "site", strict=True)
    warnings = [r.getMessage() for r in outcome.records if r.levelno == logging.WARNING]
    assert not [w for w in warnings if "zonez.png" in w]  # no MkDocs warning as well


def test_missing_image_in_a_translation(tmp_path):
    root = project(
        tmp_path, **{"en__facturation__zones.md": EN.replace("zones.png", "legend/key.svg")}
    )
    assert build_failure(root) == [
        "docs/en/facturation/zones.md:6:1: image 'legend/key.svg' not found (put the file at "
        "docs/fr/facturation/legend/key.svg, beside the article: every language uses it)"
    ]
