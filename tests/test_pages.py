"""Build tests of the help-centre pages: home grid, collections, article furniture."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest
from conftest import MINIMAL_DOCS, build_failure, build_project, interface_strings, write_project

from helpcentre.content.git_dates import ChangeDates, read_change_dates


def article(title: str, description: str, body: str = "", **meta: object) -> str:
    extra = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    return f"---\ntitle: {title}\ndescription: {description}\n{extra}---\n\n{body}"


def collection(title: str, order: int, icon: str = "material/lifebuoy") -> str:
    return f"---\ntitle: {title}\ndescription: About {title}.\nicon: {icon}\norder: {order}\n---\n"


def two_collection_docs() -> dict[str, str]:
    docs = dict(MINIMAL_DOCS)
    for lang, name in (("fr", "Dépannage"), ("en", "Troubleshooting")):
        docs[f"{lang}/depannage/index.md"] = collection(name, 2)
        docs[f"{lang}/depannage/hors-ligne.md"] = article(
            f"{lang} offline", "Lede.", "## A\n\nx\n\n## B\n\ny\n", tags=["device"]
        )
        docs[f"{lang}/facturation/paiement.md"] = article(
            f"{lang} payment", "Pay.", "Text.\n", order=1, tags=["device"]
        )
        docs[f"{lang}/facturation/zeta.md"] = article(f"{lang} zeta", "Z.", "Text.\n")
    return docs


def test_home_grid_has_cards_with_localized_counts(build_site):
    site = build_site(docs=two_collection_docs())
    for prefix, counts in (("", ["3 articles", "1 article"]), ("en/", ["3 articles", "1 article"])):
        home = site.html(prefix)
        cards = home.select(".hc-card")
        assert [c.select_one(".hc-card__count").get_text() for c in cards] == counts
        assert cards[0].select_one(".hc-card__icon svg") is not None
        assert home.select_one("form[role=search] input[type=search]") is not None
    fr_titles = [c.get_text() for c in site.html("").select(".hc-card__title")]
    en_titles = [c.get_text() for c in site.html("en/").select(".hc-card__title")]
    assert fr_titles == ["Facturation", "Dépannage"]
    assert en_titles == ["Billing", "Troubleshooting"]


def test_french_counts_zero_and_one_as_singular():
    from helpcentre.interface import article_count

    fr, en = interface_strings("fr"), interface_strings("en")
    assert article_count(fr, 0, "fr_FR") == "0 article"
    assert article_count(en, 0, "en_GB") == "0 articles"
    assert article_count(fr, 1500, "fr_FR") == "1\u202f500 articles"


def test_collection_page_lists_articles_by_order_then_title(build_site):
    site = build_site(docs=two_collection_docs())
    page = site.html("en/facturation/")
    titles = [t.get_text() for t in page.select(".hc-article-list__title")]
    assert titles == ["en payment", "Cancelling", "en zeta"]
    assert page.select_one(".hc-article-list__lede").get_text() == "Pay."
    crumbs = [li.get_text(strip=True) for li in page.select(".hc-breadcrumbs li")]
    assert crumbs == ["All collections", "Billing"]


def test_article_breadcrumbs_and_jsonld(build_site):
    site = build_site(docs=two_collection_docs())
    page = site.html("facturation/annulation/")
    crumbs = page.select(".hc-breadcrumbs li")
    assert [c.get_text(strip=True) for c in crumbs] == [
        "Toutes les collections",
        "Facturation",
        "Annuler",
    ]
    assert crumbs[1].a["href"] == "../"
    assert crumbs[2].select_one("[aria-current=page]") is not None
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]] == [
        (1, "Toutes les collections", "https://help.ramtracking.example/"),
        (2, "Facturation", "https://help.ramtracking.example/facturation/"),
        (3, "Annuler", "https://help.ramtracking.example/facturation/annulation/"),
    ]
    en = json.loads(
        site.html("en/facturation/annulation/")
        .select_one('script[type="application/ld+json"]')
        .string
    )
    assert en["itemListElement"][0]["item"] == "https://help.ramtracking.example/en/"


def test_article_layout_order_and_skip_link(build_site):
    site = build_site(docs=two_collection_docs())
    page = site.html("en/facturation/annulation/")
    skip = page.select_one("a.hc-skip")
    assert skip["href"] == "#hc-main" and page.select_one("#hc-main") is not None
    article_el = page.select_one("article")
    order = [
        el
        for el in (
            article_el.select_one(".hc-breadcrumbs"),
            article_el.select_one("h1"),
            article_el.select_one(".hc-lede"),
            article_el.select_one(".hc-updated time"),
            article_el.select_one(".hc-topics"),
            article_el.select_one(".hc-body"),
            article_el.select_one(".hc-contact"),
            article_el.select_one(".hc-feedback-slot"),
        )
    ]
    assert all(el is not None for el in order)
    positions = [list(article_el.descendants).index(el) for el in order]
    assert positions == sorted(positions)
    assert page.select_one("h1").get_text() == "Cancelling"
    assert page.select_one(".hc-lede").get_text() == "How to cancel."


def test_topic_list_links_resolve_to_h2_sections(build_site):
    site = build_site(docs=two_collection_docs())
    page = site.html("en/facturation/annulation/")
    links = page.select(".hc-topics a")
    assert [a.get_text() for a in links] == ["Notice", "Fees"]
    for link in links:
        target = page.select_one(link["href"])
        assert target is not None and target.name == "h2"
    assert page.select_one(".hc-topics__title").get_text() == "This article covers"
    assert (
        site.html("facturation/annulation/").select_one(".hc-topics__title").get_text()
        == "Cet article couvre les sujets suivants"
    )


def test_topic_list_needs_two_sections(build_site):
    site = build_site(docs=two_collection_docs())
    assert site.html("en/facturation/zeta/").select_one(".hc-topics") is None


def test_related_articles_same_collection_first_never_other_language(build_site):
    site = build_site(docs=two_collection_docs())
    page = site.html("en/depannage/hors-ligne/")
    related = [a.get_text() for a in page.select(".hc-related a")]
    assert related == ["en payment"]  # shares the tag 'device'; nothing else in its folder
    page = site.html("en/facturation/zeta/")
    related = page.select(".hc-related a")
    assert [a.get_text() for a in related] == ["en payment", "Cancelling", "en offline"][:2]
    for prefix in ("", "en/"):
        for link in site.html(f"{prefix}facturation/paiement/").select(".hc-related a"):
            assert link.get_text().startswith("en ") == (prefix == "en/") or link.get_text() in (
                "Annuler",
                "Cancelling",
            )


def test_contact_block_comes_from_the_data_file(build_site):
    site = build_site()
    block = site.html("en/facturation/annulation/").select_one(".hc-contact")
    assert block.select_one(".hc-contact__title").get_text() == "Still need help?"
    assert block.select_one(".hc-contact__team").get_text() == "The Support team"
    assert block.select_one("a.md-button")["href"] == "https://www.example.com/contact"
    assert block.select_one('a[href^="mailto:"]').get_text() == "support@example.com"
    fr_block = site.html("facturation/annulation/").select_one(".hc-contact")
    assert fr_block.select_one(".hc-contact__team").get_text() == "L’équipe Support"


def test_article_page_has_no_full_navigation_tree(build_site):
    site = build_site(docs=two_collection_docs())
    page = site.html("en/depannage/hors-ligne/")
    sidebar_links = {a.get_text() for a in page.select(".md-sidebar--primary a")}
    assert sidebar_links == {"All collections", "Troubleshooting", "en offline"}
    assert page.select_one(".md-sidebar--secondary") is None


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "fr/facturation/annulation.md",
            "---\ntitle: Annuler\n---\nCorps.\n",
            "docs/fr/facturation/annulation.md:1:1: front matter is missing 'description' "
            "(add 'description: ...' at the top of the file)",
        ),
        (
            "fr/facturation/annulation.md",
            "---\ntitle: Annuler\ndescription: D.\nauthor: moi\n---\nCorps.\n",
            "docs/fr/facturation/annulation.md:4:1: unknown front matter key 'author' "
            "(allowed: title, description, ",
        ),
        (
            "fr/facturation/index.md",
            "---\ntitle: F\ndescription: D.\nicon: material/no-such-icon\norder: 1\n---\n",
            "docs/fr/facturation/index.md:4:1: icon 'material/no-such-icon' is not bundled with "
            "the theme (pick one from Material's icon set, e.g. material/lifebuoy)",
        ),
        (
            "fr/facturation/annulation.md",
            "---\ntitle: Annuler\n"
            "description: Préavis de {{ policy.cancellation.notice_period }}.\n---\nCorps.\n",
            "docs/fr/facturation/annulation.md:3:1: front matter 'description' has a policy "
            "marker; markers work in the body only (write the text without it)",
        ),
        (
            "fr/facturation/annulation.md",
            "---\ntitle: [oops\ndescription: D.\n---\nCorps.\n",
            "docs/fr/facturation/annulation.md:3:12: front matter is not valid YAML: "
            "expected ',' or ']', but got ':'",
        ),
        (
            "fr/facturation/index.md",
            "---\ntitle: F\ndescription: D.\norder: first\n---\n",
            "docs/fr/facturation/index.md:4:1: front matter 'order': Input should be a valid "
            "integer, unable to parse string as an integer",
        ),
    ],
)
def test_front_matter_errors_are_one_line(tmp_path, path, text, expected):
    docs = dict(MINIMAL_DOCS)
    docs[path] = text
    root = write_project(tmp_path / "p", docs)
    errors = build_failure(root)
    assert len(errors) == 1 and errors[0].startswith(expected)


def test_collection_without_index_is_an_error(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["fr/perdu/article.md"] = article("Perdu", "D.")
    docs["en/perdu/article.md"] = article("Lost", "D.")
    root = write_project(tmp_path / "p", docs)
    assert build_failure(root) == [
        "docs/fr/perdu/article.md:1:1: collection folder 'perdu' has no index.md "
        "(create docs/fr/perdu/index.md with title, description, icon, order)"
    ]


def git(root, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def updated(site, url: str) -> str:
    return site.html(url).select_one(".hc-updated time")["datetime"]


def test_updated_date_is_git_date_or_newer_policy_date(tmp_path, as_of):
    root = write_project(tmp_path / "p")
    (root / "docs" / "fr" / "facturation" / "sans-valeur.md").write_text(
        article("Sans valeur", "D.", "Rien.\n")
    )
    (root / "docs" / "en" / "facturation" / "sans-valeur.md").write_text(
        article("No value", "D.", "Nothing.\n")
    )
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2025-05-10T12:00:00+00:00")
    # The policy value in force on the build date dates from 2024-01-01: git date wins.
    as_of("2026-06-01")
    site = build_project(root)
    assert updated(site, "facturation/annulation/") == "2025-05-10"
    assert updated(site, "en/facturation/sans-valeur/") == "2025-05-10"
    # On 2030-01-01 the notice period changes: pages quoting it show that date.
    as_of("2030-02-01")
    site = build_project(root)
    assert updated(site, "facturation/annulation/") == "2030-01-01"
    assert updated(site, "en/facturation/annulation/") == "2030-01-01"
    assert updated(site, "en/facturation/sans-valeur/") == "2025-05-10"
    time = site.html("facturation/annulation/").select_one(".hc-updated time")
    assert time.get_text() == "1\u00a0janvier\u00a02030"
    assert site.html("en/facturation/annulation/").select_one(".hc-updated time").get_text() == (
        "1\u00a0January\u00a02030"
    )


def test_updated_date_outside_git_uses_file_time_and_says_so(tmp_path, as_of):
    root = write_project(tmp_path / "p")
    stamp = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC).timestamp()
    os.utime(root / "docs" / "en" / "facturation" / "annulation.md", (stamp, stamp))
    site = build_project(root)
    assert updated(site, "en/facturation/annulation/") == "2026-03-04"
    notices = [m for m in site.messages(level=20) if "not a git checkout" in m]
    assert notices == ["not a git checkout: 'Updated' dates come from file modification times"]


def test_change_dates_kept_by_a_preview_are_read_again_once_head_moves(tmp_path):
    root = write_project(tmp_path / "p")
    docs = root / "docs"
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", date="2026-01-05T10:00:00+00:00")
    earlier: dict[str, ChangeDates] = {}
    first = read_change_dates(str(docs), earlier)
    source = docs / "fr" / "facturation" / "annulation.md"
    assert first.date_of(str(source)) == dt.date(2026, 1, 5)
    assert read_change_dates(str(docs), earlier) is first  # same commit: read once
    source.write_text(article("Annulation", "D.", "Changé.\n"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", date="2026-02-07T10:00:00+00:00")
    second = read_change_dates(str(docs), earlier)
    assert second.date_of(str(source)) == dt.date(2026, 2, 7)
    assert list(earlier.values()) == [second]  # one commit's dates kept at a time


def test_change_dates_of_files_with_accented_names_come_from_git(tmp_path):
    root = write_project(tmp_path / "dépôt")
    source = root / "docs" / "fr" / "facturation" / "résilier.md"
    source.write_text(article("Résilier", "D.", "Texte.\n"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", date="2026-01-05T10:00:00+00:00")
    os.utime(source, (0, 0))  # a wrong file time: the date must come from git
    dates = read_change_dates(str(root / "docs"))
    assert dates.from_git
    assert dates.date_of(str(source)) == dt.date(2026, 1, 5)


def test_every_collection_and_article_page_has_a_search_box_to_its_home(build_site):
    site = build_site(docs=two_collection_docs())
    for path, action in (
        ("facturation/annulation/", "../.."),
        ("en/facturation/annulation/", "../.."),
        ("en/depannage/", ".."),
    ):
        form = site.html(path).select_one(".hc-search-bar form[role=search]")
        assert form is not None, path
        assert form["action"].rstrip("/") == action
        assert form.select_one("input[name=q]")["placeholder"]


def test_an_article_saved_with_a_byte_order_mark_builds(tmp_path):
    docs = dict(MINIMAL_DOCS)
    docs["en/facturation/annulation.md"] = "\ufeff" + docs["en/facturation/annulation.md"]
    site = build_project(write_project(tmp_path / "p", docs))
    assert site.html("en/facturation/annulation/").select_one("h1").get_text() == "Cancelling"


def test_an_article_that_is_not_utf8_is_one_located_line(tmp_path):
    root = write_project(tmp_path / "p")
    path = root / "docs" / "en" / "facturation" / "annulation.md"
    path.write_bytes(path.read_bytes().replace(b"How to cancel.", b"How to cancel \xe9."))
    assert build_failure(root) == [
        "docs/en/facturation/annulation.md:3:1: not UTF-8 text (save the file as UTF-8 in "
        "your editor)"
    ]
