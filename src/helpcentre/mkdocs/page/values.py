"""Fills the policy markers of a page with their values, and warns of keys no page uses."""

from __future__ import annotations

import logging

from markdown.extensions.toc import slugify as toc_slugify
from mkdocs.config.defaults import MkDocsConfig

from helpcentre.mkdocs.errors import BuildProblems, warn
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild
from helpcentre.policies.headings import Anchors
from helpcentre.policies.render import PageValues, fill_markers
from helpcentre.problems import Problem, ProblemError

log = logging.getLogger("mkdocs.hooks.helpcentre.policies")


def fill_page(
    site: SiteBuild,
    build: LanguageBuild,
    markdown: str,
    text_lang: str,
    article_id: str,
    where: str,
    first_line: int,
) -> str:
    """The page's Markdown with its markers filled in for the language of its text."""
    page = PageValues(text_lang, site.locale(text_lang), site.as_of, where, first_line)
    try:
        anchors = heading_anchors(site.config)
        filled, used = fill_markers(markdown, site.book, page, site.value_indexes, anchors)
    except ProblemError as error:
        raise BuildProblems(error.problems) from None
    build.used_keys |= used
    site.used_by_page[(build.lang, article_id)] = used
    return filled


def heading_anchors(config: MkDocsConfig) -> Anchors | None:
    """How the table of contents makes the pages' heading ids (None: it makes none)."""
    if "toc" not in config.markdown_extensions:
        return None
    toc = config.mdx_configs.get("toc", {})
    slugify, separator = toc.get("slugify", toc_slugify), toc.get("separator", "-")
    return Anchors(lambda text: slugify(text, separator), "attr_list" in config.markdown_extensions)


def warn_unused_keys(site: SiteBuild, build: LanguageBuild) -> None:
    """A key no page of this language quotes is a warning (it fails strict builds)."""
    contact = site.settings.contact_policy  # shown by the contact block of every article
    used = build.used_keys | {contact}
    for key in sorted(set(site.book.policies) - used):
        policy = site.book.policies[key]
        message = f"policy '{key}' is not used by any page in '{build.lang}' (use it or remove it)"
        warn(log, Problem(site.book.path, policy.line, policy.col, message))
