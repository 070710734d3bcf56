"""Point 7: the build itself refuses scripts, inline handlers and `javascript:` URLs."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from helpcentre.checks.build import build_problems
from helpcentre.checks.content import content_problems
from helpcentre.checks.project import load_project
from helpcentre.checks.report import unique
from helpcentre.content.safety import prose, unsafe_rendered_html

ARTICLE = "fr/facturation/zones.md"
HEAD = "---\ntitle: Zones\ndescription: Les zones.\n---\n\n"  # the body starts on line 6
STUB = "---\ntitle: Zones\ndescription: Zones.\ntranslation: pending\n---\n"
WHERE = "docs/fr/facturation/zones.md"


def project(tmp_path, body: str):
    docs = dict(MINIMAL_DOCS)
    docs[ARTICLE] = HEAD + body
    docs["en/facturation/zones.md"] = STUB
    root = write_project(tmp_path / "project", docs)
    # The images the unsafe tags name exist: each body holds one defect, the unsafe HTML.
    for name in ("x", "x.png"):
        (root / "docs" / "fr" / "facturation" / name).write_bytes(b"GIF89a")
    return root


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Texte.\n\n<script>alert(1)</script>\n",
            f"{WHERE}:8:1: <script> in an article (scripts belong in overrides/assets, "
            "not in Markdown)",
        ),
        (
            'Voir <span onclick="steal()">ici</span>.\n',
            f"{WHERE}:6:6: inline event handler 'onclick' (remove it: articles run no scripts)",
        ),
        (
            "<img\n  src=x.png alt=Carte\n  onerror=alert(1)>\n",
            f"{WHERE}:6:1: inline event handler 'onerror' (remove it: articles run no scripts)",
        ),
        (
            "Cliquez [ici](javascript:steal()).\n",
            f"{WHERE}:6:15: 'javascript:' link (link to a page or an https:// address)",
        ),
        (
            '<a href="java&#115;cript:steal()">ici</a>\n',
            f"{WHERE}:6:1: 'javascript:' URL in raw HTML (link to a page or an https:// address)",
        ),
        (
            '[ici](annulation.md){ onclick="steal()" }\n',
            f"{WHERE}:6:21: inline event handler 'onclick' (remove it: articles run no scripts)",
        ),
        (
            '<img alt="a>b" src=x onerror=alert(1)>\n',
            f"{WHERE}:6:1: inline event handler 'onerror' (remove it: articles run no scripts)",
        ),
        (
            "Voir \\`<img src=x onerror=alert(1)>\\` ici.\n",
            f"{WHERE}:6:8: inline event handler 'onerror' (remove it: articles run no scripts)",
        ),
        (
            "<div>\n\n    <img src=x onerror=alert(1)>\n\n</div>\n",
            f"{WHERE}:8:5: inline event handler 'onerror' (remove it: articles run no scripts)",
        ),
        (
            '<div>\n`<a href="javascript:x()">ici</a>`\n</div>\n',
            f"{WHERE}:7:2: 'javascript:' URL in raw HTML (link to a page or an https:// address)",
        ),
    ],
    ids=[
        "script",
        "handler",
        "multi-line-tag",
        "markdown-link",
        "encoded-url",
        "attr-list",
        "quoted-gt",
        "escaped-backticks",
        "indented-in-html-block",
        "code-span-in-html-block",
    ],
)
def test_build_refuses_unsafe_html(tmp_path, body, expected):
    root = project(tmp_path, body)
    assert build_failure(root) == [expected]
    # `make check` says the same at the same place, so its report shows it once.
    checked = [p for p in content_problems(load_project(root)) if p.code == "HC703"]
    assert [p.with_code("").text() for p in checked] == [expected]


def test_every_unsafe_line_of_a_page_at_once(tmp_path):
    root = project(tmp_path, "<script>x()</script>\n\n[a](javascript:x())\n")
    assert build_failure(root) == [
        f"{WHERE}:6:1: <script> in an article (scripts belong in overrides/assets, "
        "not in Markdown)",
        f"{WHERE}:8:5: 'javascript:' link (link to a page or an https:// address)",
    ]


def test_code_is_text_not_html(tmp_path):
    body = (
        "Exemple :\n\n```html\n<script>alert(1)</script>\n```\n\n"
        'En ligne : `<img src=x onerror="alert(1)">` et `[a](javascript:x())`.\n\n'
        'Indenté :\n\n    <a href="javascript:x()" onclick="x()">a</a>\n\nFin.\n'
    )
    site = build_project(project(tmp_path, body))
    content = site.html("facturation/zones/").select_one("article")
    assert content.find("script") is None
    assert not [t for t in content.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not content.select('[href^="javascript"]')
    assert "<script>alert(1)</script>" in content.get_text()


def test_code_spans_and_code_blocks_inside_html_are_read_as_markdown_does():
    body = (
        "\\\\`<b onclick=x>` is code after an escaped backslash.\n\n"
        "<div>\n```html\n<b onclick=x>\n```\n</div>\n\n"
        "    <b onclick=x>\n"
    )
    assert "onclick" not in prose(body)


# The Markdown scan reads an HTML comment's `</div>` as closing the block, the renderer
# does not: the indented line after it is live HTML, which only the rendered page shows.
HIDDEN = "<div>\n<!-- </div> -->\n\n    <img src=x onerror=alert(1)>\n\n</div>\n"


def test_rendered_html_is_the_backstop(tmp_path):
    root = project(tmp_path, "Texte.\n\n" + HIDDEN)
    expected = f"{WHERE}:11:16: inline event handler 'onerror' (remove it: articles run no scripts)"
    assert build_failure(root) == [expected]
    # The Markdown scan misses it; `make check` reports the build's line, once.
    loaded = load_project(root)
    checked = unique(content_problems(loaded) + build_problems(loaded))
    assert [p.with_code("").text() for p in checked if "onerror" in p.message] == [expected]


def test_backstop_locates_each_construct_in_the_markdown():
    body = (
        "Intro\n\n"
        '    <a href="java&#115;cript:x()" onClick="y">\n\n'
        "Plus loin `[a](javascript:q)`.\n"
    )
    content = (
        '<script>1</script><a href="java&#115;cript:x()" onclick=y></a>'
        '<a href="javascript:q"></a><img onerror=1><img onerror=2>'
    )
    assert [p.text() for p in unsafe_rendered_html(content, body, 6, "a.md")] == [
        "a.md:6:1: <script> in an article (scripts belong in overrides/assets, not in Markdown)",
        "a.md:6:1: inline event handler 'onerror' (remove it: articles run no scripts)",
        "a.md:8:14: 'javascript:' URL in raw HTML (link to a page or an https:// address)",
        "a.md:8:35: inline event handler 'onClick' (remove it: articles run no scripts)",
        "a.md:10:16: 'javascript:' link (link to a page or an https:// address)",
    ]


def test_backstop_leaves_to_the_markdown_scan_what_it_reports():
    body = 'Voir <span onclick="x()">ici</span>.\n'
    content = '<p>Voir <span onclick="x()">ici</span>.</p>'
    assert unsafe_rendered_html(content, body, 6, "a.md") == []


NOT_ALLOWED = (
    "is not allowed in an article (write it in Markdown, or use an allowed element: README, "
    "'Raw HTML in articles')"
)
LINK_TO = "link to a page or an https://, mailto: or tel: address"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<iframe srcdoc="&lt;script&gt;parent.steal()&lt;/script&gt;"></iframe>\n',
            f"{WHERE}:6:1: <iframe> {NOT_ALLOWED}",
        ),
        (
            '<object data="data:text/html,&lt;script&gt;steal()&lt;/script&gt;"></object>\n',
            f"{WHERE}:6:1: <object> {NOT_ALLOWED}",
        ),
        ('Texte.\n\n<base href="https://evil.example/">\n', f"{WHERE}:8:1: <base> {NOT_ALLOWED}"),
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>\n',
            f"{WHERE}:6:1: <noscript> {NOT_ALLOWED}",
        ),
        (
            '<div data-md-component="search">x</div>\n',
            f"{WHERE}:6:1: attribute 'data-md-component' is not allowed on <div> (allowed "
            "there: class, dir, id, lang, role, title, aria-*)",
        ),
        (
            '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="Carte">\n',
            f"{WHERE}:6:1: 'data:' URL in <img src> ({LINK_TO})",
        ),
        (
            "Voir [la carte](data:text/html;base64,PHA+).\n",
            f"{WHERE}:6:17: 'data:' link ({LINK_TO})",
        ),
        (
            '<table><tr><td style="background:url(https://x.example/t)">1</td></tr></table>\n',
            f"{WHERE}:6:12: style 'background:url(https://x.example/t)' on <td> (only text-align "
            "is allowed in an article; the site's look belongs in overrides/assets)",
        ),
        (
            "[ici](annulation.md){ data-x=1 }\n",
            f"{WHERE}:6:21: attribute 'data-x' is not allowed on <span> (allowed there: class, "
            "dir, id, lang, role, title, aria-*)",
        ),
    ],
    ids=[
        "iframe-srcdoc",
        "object-data-url",
        "base",
        "noscript-mutation",
        "data-attribute",
        "img-data-url",
        "markdown-data-link",
        "style",
        "attr-list-attribute",
    ],
)
def test_raw_html_outside_the_allowlist_is_refused_where_it_is_written(tmp_path, body, expected):
    root = project(tmp_path, body)
    assert build_failure(root) == [expected]
    checked = [p for p in content_problems(load_project(root)) if p.code == "HC703"]
    assert [p.with_code("").text() for p in checked] == [expected]


def test_allowed_raw_html_builds_as_written(tmp_path):
    body = (
        "Appuyez sur <kbd>Ctrl</kbd> + <kbd>P</kbd>, puis <mark>Imprimer</mark>.\n\n"
        '<details open><summary>Zones</summary>\n\n<p lang="en" aria-label="x">Two zones.</p>\n\n'
        "</details>\n\n"
        '<table><thead><tr><th scope="col" colspan="2">Zone</th></tr></thead>'
        '<tbody><tr><td style="text-align: center">A</td><td>B</td></tr></tbody></table>\n\n'
        '<p><a href="https://www.example.com/aide" title="Aide">aide</a>, '
        '<a href="mailto:aide@example.com">écrire</a>, <a href="#zones">plus haut</a>.</p>\n'
    )
    site = build_project(project(tmp_path, body))
    page = site.html("facturation/zones/")
    assert [k.get_text() for k in page.select("article kbd, .md-content kbd")] == ["Ctrl", "P"]
    assert page.select_one("details[open] > summary").get_text() == "Zones"
    assert page.select_one('th[scope="col"][colspan="2"]').get_text() == "Zone"
    assert page.select_one('a[href="mailto:aide@example.com"]') is not None
