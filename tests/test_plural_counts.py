"""The article counts of the home page in Polish and Arabic, for every count the issue of
plural forms names: collections of 0, 11, 22, 25 and 100 articles, written once in French
and served in both languages from the French files (they are in progress)."""

from __future__ import annotations

import pytest
from conftest import BuiltSite, add_languages, build_project, write_project

# Collection slug -> how many articles it holds (its order on the home page follows).
SIZES = {"vide": 0, "onze": 11, "vingt-deux": 22, "vingt-cinq": 25, "cent": 100}
LANGUAGES = {"pl": ("Polski", "pl_PL"), "ar": ("العربية", "ar_EG")}


def docs() -> dict[str, str]:
    pages = {"fr/index.md": "---\ntitle: Aide\ndescription: Accueil.\n---\n"}
    for lang in ("en", *LANGUAGES):
        pages[f"{lang}/index.md"] = f"---\ntitle: {lang}\ndescription: {lang}.\n---\n"
    for order, (slug, size) in enumerate(SIZES.items(), 1):
        pages[f"fr/{slug}/index.md"] = (
            f"---\ntitle: Rubrique {slug}\ndescription: {size} articles.\n"
            f"icon: material/folder-outline\norder: {order}\n---\n"
        )
        for number in range(1, size + 1):
            pages[f"fr/{slug}/article-{number}.md"] = (
                f"---\ntitle: Article {number} de {slug}\ndescription: Numéro {number}.\n---\n\n"
                f"Le texte de l'article {number}.\n"
            )
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = write_project(tmp_path_factory.mktemp("counts") / "p", docs())
    add_languages(root, LANGUAGES, tuple(LANGUAGES), english="after")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        return build_project(root, strict=False)


def home_counts(site: BuiltSite, lang: str) -> dict[str, str]:
    cards = site.html(f"{lang}/").select(".hc-card")
    return {
        card.select_one("a")["href"].strip("/").split("/")[-1]: card.select_one(
            ".hc-card__count"
        ).get_text(strip=True)
        for card in cards
        if card.select_one(".hc-card__count")
    }


def test_polish_home_counts_take_their_cldr_forms(site):
    counts = home_counts(site, "pl")
    assert counts["vingt-deux"] == "22 artykuły"  # few: ends in 2 to 4, not 12 to 14
    assert counts["vingt-cinq"] == "25 artykułów"  # many
    assert counts["onze"] == "11 artykułów"  # many, though it ends in 1
    assert counts["cent"] == "100 artykułów"
    assert counts["vide"] == "0 artykułów"


def test_arabic_home_counts_take_their_cldr_forms(site):
    counts = home_counts(site, "ar")
    assert counts["onze"] == "11 مقالة"  # many
    assert counts["cent"] == "100 مقالة"  # other
    assert counts["vingt-deux"] == "22 مقالة"  # many
    assert counts["vide"] == "لا توجد مقالات"  # zero: its own sentence, no number
