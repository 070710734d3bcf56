"""Point 7: the build itself refuses scripts, inline handlers and `javascript:` URLs."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_DOCS, build_failure, build_project, write_project

from checks.content import content_problems
from checks.project import load_project

ARTICLE = "fr/facturation/zones.md"
HEAD = "---\ntitle: Zones\ndescription: Les zones.\n---\n\n"  # the body starts on line 6
STUB = "---\ntitle: Zones\ndescription: Zones.\ntranslation: pending\n---\n"
WHERE = "docs/fr/facturation/zones.md"


def project(tmp_path, body: str):
    docs = dict(MINIMAL_DOCS)
    docs[ARTICLE] = HEAD + body
    docs["en/facturation/zones.md"] = STUB
    return write_project(tmp_path / "project", docs)


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
    ],
    ids=["script", "handler", "multi-line-tag", "markdown-link", "encoded-url", "attr-list"],
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
