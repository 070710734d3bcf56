"""The "Did this answer your question?" widget on articles and the build id it posts."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from helpcentre.contract import BUILD_ID_VARIABLE, MANIFEST_NAME, REACTIONS, valid_build_id
from helpcentre.mkdocs.errors import BuildProblems, environment_problem
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.urls import page_address

log = logging.getLogger("mkdocs.hooks.helpcentre.feedback")


def feedback_view(
    site: SiteBuild, build: LanguageBuild, page: Page, article_id: str
) -> FeedbackView | None:
    """The widget for an article page (None: not an article, hidden, or no endpoint)."""
    catalogue = build.catalogue
    article = catalogue.articles.get(article_id) if catalogue else None
    endpoint = site.settings.feedback.endpoint
    if article is None or "feedback" in article.hide or not endpoint:
        return None
    text = build.strings
    url = page_address(site.config.site_url or "", page.url)
    return FeedbackView(
        endpoint=endpoint,
        article=article.article_id,
        lang=build.lang,
        build=site.manifest.build,
        question=text["feedback.question"],
        reactions=tuple(
            Reaction(value, emoji, text[f"feedback.{value}"]) for value, emoji in REACTIONS
        ),
        thanks=text["feedback.thanks"],
        sorry=text["feedback.sorry"],
        failed=text["feedback.failed"],
        retry=text["feedback.retry"],
        contact_label=text["contact_us"],
        contact_href=_contact_href(site, build.lang, text, article.title, article.article_id, url),
    )


def build_id(root: str, as_of: dt.date) -> str:
    """HELPCENTRE_BUILD_ID, else the short git commit and the build date."""
    given = os.environ.get(BUILD_ID_VARIABLE, "").strip()
    if given:
        if not valid_build_id(given):
            message = (
                f"{BUILD_ID_VARIABLE}: not a build id '{given}' "
                "(use up to 64 letters, digits, '.', '_' or '-')"
            )
            raise BuildProblems([environment_problem(message)])
        return given
    try:
        commit = subprocess.run(
            ["git", "-C", root, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{commit or 'local'}-{as_of.isoformat()}"


def write_manifest(site: SiteBuild, config: MkDocsConfig) -> None:
    """The articles of every language, written once every language is built."""
    site.manifest.write(Path(config.site_dir, MANIFEST_NAME))
    copy = site.settings.feedback.manifest_copy
    if copy:
        site.manifest.write(Path(site.root, copy))


def say_when_off(site: SiteBuild) -> None:
    if not site.settings.feedback.endpoint:
        log.info(
            "feedback widget not rendered: no extra.helpcentre.feedback.endpoint in mkdocs.yml "
            "(set HELPCENTRE_FEEDBACK_ENDPOINT to a collector's URL)"
        )


@dataclass(frozen=True)
class Reaction:
    value: str
    emoji: str
    label: str


@dataclass(frozen=True)
class FeedbackView:
    """What partials/hc-feedback.html draws for one article."""

    endpoint: str
    article: str
    lang: str
    build: str
    question: str
    reactions: tuple[Reaction, ...]
    thanks: str
    sorry: str
    failed: str
    retry: str
    contact_label: str
    contact_href: str | None


def _contact_href(
    site: SiteBuild,
    lang: str,
    text: dict[str, str],
    title: str,
    article_id: str,
    page_url: str,
) -> str | None:
    """The help contact of the data file, pre-filled with the article and language."""
    contact = site.contact
    if contact is None:
        return None
    if contact.email:
        subject = text["feedback.mail_subject"].format(title=title)
        body = text["feedback.mail_body"].format(article=article_id, lang=lang, url=page_url)
        return f"mailto:{contact.email}?subject={quote(subject)}&body={quote(body)}"
    if contact.url:
        separator = "&" if "?" in contact.url else "?"
        return contact.url + separator + urlencode({"article": article_id, "lang": lang})
    return None
