"""The Markdown lint of a long article: scanned section by section (PyMarkdown's time grows
with the square of what it scans at once), with the same findings as a whole scan."""

from __future__ import annotations

from pathlib import Path

from pymarkdown.api import PyMarkdownApi

from helpcentre.checks.lint import CONFIG, SECTION_LINES, Scope, chunks
from helpcentre.content.sources import parse_source

HEAD = "---\ntitle: Long\ndescription: A long article.\n---\n"


def long_article(sections: int) -> str:
    body = []
    for number in range(1, sections + 1):
        body += [
            "",
            f"## Section {number}",
            "",
            f"Paragraph {number}, with *emphasis*.",
            "",
            "```text",
            "## not a heading: code",
            "```",
            "",
            f"- first {number}",
            f"- second {number}",
        ]
    return HEAD + "\n".join(body) + "\n"


def findings(text: str) -> list[tuple[int, int, str]]:
    """(line, column, rule) of every finding, the article scanned as `helpcentre check` does."""
    api = PyMarkdownApi().configuration_file_path(str(CONFIG))
    source = parse_source(Path("long.md"), text)
    found = []
    for chunk in chunks(source.text, source.body_line):
        for failure in api.scan_string(chunk.text).scan_failures:
            if chunk.counts(failure.rule_id):
                found.append(
                    (chunk.file_line(failure.line_number), failure.column_number, failure.rule_id)
                )
    return sorted(found)


def whole_scan(text: str) -> list[tuple[int, int, str]]:
    api = PyMarkdownApi().configuration_file_path(str(CONFIG))
    failures = api.scan_string(text).scan_failures
    return sorted((f.line_number, f.column_number, f.rule_id) for f in failures)


def test_a_long_article_is_scanned_in_sections_of_bounded_length():
    """What keeps the time linear: no piece grows with the article, and together the
    sections are the article, line for line."""
    text = long_article(500)  # 5,500 lines
    source = parse_source(Path("long.md"), text)
    pieces = chunks(source.text, source.body_line)
    sections = [piece for piece in pieces if piece.scope == Scope.SECTION]
    assert max(len(piece.text.split("\n")) for piece in sections) <= SECTION_LINES + 11
    assert "".join(piece.text + "\n" for piece in sections[:-1]) + sections[-1].text == text
    headings = [piece for piece in pieces if piece.scope == Scope.HEADINGS]
    assert len(headings) == 1 and headings[0].text.count("## Section") == 500


def test_a_short_article_is_scanned_whole():
    text = long_article(3)
    assert [piece.scope for piece in chunks(text)] == [Scope.WHOLE]


def test_sections_find_what_a_whole_scan_finds():
    lines = long_article(30).split("\n")
    paragraph = lines.index("Paragraph 2, with *emphasis*.")
    lines[paragraph] += " "  # a trailing space
    lines[lines.index("## Section 20")] = "## Section 1"  # the same heading twice, far apart
    lines[lines.index("Paragraph 25, with *emphasis*.")] = "# A second title"
    twice = lines.index("## Section 17") - 1
    lines[twice:twice] = [""]  # two blank lines before a section's heading
    text = "\n".join(lines)
    expected = [
        (paragraph + 1, 30, "MD009"),
        (twice + 2, 1, "MD012"),
        (twice + 3, 1, "MD022"),  # the heading has two blank lines above it, not one
        (lines.index("## Section 1", paragraph) + 1, 1, "MD024"),
        (lines.index("# A second title") + 1, 1, "MD025"),
    ]
    assert whole_scan(text) == expected
    assert findings(text) == expected
