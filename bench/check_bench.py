"""How `helpcentre check` grows with one article's length: a new site plus one long article.

`python -m bench.check_bench --lines 1000 2000 5000 --runs 3` starts a site with
`helpcentre new` in a temporary folder, adds one French article of about N lines (sections
of prose, a list and a table, each under its own `##` heading) with its English
translation, and times `helpcentre check` on it, each length in turn, N runs each. Printed:
the median, min and max wall time for each length, and their ratio to the shortest.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpcentre.content.sources import read_source, source_hash

SECTION = """\
## Étape {n} de la mise en route

Cette étape explique ce que vous faites au point {n}, et pourquoi il faut le faire avant
de passer au suivant. Lisez-la en entier avant de commencer.

- Vérifiez que votre compte est ouvert.
- Notez la référence de l'étape {n}.
- Gardez cette page ouverte.

| Élément | Détail |
| --- | --- |
| Étape | {n} |
| Durée | quelques minutes |

"""
SECTION_EN = SECTION.replace("Étape {n} de la mise en route", "Step {n} of getting started")


def long_article(lines: int, section: str, title: str) -> str:
    count = max(1, lines // section.count("\n"))
    body = "".join(section.format(n=n) for n in range(1, count + 1))
    return f"---\ntitle: {title}\ndescription: {title}, pas à pas.\n---\n\n{body}".rstrip() + "\n"


def make_site(root: Path, lines: int) -> Path:
    site = root / f"site-{lines}"
    subprocess.run(
        [sys.executable, "-m", "helpcentre", "new", str(site), "--name", "Bench"],
        check=True,
        capture_output=True,
    )
    french = site / "docs" / "fr" / "premiers-pas" / "mise-en-route.md"
    french.write_text(long_article(lines, SECTION, "Mise en route"), encoding="utf-8")
    english = site / "docs" / "en" / "premiers-pas" / "mise-en-route.md"
    text = long_article(lines, SECTION_EN, "Getting going").replace(
        "pas à pas.\n---", f'step by step.\nsource_hash: "{source_hash(read_source(french))}"\n---'
    )
    english.write_text(text, encoding="utf-8")
    return site


def time_check(site: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "helpcentre", "check"], cwd=site, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"check failed on {site}:\n{done.stdout}{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sites = {lines: make_site(Path(folder), lines) for lines in args.lines}
        times: dict[int, list[float]] = {lines: [] for lines in args.lines}
        for _ in range(args.runs):  # lengths take turns, so they share the machine's moods
            for lines, site in sites.items():
                times[lines].append(time_check(site))
    shortest = statistics.median(times[args.lines[0]])
    for lines in args.lines:
        runs = times[lines]
        median = statistics.median(runs)
        print(
            f"{lines:>6} lines: {median:6.2f} s (min {min(runs):.2f}, max {max(runs):.2f}); "
            f"{median / shortest:.2f}x the {args.lines[0]}-line article"
        )


if __name__ == "__main__":
    main()
