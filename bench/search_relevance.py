"""Search relevance: the committed query set (bench/relevance/<lang>.yml) run through the
real search page of the real site in Chromium; success@1, success@3 and MRR per language.

Run: `.venv/bin/python -m bench.search_relevance` (or `make bench-search-relevance`);
`--misses` lists the queries whose first three results hold no acceptable article,
`--site DIR` reuses a site already built.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from bench.browser import chromium_browser, serve_directory
from bench.search_bench import build_real_site

REPO = Path(__file__).resolve().parent.parent
RELEVANCE = Path(__file__).resolve().parent / "relevance"
HOMES = {"fr": "", "en": "en/"}
RESULT_LINKS = "[data-hc-search-results] .hc-search-results__list a"


@dataclass(frozen=True)
class Judged:
    """One query of the set, the articles that answer it and what the search returned."""

    query: str
    acceptable: tuple[str, ...]
    returned: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first acceptable article among the results, if any."""
        for position, article in enumerate(self.returned, start=1):
            if article in self.acceptable:
                return position
        return None


def load_set(lang: str, name: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """`bench/relevance/<lang>.yml`, or `<lang>-<name>.yml` (the held-out set)."""
    file = RELEVANCE / (f"{lang}-{name}.yml" if name else f"{lang}.yml")
    entries = yaml.safe_load(file.read_text(encoding="utf-8"))
    return [(str(entry["q"]), tuple(entry["ok"])) for entry in entries]


def article_id(href: str, base: str, home: str) -> str:
    """`http://host/en/suivi/alertes/` -> `suivi/alertes` (its own language's home)."""
    path = href.removeprefix(base).split("#")[0].split("?")[0]
    return path.removeprefix(home).strip("/")


def run_language(browser: object, base: str, lang: str, name: str = "") -> list[Judged]:
    home = HOMES[lang]
    page = browser.new_page()  # type: ignore[attr-defined]
    judged = []
    for query, acceptable in load_set(lang, name):
        page.goto(f"{base}{home}?q={quote(query)}")
        page.wait_for_selector("[data-hc-search-results][data-hc-search-done]", timeout=15000)
        hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
        returned = tuple(article_id(h, base, home) for h in hrefs)
        judged.append(Judged(query, acceptable, returned))
    page.close()
    return judged


def scores(judged: list[Judged]) -> dict[str, float]:
    ranks = [j.rank for j in judged]
    count = len(judged)
    return {
        "queries": count,
        "success@1": round(sum(r == 1 for r in ranks) / count, 3),
        "success@3": round(sum(r is not None and r <= 3 for r in ranks) / count, 3),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / count, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site to serve")
    parser.add_argument("--misses", action="store_true", help="list queries missed at 3")
    parser.add_argument("--lang", choices=sorted(HOMES), action="append")
    parser.add_argument("--set", default="", help="'holdout': the queries kept out of tuning")
    args = parser.parse_args()
    languages = args.lang or list(HOMES)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site or build_real_site(REPO, Path(tmp) / "site")
        report = {}
        with serve_directory(site_dir) as base, chromium_browser() as browser:
            for lang in languages:
                judged = run_language(browser, base, lang, args.set)
                report[lang] = scores(judged)
                if args.misses:
                    for j in judged:
                        if j.rank != 1:
                            print(f"{lang} rank={j.rank} {j.query!r} -> {list(j.returned[:3])}")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
