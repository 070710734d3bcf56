"""`make screenshots`: PNGs of each page type x language x colour scheme x width, for review,
and of the browser editor (/admin/).

Builds the real site (docs/, data/) on a fixed date into a temporary folder, with Arabic
added the way a site owner adds a language (configuration and a home page: its articles are
shown from the French files, right to left around them), serves it on 127.0.0.1 and
photographs every page with Chromium (/usr/bin/chromium, never a downloaded browser). The
editor is photographed in `helpcentre serve` run on a copy of the site, so nothing is
written to docs/. Tests never compare these pixels; they are for people reading a pull
request.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory
from helpcentre.mkdocs.engine.driver import build_site

REPO = Path(__file__).resolve().parent.parent
PAGE_TYPES = {
    "home": "",
    "collection": "facturation/",
    "article": "facturation/modifier-ou-annuler-un-plan/",
    "search": "?q={query}",
    "404": "404.html",
}
QUERIES = {"fr": "facture", "en": "invoice", "ar": "facture"}
LANGUAGE_ROOTS = {"fr": "", "en": "en/", "ar": "ar/"}
# Arabic as a site owner adds it (README, "Adding a language"): no code, no CSS.
ARABIC = """\
        - locale: ar
          name: العربية
          build: true
          site_name: مركز المساعدة
"""
ARABIC_HOME = "---\ntitle: مركز المساعدة\ndescription: إجابات عن أسئلة عملاء RAM Tracking.\n---\n"
SCHEMES = ("light", "dark")
WIDTHS = (320, 375, 1280)


def shoot(site_dir: Path, out_dir: Path) -> list[Path]:
    """Every screenshot of the site in `site_dir`, written to `out_dir`; their paths."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve_directory(site_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for scheme in SCHEMES:
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900},
                        color_scheme=scheme,
                        reduced_motion="reduce",
                    )
                    page = context.new_page()
                    for lang, root in LANGUAGE_ROOTS.items():
                        for kind, path in PAGE_TYPES.items():
                            page.goto(base_url + root + path.format(query=QUERIES[lang]))
                            page.wait_for_load_state("networkidle")
                            target = out_dir / f"{kind}-{lang}-{scheme}-{width}.png"
                            page.screenshot(path=str(target), full_page=True)
                            written.append(target)
                    context.close()
        finally:
            browser.close()
    return written


# The editor's views in the README ("Editing in the browser"): name -> hash route.
EDITOR_VIEWS = {
    "editor-collection": "/collections/facturation-fr",
    "editor-article-fr": "/collections/facturation-fr/entries/modifier-ou-annuler-un-plan",
    "editor-translation-en": "/collections/facturation-en/entries/modifier-ou-annuler-un-plan",
}
SITE_PARTS = ("mkdocs.yml", "docs", "data", "locales", "overrides", "hooks")


def shoot_editor(out_dir: Path) -> list[Path]:
    """The editor at /admin/ of `helpcentre serve`, on a copy of the site (1280 px)."""
    from playwright.sync_api import sync_playwright

    if not (REPO / "node_modules" / "decap-cms").is_dir():
        print("editor screenshots skipped: run npm ci --ignore-scripts first", file=sys.stderr)
        return []
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "site"
        root.mkdir()
        for part in SITE_PARTS:
            copy = shutil.copytree if (REPO / part).is_dir() else shutil.copy
            copy(REPO / part, root / part)
        (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        base = f"http://127.0.0.1:{port}/"
        command = [sys.executable, "-m", "helpcentre", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            [*command, "--collector-port", "0"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(base + "admin/editor.json", server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for name, route in EDITOR_VIEWS.items():
                        context = browser.new_context(viewport={"width": 1280, "height": 800})
                        page = context.new_page()  # each view read afresh, signed out
                        page.goto(f"{base}admin/#{route}")
                        page.get_by_role("button", name="Login").click()
                        page.wait_for_load_state("networkidle")
                        page.wait_for_timeout(1500)  # the preview frame draws last
                        target = out_dir / f"{name}.png"
                        page.screenshot(path=str(target))
                        written.append(target)
                        context.close()
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return written


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while server.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("helpcentre serve did not start for the editor screenshots")


def with_arabic(project: Path) -> Path:
    """A copy of the real project in `project` with Arabic added, still being translated."""
    for folder in ("docs", "data", "locales"):
        shutil.copytree(REPO / folder, project / folder)
    for folder in ("hooks", "overrides"):
        (project / folder).symlink_to(REPO / folder, target_is_directory=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("        - locale: en\n", ARABIC + "        - locale: en\n", 1)
    config = config.replace("      en: en_GB\n", "      en: en_GB\n      ar: ar_EG\n", 1)
    config = config.replace("languages_in_progress: []", "languages_in_progress: [ar]", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "docs" / "ar").mkdir()
    (project / "docs" / "ar" / "index.md").write_text(ARABIC_HOME, encoding="utf-8")
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 1
    os.environ.setdefault("HELPCENTRE_AS_OF", "2026-06-01")
    with tempfile.TemporaryDirectory() as temporary:
        project = with_arabic(Path(temporary) / "project")
        outcome = build_site(project, Path(temporary) / "site")
        if not outcome.ok:
            for problem in outcome.problems:
                print(problem.text(), file=sys.stderr)
            print(outcome.error or "the build failed", file=sys.stderr)
            return 1
        written = shoot(outcome.site_dir, args.out)
    written += shoot_editor(args.out)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
