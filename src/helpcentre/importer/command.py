"""`helpcentre import intercom|zendesk`: a help centre moved into this site in one command."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from helpcentre.importer.model import Export, Product
from helpcentre.importer.saved import SourceError, saved_responses
from helpcentre.problems import ProblemError

HELP = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group("import", context_settings=HELP)
def import_group() -> None:
    """Move articles, collections and old links in from Intercom or Zendesk."""


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--from",
            "saved",
            type=click.Path(path_type=Path),
            help="Read saved API responses (*.json) from this folder instead of the API.",
        ),
        click.option(
            "--save",
            type=click.Path(file_okay=False, path_type=Path),
            help="Keep the API's responses in this folder (for a later --from).",
        ),
        click.option("--api-url", help="The API's address (default: the product's own)."),
        click.option(
            "--domain",
            "domains",
            multiple=True,
            help="A custom domain the help centre was served on (links to it are resolved).",
        ),
        click.option(
            "--include-drafts", is_flag=True, help="Also write drafts, under drafts/ (not built)."
        ),
        click.option(
            "--add-languages",
            is_flag=True,
            help="Add the languages the site lacks to mkdocs.yml, in progress.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@import_group.command("intercom", context_settings=HELP)
@_common
@click.option(
    "--region",
    type=click.Choice(["us", "eu", "au"]),
    default="us",
    show_default=True,
    help="Where the Intercom workspace is hosted.",
)
@click.option(
    "--token-env",
    default="INTERCOM_TOKEN",
    show_default=True,
    help="The environment variable holding the access token.",
)
@click.option(
    "--api-version",
    default="2.11",
    show_default=True,
    callback=lambda _context, _option, value: _api_version(value),
    help="The Intercom-Version asked for; 2.9 or older also reads sections from their "
    "own endpoint (from 2.10 they are nested collections).",
)
def intercom(region: str, token_env: str, api_version: str, **options: Any) -> None:
    """Import an Intercom help centre (collections, sections, articles, translations)."""
    from helpcentre.importer.live import INTERCOM_REGIONS, fetch_intercom

    def fetch(session: Any, folder: Path) -> None:
        token = _secret(token_env)
        base = options["api_url"] or INTERCOM_REGIONS[region]
        fetch_intercom(session, base, token, folder, token_env, api_version)

    _import(Product.INTERCOM, fetch, **options)


@import_group.command("zendesk", context_settings=HELP)
@_common
@click.option("--subdomain", help="The Zendesk subdomain (acme for acme.zendesk.com).")
@click.option(
    "--email-env",
    default="ZENDESK_EMAIL",
    show_default=True,
    help="The environment variable holding the agent's email address.",
)
@click.option(
    "--token-env",
    default="ZENDESK_API_TOKEN",
    show_default=True,
    help="The environment variable holding the API token.",
)
def zendesk(subdomain: str | None, email_env: str, token_env: str, **options: Any) -> None:
    """Import a Zendesk Guide help centre (categories, sections, articles, translations)."""
    from helpcentre.importer.live import fetch_zendesk

    def fetch(session: Any, folder: Path) -> None:
        base = options["api_url"] or (f"https://{subdomain}.zendesk.com" if subdomain else None)
        if base is None:
            raise click.UsageError("give --subdomain (or --from DIR with saved responses)")
        email, token = _secret(email_env), _secret(token_env)
        fetch_zendesk(session, base, email, token, folder, f"{email_env} and {token_env}")

    _import(Product.ZENDESK, fetch, **options)


def _api_version(value: str) -> str:
    if not re.fullmatch(r"\d+\.\d+|Unstable", value.strip()):
        raise click.BadParameter(f"'{value}' is not an Intercom API version (2.11, 2.9, Unstable)")
    return value.strip()


def _secret(variable: str) -> str:
    value = os.environ.get(variable, "").strip()
    if not value:
        raise click.UsageError(f"set {variable} (or give --from DIR with saved responses)")
    return value


def _import(
    product: Product,
    fetch: Callable[[Any, Path], None],
    saved: Path | None,
    save: Path | None,
    api_url: str | None,
    domains: tuple[str, ...],
    include_drafts: bool,
    add_languages: bool,
) -> None:
    from helpcentre.importer.http import http_session

    api = http_session()
    try:
        with _responses(saved, save, lambda folder: fetch(api, folder)) as folder:
            export = _read(product, folder)
        # Images come from other hosts (CDNs): a session without the API's credentials.
        _write(export, http_session(), list(domains), include_drafts, add_languages)
    except SourceError as error:
        click.echo(f"helpcentre import {product.value}: {error}", err=True)
        sys.exit(1)
    except ProblemError as error:  # a file of the site the import must read first
        for problem in error.problems:
            click.echo(problem.text(), err=True)
        sys.exit(1)


@contextmanager
def _responses(
    saved: Path | None, save: Path | None, fetch: Callable[[Path], None]
) -> Iterator[Path]:
    """The folder of responses: the one given, or the API's answers saved into one."""
    if saved is not None:
        yield saved
        return
    if save is not None:
        fetch(save)
        yield save
        return
    with tempfile.TemporaryDirectory(prefix="helpcentre-import-") as folder:
        fetch(Path(folder))
        yield Path(folder)


def _read(product: Product, folder: Path) -> Export:
    from helpcentre.importer.intercom import read_intercom
    from helpcentre.importer.zendesk import read_zendesk

    reader = read_intercom if product is Product.INTERCOM else read_zendesk
    return reader(saved_responses(folder))


def _write(
    export: Export, session: Any, domains: list[str], include_drafts: bool, add_languages: bool
) -> None:
    from helpcentre.importer.languages import map_locales
    from helpcentre.importer.run import Target, run_import
    from helpcentre.importer.site_languages import add_languages as add
    from helpcentre.importer.target import load_target

    root = Path.cwd()
    project, facts = load_target(root)
    langs = map_locales(export.locales, project.languages)
    if langs.unknown and add_languages:
        for problem in add(project.config_file, langs.unknown):
            click.echo(f"mkdocs.yml:1:1: {problem}", err=True)
        project, facts = load_target(root)
        langs = map_locales(export.locales, project.languages)
    target = Target(project, langs, facts, domains, include_drafts)
    report = run_import(export, target, session)
    for line in report.notes:
        click.echo(line)
    for line in report.decisions:
        click.echo(line, err=True)
    for line in report.summary():
        click.echo(line)
    if report.needs_decision:
        sys.exit(1)
