"""`helpcentre`: one command, one-line errors with their exit codes, and `new` writing a site
shaped like this repository's."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import REPO

from helpcentre.cli import main


def said(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    out, err = capsys.readouterr()
    return out.splitlines(), err.splitlines()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine\n")
    assert main(["new", str(tmp_path / "site")]) == 2
    assert said(capsys) == (
        [],
        [
            f"helpcentre new: {tmp_path / 'site'} is not empty: give a new folder, or empty "
            "this one first (see helpcentre new --help)"
        ],
    )
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("languages", "line"),
    [
        ("fr,xx", "unknown language code 'xx'"),
        ("fr,tlh", "unknown language code 'tlh' (did you mean 'th'?)"),
        ("fre,en", "unknown language code 'fre' (did you mean 'fr'?)"),
        ("fr,EN", "unknown language code 'EN' (did you mean 'en'?)"),
        ("pt_BR,en", "unknown language code 'pt_BR' (did you mean 'pt-BR'?)"),
        ("fr,pt-br", "unknown language code 'pt-br' (did you mean 'pt-BR'?)"),
        ("fr,de_DE", "unknown language code 'de_DE' (did you mean 'de'?)"),
        ("fr,fr", "language 'fr' is listed twice in --languages"),
        (",", "--languages is empty: give codes such as fr,en (the first is the source)"),
    ],
)
def test_new_refuses_an_unknown_language_with_the_closest_code(tmp_path, capsys, languages, line):
    assert main(["new", str(tmp_path / "site"), "--languages", languages]) == 2
    assert said(capsys) == ([], [f"helpcentre new: {line} (see helpcentre new --help)"])
    assert not (tmp_path / "site").exists()


def test_a_misspelt_command_or_option_is_one_line(capsys):
    assert main(["buidl"]) == 2
    assert said(capsys)[1] == [
        "helpcentre: No such command 'buidl'. Did you mean 'build'? (see helpcentre --help)"
    ]
    assert main(["build", "--site"]) == 2
    assert said(capsys)[1] == [
        "helpcentre build: No such option '--site'. (Did you mean one of: '--quiet', "
        "'--site-dir'?) (see helpcentre build --help)"
    ]
    assert main(["collector", "report", "--nope"]) == 2
    assert said(capsys)[1] == [
        "helpcentre collector: unrecognized arguments: --nope (see helpcentre collector --help)"
    ]


def test_every_command_has_its_help(capsys):
    commands = ["new", "build", "assemble", "serve", "check", "impact", "new-article"]
    commands += ["translation-done", "published-urls", "collector"]
    for command in commands:
        assert main([command, "--help"]) == 0, command
        out, err = said(capsys)
        assert out[0].startswith(f"Usage: helpcentre {command}"), command
        assert not err


def test_new_writes_the_shape_of_this_repository(tmp_path, capsys):
    site = tmp_path / "acme"
    assert (
        main(["new", str(site), "--name", "Acme <Help>", "--site-url", "https://h.example/"]) == 0
    )
    out, err = said(capsys)
    assert out[0] == f"created {site} (20 files, languages fr, en)" and not err
    for shared in ("docs/fr", "docs/en", "data/policies.yml", "locales", "overrides", "mkdocs.yml"):
        assert (site / shared).exists(), shared
    assert (site / ".github" / "workflows" / "publish.yml").is_file()
    assert (site / ".gitignore").read_text().startswith("#")
    # The same thin entry as this repository's, and the same wiring in mkdocs.yml.
    assert (site / "hooks" / "entry.py").read_bytes() == (REPO / "hooks" / "entry.py").read_bytes()
    config = yaml.load((site / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    ours = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["hooks"] == ours["hooks"] == ["hooks/entry.py"]
    assert config["theme"]["custom_dir"] == ours["theme"]["custom_dir"] == "overrides"
    assert config["site_name"] == "Acme <Help>"  # quoted as YAML, escaped by the templates
    assert "extra_css" not in config and "extra_css" not in ours  # the theme adds its own


def test_new_site_articles_quote_a_value_in_every_language(tmp_path, capsys):
    site = tmp_path / "three"
    assert main(["new", str(site), "--languages", "de,en,fr"]) == 0
    capsys.readouterr()
    articles = sorted(p.relative_to(site / "docs").as_posix() for p in site.glob("docs/*/*/*.md"))
    assert articles == [
        f"{lang}/erste-schritte/{name}"
        for lang in ("de", "en", "fr")
        for name in ("index.md", "rueckerstattung-beantragen.md")
    ]
    for lang in ("de", "en", "fr"):
        text = (
            site / "docs" / lang / "erste-schritte" / "rueckerstattung-beantragen.md"
        ).read_text()
        assert "{{ policy.refunds.window }}" in text
        assert ("source_hash:" in text) == (lang != "de")


def test_a_source_without_example_text_leaves_its_english_translation_pending(tmp_path, capsys):
    # The Italian source starts with the English example text, so an English "translation"
    # would repeat it word for word: it waits for the rewritten source instead.
    site = tmp_path / "it"
    assert main(["new", str(site), "--languages", "it,en"]) == 0
    out, _ = said(capsys)
    assert "docs/en/: the example pages wait for their translation" in "\n".join(out)
    for page in sorted((site / "docs" / "en").rglob("*.md")):
        assert "translation: pending" in page.read_text(), page
    assert main(["-C", str(site), "build"]) == 0  # strict by default


def test_a_new_site_has_a_team_owning_its_collection_from_the_start(tmp_path, capsys):
    site = tmp_path / "owned"
    assert main(["new", str(site), "--languages", "fr,en,ar"]) == 0
    teams = yaml.safe_load((site / "data" / "teams.yml").read_text())
    # Arabic is in progress: its team name can wait, as its other data-file texts do.
    assert teams == {
        "support": {
            "name": {"fr": "Équipe Support", "en": "Support team"},
            "email": "support@example.com",
        }
    }
    assert "owner: support" in (site / "docs/fr/premiers-pas/index.md").read_text()
    assert main(["-C", str(site), "check"]) == 0
    capsys.readouterr()
    assert main(["-C", str(site), "health", "--json", "-"]) == 0
    health = json.loads(capsys.readouterr().out)
    assert {(item["path"], item["owner"]) for item in health["this_week"]} == {
        ("docs/ar/premiers-pas/demander-un-remboursement.md", "support"),
        ("docs/ar/premiers-pas/index.md", "support"),
    }
