"""Search data: data/synonyms.yml and `keywords:` read, checked (exact lines) and shipped."""

from __future__ import annotations

import io
import random
import unicodedata
from pathlib import Path

import pytest
from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.checks.__main__ import main
from helpcentre.search.synonyms import load_search_data, other_language
from helpcentre.search.text import content_words, fold

ARTICLE_FR = "fr/facturation/annulation.md"


def check(root: Path) -> list[str]:
    out = io.StringIO()
    main(["--root", str(root), "check"], out=out)
    return [line for line in out.getvalue().splitlines() if " HC95" in line or "synonyms" in line]


def project(tmp_path: Path, synonyms: str | None, **docs: str) -> Path:
    root = write_project(tmp_path / "project", {**MINIMAL_DOCS, **docs})
    if synonyms is not None:
        (root / "data" / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    return root


def test_query_words_fold_accents_and_drop_question_words():
    assert fold("Résilier mon Boîtier") == "resilier mon boitier"
    assert content_words("Comment annuler mon abonnement ?", "fr") == ["annuler", "abonnement"]
    assert content_words("How do I cancel my plan?", "en") == ["cancel", "plan"]


@pytest.mark.parametrize("seed", range(5))
def test_folding_drops_every_combining_mark_whatever_the_script(seed):
    """The fast fold (ASCII shortcut, one translation table) against its definition:
    decompose, drop each non-spacing mark (accents, harakat, niqqud) and the Arabic
    tatweel, lower the case (hc-search.js folds queries the same way)."""
    rng = random.Random(seed)
    texts = ["Œuvre ÇA ﬁ straße ẞ İ ǅ n\u0308", "Ελληνικά ÀÉÎÕÜ", "déjà-vu", "ABC def"]
    texts += ["".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(12)) for _ in range(2000)]
    for text in texts:
        decomposed = unicodedata.normalize("NFD", text)
        kept = (c for c in decomposed if unicodedata.category(c) != "Mn" and c != "\u0640")
        expected = "".join(kept).lower()
        assert fold(text) == expected, repr(text)


def test_a_word_of_the_other_language_only_reads_as_that_language():
    words = {"fr": {"annuler", "abonnement"}, "en": {"cancel", "plan", "abonnement"}}
    assert other_language("cancel", "fr", words) == "en"
    assert other_language("abonnement", "en", words) is None  # both languages use it
    assert other_language("RGPD", "fr", words) is None  # in neither: a reader's word


def test_groups_and_suggestions_keep_their_lines(tmp_path):
    file = tmp_path / "synonyms.yml"
    file.write_text(
        "fr:\n  synonyms:\n    - [Résilier, annuler]\n  suggested: [facturation/annulation]\n",
        encoding="utf-8",
    )
    data = load_search_data(file, "data/synonyms.yml", ["fr", "en"])
    group = data.language("fr").synonyms[0]
    assert [(t.text, t.line, t.col) for t in group] == [("Résilier", 3, 8), ("annuler", 3, 18)]
    assert [(s.text, s.line) for s in data.language("fr").suggested] == [
        ("facturation/annulation", 4)
    ]
    assert data.language("en").synonyms == ()


def test_malformed_file_fails_the_build_with_one_line(tmp_path):
    root = project(tmp_path, "fr:\n  synonyms:\n    - [annuler, résilier\n  suggested: []\n")
    assert build_failure(root) == [
        "data/synonyms.yml:4:12: search data is not valid YAML: expected ',' or ']', but got ':'"
    ]


def test_wrong_shapes_fail_the_build_each_on_its_line(tmp_path):
    text = "fr:\n  synonyms:\n    - [annuler]\n  extra: 1\nde:\n  synonyms: []\n"
    root = project(tmp_path, text)
    assert build_failure(root) == [
        "data/synonyms.yml:3:7: a synonym group needs two terms or more",
        "data/synonyms.yml:4:3: unknown key 'extra' (allowed: synonyms, suggested)",
        "data/synonyms.yml:5:1: 'de' is not a site language (languages: fr, en)",
    ]


