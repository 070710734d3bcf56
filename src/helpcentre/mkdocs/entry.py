"""The MkDocs events of the help centre, each handed to the package in one written order.

mkdocs-static-i18n (priority -100) narrows each language build to its own files in
`on_files`/`on_nav`, and runs the other languages' builds inside the source language's
`on_post_build`. Events that need one language's files or the whole site therefore run
after it (priority below -100); the others run at MkDocs' default, `on_files` among them:
a language build that renders nothing (another process renders it, or a preview left it
as it was) is given no files before static-i18n sorts them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from helpcentre.content import safety
from helpcentre.content.catalogue import PageKind
from helpcentre.mkdocs import compat, i18n
from helpcentre.mkdocs.engine import parts, render_cache, theme_files, theme_layers, unchanged
from helpcentre.mkdocs.engine.memory import Memory
from helpcentre.mkdocs.errors import BuildProblems, config_problem
from helpcentre.mkdocs.outputs import csp, feedback, search, seo
from helpcentre.mkdocs.outputs.site_wide import write_site_wide
from helpcentre.mkdocs.page import head, images, listings, pages, translations, typography, values
from helpcentre.mkdocs.page.feedback import feedback_view
from helpcentre.mkdocs.page.old_addresses import add_old_addresses
from helpcentre.mkdocs.preview.server import Preview
from helpcentre.mkdocs.state import LanguageBuild, SiteBuild, start_site_build
from helpcentre.problems import Problem, ProblemError, record_problems

T = TypeVar("T")

log = logging.getLogger("mkdocs.hooks.helpcentre")
AFTER_I18N = i18n.AFTER_LANGUAGE_FILES
AFTER_I18N_BUILT_EVERY_LANGUAGE = i18n.AFTER_EVERY_LANGUAGE
# A page's policy hashes its scripts as written: after every plugin that may change them.
LAST = -1000


def located(event: Callable[..., T]) -> Callable[..., T]:
    """A problem found in an input (a file that is not UTF-8, say) stops the build as
    its located line, not as a traceback."""

    @functools.wraps(event)
    def run(*args: Any, **kwargs: Any) -> T:
        try:
            return event(*args, **kwargs)
        except ProblemError as error:
            raise BuildProblems(error.problems) from None

    return run


class HelpCentreHooks:
    """Owns the state of the build under way (one SiteBuild, one LanguageBuild per
    language) and what this process's builds keep for the next ones: MkDocs loads the
    hooks file once per process, and `mkdocs serve` rebuilds in the same process."""

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        self.preview = Preview()  # this process's `mkdocs serve`, when it is one
        self.memory = Memory()  # what the last builds left: lists, stamps, manifests, 404s
        self.parts = parts.PartMode()  # the one language this process renders, if any
        self.skipped = i18n.SkippedLanguages()  # language builds given no files

    # -- configuration ------------------------------------------------------------------

    @event_priority(AFTER_I18N)
    @located
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """A language build starts; the outermost one starts a new site build."""
        theme_layers.lay_package_theme(config)
        theme_files.list_visible_templates(config.theme)
        site = self.site
        if site is None or site.config is not config or not site.nesting.stack:
            site = self.site = self.parts.prepared_for(config) or self._start(config)
            site.left_as_built = unchanged.unchanged_languages(
                site, self.memory, dirty=self.preview.dirty, preview=self.preview.reuse is not None
            )
        build = site.start_language(i18n.building_language(config, site.languages))
        # Another process renders this language, or the preview's files of it are unchanged.
        build.skipped = self.parts.skips(build.lang) or build.lang in site.left_as_built
        self.skipped.note(build.lang, build.skipped)
        seo.render_not_found(site, config, not build.skipped)
        typography.typeset_interface(build)
        # Markdown's heading links say "Permanent link" unless told otherwise.
        toc = config.mdx_configs.setdefault("toc", {})
        if toc.get("permalink"):
            toc["permalink_title"] = build.strings["permalink_title"]
        return config

    @located
    def on_pre_build(self, config: MkDocsConfig) -> None:
        site = self._site()
        if site.nesting.in_outermost:  # the other languages' folders live inside this one
            unchanged.empty_site_if_inputs_changed(site, config)

    # -- this language's files ------------------------------------------------------------

    @located
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Before static-i18n sorts the files by language: a skipped build gets none."""
        if self._build().skipped:
            return Files([])
        return seo.drop_stock_sitemap(config, files)

    @event_priority(AFTER_I18N)
    @located
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        site, build = self._site(), self._build()
        if build.skipped:
            if build.lang in site.left_as_built:
                unchanged.restore(site, build, site.manifest, self.memory)
            return nav
        own_pages = pages.read_catalogue(site, build, files, list(config.theme.dirs))
        head.check_aliases(site, build, own_pages)
        add_old_addresses(site, build, own_pages)
        # Said with the pages' problems when the build ends: they change no page.
        build.problems += pages.unfinished_pages(site, build, own_pages)
        pages.list_feedback_articles(site.manifest, build)
        listings.refresh_changed_lists(site, build, files, self.memory)  # a `--dirty` preview's
        if site.settings.render_cache:  # MkDocs renders the pages next
            folder = Path(site.root, site.settings.render_cache)
            reuse = self.preview.reuse
            kept = reuse.rendered if reuse is not None else None
            build.rendered = render_cache.open_language(folder, build.lang, config, files, kept)
        return nav

    @located
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self._build().files = files
        reuse = self.preview.reuse
        if reuse is not None:  # a preview's rebuild: templates compiled by the last one
            env.bytecode_cache = reuse.templates
        return env

    # -- each page --------------------------------------------------------------------------

    @located
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Every check of the page's text runs, each problem kept for the end of the build
        (`LanguageBuild.noting_problems`); a page with one is rendered from its headings."""
        site, build, src_uri = self._site(), self._build(), page.file.src_uri
        with build.noting_problems(src_uri):
            text = translations.page_text(site, build, src_uri)
        if src_uri in build.failed:
            return pages.outline(markdown)
        shown, where = text.shown, text.where
        if shown is not text.source:  # a pending stub shows its source's body
            markdown = shown.body
        with build.noting_problems(src_uri):
            safety.refuse_unsafe_html(shown.body, shown.body_line, where)
        with build.noting_problems(src_uri):
            images.check_images(
                site, build, files, text.article_id, shown.body, shown.body_line, where
            )
        with build.noting_problems(src_uri):
            markdown = values.fill_page(
                site, build, markdown, text.text_lang, text.article_id, where, shown.body_line
            )
        if src_uri in build.failed:  # never cached, and dropped once rendered
            return pages.outline(markdown)
        if build.rendered is not None:  # the last change to the text MkDocs renders
            markdown = render_cache.before_render(build.rendered, page, markdown)
        return markdown

    @located
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The backstop (whatever Markdown let through as live HTML is refused here), then
        the text of a pending translation typeset in its own language."""
        build, cached, src_uri = self._build(), False, page.file.src_uri
        if src_uri in build.failed:
            return ""  # rendered only for its anchors: nothing of a page in error is shown
        if build.rendered is not None:  # the HTML of an unchanged article, as last rendered
            html, cached = render_cache.after_render(build.rendered, page, html)
        text = translations.page_text(self._site(), build, src_uri)
        # Cached HTML is checked whatever its Markdown: the cache folder is not trusted.
        if cached or safety.may_render_unsafe(page.markdown or "", config.markdown_extensions):
            # A pending translation shows the source's Markdown: its lines are the ones named.
            body, line = text.shown.body, text.shown.body_line
            with build.noting_problems(src_uri):
                safety.refuse_unsafe_rendered_html(html, body, line, text.where)
            if src_uri in build.failed:
                return ""
        html = typography.typeset_other_language(self._site(), self._build(), text.text_lang, html)
        return search.unindexed_permalinks(html)

    @event_priority(LAST)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        build = self._build()
        output = typography.finish_page(build, compat.set_page_language(output, build.lang))
        return csp.secure(self._site(), build, output, page.content or "")

    @located
    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        site, build = self._site(), self._build()
        file_lang, article_id, source = pages.page_source(site, page.file.src_uri)
        view = pages.page_view(site, build, page, article_id)
        translations.add_notice(site, build, view, page.url, file_lang, article_id, source)
        typography.typeset_pending_topics(site, build, view)
        context["hc"] = view
        search.remember_page_text(build, article_id, view, page.content or "")
        context["hc_seo"] = head.seo_view(site, build, page.url, article_id, view.pending)
        if view.kind == PageKind.HOME:  # where the search results are drawn
            context["hc_search"] = search.search_view(site, build)
        widget = feedback_view(site, build, page, article_id)
        if widget is not None:
            context["hc_feedback"] = widget
        return context

    @located
    def on_template_context(
        self, context: dict[str, Any], template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        if template_name == "404.html":
            site, build = self._site(), self._build()
            context["hc_404"] = seo.not_found_view(site, build)
            context["hc_seo"] = head.SeoView(canonical="", noindex=True)
            switcher = seo.not_found_switcher(site)
            if switcher is not None:
                compat.set_language_switcher(config, switcher)
        return context

    @located
    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str:
        # Every language build writes /404.html (static-i18n #284): keep each language's.
        if template_name == "404.html":
            build = self._build()
            output_content = compat.set_page_language(output_content, build.lang)
            output_content = typography.finish_page(build, output_content)
            output_content = csp.secure(self._site(), build, output_content)
            build.not_found_html = output_content
        return output_content

    # -- the end of a build -------------------------------------------------------------------

    @event_priority(AFTER_I18N_BUILT_EVERY_LANGUAGE)
    @located
    def on_post_build(self, config: MkDocsConfig) -> None:
        """A language build ends; when it is the outermost one, every language's page
        problems stop the build together, before anything spanning the site is written."""
        site, build = self._site(), self._build()
        # A page in error quotes no keys: its keys would be reported unused.
        if build.rendered_every_page() and not build.skipped and not build.failed:
            values.warn_unused_keys(site, build)
        if build.rendered is not None:  # (a part handed to the parent process: not with it)
            every_page = build.rendered_every_page()
            persist = self.preview.reuse is None and not build.failed
            render_cache.close_language(build.rendered, every_page=every_page, persist=persist)
            build.rendered = None
        if site.nesting.leave():
            self.skipped.clear()
            problems = site.take_page_problems()
            if problems:
                raise BuildProblems(problems)
            if self.parts.keep(site):  # one language of a parallel build: the parent writes
                return
            memory = self.memory if self.preview.reuse is not None else None
            write_site_wide(site, config, memory=memory)
            if self.preview.reuse is not None:  # `helpcentre serve` always serves /admin/
                self.preview.update_editor(site, config)

    def on_build_error(self, error: Exception) -> None:
        problems = error.problems if isinstance(error, BuildProblems) else []
        kept: list[Problem] = []
        if self.site is not None:
            # Pages' problems kept for the end of a build another error stopped first.
            kept = [p for p in self.site.take_page_problems() if p not in problems]
            problems = [*problems, *kept]
            self.site.nesting.reset()  # the next build starts afresh
        # A nested build's error reaches the outer build as MkDocs' Abort, not again.
        record_problems(problems)
        for problem in kept:  # (recorded first: a parallel build's parent says them)
            log.error(problem.text())
        self.skipped.clear()
        if kept:
            self.preview.note_error(BuildProblems(kept))
        self.preview.note_error(error)

    # -- the preview (`mkdocs serve`) -----------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview.start(command, dirty)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
        return self.preview.attach(server, config)

    # -- state --------------------------------------------------------------------------------

    def _start(self, config: MkDocsConfig) -> SiteBuild:
        site = start_site_build(config, feedback.build_id, self.preview.reuse)
        if self.preview.reuse is not None:  # MkDocs' live reload adds a script to every page
            site.policy = None
        feedback.say_when_off(site)
        return site

    def _site(self) -> SiteBuild:
        assert self.site is not None, "on_config starts every build"
        return self.site

    def _build(self) -> LanguageBuild:
        return self._site().nesting.current


def hooks_of(config: MkDocsConfig) -> HelpCentreHooks:
    """The hooks of a loaded configuration: how a build run from Python (a parallel build's
    processes, the tests) reaches the state the events keep."""
    for module in compat.hook_modules(config):
        hooks = getattr(getattr(module, "on_config", None), "__self__", None)
        if isinstance(hooks, HelpCentreHooks):
            return hooks
    where = config.config_file_path or "mkdocs.yml"
    message = f"{where}: no `hooks:` entry hands MkDocs' events to helpcentre (hooks/entry.py)"
    raise BuildProblems([config_problem(message, "hooks", config.config_file_path)])
