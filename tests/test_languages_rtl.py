"""Every reader's language on one small site (tests/language_sites.py), built once in strict
mode: Arabic and Hebrew added by configuration only, read right to left with no overflow
and no axe violation in Chromium; text in another language or direction marked as such;
CLDR plural forms on the home counts (Polish, Arabic); German and Arabic search; search
results and the index without the heading permalink sign."""

from __future__ import annotations

import gzip
import json
from urllib.parse import quote

import pytest
from conftest import REPO, BuiltSite, build_project
from language_sites import QUERIES, write_language_site
from markdown.extensions.toc import slugify as toc_slugify

from bench.browser import serve_directory
from bench.search_relevance import article_id
from helpcentre.content.slugs import slugify
from helpcentre.interface import shipped_catalogues
from helpcentre.languages import text_direction
from helpcentre.mkdocs import compat
from helpcentre.search.text import content_words, fold
from helpcentre.search.words import language_words

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = (320, 375, 1280)
# One page of each kind a right-to-left reader meets, in Arabic and Hebrew.
RTL_PAGES = {
    "home": "ar/",
    "article with values": "ar/facturation/annulation/",
    "pending article": "ar/facturation/remboursement/",
    "search results": "ar/?q=" + quote("الفاتورة"),
    "collection with French titles": "he/facturation/",
    "home with a French card": "he/",
    "404": "ar/404.html",
    "home in French (no Persian catalogue)": "fa/",
}
RESULT_LINKS = "[data-hc-search-results] .hc-search-results__list a"
# axe's WCAG 2.1 A/AA rules judge markup, names and colours, which do not change with the
# width: every page kind is checked at 375 px in both schemes, and these at every width.
AXE_AT_EVERY_WIDTH = ("search results", "article with values")
AXE_WIDTH = 375


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    root = write_language_site(tmp_path_factory.mktemp("languages") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        return build_project(root)


@pytest.fixture(scope="module")
def site_url(site):
    with serve_directory(site.site_dir) as base_url:
        yield base_url


# -- search words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("فَاتُورَة", "فاتورة"),  # harakat
        ("تـــنزيل", "تنزيل"),  # tatweel
        ("أُلغي", "الغي"),  # hamza seat and damma
        ("הַמִּנּוּי", "המנוי"),  # niqqud
        ("Kündigung", "kundigung"),
    ],
)
def test_folding_drops_harakat_tatweel_niqqud_and_accents(written, folded):
    assert fold(written) == folded


@pytest.mark.parametrize(
    ("lang", "question", "kept"),
    [
        ("ar", "كيف ألغي اشتراكي؟", ["الغي", "اشتراكي"]),
        ("he", "איך מבטלים את המנוי?", ["מבטלים", "המנוי"]),
        ("de", "Wie kündige ich mein Abonnement?", ["kundige", "abonnement"]),
        ("es", "¿Cómo cancelo mi suscripción?", ["cancelo", "suscripcion"]),
    ],
)
def test_stop_and_question_words_come_from_each_languages_file(lang, question, kept):
    assert content_words(question, lang) == kept


@pytest.mark.parametrize("lang", sorted(shipped_catalogues()))
def test_every_shipped_language_has_search_words(lang):
    words = language_words(lang)  # pt-BR reads pt's
    assert words.stop_words and words.question_words and words.endings


# -- the built pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("de", "ltr")]
)
def test_a_language_added_by_configuration_gets_its_direction(site, lang, direction):
    page = site.html(f"{lang}/")
    assert page.html["lang"] == lang
    assert page.body["dir"] == direction
    assert site.messages() == []


@pytest.mark.parametrize("lang", ["ar", "he", "fa", "ur"])
def test_material_knows_every_right_to_left_language(lang):
    """A language Material has no text for fails the build (mkdocs/i18n.py): these four
    are added by configuration only, and Babel says they are written right to left."""
    assert lang in compat.material_languages()
    assert text_direction(lang) == "rtl"


def test_source_language_text_on_a_right_to_left_page_keeps_its_lang_and_dir(site):
    pending = site.html("ar/facturation/remboursement/")
    for element in (pending.select_one(".hc-head h1"), pending.select_one(".hc-body")):
        assert (element["lang"], element["dir"]) == ("fr", "ltr")
    topics = pending.select_one(".hc-topics ul")
    assert (topics["lang"], topics["dir"]) == ("fr", "ltr")
    assert topics.get_text(" ", strip=True) == "Dans quel cas\u202f? Sous quel délai\u202f?"
    # The notice around it is Arabic, in the page's direction (no attribute of its own).
    assert not pending.select_one("[data-hc-translation]").has_attr("dir")
    listed = {
        a.select_one(".hc-article-list__title").get_text(): (a.get("lang"), a.get("dir"))
        for a in site.html("ar/facturation/").select(".hc-article-list a")
    }
    assert listed["Obtenir un remboursement"] == ("fr", "ltr")
    assert listed["إلغاء الاشتراك"] == (None, None)
    cards = {
        card.get_text(): (card.get("lang"), card.get("dir"))
        for card in site.html("he/").select(".hc-card__title")
    }
    assert cards == {
        "חיובים": (None, None),
        "חשבון": (None, None),
        "מעקב": (None, None),
        "Installation": ("fr", "ltr"),
    }
    crumbs = site.html("he/facturation/annulation/").select(".hc-breadcrumbs li > *")
    assert [c.get_text() for c in crumbs][1:] == ["חיובים", "ביטול המנוי"]
    assert [c.get("lang") for c in crumbs] == [None, None, None]  # all Hebrew
    related = site.html("ar/facturation/annulation/").select(".hc-related a[lang]")
    assert [(a.get_text(), a["lang"], a["dir"]) for a in related] == [
        ("Obtenir un remboursement", "fr", "ltr")
    ]


