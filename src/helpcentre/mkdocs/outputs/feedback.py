"""The feedback manifest (every article showing the widget) and the build id it names."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.contract import BUILD_ID_VARIABLE, MANIFEST_NAME, valid_build_id
from helpcentre.mkdocs.errors import BuildProblems, environment_problem
from helpcentre.mkdocs.state import SiteBuild

log = logging.getLogger("mkdocs.hooks.helpcentre.feedback")


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
