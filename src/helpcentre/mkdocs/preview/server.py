"""The `mkdocs serve` preview: a failed rebuild shows its error lines in the browser.

MkDocs' live-reload server keeps every request waiting while a rebuild fails (the site's
version does not advance), so the browser hangs until the file is fixed. During a
preview the rebuild is wrapped instead: a failed one writes an error page over every page
of the site and counts as done, so the server reloads the open tabs onto it; the next
rebuild starts from an empty folder, so even a `--dirty` one writes every real page again.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from helpcentre.editor.app import AdminApp, LatestEditor
from helpcentre.editor.backend import LocalBackend
from helpcentre.editor.translations import mark_done
from helpcentre.mkdocs import compat, i18n
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.preview.reuse import Reuse

log = logging.getLogger("mkdocs.hooks.helpcentre.preview")

# How often the preview looks for saved files (each look lists docs/: about 10 ms at 1,000
# articles per language).
POLLING_S = 0.2
# How long the server waits for more changes once one is seen before it rebuilds (MkDocs:
# 0.1 s). A look of the polling observer reports all it found at once, so a short wait
# already takes in the whole save; a longer one only delays every rebuild.
SETTLE_S = 0.02


class Preview:
    """One `mkdocs serve` process: whether it is one, what its rebuilds reuse, and the
    error page it shows."""

    def __init__(self) -> None:
        # None outside a preview: a build is then its process's only one.
        self.reuse: Reuse | None = None
        self.site_dir: Path | None = None
        self.lines: list[str] = []  # the failed build's error lines, as an editor reads them
        self.pages: set[str] = set()  # every page a reader may have open, site-relative
        self.showing_error = False
        self.dirty = False  # `mkdocs serve --dirty`: rebuilds render changed pages only
        self.editor = LatestEditor()  # /admin/, as the last good build would write it

    def start(self, command: str, dirty: bool = False) -> None:
        """MkDocs starts a command (`on_startup`): quieten the log of a preview."""
        if command != "serve":
            return
        self.dirty = dirty
        self.begin_reuse()
        i18n.quiet_preview_log()
        build_log = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _QuietRebuilds) for f in build_log.filters):
            build_log.addFilter(_QuietRebuilds())

    def begin_reuse(self) -> Reuse:
        """From now on, builds in this process reuse what the earlier ones left."""
        if self.reuse is None:
            self.reuse = Reuse()
        return self.reuse

    def end_reuse(self) -> None:
        """Builds in this process start from nothing again."""
        self.reuse = None

    def attach(self, server: Any, config: MkDocsConfig) -> Any:
        """The live-reload server is ready (`on_serve`): route its rebuilds through us."""
        self.site_dir = Path(config.site_dir)
        # The server calls `builder` for every rebuild and reloads the browsers when it
        # returns; an exception leaves every request waiting for a good build.
        compat.route_rebuilds(server, self.rebuild)
        poll_sooner(server, [config.docs_dir, config.config_file_path, *config.theme.dirs])
        root = Path(config.config_file_path).parent
        backend = LocalBackend(
            root,
            Path(config.docs_dir),
            translation_done=lambda path: mark_done(root, path),
            build_errors=lambda: list(self.lines) if self.showing_error else [],
        )
        address = (config.dev_addr.host, config.dev_addr.port)
        compat.mount_app(server, lambda site: AdminApp(site, self.editor, backend, address))
        return server

    def update_editor(self, site: Any, config: MkDocsConfig) -> None:
        """A build succeeded: /admin/ serves its configuration and values from now on."""
        from helpcentre.mkdocs.outputs.admin import editor_files

        self.editor.renew(lambda: editor_files(site, config, local=True))

    def note_error(self, error: Exception) -> None:
        """A build failed (`on_build_error`): keep its lines for the error page."""
        if self.site_dir is None:  # not a preview rebuild
            return
        if isinstance(error, BuildProblems):
            found = [problem.text() for problem in error.problems]
        elif isinstance(error, Abort) and self.lines:
            # A nested language build's error reaches the outer build again as an Abort.
            return
        else:
            found = describe(error)
        self.lines.extend(line for line in found if line not in self.lines)

    def rebuild(self, builder: Callable[[], None]) -> None:
        """One rebuild of the preview; a failure shows in the browser instead of raising."""
        assert self.site_dir is not None
        self.lines = []
        if self.showing_error:
            compat.empty_folder(self.site_dir)  # the error pages must not pass for built pages
        logged = _ErrorLog()
        logging.getLogger("mkdocs").addHandler(logged)
        try:
            builder()
        except Exception as error:
            # Errors outside any build event (in mkdocs.yml itself) are only in the log.
            lines = self.lines or logged.messages or describe(error)
            if isinstance(error, MkDocsException):
                # MkDocs logs each distinct message once per process, and an error outside
                # a build not at all: repeat what the terminal would otherwise miss.
                for line in lines:
                    if line not in logged.text():
                        log.error("%s", line)
            else:
                # A fault in the code, not in an article: whoever fixes it needs the trace.
                log.error("the build stopped on an unexpected error", exc_info=error)
            self.show_error(lines)
        else:
            self.showing_error = False
        finally:
            logging.getLogger("mkdocs").removeHandler(logged)

    def show_error(self, lines: list[str]) -> None:
        """Write the error page over every page of the site, and the 404 page."""
        assert self.site_dir is not None
        # After an error the folder is emptied before the next build: a second error in
        # a row keeps the pages found before the first.
        if not self.showing_error:
            self.pages = {
                path.relative_to(self.site_dir).as_posix() for path in self.site_dir.rglob("*.html")
            }
        self.pages |= {"index.html", "404.html"}
        page = error_page(lines, time.strftime("%H:%M:%S"))
        for rel in sorted(self.pages):
            target = self.site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        self.showing_error = True
        log.warning(
            "the preview shows %s on every page until the next successful build",
            "this error" if len(lines) == 1 else f"these {len(lines)} errors",
        )


def poll_sooner(server: Any, paths: list[str | None]) -> None:
    """Look for saved files every POLLING_S seconds, not MkDocs' 0.5 s.

    `mkdocs serve` polls the watched folders (a polling observer works on every file
    system, where change notifications may not), every 0.5 s with no setting to change
    it: a save then waits 0.25 s on average before its rebuild starts, half of what a
    rebuild of one article takes, then 0.1 s more for further changes (lowered to
    SETTLE_S here).
    The server's observer has not started yet: the paths it already watches (docs,
    mkdocs.yml, theme folders with `--watch-theme`) move to one with the shorter
    interval, and the paths watched later go to it as well."""
    compat.poll_every(server, paths, POLLING_S, SETTLE_S)


class _ErrorLog(logging.Handler):
    """The error messages MkDocs writes to the terminal during one build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def text(self) -> str:
        return "\n".join(self.messages)


