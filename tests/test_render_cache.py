"""The rendered-article cache: unchanged articles reused, and never a stale page.

Each test builds once to fill the cache, changes one input, builds again with the cache
and once more without it (into another folder), and asserts the two sites are the same
file for file and that the change shows: a stale entry would make them differ.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_POLICIES, write_project

from helpcentre.mkdocs.engine import driver
from helpcentre.mkdocs.entry import hooks_of

CACHE = ".cache/rendered-pages"
# When the build ran, and the order Pagefind lists the languages in.
PER_BUILD = {"build-info.json", "pagefind/pagefind-entry.json"}
REUSED = re.compile(r"Rendered pages reused from .*/(\w+)\.json: (\d+) of (\d+)$")

LINKED_DOCS = {
    "fr/index.md": "---\ntitle: Centre d'aide\ndescription: Accueil.\n---\n",
    "en/index.md": "---\ntitle: Help centre\ndescription: Home.\n---\n",
    "fr/facturation/index.md": "---\ntitle: Facturation\ndescription: Paiements.\n---\n",
    "en/facturation/index.md": "---\ntitle: Billing\ndescription: Payments.\n---\n",
    "fr/facturation/annulation.md": (
        "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n\n"
        "## Préavis\n\nLe préavis est de {{ policy.cancellation.notice_period }}.\n\n"
        "Voir aussi [les frais](frais.md#montant).\n"
    ),
    "en/facturation/annulation.md": (
        "---\ntitle: Cancelling\ndescription: How to cancel.\n---\n\n"
        "## Notice\n\nThe notice period is {{ policy.cancellation.notice_period }}.\n\n"
        "See also [the fees](frais.md#amount).\n"
    ),
    "fr/facturation/frais.md": (
        "---\ntitle: Frais\ndescription: Les frais.\n---\n\n"
        "## Montant\n\nDes frais de {{ policy.fees.default_fee }} s'appliquent.\n"
    ),
    "en/facturation/frais.md": (
        "---\ntitle: Fees\ndescription: The fees.\n---\n\n"
        "## Amount\n\nA fee of {{ policy.fees.default_fee }} applies.\n"
    ),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny site built once, so its cache holds every page."""
    root = write_project(tmp_path / "project", LINKED_DOCS)
    first = built(root)
    assert reused(first.records) == {}  # nothing to reuse yet
    assert sorted(p.name for p in (root / CACHE).iterdir()) == ["en.json", "fr.json"]
    return root


def build(root: Path, site: str = "site", *, strict: bool = True) -> driver.BuildOutcome:
    """A build as `make build` logs it (INFO: MkDocs then checks links to anchors)."""
    return driver.build_site(root, root / site, strict=strict, level=logging.INFO)


def built(root: Path, site: str = "site") -> driver.BuildOutcome:
    outcome = build(root, site)
    assert outcome.ok, outcome.messages() + [p.text() for p in outcome.problems]
    return outcome


def reused(records: list[logging.LogRecord]) -> dict[str, tuple[int, int]]:
    """Per language: pages reused from the cache, of the pages rendered."""
    found = {}
    for record in records:
        match = REUSED.search(record.getMessage())
        if match:
            found[match[1]] = (int(match[2]), int(match[3]))
    return found


def site_files(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and str(path.relative_to(site)) not in PER_BUILD
    }


def build_both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list]:
    """Build with the cache, then without it: assert the same site; give the cached one."""
    cached = built(root)
    with monkeypatch.context() as patch:
        patch.setenv("HELPCENTRE_RENDER_CACHE", "")
        fresh = built(root, "site-fresh")
    assert reused(fresh.records) == {}
    assert site_files(cached.site_dir) == site_files(fresh.site_dir)
    return cached.site_dir, cached.records


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_site_is_served_from_the_cache(project, monkeypatch):
    _, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {"fr": (4, 4), "en": (4, 4)}


def test_edited_article_is_rendered_again(project, monkeypatch):
    edit(project / "docs/fr/facturation/frais.md", "## Montant", "## Montant\n\nÀ payer.\n")
    site, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {"fr": (3, 4), "en": (4, 4)}
    assert "À payer." in (site / "facturation/frais/index.html").read_text(encoding="utf-8")


def test_changed_value_renders_every_page_using_it(project, monkeypatch):
    edit(project / "data/policies.yml", "value: 25.00 GBP", "value: 40.00 GBP")
    site, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {"fr": (3, 4), "en": (3, 4)}
    assert "40.00" in (site / "en/facturation/frais/index.html").read_text(encoding="utf-8")


