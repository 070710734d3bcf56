"""Behaviour kept while making big help centres fast: the sidebar window, related articles."""

from __future__ import annotations

import itertools
import random

from conftest import MINIMAL_DOCS

from helpcentre.content.catalogue import Article, Catalogue, Collection


def _article_md(title: str, order: int) -> str:
    return f"---\ntitle: {title}\ndescription: Lede of {title}.\norder: {order}\n---\n\nText.\n"


def _big_collection_docs(count: int) -> dict[str, str]:
    docs = dict(MINIMAL_DOCS)
    for lang, name in (("fr", "Suivi"), ("en", "Tracking")):
        docs[f"{lang}/suivi/index.md"] = (
            f"---\ntitle: {name}\ndescription: About {name}.\n"
            "icon: material/chart-line\norder: 2\n---\n"
        )
        for number in range(1, count + 1):
            docs[f"{lang}/suivi/a{number:02d}.md"] = _article_md(f"{lang} {number:02d}", number)
    return docs


def test_sidebar_lists_a_window_of_a_big_collection_and_links_to_the_rest(build_site):
    site = build_site(docs=_big_collection_docs(20))
    for prefix, more in (("", "Voir les 20 articles"), ("en/", "See all 20 articles")):
        lang = "en" if prefix else "fr"
        page = site.html(f"{prefix}suivi/a18/")
        links = page.select(".hc-nav__articles a")
        titles = [a.get_text() for a in links]
        # 15 neighbours in collection order, ending with the last article, then the link
        assert titles == [f"{lang} {n:02d}" for n in range(6, 21)] + [more]
        current = page.select_one(".hc-nav__articles a[aria-current='page']")
        assert current.get_text() == f"{lang} 18"
        assert links[-1]["href"] == "../"
        # a page at the start of the collection shows the first 15
        first = site.html(f"{prefix}suivi/a01/").select(".hc-nav__articles a")
        assert [a.get_text() for a in first][:-1] == [f"{lang} {n:02d}" for n in range(1, 16)]
        # the collection page itself still lists all 20 in its body
        assert len(site.html(f"{prefix}suivi/").select(".hc-article-list a")) == 20


def test_sidebar_lists_a_small_collection_whole_without_a_more_link(build_site):
    site = build_site(docs=_big_collection_docs(15))
    links = site.html("suivi/a08/").select(".hc-nav__articles a")
    assert [a.get_text() for a in links] == [f"fr {n:02d}" for n in range(1, 16)]
    assert not site.html("suivi/a08/").select(".hc-nav__more")


def test_related_is_the_full_ranking_of_every_other_article():
    """The per-collection scan gives what ranking every article of the site would."""
    rng = random.Random(6)
    tags = ["a", "b", "c", "d", "e"]
    articles = [
        Article(
            article_id=f"c{n % 4}/x{n}.md",
            url=f"c{n % 4}/x{n}/",
            title=rng.choice(["Alpha", "beta", "Gamma"]) + str(n % 7),
            description="d",
            order=rng.choice([None, 1, 2, 3]),
            tags=tuple(rng.sample(tags, rng.randint(0, 2))),
            collection=f"c{n % 4}",
            abs_path="",
            where=f"docs/fr/c{n % 4}/x{n}.md",
        )
        for n in range(60)
    ]
    # collection 3 is small, so its articles fall back on other collections' shared tags
    articles = [a for a in articles if a.collection != "c3" or a.article_id == "c3/x3.md"]
    collections = tuple(
        Collection(
            slug,
            f"{slug}/",
            slug,
            "d",
            "material/lifebuoy",
            0,
            tuple(sorted((a for a in articles if a.collection == slug), key=lambda a: a.sort_key)),
        )
        for slug in ("c0", "c1", "c2", "c3")
    )
    catalogue = Catalogue("fr", collections, None, {a.article_id: a for a in articles})
    for article, limit in itertools.product(articles, (1, 3, 5)):
        assert catalogue.related(article, limit) == _reference_related(catalogue, article, limit)


def _reference_related(catalogue: Catalogue, article: Article, limit: int) -> list[Article]:
    tags = set(article.tags)

    def rank(other: Article) -> tuple[int, int, str]:
        order, title = other.sort_key
        return (-len(tags & set(other.tags)), order, title)

    others = [a for a in catalogue.articles.values() if a.article_id != article.article_id]
    same = sorted((a for a in others if a.collection == article.collection), key=rank)
    elsewhere = sorted(
        (a for a in others if a.collection != article.collection and tags & set(a.tags)),
        key=rank,
    )
    return (same + elsewhere)[:limit]
