"""`python -m helpcentre build` (`make build`): one process per language, the same site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_project, write_project

from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.outputs import search

AS_OF = "2026-06-01"
# Differ between any two builds: when they ran, and the order Pagefind lists languages in.
PER_BUILD = {"build-info.json", "pagefind/pagefind-entry.json"}
SITES = shutil.ignore_patterns("site*")


def cli_build(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command `make build` runs, in a process of its own, as an operator runs it."""
    return cli(root, "build", "--site-dir", str(site), *args)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HELPCENTRE_AS_OF=AS_OF, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "helpcentre", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real docs and data, with one article moved (a redirect) and one English page
    still being translated (served from the French file)."""
    root = tmp_path_factory.mktemp("parallel")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "data", root / "data")
    write_project(root, docs={}, policies=None)
    article = next(p for p in sorted((root / "docs" / "fr").glob("*/*.md")) if p.name != "index.md")
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", "---\naliases: [ancien/chemin.md]\n", 1))
    other = next(p for p in sorted((root / "docs" / "en").glob("*/*.md")) if p.name != "index.md")
    if other.relative_to(root / "docs" / "en") != article.relative_to(root / "docs" / "fr"):
        other.unlink()
    else:
        sorted((root / "docs" / "en").glob("*/*.md"))[-1].unlink()
    return root


@pytest.fixture(scope="module")
def one_process_site(real_project: Path) -> Path:
    """The site as `mkdocs build --strict` writes it, in one process."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPCENTRE_AS_OF", AS_OF)
        return build_project(real_project).site_dir


def files_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("jobs", [[], ["--jobs", "1"]], ids=["a process each", "one at a time"])
def test_the_parallel_build_writes_the_same_site_as_one_process(
    real_project, one_process_site, jobs
):
    one = one_process_site
    parallel = real_project / "site-parallel"
    done = cli_build(real_project, parallel, *jobs)
    assert done.returncode == 0, done.stderr
    assert "Site built in" in done.stderr
    expected, got = files_of(one), files_of(parallel)
    assert sorted(got) == sorted(expected)
    differing = [name for name in expected if expected[name] != got[name]]
    assert set(differing) <= PER_BUILD
    # The moved article's redirect and the page waiting for its translation are there.
    assert (parallel / "ancien" / "chemin" / "index.html").is_file()
    entry = json.loads(got["pagefind/pagefind-entry.json"])
    assert entry == json.loads(expected["pagefind/pagefind-entry.json"])
    assert set(entry["languages"]) == {"fr", "en"}
    built = json.loads(got["build-info.json"])
    assert built | {"built_at": ""} == json.loads(expected["build-info.json"]) | {"built_at": ""}
    assert not (real_project / "site-parallel.parts").exists()


def test_one_part_per_language_then_assembled_is_the_same_site(
    real_project, one_process_site, tmp_path
):
    """As a CI matrix runs it: each language built on its own (a machine each), then one
    job assembles the parts."""
    one = files_of(one_process_site)
    project = tmp_path / "matrix"
    shutil.copytree(real_project, project, symlinks=True, ignore=SITES)
    for lang in ("en", "fr"):
        done = cli(project, "build", "--language", lang, "--part-dir", f"parts/{lang}")
        assert done.returncode == 0, done.stderr
    done = cli(project, "assemble", "--site-dir", "site", "parts/fr", "parts/en")
    assert done.returncode == 0, done.stderr
    got = files_of(project / "site")
    assert sorted(got) == sorted(one)
    assert {name for name in one if one[name] != got[name]} <= PER_BUILD
    missing = cli(project, "assemble", "--site-dir", "other", "parts/en")
    assert missing.returncode == 1
    assert "no part for fr (every language of mkdocs.yml is needed)" in missing.stderr
    (project / "parts" / "en" / "hc-part.pickle").write_bytes(b"not a pickle")
    damaged = cli(project, "assemble", "--site-dir", "other", "parts/en")
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert "hc-part.pickle: not a part this commit built" in damaged.stderr