def test_interface_text_in_the_source_language_keeps_its_lang_and_dir(site):
    """Persian has no catalogue and no support team name: its pages show the French
    strings and name, each marked French."""
    page = site.html("fa/")
    assert page.body["dir"] == "rtl"
    heading = page.select_one(".hc-hero h1 > span")
    assert (heading.get_text(), heading["lang"], heading["dir"]) == (
        "Comment pouvons-nous vous aider ?",
        "fr",
        "ltr",
    )
    assert page.select_one(".hc-search__button > span[lang=fr][dir=ltr]") is not None
    team = page.select_one(".hc-contact__team")  # the data file has no Persian name yet
    assert (team.get_text(), team["lang"], team["dir"]) == ("L'équipe Support", "fr", "ltr")
    assert not site.html("ar/").select_one(".hc-contact__team").has_attr("lang")
    # A language with its own string: nothing marked.
    assert site.html("ar/").select_one(".hc-hero h1").find("span") is None


def test_left_to_right_values_in_right_to_left_sentences_are_isolated(site):
    page = site.html("ar/facturation/annulation/")
    body = page.select_one(".hc-body")
    email = body.select_one('a[href^="mailto:"]')
    phone = body.select_one('a[href^="tel:"]')
    assert (email.get_text(), email["dir"]) == ("support@example.com", "ltr")
    assert (phone.get_text(), phone["dir"]) == ("+44\xa01234\xa0567800", "ltr")
    amount = body.select_one("bdi")
    assert amount.get_text() == "\u200f25.00\xa0£"
    assert "قد تُطبَّق رسوم قدرها" in amount.parent.get_text()
    contact = page.select_one(".hc-contact__actions")
    assert [a["dir"] for a in contact.select("a:not(.md-button)")] == ["ltr", "ltr"]
    # A left-to-right page has none of these marks in its text.
    german = site.html("de/facturation/annulation/").select_one(".hc-body")
    assert german.select("bdi, [dir]") == []


def home_counts(site: BuiltSite, lang: str) -> list[str]:
    return [count.get_text(strip=True) for count in site.html(f"{lang}/").select(".hc-card__count")]


def test_home_counts_take_the_polish_and_arabic_plural_forms(site):
    # Collections of 5, 3, 2 and 1 articles (tests/language_sites.py), in that order.
    assert home_counts(site, "pl") == ["5 artykułów", "3 artykuły", "2 artykuły", "1 artykuł"]
    assert home_counts(site, "ar") == ["5 مقالات", "3 مقالات", "مقالتان", "مقالة واحدة"]


def test_a_site_catalogue_changes_single_strings_of_the_shipped_one(site):
    home = site.html("de/")
    assert home.select_one(".hc-hero h1").get_text() == "Wobei dürfen wir Ihnen helfen?"
    assert home.select_one(".hc-section-title").get_text() != "Parcourir les collections"
    assert not home.select("[lang=fr]")  # every other string is German, shipped


def test_german_pages_use_german_quotation_marks(site):
    body = site.html("de/facturation/annulation/").select_one(".hc-body").get_text()
    assert "Der Vertrag heißt „Flotte Plus“." in body
    # No French spaces before German punctuation.
    assert "\u202f" not in body and "\xa0:" not in body


@pytest.mark.parametrize(
    ("path", "ids"),
    [
        ("ar/facturation/annulation/", ["مهلة-الاشعار", "الرسوم"]),
        ("he/facturation/annulation/", ["הודעה-מוקדמת", "עמלות"]),
        ("de/facturation/annulation/", ["kundigungsfrist", "gebuhren"]),
    ],
)
def test_headings_get_ids_in_their_own_script(site, path, ids):
    # Latin letters are reduced to ASCII as before; Arabic and Hebrew ones are kept (they
    # became "_1", "_2" with the default rule), their vowel signs and hamza dropped.
    headings = site.html(path).select(".hc-body h2[id]")
    assert [heading["id"] for heading in headings] == ids


@pytest.mark.parametrize(
    "heading",
    ["Comment annuler mon abonnement ?", "Zażółć gęślą jaźń", "Cœur, Straße & Øre", "Délai"],
)
def test_latin_heading_ids_stay_those_of_the_default_rule(heading):
    assert slugify(heading, "-") == toc_slugify(heading, "-")


