"""Typography at build time: interface strings once per language, then each page's HTML."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import replace

from helpcentre.languages import language_attributes
from helpcentre.mkdocs.page.pages import PageView
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.typography import finish_html, typesetter_for

# Strings kept as the writer typed them: the feedback email's subject and body end up
# percent-encoded in a mailto: link, and `new_article.*` is text `make new-article` writes
# into Markdown, which the build recognises when it is left there (content.placeholders).
UNTYPESET_STRINGS = frozenset({"feedback.mail_subject", "feedback.mail_body"})
UNTYPESET_PREFIXES = ("new_article.",)


def typeset_interface(build: LanguageBuild) -> None:
    """The language's interface strings typeset in place, so that text a template puts in
    an attribute or hands to a script (search messages) reads like the page."""
    typesetter = typesetter_for(build.lang, build.locale)
    for key, text in build.strings.items():
        if key not in UNTYPESET_STRINGS and not key.startswith(UNTYPESET_PREFIXES):
            build.strings[key] = typesetter.typeset(text)


# The page's description is prose readers see (search results show it as the lede),
# although it sits in an attribute.
_DESCRIPTION = re.compile(r'(<meta name="description" content=")([^"]*)(")')


def finish_page(build: LanguageBuild, html: str) -> str:
    """A rendered page with its text and description typeset in the build's language,
    without comments."""
    typesetter = typesetter_for(build.lang, build.locale)

    def description(match: re.Match[str]) -> str:
        text = typesetter.typeset(html_text.unescape(match[2]))
        return match[1] + html_text.escape(text, quote=True) + match[3]

    finished = finish_html(_DESCRIPTION.sub(description, html, count=1), typesetter)
    return _marked_borrowed(build, finished)


# An element whose whole content is one text (a heading, a button, a label, a paragraph).
_TEXT_ELEMENT = re.compile(r"(<(?P<tag>[a-z][a-z0-9]*)\b[^>]*>)(?P<text>[^<]+)(?=</(?P=tag)>)")
# Elements that hold text only, where a marking <span> would show as text or break.
_TEXT_ONLY = frozenset({"title", "script", "style", "textarea", "option"})


def _marked_borrowed(build: LanguageBuild, html: str) -> str:
    """The elements showing an interface string in the source language (this language
    has none of its own yet) wrapped in a <span> with that language and direction: its
    punctuation at its own end ("Still need help?" in an Arabic page, not "?Still…").
    Strings with a placeholder are left out (their text is not the string's)."""
    attributes = language_attributes(build.source_lang, build.lang)
    if not build.borrowed or not attributes:
        return html
    texts = {build.strings[key] for key in build.borrowed if "{" not in build.strings[key]}

    def mark(match: re.Match[str]) -> str:
        text = match["text"]
        if match["tag"] in _TEXT_ONLY or html_text.unescape(text).strip() not in texts:
            return match[0]
        return f"{match[1]}<span{attributes}>{text}</span>"

    return _TEXT_ELEMENT.sub(mark, html)


def typeset_pending_topics(site: SiteBuild, build: LanguageBuild, view: PageView) -> None:
    """The sections listed above a page still in the source language ("This article
    covers") are its headings: typeset in that language's rules, as the body is."""
    if view.pending and view.topics and view.translation is not None:
        lang = view.translation.source_lang
        view.topics = [
            replace(topic, title=typeset_other_language(site, build, lang, topic.title))
            for topic in view.topics
        ]


def typeset_other_language(site: SiteBuild, build: LanguageBuild, text_lang: str, html: str) -> str:
    """A page still showing its source's text (a pending translation) has that text typeset
    in its own language's rules before the page's language typesets the rest."""
    if text_lang == build.lang:
        return html
    return finish_html(html, typesetter_for(text_lang, site.locale(text_lang)))
