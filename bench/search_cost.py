"""Search cost at scale: bytes a first search fetches and time to its first result drawn,
on synthetic sites of N articles per language (bench/sitegen.py), in headless Chromium.

Run: `.venv/bin/python -m bench.search_cost --sizes 500 2000` (results go in BENCHMARKS.md
by hand). Each run is a fresh browser context (nothing cached); the clock starts when the
query is submitted on a loaded home page and stops when the first result is drawn.
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def one_search(browser: object, base: str, home: str, query: str) -> tuple[float, int]:
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
    page.wait_for_selector("[data-hc-search-done] .hc-search-results__list a", timeout=20000)
    elapsed = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    total = sum(sizes)
    context.close()
    return elapsed, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            site = make_site(Path(tmp), size)
            with serve_directory(site) as base, chromium_browser() as browser:
                for lang, (home, queries) in QUERIES.items():
                    data_file = site / "hc-search" / f"{lang}.json.gz"
                    for query in queries:
                        runs = [one_search(browser, base, home, query) for _ in range(args.runs)]
                        times = [round(r[0] * 1000) for r in runs]
                        report[f"{size}/{lang}/{query}"] = {
                            "first_result_ms": {
                                "median": statistics.median(times),
                                "min": min(times),
                                "max": max(times),
                            },
                            "kB_fetched": round(max(r[1] for r in runs) / 1000, 1),
                            "search_file_kB": round(data_file.stat().st_size / 1000, 1),
                        }
                        print(
                            json.dumps(
                                {f"{size}/{lang}/{query}": report[f"{size}/{lang}/{query}"]}
                            ),
                            flush=True,
                        )
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
