"""Point 10: a front matter error says the fix, once, in the build and in `make check`."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_DOCS, build_failure, write_project

from helpcentre.checks.lint import lint_problems
from helpcentre.checks.project import load_project
from helpcentre.content.front_matter import ArticleMeta

WHERE = "docs/fr/facturation/zones.md"
ALLOWED = ", ".join(ArticleMeta.model_fields)


def project(tmp_path, front_matter: str):
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/zones.md"] = f"---\n{front_matter}---\n\nTexte.\n"
    docs["en/facturation/zones.md"] = (
        "---\ntitle: Zones\ndescription: Zones.\ntranslation: pending\n---\n"
    )
    return write_project(tmp_path / "project", docs)


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "title: Changer de banque : mode d'emploi\ndescription: Comment faire.\n",
            f"{WHERE}:2:26: front matter 'title' is not valid YAML: a ': ' inside a value "
            'must be quoted (write title: "Changer de banque : mode d\'emploi")',
        ),
        (
            'title: Zones\ndescription: Le "mode" : simple\n',
            f"{WHERE}:3:24: front matter 'description' is not valid YAML: a ': ' inside a "
            "value must be quoted (write description: 'Le \"mode\" : simple')",
        ),
        (
            "titel: Zones\ndescription: Les zones.\n",
            f"{WHERE}:2:1: unknown front matter key 'titel' (did you mean 'title'? "
            f"allowed: {ALLOWED})",
        ),
        (
            "title: Zones\ndescription: Les zones.\ntags: contrat, paiements\n",
            f"{WHERE}:4:1: front matter 'tags' must be a list (write tags: [contrat, paiements])",
        ),
        (
            "title: Zones\ndescription: Les zones.\nrevue: 2027-13-01\n",
            f"{WHERE}:4:8: front matter is not valid YAML: month must be in 1..12 "
            "(quote the value or fix it)",
        ),
    ],
    ids=["colon-in-title", "colon-and-quotes", "misspelt-key", "tags-as-text", "impossible-date"],
)
def test_front_matter_error_says_the_fix(tmp_path, front_matter, expected):
    root = project(tmp_path, front_matter)
    assert build_failure(root) == [expected]


def test_broken_front_matter_is_not_also_linted(tmp_path):
    root = project(tmp_path, "title: Changer de banque : mode d'emploi\ndescription: x.\n")
    assert [p.text() for p in lint_problems(load_project(root)) if WHERE in p.path] == []
