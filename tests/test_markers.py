"""Unit tests of the policy marker finder."""

from __future__ import annotations

import pytest

from helpcentre.policies.markers import MarkerSyntaxError, find_markers, replace_markers


def test_finds_markers_with_line_and_column():
    text = "Intro\n\nNotice: {{ policy.cancellation.notice_period }} and {{policy.fees.x}}."
    markers = find_markers(text)
    assert [(m.key, m.line, m.col) for m in markers] == [
        ("cancellation.notice_period", 3, 9),
        ("fees.x", 3, 53),
    ]


def test_skips_fenced_code_and_inline_code():
    text = (
        "`{{ policy.a.b }}` is shown literally\n"
        "```\n{{ policy.c.d }}\n```\n"
        "~~~~md\n{{ not a marker\n~~~~\n"
        "``{{ policy.e.f }}`` and {{ policy.g.h }}"
    )
    assert [m.key for m in find_markers(text)] == ["g.h"]


def test_marker_alone_on_its_line_is_a_block():
    markers = find_markers("Text {{ policy.a.b }}\n\n  {{ policy.c.d }}  \n")
    assert [m.alone_on_line for m in markers] == [False, True]


def test_replace_keeps_surrounding_text():
    result = replace_markers("A {{ policy.a.b }} B {{ policy.c.d }}.", lambda m: m.key.upper())
    assert result == "A A.B B C.D."


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("ok\nfee {{ policy.fees.default_fee", 2, 5, "unclosed policy marker"),
        ("{{ polcy.fees.default_fee }}", 1, 1, "malformed policy marker '{{ polcy.fees"),
        ("x {{ policy..fee }}", 1, 3, "malformed policy marker"),
        ("x {{ policy.Fees.x }}", 1, 3, "malformed policy marker"),
    ],
)
def test_bad_syntax_is_located(text, line, col, message):
    with pytest.raises(MarkerSyntaxError) as caught:
        find_markers(text)
    assert (caught.value.line, caught.value.col) == (line, col)
    assert caught.value.message.startswith(message)
