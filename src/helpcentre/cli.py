"""`helpcentre`: the one command a help centre's owners and editors run.

Exit codes: 0 done; 1 the site has problems to fix (the build failed, a check found an
error, a published URL is gone, a file could not be written); 2 the command was used
wrongly (an unknown option, a missing argument, a folder that is not empty, an unknown
language). Every error is one line on standard error.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from helpcentre import __version__
from helpcentre.health.command import health, reviewed

COMMAND = "helpcentre"
HELP = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# Options handed on untouched to a command that reads its own (collector serve|report).
PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


@click.group(context_settings=HELP)
@click.version_option(__version__, "--version", prog_name=COMMAND)
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Run in this site's folder (the one with mkdocs.yml) instead of the current one.",
)
def cli(directory: Path | None) -> None:
    """Build, preview, check and run a static multilingual help centre."""
    if directory is not None:
        os.chdir(directory)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# -- a new site ---------------------------------------------------------------------------


@cli.command(context_settings=HELP)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--languages",
    default="fr,en",
    show_default=True,
    help="Language codes, comma-separated; the first is the source language.",
)
@click.option(
    "--name", help="The help centre's name in the source language (default: from FOLDER)."
)
@click.option(
    "--site-url",
    default="https://help.example.com/",
    show_default=True,
    help="Where the site will be published (canonical links, sitemap, hreflang).",
)
def new(folder: Path, languages: str, name: str | None, site_url: str) -> None:
    """Start a new help centre in FOLDER (which must not exist or be empty)."""
    from helpcentre.starter import StarterError, create_site

    try:
        written = create_site(folder, _codes(languages), name, site_url)
    except StarterError as error:
        raise click.UsageError(str(error)) from None
    click.echo(
        f"created {folder} ({len(written.files)} files, languages {', '.join(written.languages)})"
    )
    for note in written.notes:
        click.echo(note)
    click.echo(f"next: cd {folder} && make serve   (or: helpcentre serve)")


def _codes(languages: str) -> list[str]:
    return [code.strip() for code in languages.split(",") if code.strip()]


# -- building and previewing ----------------------------------------------------------------


@cli.command(context_settings=HELP)
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder the site is written to.",
)
@click.option("--jobs", type=click.IntRange(min=1), help="Languages built side by side.")
@click.option("--language", help="Build this language's part only (a CI matrix job).")
@click.option(
    "--part-dir", type=click.Path(path_type=Path), help="Folder of that part (default: part-LANG)."
)
@click.option("--no-strict", is_flag=True, help="Let warnings pass (strict by default).")
@click.option("-q", "--quiet", is_flag=True, help="Warnings and errors only.")
def build(
    site_dir: Path,
    jobs: int | None,
    language: str | None,
    part_dir: Path | None,
    no_strict: bool,
    quiet: bool,
) -> None:
    """Write the static site, one process per language (strict: any warning fails)."""
    from helpcentre.mkdocs.engine.parallel import build_in_parallel, build_language_part

    if part_dir is not None and language is None:
        raise click.UsageError("--part-dir goes with --language")
    _show_build_log(quiet)
    root, level = Path.cwd(), logging.WARNING
    if language:
        part = part_dir or Path(f"part-{language}")
        _finish(
            lambda: build_language_part(root, language, part, strict=not no_strict, level=level),
            f"Part '{language}' built",
            part,
        )
    else:
        _finish(
            lambda: build_in_parallel(root, site_dir, strict=not no_strict, jobs=jobs, level=level),
            "Site built",
            site_dir,
        )


@cli.command(context_settings=HELP)
@click.argument("parts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True
)
@click.option("-q", "--quiet", is_flag=True, help="Warnings and errors only.")
def assemble(parts: tuple[Path, ...], site_dir: Path, quiet: bool) -> None:
    """Join the parts built by `build --language` (one per language) into the site."""
    from helpcentre.mkdocs.engine.parallel import assemble_parts

    _show_build_log(quiet)
    root = Path.cwd()
    _finish(
        lambda: assemble_parts(root, site_dir, list(parts), level=logging.WARNING),
        "Site assembled",
        site_dir,
    )


@cli.command(context_settings=HELP)
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address of the preview."
)
@click.option(
    "--collector-port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port of the feedback collector started beside it (0: none).",
)
@click.option(
    "--full", is_flag=True, help="Rebuild every page on each save (default: only what changed)."
)
@click.option("-v", "--verbose", is_flag=True, help="Show the build details too.")
def serve(dev_addr: str, collector_port: int, full: bool, verbose: bool) -> None:
    """Preview the site with live reload, and collect its feedback locally (var/)."""
    host = dev_addr.rsplit(":", 1)[0]
    preview = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr, "--livereload"]
    if not full:
        preview += ["--dirty", "--no-strict"]
    if verbose:
        preview.append("-v")
    env = dict(os.environ)
    collector = None
    if collector_port:
        Path("var").mkdir(exist_ok=True)
        manifest = Path("var", "feedback-manifest.json")
        env["HELPCENTRE_FEEDBACK_MANIFEST"] = str(manifest)
        env.setdefault(
            "HELPCENTRE_FEEDBACK_ENDPOINT", f"http://{host}:{collector_port}/api/feedback"
        )
        origins = {f"http://{dev_addr}", f"http://localhost:{dev_addr.rsplit(':', 1)[-1]}"}
        secret = _preview_secret(Path("var", "collector-secret"))
        collector = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "helpcentre.collector",
                "serve",
                "--db",
                str(Path("var", "feedback.sqlite3")),
                "--manifest",
                str(manifest),
                "--host",
                host,
                "--port",
                str(collector_port),
                "--secret-file",
                str(secret),
                *(item for origin in sorted(origins) for item in ("--origin", origin)),
            ]
        )
    # Stopped by Ctrl-C or by a service manager's SIGTERM, the preview stops both children.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    running = subprocess.Popen(preview, env=env)
    status = 0
    try:
        status = running.wait()
    except KeyboardInterrupt:
        status = 0
    finally:
        for child in (running, collector):
            if child is not None and child.poll() is None:
                child.terminate()
                child.wait(timeout=10)
    if status not in (0, -2, -15, 130):
        sys.exit(1)


def _preview_secret(path: Path) -> Path:
    """The preview's collector keys readers with a secret of its own, made once in var/."""
    if not path.is_file():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    return path