class _QuietRebuilds(logging.Filter):
    """MkDocs' per-rebuild chatter: the dirty-build warning once, stale files at DEBUG."""

    def __init__(self) -> None:
        super().__init__()
        self.warned_dirty = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(compat.DIRTY_WARNING):
            seen, self.warned_dirty = self.warned_dirty, True
            return not seen
        if message.startswith(compat.STALE_FILES):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def describe(error: BaseException) -> list[str]:
    """MkDocs' message for an error, or the exception's type and message for a fault."""
    if isinstance(error, MkDocsException):
        return [str(error).strip() or type(error).__name__]
    return [f"{type(error).__name__}: {error}"]


# Served in place of every page: MkDocs injects its live-reload script into it, and the
# open tab reloads onto the real page after the next good build. Served as the 404 page
# (a URL that had no page yet) it gets no such script: it then reloads itself every 2 s.
_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Build error · preview</title>
<style>
body {{ margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; }}
main {{ max-width: 60rem; margin: 3rem auto; padding: 0 1.5rem; }}
h1 {{ font-size: 1.5rem; color: #b00020; }}
ul {{ padding: 0; list-style: none; }}
li {{ margin: 0 0 .75rem; padding: .75rem 1rem; border-left: 4px solid #b00020;
  background: #fdf0f2; font: 14px/1.5 ui-monospace, monospace; white-space: pre-wrap;
  overflow-wrap: anywhere; }}
@media (prefers-color-scheme: dark) {{
  body {{ color: #eee; background: #1e1e1e; }} li {{ background: #3a1f24; }}
  h1 {{ color: #ff8a9a; }} li {{ border-color: #ff8a9a; }}
}}
</style>
</head>
<body>
<main class="hc-build-error">
<h1>The preview could not be built</h1>
<p>Fix {what} and save the file: this page reloads by itself once the site builds again.</p>
<ul class="hc-build-error__lines">
{items}
</ul>
<p class="hc-build-error__when">Build attempted at {when}; the terminal running the
preview shows the same lines.</p>
</main>
<script>
window.addEventListener("load", function () {{
  if (typeof window.livereload !== "function") {{
    setTimeout(function () {{ location.reload(); }}, 2000);
  }}
}});
</script>
</body>
</html>
"""


def error_page(lines: list[str], when: str) -> str:
    """The page listing a failed build's error lines, escaped (they quote the editor's text)."""
    items = "\n".join(f"<li>{html.escape(line)}</li>" for line in lines)
    what = "this line" if len(lines) == 1 else "these lines"
    return _PAGE.format(what=what, items=items, when=html.escape(when))