def test_check_reports_duplicates_unknown_articles_and_wrong_language(tmp_path):
    text = (
        "fr:\n"
        "  synonyms:\n"
        "    - [annuler, résilier]\n"
        "    - [Résilier, arrêter]\n"
        "    - [notice, préavis]\n"
        "  suggested: [facturation/annulation, facturation/absent]\n"
    )
    root = project(tmp_path, text)
    assert check(root) == [
        "data/synonyms.yml:4:8: HC952 duplicate synonym 'Résilier' in 'fr' (already on "
        "line 3: keep one, merging the two groups if both are meant)",
        "data/synonyms.yml:5:8: HC954 'notice' reads as English, not French: its words are "
        "in the English articles and in no French one (move it to the en synonyms, or "
        "write the French word)",
        # the build cannot list it either: its line (HC101) stands for the check's
        "data/synonyms.yml:6:39: HC101 suggested article 'facturation/absent' is not an "
        "article of 'fr' (write its path under docs/<lang>/ without .md, e.g. suivi/alertes)",
    ]


def test_check_reports_keywords_listed_twice_or_in_the_wrong_language(tmp_path):
    article = MINIMAL_DOCS[ARTICLE_FR].replace(
        "description: Comment annuler.\n",
        "description: Comment annuler.\nkeywords:\n  - résiliation\n  - cancel\n  - Résiliation\n",
    )
    root = project(tmp_path, None, **{ARTICLE_FR: article})
    assert check(root) == [
        "docs/fr/facturation/annulation.md:6:5: HC954 'cancel' reads as English, not French: "
        "its words are in the English articles and in no French one (move it to the en "
        "keywords, or write the French word)",
        "docs/fr/facturation/annulation.md:7:5: HC952 keyword 'Résiliation' is listed twice "
        "(remove one)",
    ]


def test_an_empty_keyword_is_a_front_matter_error(tmp_path):
    article = MINIMAL_DOCS[ARTICLE_FR].replace(
        "description: Comment annuler.\n", "description: Comment annuler.\nkeywords: ['  ']\n"
    )
    root = project(tmp_path, None, **{ARTICLE_FR: article})
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:4:1: front matter 'keywords': keyword '  ' must be "
        "a word or a short phrase (1 to 60 characters, e.g. remboursement)"
    ]


def test_the_search_file_ships_titles_keywords_words_synonyms_and_suggestions(tmp_path):
    article = MINIMAL_DOCS[ARTICLE_FR].replace(
        "description: Comment annuler.\n",
        "description: Comment annuler.\nkeywords: [remboursement, '<b>offert</b>']\n",
    )
    root = project(
        tmp_path, "fr:\n  synonyms:\n    - [Résilier, mettre fin]\n", **{ARTICLE_FR: article}
    )
    site = build_project(root)
    fr = site.search_payload("fr")
    [(url, title, lede, collection, keywords, fragment)] = fr["docs"]
    assert (url, title, lede, collection, keywords) == (
        "/facturation/annulation/",
        "Annuler",
        "Comment annuler.",
        0,
        ["remboursement", "<b>offert</b>"],
    )
    # Pagefind's id for the page: the name of the fragment it wrote for it
    assert (site.site_dir / "pagefind" / "fragment" / f"{fragment}.pf_fragment").is_file()
    assert fr["collections"] == ["Facturation"]
    assert fr["synonyms"] == [["resilier", "mettre fin"]]
    assert fr["suggested"] == [0]  # no list: the first article of each collection
    assert {"preavis", "annuler", "remboursement"} <= set(fr["words"].split())
    assert "comment" in fr["stop"]
    en = site.search_payload("en")
    assert en["synonyms"] == [] and "preavis" not in en["words"].split()
