"""Search cost at scale: bytes a first search fetches and time to its first result drawn,
on synthetic sites of N articles per language (bench/sitegen.py), in headless Chromium.

Run: `.venv/bin/python -m bench.search_cost --sizes 500 2000` (results go in BENCHMARKS.md
by hand). Each run is a fresh browser context (nothing cached); the clock starts when the
query is submitted on a loaded home page and stops when the first result is drawn
("first"), then when every excerpt is drawn ("done"). The same site with main's script
(`--baseline REF`, plain Pagefind) is measured in the same run, queries interleaved.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from bench import sitegen
from bench.browser import chromium_browser, serve_directory
from bench.search_bench import build_real_site

REPO = Path(__file__).resolve().parent.parent
# A misspelt word and a question in the synthetic sites' words (sitegen.WORDS).
QUERIES = {
    "fr": ("", ["abonement", "comment changer le préavis du contrat"]),
    "en": ("en/", ["acount", "how do I change the notice period"]),
}
SEARCH_FILES = ("/pagefind/", "/hc-search/")


def make_site(work: Path, size: int) -> Path:
    root = work / f"site-{size}"
    root.mkdir(parents=True)
    sitegen.write_sources(root, size)
    sitegen.write_project(root, "ours")
    # The real synonyms (the suggested articles do not exist in a synthetic site).
    synonyms = yaml.safe_load((REPO / "data" / "synonyms.yml").read_text(encoding="utf-8"))
    kept = {lang: {"synonyms": entry["synonyms"]} for lang, entry in synonyms.items()}
    (root / "data" / "synonyms.yml").write_text(
        yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8"
    )
    return build_real_site(root, root / "site")


def baseline_site(site: Path, ref: str) -> Path:
    """A copy of `site` whose search script is the one of git `ref` (plain Pagefind)."""
    copy = site.parent / f"{site.name}-{ref.replace('/', '-')}"
    shutil.copytree(site, copy)
    script = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{ref}:overrides/assets/hc-search.js"],
        check=True,
        capture_output=True,
    ).stdout
    (copy / "assets" / "hc-search.js").write_bytes(script)
    return copy


def one_search(browser: object, base: str, home: str, query: str) -> tuple[float, float, int]:
    """Seconds to the first result drawn, to the search done, and bytes fetched."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    sizes: list[int] = []

    def weigh(response: object) -> None:
        if any(part in response.url for part in SEARCH_FILES):  # type: ignore[attr-defined]
            sizes.append(len(response.body()))  # type: ignore[attr-defined]

    page.on("response", weigh)
    page.goto(base + home)
    page.wait_for_load_state("networkidle")
    start = time.perf_counter()
    page.fill("#hc-search-input", query)
    page.press("#hc-search-input", "Enter")
    page.wait_for_selector(".hc-search-results__list a", timeout=20000)
    first = time.perf_counter() - start
    page.wait_for_selector("[data-hc-search-done]", timeout=20000)
    done = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    total = sum(sizes)
    context.close()
    return first, done, total


def spread(values: list[float]) -> str:
    ms = [round(v * 1000) for v in values]
    return f"{statistics.median(ms):.0f} ({min(ms)}-{max(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default="main", help="git ref of the script to compare")
    args = parser.parse_args()
    print("size | lang | query | script | first result ms | done ms | kB fetched | search file kB")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            site = make_site(Path(tmp), size)
            sites = {"ours": site, args.baseline: baseline_site(site, args.baseline)}
            with chromium_browser() as browser:
                for lang, (home, queries) in QUERIES.items():
                    data_file = site / "hc-search" / f"{lang}.json.gz"
                    for query in queries:
                        runs: dict[str, list[tuple[float, float, int]]] = {n: [] for n in sites}
                        with (
                            serve_directory(sites["ours"]) as ours,
                            serve_directory(sites[args.baseline]) as before,
                        ):
                            bases = {"ours": ours, args.baseline: before}
                            for _ in range(args.runs):
                                for name in sites:
                                    # the old script may find nothing: no result then
                                    with contextlib.suppress(Exception):
                                        runs[name].append(
                                            one_search(browser, bases[name], home, query)
                                        )
                        for name, found in runs.items():
                            if not found:
                                print(f"{size} | {lang} | {query} | {name} | no result")
                                continue
                            print(
                                f"{size} | {lang} | {query} | {name} | "
                                f"{spread([r[0] for r in found])} | {spread([r[1] for r in found])}"
                                f" | {max(r[2] for r in found) / 1000:.0f} | "
                                f"{data_file.stat().st_size / 1000:.0f}",
                                flush=True,
                            )


if __name__ == "__main__":
    main()