def test_value_switching_on_its_date_renders_again(project, monkeypatch, as_of):
    as_of("2030-01-02")  # the notice period becomes 60 days
    site, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {"fr": (3, 4), "en": (3, 4)}
    page = (site / "en/facturation/annulation/index.html").read_text(encoding="utf-8")
    assert "60" in page


def test_markdown_settings_render_every_page_again(project, monkeypatch):
    edit(project / "mkdocs.yml", "      permalink: true\n", "      permalink: false\n")
    site, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {}
    assert 'class="headerlink"' not in (site / "facturation/frais/index.html").read_text()


def test_interface_text_of_the_markdown_renders_again(project, monkeypatch):
    """The heading links' title comes from the catalogue (a Markdown setting per language):
    the site's own English string replaces the shipped one."""
    (project / "locales/en.po").write_text(
        'msgid "permalink_title"\nmsgstr "Link to this part"\n', encoding="utf-8"
    )
    site, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {"fr": (4, 4)}
    assert 'title="Link to this part"' in (site / "en/facturation/frais/index.html").read_text()


def test_removed_link_target_fails_the_page_that_links_to_it(project):
    (project / "docs/en/facturation/frais.md").unlink()  # now served from the French file
    (project / "docs/fr/facturation/frais.md").unlink()
    outcome = build(project)
    assert not outcome.ok
    assert (
        "Doc file 'en/facturation/annulation.md' contains a link 'frais.md#amount', but the "
        "target 'en/facturation/frais.md' is not found among documentation files."
    ) in outcome.messages()


def test_removed_anchor_fails_the_cached_page_linking_to_it(project):
    edit(project / "docs/en/facturation/frais.md", "## Amount", "## Price")
    outcome = build(project)
    assert not outcome.ok
    assert reused(outcome.records).get("en", (0, 0))[0] >= 1  # annulation came from the cache
    assert (
        "Doc file 'en/facturation/annulation.md' contains a link 'frais.md#amount', but the "
        "doc 'en/facturation/frais.md' does not contain an anchor '#amount'."
    ) in outcome.messages()


def test_page_whose_render_warned_is_never_stored(tmp_path):
    docs = dict(LINKED_DOCS)
    docs["en/facturation/frais.md"] += "\nSee [nowhere](missing.md).\n"
    root = write_project(tmp_path / "project", docs)
    for _ in range(2):  # the second build must warn again, not reuse a quiet copy
        outcome = build(root, strict=False)
        assert outcome.ok
        assert any("'missing.md'" in message for message in outcome.messages())
    assert reused(outcome.records) == {"fr": (4, 4), "en": (3, 4)}


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all",
        json.dumps({"format": 1, "pages": {"0" * 64: {"html": 3}}}),
        json.dumps({"format": 999, "pages": {}}),
        json.dumps(["a list"]),
    ],
    ids=["not-json", "malformed-entry", "other-format", "not-a-mapping"],
)
def test_damaged_cache_file_is_ignored_and_rewritten(project, monkeypatch, damage):
    (project / CACHE / "en.json").write_text(damage, encoding="utf-8")
    _, records = build_both_ways(project, monkeypatch)
    assert reused(records) == {"fr": (4, 4)}
    written = json.loads((project / CACHE / "en.json").read_text(encoding="utf-8"))
    assert len(written["pages"]) == 4


