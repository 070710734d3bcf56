"""Search per language: index bytes a reader downloads and time to first result, Pagefind
against Material's built-in search, on the real site in Chromium.

Run: `.venv/bin/python -m bench.search_bench` (results go in BENCHMARKS.md by hand).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import chromium_browser, serve_directory
from helpcentre.mkdocs.engine.driver import build_site

REPO = Path(__file__).resolve().parent.parent

QUERIES = {"fr": ("", "abonnement"), "en": ("en/", "subscription")}


def pagefind_run(base: str, home: str, word: str) -> tuple[float, int]:
    with chromium_browser() as browser:
        page = browser.new_page()
        sizes: list[int] = []
        page.on(
            "response", lambda r: sizes.append(len(r.body())) if "/pagefind/" in r.url else None
        )
        page.goto(base + home)
        page.wait_for_load_state("networkidle")
        start = time.perf_counter()
        page.fill("#hc-search-input", word)
        page.press("#hc-search-input", "Enter")
        page.wait_for_selector("[data-hc-search-done] .hc-search-results__list a")
        elapsed = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        return elapsed, sum(sizes)


def material_run(base: str, home: str, word: str) -> tuple[float, int]:
    with chromium_browser() as browser:
        page = browser.new_page()
        sizes: list[int] = []
        page.on("response", lambda r: sizes.append(len(r.body())) if "search" in r.url else None)
        page.goto(base + home)
        page.wait_for_load_state("networkidle")
        start = time.perf_counter()
        page.click("[data-md-component=search-query]")
        page.keyboard.type(word)
        try:
            page.wait_for_selector(".md-search-result__item", state="attached", timeout=8000)
        except Exception:
            meta = page.locator(".md-search-result__meta").first.inner_text()
            print(f"material: no result for {word!r} on /{home}: {meta!r}", file=sys.stderr)
            return float("nan"), sum(sizes)
        return time.perf_counter() - start, sum(sizes)


def material_site(work: Path) -> Path:
    """The real site with Material's search plugin back on (static-i18n merges languages)."""
    project = work / "material"
    shutil.copytree(
        REPO,
        project,
        ignore=shutil.ignore_patterns(".venv", "site", "node_modules", ".git", "bench", "src"),
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8"
    )
    return build_real_site(project, project / "site")


def build_real_site(root: Path, site_dir: Path) -> Path:
    """The project in `root` built strictly into `site_dir`; exits with the build's errors."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    outcome = build_site(root, site_dir)
    if not outcome.ok:
        lines = [p.text() for p in outcome.problems] or outcome.messages() or [outcome.error]
        raise SystemExit("the build failed:\n" + "\n".join(lines))
    return site_dir


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pagefind_dir = build_real_site(REPO, work / "pagefind-site")
        report: dict[str, dict[str, object]] = {"pagefind": {}, "material": {}}
        on_disk = {
            lang: sum(f.stat().st_size for f in (pagefind_dir / "pagefind").glob(f"*.{lang}*"))
            for lang in QUERIES
        }
        with serve_directory(pagefind_dir) as base:
            for lang, (home, word) in QUERIES.items():
                runs = [pagefind_run(base, home, word) for _ in range(3)]
                report["pagefind"][lang] = {
                    "first_result_s": round(min(r[0] for r in runs), 3),
                    "bytes_fetched": runs[0][1],
                    "lang_files_on_disk": on_disk[lang],
                }
        material_dir = material_site(work)
        index = json.loads((material_dir / "search" / "search_index.json").read_text("utf-8"))
        by_lang = {
            lang: [d for d in index["docs"] if d["location"].startswith("en/") == (lang == "en")]
            for lang in QUERIES
        }
        with serve_directory(material_dir) as base:
            for lang, (home, word) in QUERIES.items():
                runs = [material_run(base, home, word) for _ in range(3)]
                report["material"][lang] = {
                    "first_result_s": round(min(r[0] for r in runs), 3),
                    "bytes_fetched": runs[0][1],
                    "own_entries_json_bytes": len(json.dumps(by_lang[lang], ensure_ascii=False)),
                    "merged_index_bytes": (material_dir / "search" / "search_index.json")
                    .stat()
                    .st_size,
                }
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
