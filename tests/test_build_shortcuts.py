"""The build's shortcuts give the answers of the full work they skip."""

from __future__ import annotations

import dataclasses
import os
import random
import time
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import MINIMAL_POLICIES, SITE_LANGUAGES

from helpcentre.content import safety
from helpcentre.content.sources import SourceFile, SourceTree, parse_source
from helpcentre.policies.literals import typed_values, value_index
from helpcentre.policies.model import load_policy_book

REPO = Path(__file__).resolve().parent.parent
EXTENSIONS = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
    "markdown_extensions"
]
NAMES = [next(iter(e)) if isinstance(e, dict) else e for e in EXTENSIONS]
# What MkDocs adds to every project's list.
ALL_NAMES = ["toc", "tables", "fenced_code", *NAMES]


def render(text: str) -> str:
    return markdown.Markdown(extensions=NAMES).convert(text)


def rendered_findings(text: str) -> list[str]:
    html = render(text)
    return [p.message for p in safety.unsafe_rendered_html(html, "", 1, "x.md")] + [
        p.message for p in safety.unsafe_html(text, 1, "x.md")
    ]


UNSAFE = [
    "<script>alert(1)</script>",
    "Text <span onclick='x'>here</span>.",
    'A paragraph.\n{ onclick="steal()" }',
    "[read](javascript:alert(1))",
    "[read](JaVaScRiPt:alert(1))",
    "[read](&#106;avascript:alert(1))",
    "[read](<java script:alert(1)>)",
    "![picture](javascript:alert(1))",
    "See [this][r].\n\n[r]: javascript:alert(1)",
    '<a href="jav&#x61;script:x">a</a>',
    "[read](java\tscript:alert(1))",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_every_unsafe_sample_is_scanned(text: str) -> None:
    assert rendered_findings(text), "the sample must be unsafe for the test to mean anything"
    assert safety.may_render_unsafe(text, ALL_NAMES)


def test_plain_article_text_skips_the_backstop() -> None:
    text = "# Title\n\nSome **text**, a [link](../other/) and a list:\n\n- one\n- two\n"
    assert not safety.may_render_unsafe(text, ALL_NAMES)


def test_an_unknown_extension_always_scans() -> None:
    assert safety.may_render_unsafe("plain text", [*ALL_NAMES, "pymdownx.emoji"])


def test_random_markdown_skipped_only_when_safe() -> None:
    """Whenever the shortcut says the HTML cannot be unsafe, the full scan agrees."""
    atoms = [
        "java",
        "script",
        ":",
        "alert(1)",
        "[a](",
        ")",
        "![i](",
        "\\",
        " ",
        "\n",
        "\n\n",
        "on",
        "click",
        "=",
        "'x'",
        "`",
        "[r]",
        "[r]: ",
        "JAVA",
        "\t",
        "    ",
        "- ",
        "!!! note\n",
        "```\n",
        "| a | b |\n|---|---|\n",
        "# ",
    ]
    rng = random.Random(14)
    skipped = 0
    for _ in range(3000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 30)))
        if not safety.may_render_unsafe(text, ALL_NAMES):
            skipped += 1
            assert not rendered_findings(text), text
    assert skipped > 100  # the property was tested on many texts, not vacuously


@pytest.mark.parametrize(
    "front",
    [
        "title: Plain\norder: 3\ntags: [a, b]\n",
        "title: 'Quoted: yes'\ndate: 2026-01-31\n",
        "title: Accents éà\ndescription: >\n  folded\n  text\n",
        "aliases:\n  - old/path.md\n  - other.md\nhide: [feedback]\n",
        "on: yes\nnull_value: ~\nnumber: 1e3\n",
    ],
)
def test_front_matter_reads_as_the_pure_python_loader_reads_it(front: str) -> None:
    parsed = parse_source(Path("x.md"), f"---\n{front}---\n\nBody\n")
    assert parsed.meta == yaml.load(front, Loader=yaml.SafeLoader)
    assert parsed.body == "Body\n" and parsed.body_line == len(front.splitlines()) + 4


@pytest.mark.parametrize("front", ["title: [unclosed\n", "a: b: c\n", "title: x\n\tbad: tab\n"])
def test_front_matter_errors_are_those_of_the_pure_python_loader(front: str) -> None:
    text = f"---\n{front}---\n\nBody\n"
    parsed = parse_source(Path("x.md"), text)
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(front, Loader=yaml.SafeLoader)
    error = parsed.yaml_error
    assert error is not None and (parsed.meta, parsed.body) == ({}, text)
    assert error.problem == raised.value.problem
    assert (error.problem_mark.line, error.problem_mark.column) == (
        raised.value.problem_mark.line,
        raised.value.problem_mark.column,
    )


def test_an_impossible_date_is_located_as_before() -> None:
    parsed = parse_source(Path("x.md"), "---\ntitle: x\ndate: 2027-13-01\n---\n\nBody\n")
    assert parsed.yaml_error is not None and parsed.meta == {}
    assert parsed.yaml_error.problem_mark.line == 1
    assert "quote the value or fix it" in parsed.yaml_error.problem


def test_front_matter_that_is_not_a_mapping_stays_text() -> None:
    text = "---\n- a list\n---\n\nBody\n"
    parsed = parse_source(Path("x.md"), text)
    assert (parsed.meta, parsed.body, parsed.yaml_error) == ({}, text, None)


def test_typed_values_precheck_changes_no_answer(tmp_path: Path) -> None:
    """The look for bare values in the whole Markdown only skips pages with none in prose."""
    path = tmp_path / "policies.yml"
    path.write_text(MINIMAL_POLICIES, encoding="utf-8")
    book = load_policy_book(path, "data/policies.yml", SITE_LANGUAGES)
    atoms = ["30", " ", "\xa0", "&nbsp;", "jours", "days", "£25.00", "25,00", "£", "x", "`", "\n"]
    atoms += ["<!-- literal: 30 jours -->", "{{ policy.fees.default_fee }}", "](", ")", "    "]
    rng = random.Random(41)
    for lang, locale in (("fr", "fr_FR"), ("en", "en_GB")):
        index = value_index(book, lang, locale)
        assert index.loose is not None
        without = dataclasses.replace(index, loose=None)
        hits = 0
        for _ in range(2000):
            text = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 25)))
            expected = typed_values(text, without)
            assert typed_values(text, index) == expected, text
            hits += bool(expected)
        assert hits > 50  # the texts do hold typed values, not only misses


def test_a_preview_reuses_a_parsed_file_only_while_it_is_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "fr"
    folder.mkdir(parents=True)
    page = folder / "a.md"
    page.write_text("---\ntitle: Un\n---\n\nCorps.\n", encoding="utf-8")
    earlier: dict = {}

    def read() -> SourceFile | None:
        return SourceTree(tmp_path / "docs", tmp_path, earlier).get("fr", "a.md")

    first = read()
    assert first is not None and read() is first
    # Rewritten in place, same size: a new modification time.
    time.sleep(0.05)
    page.write_text("---\ntitle: Do\n---\n\nCorps.\n", encoding="utf-8")
    second = read()
    assert second is not None and second.meta["title"] == "Do"
    # Saved by renaming a new file over it, with the same size and time: a new inode.
    before = page.stat()
    replacement = folder / "a.md.tmp"
    replacement.write_text("---\ntitle: Tr\n---\n\nCorps.\n", encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    replacement.replace(page)
    third = read()
    assert third is not None and third.meta["title"] == "Tr"
    page.unlink()
    assert read() is None
