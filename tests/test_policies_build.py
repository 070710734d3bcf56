"""Build tests: policy values on real pages in both languages, and every editor error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import (
    MINIMAL_DOCS,
    MINIMAL_POLICIES,
    build_failure,
    build_project,
    write_project,
)

NBSP = "\xa0"


def with_article(fr_body: str, en_body: str | None = None) -> dict[str, str]:
    docs = dict(MINIMAL_DOCS)
    docs["fr/facturation/annulation.md"] = f"---\ntitle: Annuler\ndescription: D.\n---\n\n{fr_body}"
    docs["en/facturation/annulation.md"] = (
        f"---\ntitle: Cancelling\ndescription: D.\n---\n\n{en_body or fr_body}"
    )
    return docs


def test_values_are_formatted_for_each_language(build_site):
    site = build_site()
    fr = site.html("facturation/annulation/")
    en = site.html("en/facturation/annulation/")
    assert fr.html["lang"] == "fr"
    assert en.html["lang"] == "en"
    fr_text = fr.select_one(".hc-body").get_text(" ", strip=True)
    en_text = en.select_one(".hc-body").get_text(" ", strip=True)
    assert f"Le préavis est de 30{NBSP}jours." in fr_text
    assert f"Des frais de 25,00{NBSP}£ peuvent" in fr_text
    assert f"The notice period is 30{NBSP}days." in en_text
    assert "A fee of £25.00 may apply." in en_text


def test_language_switcher_links_the_same_article(build_site):
    site = build_site()
    fr = site.html("facturation/annulation/")
    switcher = {a["hreflang"]: a["href"] for a in fr.select(".md-select__link")}
    assert switcher["en"] == "../../en/facturation/annulation/"
    en = site.html("en/facturation/annulation/")
    switcher = {a["hreflang"]: a["href"] for a in en.select(".md-select__link")}
    assert switcher["fr"] == "../../../facturation/annulation/"


def test_one_data_change_reaches_every_page_of_both_languages(build_site):
    site = build_site(policies=MINIMAL_POLICIES.replace("25.00 GBP", "40.00 GBP"))
    assert "40,00" in site.html("facturation/annulation/").select_one(".hc-body").get_text()
    assert "£40.00" in site.html("en/facturation/annulation/").select_one(".hc-body").get_text()


def test_as_of_date_switches_a_scheduled_value(build_site, as_of):
    as_of("2030-01-01")
    site = build_site()
    assert (
        f"60{NBSP}days" in site.html("en/facturation/annulation/").select_one(".hc-body").get_text()
    )


def test_markers_in_code_are_left_alone_and_values_are_escaped(build_site):
    policies = MINIMAL_POLICIES + (
        "labels:\n  risky:\n    type: text\n"
        '    value: {fr: "<script>x</script> *gras*", en: "<script>x</script> *bold*"}\n'
    )
    body = (
        "## Un\n\nCode `{{ policy.fees.default_fee }}` et {{ policy.labels.risky }}.\n\n"
        "## Deux\n\n```\n{{ policy.fees.default_fee }}\n```\n\n"
        "{{ policy.cancellation.notice_period }} {{ policy.fees.default_fee }}\n"
    )
    site = build_site(docs=with_article(body), policies=policies)
    article = site.html("facturation/annulation/").select_one(".hc-body")
    assert article.select_one("p code").get_text() == "{{ policy.fees.default_fee }}"
    assert article.select_one("pre code").get_text().strip() == "{{ policy.fees.default_fee }}"
    assert article.find("script") is None
    assert article.find("em") is None
    assert "<script>x</script> *gras*" in article.get_text()


def test_table_renders_with_localized_headers(build_site):
    policies = MINIMAL_POLICIES + (
        "contract:\n  discounts:\n    type: table\n    value:\n      columns:\n"
        "        - {key: term, type: duration, header: {fr: Durée, en: Term}}\n"
        "        - {key: discount, type: percent, header: {fr: Remise, en: Discount}}\n"
        "      rows:\n        - {term: 24 months, discount: 5}\n"
    )
    body = (
        "## Un\n\nTexte.\n{{ policy.contract.discounts }}\n\n## Deux\n\n"
        "{{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.\n"
    )
    site = build_site(docs=with_article(body), policies=policies)
    fr_table = site.html("facturation/annulation/").select_one(".hc-body table")
    en_table = site.html("en/facturation/annulation/").select_one(".hc-body table")
    assert [th.get_text() for th in fr_table.select("th")] == ["Durée", "Remise"]
    assert [th.get_text() for th in en_table.select("th")] == ["Term", "Discount"]
    assert [td.get_text() for td in en_table.select("td")] == [f"24{NBSP}months", "5%"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Intro.\n\nLe préavis : {{ policy.cancellation.notice_perod }}.\n",
            "docs/fr/facturation/annulation.md:8:14: unknown policy key "
            "'cancellation.notice_perod' (did you mean 'cancellation.notice_period'?)",
        ),
        (
            "Intro.\n\n  Frais {{ policy.fees.default_fee.\n",
            "docs/fr/facturation/annulation.md:8:9: policy marker '{{ policy.fees.default_fee.' "
            "is not closed on its line (write {{ policy.fees.default_fee }})",
        ),
        (
            "Frais {{ fees.default_fee }}\n",
            "docs/fr/facturation/annulation.md:6:7: policy marker '{{ fees.default_fee }}' "
            "lacks the 'policy.' prefix (write {{ policy.fees.default_fee }})",
        ),
        (
            "Équipe {{ policy.contacts.support.fax }}\n",
            "docs/fr/facturation/annulation.md:6:8: policy 'contacts.support' has no field 'fax' "
            "(fields: name, details, email, phone, url, hours)",
        ),
    ],
)
def test_page_errors_name_file_line_and_column(tmp_path, body, expected):
    english = "{{ policy.cancellation.notice_period }}, {{ policy.fees.default_fee }}.\n"
    root = write_project(tmp_path / "p", with_article(body, english))
    assert build_failure(root) == [expected]


def test_value_not_in_force_on_build_date(tmp_path, as_of):
    as_of("2023-06-01")
    root = write_project(tmp_path / "p", with_article("P {{ policy.cancellation.notice_period }}"))
    # Every language's page quotes it: each one is said, in one build.
    assert build_failure(root) == [
        f"docs/{lang}/facturation/annulation.md:6:3: policy 'cancellation.notice_period' has no "
        "value in force on 2023-06-01 (add a value with an earlier 'from:' in data/policies.yml)"
        for lang in ("en", "fr")
    ]


def test_malformed_data_file_fails_the_build(tmp_path):
    root = write_project(tmp_path / "p", policies=MINIMAL_POLICIES.replace("25.00 GBP", "abc GBP"))
    assert build_failure(root) == [
        "data/policies.yml:10:12: fees.default_fee.value: not a valid amount 'abc'"
    ]


def test_unused_key_is_a_warning_that_fails_strict(tmp_path):
    policies = MINIMAL_POLICIES + "spare:\n  thing:\n    type: number\n    value: 3\n"
    root = write_project(tmp_path / "p", policies=policies)
    assert build_failure(root) == [
        # The other languages are built inside the source language's build, and strict
        # mode stops at the end of the first build that warned.
        "data/policies.yml:20:3: policy 'spare.thing' is not used by any page in 'en' "
        "(use it or remove it)",
    ]
    site = build_project(root, strict=False)
    assert (
        "data/policies.yml:20:3: policy 'spare.thing' is not used by any page in 'fr' "
        "(use it or remove it)"
    ) in site.messages()


def test_cli_prints_one_line_and_no_traceback(tmp_path):
    body = "Intro.\n\nLe préavis : {{ policy.cancellation.notice_perod }}.\n"
    root = write_project(tmp_path / "p", with_article(body, "Fine."))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert (
        "docs/fr/facturation/annulation.md:8:14: unknown policy key 'cancellation.notice_perod' "
        "(did you mean 'cancellation.notice_period'?)"
    ) in output