def test_markup_in_a_cached_page_stays_escaped(tmp_path, monkeypatch):
    docs = dict(LINKED_DOCS)
    docs["en/facturation/frais.md"] = (
        '---\ntitle: Fees <script>alert(1)</script>\ndescription: "<b>x</b>"\n---\n\n'
        "## Amount\n\nType `<img src=x onerror=alert(1)>`: {{ policy.fees.default_fee }}.\n"
    )
    root = write_project(tmp_path / "project", docs, MINIMAL_POLICIES)
    built(root)
    site, records = build_both_ways(root, monkeypatch)
    assert reused(records)["en"] == (4, 4)
    page = (site / "en/facturation/frais/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page


def test_a_process_per_language_keeps_a_file_per_language(project):
    """`make build`: each language's process reads and writes its own file."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "helpcentre", "build", "--site-dir", "site-cli"]
    runs = [
        subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    said = [line for line in runs[1].stderr.splitlines() if "Rendered pages reused" in line]
    assert sorted(line.split("/")[-1] for line in said) == ["en.json: 4 of 4", "fr.json: 4 of 4"]
    with_cache = site_files(project / "site-cli")
    built(project, "site-one-process")
    assert with_cache == site_files(project / "site-one-process")


def test_a_page_naming_a_file_not_there_yet_renders_again_once_it_is(tmp_path, monkeypatch):
    """With a missing link target only logged as info, the page is kept with its link
    left as written; the file's arrival must make it render again, the link resolved."""
    docs = dict(LINKED_DOCS)
    docs["en/facturation/frais.md"] += "\nSee [what comes next](later.md).\n"
    root = write_project(tmp_path / "project", docs)
    edit(root / "mkdocs.yml", "  anchors: warn\n", "  anchors: warn\n  not_found: info\n")
    first = built(root)
    assert 'href="later.md"' in (first.site_dir / "en/facturation/frais/index.html").read_text()
    for lang, title in (("fr", "Ensuite"), ("en", "Next")):
        later = root / "docs" / lang / "facturation" / "later.md"
        later.write_text(f"---\ntitle: {title}\ndescription: {title}.\n---\n\nText.\n", "utf-8")
    site, records = build_both_ways(root, monkeypatch)
    assert reused(records) == {"fr": (4, 5), "en": (3, 5)}
    assert 'href="../later/"' in (site / "en/facturation/frais/index.html").read_text()


def test_html_planted_in_the_cache_is_refused(project):
    """The cache folder comes back from CI: a script put into an entry fails the build."""
    file = project / CACHE / "en.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    for entry in data["pages"].values():
        entry["html"] += "<script>alert(1)</script>"
    file.write_text(json.dumps(data), encoding="utf-8")
    outcome = build(project)
    assert not outcome.ok
    refused = [p.text() for p in outcome.problems if "<script> in an article" in p.text()]
    assert refused and all(line.startswith("docs/en/") for line in refused), refused


def test_a_link_written_with_a_backslash_escape_still_names_its_file(tmp_path):
    docs = dict(LINKED_DOCS)
    docs["en/facturation/frais.md"] += "\nSee [the extras](frais\\_annexes.md).\n"
    for lang, title in (("fr", "Annexes"), ("en", "Extras")):
        docs[f"{lang}/facturation/frais_annexes.md"] = (
            f"---\ntitle: {title}\ndescription: {title}.\n---\n\nText.\n"
        )
    root = write_project(tmp_path / "project", docs)
    first = built(root)
    page = (first.site_dir / "en/facturation/frais/index.html").read_text(encoding="utf-8")
    assert 'href="../frais_annexes/"' in page
    for lang in ("fr", "en"):
        (root / "docs" / lang / "facturation" / "frais_annexes.md").unlink()
    outcome = build(root)
    assert not outcome.ok
    assert any(
        "'en/facturation/frais.md'" in message and "not found" in message
        for message in outcome.messages()
    ), outcome.messages()


def test_settings_holding_a_python_object_turn_the_cache_off(tmp_path):
    root = write_project(tmp_path / "project", LINKED_DOCS)
    # A function made on the fly (a closure) has no name to key on, unlike the site's own
    # module-level slugify, which keeps the cache on (every other test here).
    edit(
        root / "mkdocs.yml",
        "      slugify: !!python/name:helpcentre.content.slugs.slugify\n",
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
    )
    for _ in range(2):
        outcome = built(root)
        assert reused(outcome.records) == {}
    assert "Rendered-page cache off: a Markdown setting is a Python object" in [
        record.getMessage() for record in outcome.records
    ]
    assert not (root / CACHE).exists()


def test_a_preview_keeps_its_entries_in_memory_one_per_page(tmp_path):
    """`mkdocs serve`: nothing written to disk; an edited page's entry replaces its last."""
    root = write_project(tmp_path / "project", LINKED_DOCS)
    # The project's hooks, loaded once per process, keep what its builds reuse.
    reuse = hooks_of(driver.load_site_config(root)).preview.begin_reuse()
    built(root)
    assert not (root / CACHE).exists()
    french = next(shelf for path, shelf in reuse.rendered.items() if path.name == "fr.json")
    assert len(french.entries) == 4
    article = root / "docs/fr/facturation/frais.md"
    edit(article, "## Montant", "## Montant\n\nÀ payer.\n")
    later = article.stat().st_mtime + 5
    os.utime(article, (later, later))
    again = driver.build_site(root, root / "site", strict=False, dirty=True, level=logging.INFO)
    assert again.ok
    assert "À payer." in (root / "site/facturation/frais/index.html").read_text("utf-8")
    assert len(french.entries) == 4
    assert not (root / CACHE).exists()
