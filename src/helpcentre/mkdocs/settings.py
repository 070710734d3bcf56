"""The help-centre settings under `extra.helpcentre` in mkdocs.yml, as a typed MkDocs schema."""

from __future__ import annotations

import difflib
import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from helpcentre.health.cadence import Cadence, CadenceError
from helpcentre.mkdocs.errors import BuildProblems, config_problem
from helpcentre.problems import Problem
from helpcentre.urls import origin_of

PREFIX = "extra.helpcentre"


class FeedbackSettings(base.Config):
    """Where the "Did this answer your question?" widget posts (empty: no widget)."""

    endpoint = c.Type(str, default="")
    # The origin the collector accepts posts from (empty: the origin of site_url).
    site_origin = c.Type(str, default="")
    # A second copy of feedback-manifest.json, e.g. for the collector `make serve` starts.
    manifest_copy = c.Type(str, default="")


class ReviewCadence(c.Type):
    """A review cadence such as `12 months` ('' for none)."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        # The cadence first, so `every: 6` is told the unit it lacks, not the type.
        if value not in (None, ""):
            try:
                Cadence.parse(value)
            except CadenceError as error:
                raise c.ValidationError(str(error)) from None
        return super().run_validation(value)


class ReviewSettings(base.Config):
    """Owners and reviews of articles (helpcentre.health)."""

    # The cadence of articles and collections that set no `review_every:` ('' for none).
    every = ReviewCadence()
    # What an overdue review is in `helpcentre check`: a warning, or an error that fails it.
    overdue = c.Choice(("warning", "error"), default="warning")
    # The teams that may own articles (`owner:`), from the project root.
    teams_file = c.Type(str, default="data/teams.yml")


class EditorSettings(base.Config):
    """The browser editor at /admin/ (helpcentre.editor): `helpcentre serve` always serves
    it; the public site ships it only when `publish` is on."""

    publish = c.Type(bool, default=False)
    # The GitHub repository the published editor writes to (owner/name), and its branch.
    repo = c.Type(str, default="")
    branch = c.Type(str, default="main")
    # The OAuth service that signs editors in to GitHub (empty: Netlify's, for a site
    # hosted there), e.g. https://auth.example.com with its /auth endpoint.
    auth_url = c.Type(str, default="")
    # Where `npm ci` put the editor's packages, from the project root.
    node_modules = c.Type(str, default="node_modules")


class HelpCentreSettings(base.Config):
    data_file = c.Type(str, default="data/policies.yml")
    # Folder of the interface catalogues, one `<lang>.po` per site language.
    interface_text = c.Type(str, default="locales")
    # Babel locale per site language, for numbers, dates and money (e.g. en: en_GB).
    formatting_locales = c.DictOfItems(c.Type(str), default={})
    # The contact policy readers are sent to ("Still need help?", feedback).
    contact_policy = c.Type(str, default="contacts.support")
    # The site's time zone (IANA name): a value goes live at midnight there on its date.
    time_zone = c.Type(str, default="UTC")
    # Languages still being translated: missing articles and strings are warnings.
    languages_in_progress = c.ListOfItems(c.Type(str), default=[])
    feedback = c.SubConfig(FeedbackSettings)
    # Folder (from the project root) keeping rendered articles between builds, one file
    # per language, for CI to keep between runs (empty: no cache).
    render_cache = c.Type(str, default="")
    reviews = c.SubConfig(ReviewSettings)
    # The browser editor at /admin/ (helpcentre.editor).
    editor = c.SubConfig(EditorSettings)


def read_settings(extra: dict[str, Any], config_file: str | None = None) -> HelpCentreSettings:
    """Validate `extra.helpcentre`; one located line per misspelt or invalid setting."""
    raw = extra.get("helpcentre") or {}
    if not isinstance(raw, dict):
        raise BuildProblems(
            [config_problem(f"{PREFIX} must be a mapping of settings", "helpcentre", config_file)]
        )
    settings = HelpCentreSettings(config_file_path=None)
    settings.load_dict(raw)
    errors, _ = settings.validate()
    problems = _unknown_keys(raw, HelpCentreSettings, PREFIX, config_file)
    feedback = raw.get("feedback")
    if isinstance(feedback, dict):
        problems += _unknown_keys(feedback, FeedbackSettings, f"{PREFIX}.feedback", config_file)
    reviews = raw.get("reviews")
    if isinstance(reviews, dict):
        problems += _unknown_keys(reviews, ReviewSettings, f"{PREFIX}.reviews", config_file)
    editor = raw.get("editor")
    if isinstance(editor, dict):
        problems += _unknown_keys(editor, EditorSettings, f"{PREFIX}.editor", config_file)
    problems += [
        config_problem(f"{PREFIX}.{key}: {message}", key, config_file) for key, message in errors
    ]
    if not problems:
        problems += _check_urls(settings.feedback, config_file)
        problems += _check_editor(settings.editor, config_file)
    if problems:
        raise BuildProblems(problems)
    return settings


def _unknown_keys(
    raw: dict[str, Any], schema: type[base.Config], where: str, config_file: str | None
) -> list[Problem]:
    """One problem per key the schema does not know, with the closest known name."""
    names = [key for key, _ in base.get_schema(schema)]
    problems = []
    for key in raw:
        if key in names:
            continue
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        message = f"{where}: unknown setting '{key}' ({hint}settings: {', '.join(names)})"
        problems.append(config_problem(message, str(key), config_file))
    return problems


def _check_urls(feedback: FeedbackSettings, config_file: str | None) -> list[Problem]:
    problems = []
    if feedback.endpoint and origin_of(feedback.endpoint) is None:
        message = (
            f"{PREFIX}.feedback.endpoint '{feedback.endpoint}' is not an http(s) URL "
            "(e.g. https://feedback.example.com/api/feedback)"
        )
        problems.append(config_problem(message, "endpoint", config_file))
    if feedback.site_origin and origin_of(feedback.site_origin) is None:
        message = (
            f"{PREFIX}.feedback.site_origin '{feedback.site_origin}' is not an http(s) origin "
            "(e.g. https://help.example.com)"
        )
        problems.append(config_problem(message, "site_origin", config_file))
    return problems


def _check_editor(editor: EditorSettings, config_file: str | None) -> list[Problem]:
    """A published editor needs the repository it writes to."""
    if editor.publish and not re.fullmatch(r"[\w.-]+/[\w.-]+", editor.repo):
        message = (
            f"{PREFIX}.editor.publish is on but repo '{editor.repo}' is not a GitHub "
            "repository (write repo: owner/name)"
        )
        return [config_problem(message, "publish", config_file)]
    if editor.auth_url and origin_of(editor.auth_url) is None:
        message = (
            f"{PREFIX}.editor.auth_url '{editor.auth_url}' is not an http(s) URL "
            "(e.g. https://auth.example.com)"
        )
        return [config_problem(message, "auth_url", config_file)]
    return []
