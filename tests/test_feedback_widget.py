"""The feedback widget as built: markup, languages, opt-out, contact link and manifest."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import (
    MINIMAL_DOCS,
    MINIMAL_POLICIES,
    SITE_LANGUAGES,
    build_failure,
    interface_strings,
    write_project,
)

from helpcentre.typography import typesetter_for

ENDPOINT = "http://127.0.0.1:9/api/feedback"
ARTICLE = "facturation/annulation.md"


@pytest.fixture(autouse=True)
def feedback_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPCENTRE_FEEDBACK_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("HELPCENTRE_BUILD_ID", "test-build")
    monkeypatch.delenv("HELPCENTRE_FEEDBACK_MANIFEST", raising=False)
    monkeypatch.delenv("HELPCENTRE_SITE_ORIGIN", raising=False)


def test_article_shows_three_labelled_reactions_in_its_language(build_site):
    site = build_site()
    for url, lang, question, labels in [
        (
            "facturation/annulation/",
            "fr",
            "Avez-vous trouvé la réponse à votre question\u202f?",
            ["Non", "En partie", "Oui"],
        ),
        (
            "en/facturation/annulation/",
            "en",
            "Did this answer your question?",
            ["No", "Partly", "Yes"],
        ),
    ]:
        widget = site.html(url).select_one("[data-hc-feedback]")
        assert widget is not None, url
        assert widget["data-article"] == ARTICLE
        assert widget["data-lang"] == lang
        assert widget["data-endpoint"] == ENDPOINT
        assert widget["data-build"] == "test-build"
        assert widget.select_one("#hc-feedback-question").get_text(strip=True) == question
        buttons = widget.select("button[data-reaction]")
        assert [b["data-reaction"] for b in buttons] == ["sad", "neutral", "happy"]
        assert [b["aria-label"] for b in buttons] == labels
        assert [b.get_text(strip=True) for b in buttons] == ["😞", "😐", "😃"]
        assert all(b["type"] == "button" for b in buttons)
        thanks = widget.select_one("[data-hc-feedback-thanks]")
        typesetter = typesetter_for(lang, {"fr": "fr_FR", "en": "en_GB"}[lang])
        assert thanks.get_text(strip=True) == typesetter.typeset(
            interface_strings(lang)["feedback.thanks"]
        )
        assert thanks.has_attr("hidden")
        failed = widget.select_one("[data-hc-feedback-failed]")
        assert failed.has_attr("hidden")
        failed_text = typesetter.typeset(interface_strings(lang)["feedback.failed"])
        assert failed_text in failed.get_text(" ", strip=True)
        retry = failed.select_one("button[data-hc-feedback-retry]")
        assert (retry["type"], retry.get_text(strip=True)) == (
            "button",
            typesetter.typeset(interface_strings(lang)["feedback.retry"]),
        )


def test_contact_link_is_prefilled_with_article_and_language(build_site):
    site = build_site()
    for url, lang, title, language_line in [
        ("facturation/annulation/", "fr", "Annuler", "Langue : fr"),
        ("en/facturation/annulation/", "en", "Cancelling", "Language: en"),
    ]:
        link = site.html(url).select_one("[data-hc-feedback-sorry] a.hc-feedback__contact")
        assert link.get_text(strip=True) == interface_strings(lang)["contact_us"]
        target = urlsplit(link["href"])
        assert (target.scheme, target.path) == ("mailto", "support@example.com")
        query = {k: v[0] for k, v in parse_qs(target.query).items()}
        assert title in query["subject"]
        assert f"Article{' ' if lang == 'fr' else ''}: {ARTICLE}" in query["body"]
        assert language_line in query["body"]
        assert f"https://help.ramtracking.example/{url}" in unquote(query["body"])


def test_contact_without_email_links_to_the_contact_page_with_a_query(build_site):
    policies = MINIMAL_POLICIES.replace("      email: support@example.com\n", "")
    site = build_site(policies=policies)
    link = site.html("en/facturation/annulation/").select_one("a.hc-feedback__contact")
    target = urlsplit(link["href"])
    assert target._replace(query="").geturl() == "https://www.example.com/contact"
    assert parse_qs(target.query) == {"article": [ARTICLE], "lang": ["en"]}


def test_only_articles_get_the_widget(build_site):
    site = build_site()
    for url in ("", "en/", "facturation/", "en/facturation/"):
        assert site.html(url).select_one("[data-hc-feedback]") is None, url


def test_hide_feedback_removes_the_widget_from_that_page_only(build_site):
    docs = dict(MINIMAL_DOCS)
    docs["en/facturation/annulation.md"] = docs["en/facturation/annulation.md"].replace(
        "description: How to cancel.\n", "description: How to cancel.\nhide: [feedback]\n"
    )
    site = build_site(docs=docs)
    assert site.html("en/facturation/annulation/").select_one("[data-hc-feedback]") is None
    assert site.html("facturation/annulation/").select_one("[data-hc-feedback]") is not None
    manifest = json.loads((site.site_dir / "feedback-manifest.json").read_text("utf-8"))
    assert set(manifest["articles"][ARTICLE]) == {"fr"}


def test_no_endpoint_means_no_widget_and_one_info_line(build_site, monkeypatch):
    monkeypatch.setenv("HELPCENTRE_FEEDBACK_ENDPOINT", "")
    site = build_site()
    for url in ("facturation/annulation/", "en/facturation/annulation/"):
        page = site.html(url)
        assert page.select_one(".hc-body") is not None
        assert page.select_one("[data-hc-feedback]") is None
    notices = [m for m in site.messages(logging.INFO) if "feedback widget not rendered" in m]
    assert notices == [
        "feedback widget not rendered: no extra.helpcentre.feedback.endpoint in mkdocs.yml "
        "(set HELPCENTRE_FEEDBACK_ENDPOINT to a collector's URL)"
    ]
    assert site.messages(logging.WARNING) == []


def test_manifest_lists_every_article_id_with_its_languages(build_site):
    site = build_site()
    manifest = json.loads((site.site_dir / "feedback-manifest.json").read_text("utf-8"))
    assert manifest["format"] == 1
    assert manifest["build"] == "test-build"
    assert manifest["site_origin"] == "https://help.ramtracking.example"
    assert manifest["articles"] == {
        ARTICLE: {
            "fr": {"title": "Annuler", "url": "facturation/annulation/"},
            "en": {"title": "Cancelling", "url": "en/facturation/annulation/"},
        }
    }


def test_manifest_copy_is_written_where_asked(build_site, monkeypatch):
    monkeypatch.setenv("HELPCENTRE_FEEDBACK_MANIFEST", "var/manifest.json")
    site = build_site()
    copy = site.root / "var" / "manifest.json"
    assert copy.read_text("utf-8") == (site.site_dir / "feedback-manifest.json").read_text("utf-8")


def test_build_id_defaults_to_commit_and_date(build_site, monkeypatch):
    monkeypatch.delenv("HELPCENTRE_BUILD_ID")
    site = build_site()  # tmp_path is not a git checkout
    widget = site.html("facturation/annulation/").select_one("[data-hc-feedback]")
    assert widget["data-build"] == "local-2026-06-01"


def test_bad_endpoint_stops_the_build_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HELPCENTRE_FEEDBACK_ENDPOINT", "ftp://example.com/feedback")
    root = write_project(tmp_path / "p")
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith("endpoint:"))
    col = lines[line - 1].index("endpoint:") + 1
    assert build_failure(root) == [
        f"mkdocs.yml:{line}:{col}: extra.helpcentre.feedback.endpoint "
        "'ftp://example.com/feedback' is not an http(s) URL "
        "(e.g. https://feedback.example.com/api/feedback)"
    ]


def test_bad_build_id_stops_the_build_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("HELPCENTRE_BUILD_ID", "build 7")
    assert build_failure(write_project(tmp_path / "p")) == [
        "HELPCENTRE_BUILD_ID: not a build id 'build 7' "
        "(use up to 64 letters, digits, '.', '_' or '-')"
    ]


def test_feedback_strings_exist_in_every_language():
    keys = {
        lang: {k for k in interface_strings(lang) if k.startswith("feedback.")}
        for lang in SITE_LANGUAGES.all
    }
    assert keys["fr"] == keys["en"]
    assert {"feedback.question", "feedback.thanks", "feedback.sorry"} <= keys["fr"]
    assert {"feedback.failed", "feedback.retry"} <= keys["fr"]
    assert interface_strings("fr")["feedback.retry"] == "Réessayer"