def test_heading_permalinks_and_dates_stay_out_of_the_search_index(site):
    page = site.html("de/facturation/annulation/")
    links = page.select(".hc-body a.headerlink")
    assert links and all(link.has_attr("data-pagefind-ignore") for link in links)
    assert page.select_one(".hc-updated").has_attr("data-pagefind-ignore")
    fragments = list((site.site_dir / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        assert "¶" not in json.loads(data)["content"], fragment.name


def test_search_titles_are_typeset_and_marked_like_their_pages(site):
    french = site.search_payload("fr")
    title = site.html("suivi/batterie/").select_one(".hc-head h1").get_text()
    assert title == "Pourquoi la batterie s’use-t-elle\u202f?"
    assert title in [row[1] for row in french["docs"]]
    arabic = site.search_payload("ar")
    rows = {row[0]: row for row in arabic["docs"]}
    assert rows["/ar/facturation/remboursement/"][1:2] + rows["/ar/facturation/remboursement/"][
        6:
    ] == ["Obtenir un remboursement", "fr", ""]
    assert len(rows["/ar/facturation/annulation/"]) == 6  # all Arabic: no language named
    assert arabic["directions"] == {"fr": "ltr"}
    assert "كيف" in arabic["stop"] and "ال" in arabic["prefixes"]


# -- in Chromium ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_right_to_left_pages_fit_and_pass_axe(site_url, chromium, scheme, width):
    """Every page kind at one width and scheme in one context: no sideways scroll, and no
    WCAG 2.1 A/AA violation (AXE_AT_EVERY_WIDTH)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `make test` (npm ci installs axe-core)")
    context = chromium.new_context(
        viewport={"width": width, "height": 800},
        color_scheme=scheme,
        reduced_motion="reduce",
        bypass_csp=True,  # axe is added as an inline script
    )
    problems = []
    try:
        page = context.new_page()
        for kind, path in RTL_PAGES.items():
            page.goto(site_url + path)
            if kind == "search results":
                page.wait_for_selector("[data-hc-search-done] .hc-search-results__list a")
            else:
                page.wait_for_load_state("load")
            assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll != width:
                problems.append(f"{kind}: {scroll} px wide at {width}")
            if width != AXE_WIDTH and kind not in AXE_AT_EVERY_WIDTH:
                continue
            page.add_script_tag(path=str(AXE))
            results = page.evaluate(
                "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                WCAG_21_A_AA,
            )
            problems += [
                f"{kind}: {v['id']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:5])
                for v in results["violations"]
            ]
    finally:
        context.close()
    assert problems == []


def test_german_and_arabic_questions_find_their_article_in_the_first_three(site_url, chromium):
    context = chromium.new_context()
    misses, answered = [], {}
    try:
        page = context.new_page()
        for lang, queries in QUERIES.items():
            page.goto(f"{site_url}{lang}/")
            for query, wanted in queries:
                # Typed and sent as a reader does; sending clears the previous results' mark.
                page.fill("#hc-search-input", query)
                page.press("#hc-search-input", "Enter")
                page.wait_for_selector("[data-hc-search-results][data-hc-search-done]")
                hrefs = page.eval_on_selector_all(RESULT_LINKS, "ls => ls.map(a => a.href)")
                found = [article_id(h, site_url, f"{lang}/") for h in hrefs][:3]
                answered[lang] = answered.get(lang, 0) + (wanted in found)
                if wanted not in found:
                    misses.append((lang, query, found))
    finally:
        context.close()
    success = {lang: answered[lang] / len(QUERIES[lang]) for lang in QUERIES}
    assert all(rate >= 0.9 for rate in success.values()), (success, misses)


def test_search_results_read_like_pages(site_url, chromium):
    """Excerpts without the permalink sign, titles typeset, a French title on the Arabic
    results marked French and left to right, the query isolated in the status line."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        seen = {}
        for lang, query in (
            ("de", "Kündigungsfrist"),
            ("", "batterie"),
            ("ar", "remboursement"),
        ):
            page.goto(f"{site_url}{lang}{'/' if lang else ''}?q={quote(query)}")
            page.wait_for_selector("[data-hc-search-done] .hc-search-results__list a")
            typed = page.locator(".hc-search-results__status bdi").inner_text()
            assert typed == query  # isolated in the sentence of the status line
            seen[lang or "fr"] = page.eval_on_selector_all(
                RESULT_LINKS,
                """links => links.map(a => {
                    const title = a.querySelector('.hc-article-list__title');
                    return [title.textContent, title.lang, title.dir,
                            a.querySelector('.hc-article-list__lede').textContent];
                })""",
            )
    finally:
        context.close()
    excerpts = [item[3] for items in seen.values() for item in items]
    assert excerpts and not any("¶" in text for text in excerpts)
    assert seen["de"][0][0] == "Abonnement kündigen"
    assert "Kündigungsfrist" in seen["de"][0][3]
    assert seen["fr"][0][0] == "Pourquoi la batterie s’use-t-elle\u202f?"
    assert seen["ar"][0][:3] == ["Obtenir un remboursement", "fr", "ltr"]