def test_an_error_in_one_language_is_reported_once_and_fails(real_project, tmp_path):
    project = tmp_path / "broken"
    shutil.copytree(real_project, project, symlinks=True, ignore=SITES)
    article = next(p for p in sorted((project / "docs" / "en").glob("*/*.md")))
    article.write_text(
        article.read_text(encoding="utf-8") + "\n{{ policy.no_such_key }}\n", encoding="utf-8"
    )
    site = project / "site"
    site.mkdir()
    (site / "old.html").write_text("the last good site", encoding="utf-8")
    done = cli_build(project, site, "--jobs", "1")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if "no_such_key" in line]
    where = f"docs/en/{article.parent.name}/{article.name}:"
    assert len(lines) == 1 and where in lines[0], done.stderr
    assert (site / "old.html").is_file()  # a failed build leaves the last site alone


def test_a_data_file_error_is_one_line_before_any_language_starts(real_project, tmp_path):
    project = tmp_path / "bad-data"
    shutil.copytree(real_project, project, symlinks=True, ignore=SITES)
    (project / "data" / "policies.yml").write_text("policies: [\n", encoding="utf-8")
    done = cli_build(project, project / "site")
    assert done.returncode == 1
    located = [line for line in done.stderr.splitlines() if "data/policies.yml:" in line]
    assert len(located) == 1, done.stderr
    assert "Traceback" not in done.stderr


def pagefind_index(folder: Path, lang: str, version: str = "1.5.2") -> Path:
    """An index as Pagefind writes one for a language: its entry file and its own files."""
    (folder / "fragment").mkdir(parents=True)
    (folder / "fragment" / f"{lang}_1.pf_fragment").write_bytes(lang.encode())
    (folder / "pagefind-ui.js").write_text("// the same in every index", encoding="utf-8")
    entry = {"version": version, "languages": {lang: {"hash": f"{lang}_1", "page_count": 1}}}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return folder


def test_the_languages_pagefind_indexes_are_joined_into_one(tmp_path):
    indexes = [pagefind_index(tmp_path / lang, lang) for lang in ("fr", "en")]
    search.merge_pagefind_indexes(indexes, tmp_path / "pagefind")
    joined = tmp_path / "pagefind"
    entry = json.loads((joined / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr", "en"] and entry["version"] == "1.5.2"
    assert sorted(p.name for p in (joined / "fragment").iterdir()) == [
        "en_1.pf_fragment",
        "fr_1.pf_fragment",
    ]
    assert (joined / "pagefind-ui.js").is_file()


def test_an_index_of_another_pagefind_is_refused_in_one_line(tmp_path):
    indexes = [pagefind_index(tmp_path / "fr", "fr"), pagefind_index(tmp_path / "en", "en", "9")]
    with pytest.raises(BuildProblems) as refused:
        search.merge_pagefind_indexes(indexes, tmp_path / "pagefind")
    assert [problem.text() for problem in refused.value.problems] == [
        f"{tmp_path / 'en' / 'pagefind-entry.json'}: a Pagefind index unlike the others "
        "(build every part again)"
    ]
    twice = [pagefind_index(tmp_path / "fr2", "fr"), pagefind_index(tmp_path / "fr3", "fr")]
    with pytest.raises(BuildProblems) as repeated:
        search.merge_pagefind_indexes(twice, tmp_path / "pagefind")
    assert [problem.text() for problem in repeated.value.problems] == [
        f"{tmp_path / 'fr3' / 'pagefind-entry.json'}: a second index of fr (one part per language)"
    ]
    assert (tmp_path / "fr2" / "fragment" / "fr_1.pf_fragment").is_file()  # nothing moved
    (tmp_path / "fr" / "pagefind-entry.json").unlink()
    with pytest.raises(BuildProblems) as missing:
        search.merge_pagefind_indexes(indexes, tmp_path / "pagefind")
    assert [problem.text() for problem in missing.value.problems] == [
        f"{tmp_path / 'fr' / 'pagefind-entry.json'}: no Pagefind index"
    ]


def test_pagefind_failing_in_a_language_process_is_one_line(real_project, tmp_path):
    project = tmp_path / "no-pagefind"
    shutil.copytree(real_project, project, symlinks=True, ignore=SITES)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    env = dict(os.environ, HELPCENTRE_AS_OF=AS_OF, NO_MKDOCS_2_WARNING="1")
    env["PAGEFIND_BINARY_PATH"] = str(broken)
    done = subprocess.run(
        [sys.executable, "-m", "helpcentre", "build", "--site-dir", "site", "--jobs", "1"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "pagefind could not index" in errors[0], done.stderr