# -- editors' commands ----------------------------------------------------------------------


@cli.command(context_settings=HELP)
@click.option("--external", is_flag=True, help="Also try links to other sites (needs internet).")
def check(external: bool) -> None:
    """Run every check on the whole site: one line per problem, then a summary."""
    _editors(["check", *(["--external"] if external else [])])


@cli.command(context_settings=HELP)
@click.argument("keys", nargs=-1)
@click.option("--changed", is_flag=True, help="The keys changed in the data file since --base.")
@click.option("--base", help="Git revision to compare with (default: the last commit).")
def impact(keys: tuple[str, ...], changed: bool, base: str | None) -> None:
    """List the articles that quote policy keys, e.g. cancellation.notice_period."""
    if not keys and not changed:
        raise click.UsageError("name a policy key (e.g. cancellation.notice_period) or --changed")
    _editors(
        ["impact", *keys, *(["--changed"] if changed else []), *(["--base", base] if base else [])]
    )


@cli.command("new-article", context_settings=HELP)
@click.argument("article")
@click.option("--title", help="The article's title (default: from the slug).")
def new_article(article: str, title: str | None) -> None:
    """Create ARTICLE (collection/slug) in the source language, with pending translations."""
    _editors(["new-article", article, *(["--title", title] if title else [])])


@cli.command("translation-done", context_settings=HELP)
@click.argument("files", nargs=-1, required=True)
def translation_done(files: tuple[str, ...]) -> None:
    """Record that translated FILES match their source now."""
    _editors(["translation-done", *files])


@cli.command("published-urls", context_settings=HELP)
@click.argument("action", type=click.Choice(["write", "check"]))
@click.option(
    "--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True
)
@click.option(
    "--list",
    "list_file",
    type=click.Path(path_type=Path),
    default=Path("published-urls.txt"),
    show_default=True,
)
def published_urls(action: str, site_dir: Path, list_file: Path) -> None:
    """Record the built site's URLs (write), or fail when one of them is gone (check)."""
    from helpcentre.published_urls import main as urls

    _exit(urls([action, str(site_dir), str(list_file)]))


for _command in (health, reviewed):
    cli.add_command(_command)


# -- the feedback collector -----------------------------------------------------------------


@cli.group(context_settings=HELP)
def collector() -> None:
    """The feedback collector: `serve` in production, `report` for editors."""


@collector.command("serve", context_settings=PASS_THROUGH)
@click.pass_context
def collector_serve(context: click.Context) -> None:
    """Run the collector under waitress (helpcentre collector serve --help)."""
    _collector("serve", context.args)


@collector.command("report", context_settings=PASS_THROUGH)
@click.pass_context
def collector_report(context: click.Context) -> None:
    """Reactions per article and unanswered searches (helpcentre collector report --help)."""
    _collector("report", context.args)


# -- plumbing -------------------------------------------------------------------------------


def _editors(argv: list[str]) -> None:
    from helpcentre.checks.__main__ import main as editors

    _exit(editors(argv))


def _collector(command: str, argv: Sequence[str]) -> None:
    from helpcentre.collector.__main__ import main as run

    _exit(run([command, *argv], prog=f"{COMMAND} collector"))


def _finish(step: Callable[[], Any], done: str, folder: Path) -> None:
    started = time.perf_counter()
    outcome = step()
    log = logging.getLogger("mkdocs.helpcentre")
    if not outcome.ok:
        log.error(outcome.error or "the build failed")
        _exit(1)
    log.info("%s in %.2f seconds: %s", done, time.perf_counter() - started, folder)


def _show_build_log(quiet: bool) -> None:
    """MkDocs' lines on the console, as `mkdocs build` prints them."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING if quiet else logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _exit(status: int) -> None:
    if status:
        sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every click error is one line naming the command."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None, prog_name=COMMAND, standalone_mode=False
        )
    except click.exceptions.Abort:
        click.echo(f"{COMMAND}: stopped", err=True)
        return 1
    except click.exceptions.NoArgsIsHelpError as error:  # `helpcentre` alone: its help
        click.echo(error.format_message())
        return 0
    except click.exceptions.ClickException as error:
        where = error.ctx.command_path if getattr(error, "ctx", None) else COMMAND
        hint = f" (see {where} --help)" if isinstance(error, click.UsageError) else ""
        click.echo(f"{where}: {error.format_message()}{hint}", err=True)
        return error.exit_code
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0
