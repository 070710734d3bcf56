"""The policy marker finder: markers, their near misses, and what counts as code."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.policies.markers import (
    MarkerSyntaxError,
    find_markers,
    lines_with_code_state,
    replace_markers,
    scan_markers,
)

KEYS = ("fees.default_fee", "fees.late_payment_fee", "cancellation.notice_period")


# The English version quotes every key of the data file: a key no page quotes is a warning.
FINE = "Fine: {{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.\n"


def with_article(fr_body: str, en_body: str = FINE) -> dict[str, str]:
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = f"---\ntitle: Annuler\ndescription: D.\n---\n\n{fr_body}"
    docs["en/facturation/annulation.md"] = (
        f"---\ntitle: Cancelling\ndescription: D.\n---\n\n{en_body}"
    )
    return docs


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
    ("text", "col", "message"),
    [
        (
            "Frais { policy.fees.late_payment_fee }.",
            7,
            "policy marker '{ policy.fees.late_payment_fee }' has single braces "
            "(write {{ policy.fees.late_payment_fee }})",
        ),
        (
            "Frais {{ fees.default_fee }}.",
            7,
            "policy marker '{{ fees.default_fee }}' lacks the 'policy.' prefix "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {{ polciy.fees.default_fee }}.",
            7,
            "policy marker '{{ polciy.fees.default_fee }}' misspells the 'policy.' prefix "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {{ Policy.Fees.Default_Fee }}.",
            7,
            "policy marker '{{ Policy.Fees.Default_Fee }}' must be lower case "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {% if late %}x",
            7,
            "'{% if late %}' is a template statement, which articles cannot use "
            "(quote a value with {{ policy.group.key }}; show an example in `code`)",
        ),
        (
            "Frais {{{ policy.fees.default_fee }}}.",
            7,
            "policy marker '{{{ policy.fees.default_fee }}}' has triple braces "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {{ policy.fees.default_fee }.",
            7,
            "policy marker '{{ policy.fees.default_fee }' has unbalanced braces "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {{ policy.fees.default_fee",
            7,
            "policy marker '{{ policy.fees.default_fee' is not closed on its line "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {{ fees.defaut_fee }}.",
            7,
            "policy marker '{{ fees.defaut_fee }}' lacks the 'policy.' prefix "
            "(write {{ policy.fees.default_fee }})",
        ),
        (
            "Titre {{ page.title }}",
            7,
            "policy marker '{{ page.title }}' is malformed (write {{ policy.group.key }})",
        ),
    ],
)
def test_near_misses_are_located_with_their_fix(text, col, message):
    markers, errors = scan_markers(f"Intro.\n\n{text}\n", KEYS)
    assert markers == []
    assert [(e.line, e.col, e.message) for e in errors] == [(3, col, message)]


def test_braces_of_other_kinds_are_not_markers():
    text = "## Titre { #ancre }\n\n[lien](x.md){ .bouton } {: .note } et {a} ou { b.c }\n"
    assert scan_markers(text, KEYS) == ([], [])


def test_find_markers_raises_the_first_near_miss():
    with pytest.raises(MarkerSyntaxError) as caught:
        find_markers("ok\n\nfee { policy.fees.x } {{ Policy.a }}")
    assert (caught.value.line, caught.value.col) == (3, 5)


@pytest.mark.parametrize(
    ("text", "code_lines"),
    [
        ("Para\n\n    {{ x }}\n", [3]),
        ("Para\n\n\t{{ x }}\n", [3]),
        ("## Titre\n    {{ x }}\n", [2]),
        ("Para\n    {{ x }}\n", []),  # continues the paragraph
        ("- item\n\n    {{ x }}\n", []),  # a paragraph of the list item
        ("- item\n\n        {{ x }}\n", [3]),
        ('!!! note "A"\n    {{ x }}\n', []),  # the admonition's text
        ('!!! note "A"\n\n        {{ x }}\n', [3]),
        ("- item\n\nPara\n\n    {{ x }}\n", [5]),
        ("Para\n\n    a\n\n    {{ x }}\n\nFin\n", [3, 5]),
    ],
)
def test_indented_code_follows_the_renderer(text, code_lines):
    found = [number for number, line, code in lines_with_code_state(text) if code]
    assert [n for n in found if text.split("\n")[n - 1].strip()] == code_lines


def test_build_reports_each_near_miss_of_a_page(tmp_path):
    body = (
        "Intro.\n\n"
        "Frais { policy.fees.default_fee } et {{ polciy.fees.default_fee }}.\n\n"
        "{% include 'x.md' %}\n"
    )
    root = write_project(tmp_path / "p", with_article(body))
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:8:7: policy marker '{ policy.fees.default_fee }' "
        "has single braces (write {{ policy.fees.default_fee }})",
        "docs/fr/facturation/annulation.md:8:38: policy marker "
        "'{{ polciy.fees.default_fee }}' misspells the 'policy.' prefix "
        "(write {{ policy.fees.default_fee }})",
        "docs/fr/facturation/annulation.md:10:1: '{% include 'x.md' %}' is a template "
        "statement, which articles cannot use (quote a value with {{ policy.group.key }}; "
        "show an example in `code`)",
    ]


def test_build_suggests_a_contact_field(tmp_path):
    root = write_project(tmp_path / "p", with_article("Écrire à {{ contacts.support.email }}.\n"))
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:6:10: policy marker "
        "'{{ contacts.support.email }}' lacks the 'policy.' prefix "
        "(write {{ policy.contacts.support.email }})"
    ]


def test_markers_in_indented_code_stay_literal(tmp_path):
    body = (
        "Le préavis est de {{ policy.cancellation.notice_period }}.\n\n"
        "    {{ policy.fees.default_fee }}\n\n"
        "- Un point\n\n"
        "        {{ policy.fees.default_fee }}\n\n"
        "Frais : {{ policy.fees.default_fee }}.\n"
    )
    en = "{{ policy.cancellation.notice_period }} {{ policy.fees.default_fee }}"
    site = build_project(write_project(tmp_path / "p", with_article(body, en)))
    article = site.html("facturation/annulation/").select_one(".hc-body")
    assert [code.get_text() for code in article.select("pre code")] == [
        "{{ policy.fees.default_fee }}\n",
        "{{ policy.fees.default_fee }}\n",
    ]
    assert article.select_one("li pre code") is not None
    assert "Frais\xa0: 25,00\xa0£." in article.get_text()


def test_escaped_backticks_do_not_hide_a_marker():
    # `\`` is a literal backtick, not a code span: the marker between them is rendered.
    text = "Délai : \\`{{ policy.cancellation.notice_period }}\\` et `{{ policy.a.b }}`."
    assert [(m.key, m.line, m.col) for m in find_markers(text)] == [
        ("cancellation.notice_period", 1, 11)
    ]
    # After an escaped backslash, the backtick opens a code span again.
    assert find_markers("\\\\`{{ policy.a.b }}`") == []


def test_a_contact_with_links_in_link_text_is_located(tmp_path):
    body = (
        "Intro {{ policy.contacts.support }}.\n\n"
        "[Écrivez à {{ policy.contacts.support }}](annulation.md) ou\n"
        "[appelez le {{ policy.contacts.support.phone }}][ici].\n\n"
        "![Logo de {{ policy.contacts.support.details }}](../assets/favicon.svg)\n\n"
        '<a href="annulation.md">{{ policy.contacts.support.url }}</a>\n\n'
        "[{{ policy.contacts.support.name }}](annulation.md),\n"
        "`[{{ policy.contacts.support }}](x)`\n\n"
        "[ici]: annulation.md\n"
    )
    root = write_project(tmp_path / "p", with_article(body))
    assert build_failure(root) == [
        "docs/fr/facturation/annulation.md:8:12: {{ policy.contacts.support }} is written with "
        "links, which cannot go in a link's text (write {{ policy.contacts.support.name }} "
        "there, or move the marker out of the link)",
        "docs/fr/facturation/annulation.md:9:13: {{ policy.contacts.support.phone }} is "
        "written with links, which cannot go in a link's text (write "
        "{{ policy.contacts.support.name }} there, or move the marker out of the link)",
        "docs/fr/facturation/annulation.md:11:11: {{ policy.contacts.support.details }} is "
        "written with links, which cannot go in an image's alt text (write "
        "{{ policy.contacts.support.name }} there, or move the marker out of the image)",
        "docs/fr/facturation/annulation.md:13:25: {{ policy.contacts.support.url }} is "
        "written with links, which cannot go in a link's text (write "
        "{{ policy.contacts.support.name }} there, or move the marker out of the link)",
    ]


def test_a_contact_name_in_link_text_builds(tmp_path):
    quoted = "{{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.\n\n"
    body = "[Écrivez à {{ policy.contacts.support.name }}](annulation.md).\n"
    site = build_project(write_project(tmp_path / "p", with_article(body + quoted, quoted)))
    link = site.html("facturation/annulation/").select_one(".hc-body p a")
    assert (link.get_text(), link.select("a")) == ("Écrivez à l’équipe Support", [])
