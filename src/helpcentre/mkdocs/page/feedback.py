"""The "Did this answer your question?" widget an article page draws."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from mkdocs.structure.pages import Page

from helpcentre.contract import REACTIONS
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.urls import page_address


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
        privacy=text["feedback.privacy"],
        contact_label=text["contact_us"],
        contact_href=_contact_href(site, build.lang, text, article.title, article.article_id, url),
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
    privacy: str
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
        body += "\n"  # the reader writes below the facts (a catalogue entry cannot end in \n)
        return f"mailto:{contact.email}?subject={quote(subject)}&body={quote(body)}"
    if contact.url:
        separator = "&" if "?" in contact.url else "?"
        return contact.url + separator + urlencode({"article": article_id, "lang": lang})
    return None
