"""`make screenshots`: PNGs of each page type x language x colour scheme x width, for review.

Builds the real site (docs/, data/) on a fixed date into a temporary folder, serves it on
127.0.0.1 and photographs every page with Chromium (/usr/bin/chromium, never a downloaded
browser). Tests never compare these pixels; they are for people reading a pull request.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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
QUERIES = {"fr": "facture", "en": "invoice"}
LANGUAGE_ROOTS = {"fr": "", "en": "en/"}
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 1
    os.environ.setdefault("HELPCENTRE_AS_OF", "2026-06-01")
    with tempfile.TemporaryDirectory() as temporary:
        outcome = build_site(REPO, Path(temporary) / "site")
        if not outcome.ok:
            for problem in outcome.problems:
                print(problem.text(), file=sys.stderr)
            print(outcome.error or "the build failed", file=sys.stderr)
            return 1
        written = shoot(outcome.site_dir, args.out)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
