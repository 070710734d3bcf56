"""`helpcentre new`: a new help centre with this project's shape, ready to build and check."""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.localedata import locale_identifiers
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from helpcentre import __version__
from helpcentre.content.sources import read_source, source_hash
from helpcentre.interface import shipped_catalogues
from helpcentre.languages import babel_locale
from helpcentre.mkdocs.compat import material_languages
from helpcentre.starter.samples import FALLBACK, Sample, sample_for

FILES = Path(__file__).resolve().parent / "files"
# A language code as folders, Babel and Material all spell it: `de`, `pt`, `nb`; or a
# variant Material names with a hyphen and Babel with an underscore: `pt-BR`, `zh-Hant`.
CODE = re.compile(r"[a-z]{2,3}")
VARIANT = re.compile(r"[a-z]{2,3}-[A-Za-z]{2,4}")
# Material's colour-scheme switch, named in each language we have words for.
SCHEME_NAMES = {
    "en": ("Dark mode", "Light mode"),
    "fr": ("Mode sombre", "Mode clair"),
    "de": ("Dunkles Design", "Helles Design"),
}


class StarterError(Exception):
    """The site cannot be created; the message is one line saying why and what to do."""


@dataclass
class Written:
    """What `create_site` wrote, and what its owner should know next."""

    languages: list[str]
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def create_site(folder: Path, languages: list[str], name: str | None, site_url: str) -> Written:
    """Write a new help centre into `folder`; the first language is the source."""
    _check_languages(languages)
    _check_folder(folder)
    if not re.match(r"https?://[^/\s]+", site_url):
        raise StarterError(f"--site-url '{site_url}' is not an http(s) address")
    source = languages[0]
    shipped = shipped_catalogues()
    texts = {lang: sample_for(lang) for lang in languages}
    # A language lacking interface text or example pages starts in progress (its pages are
    # pending stubs and its data-file texts are missing until someone writes them).
    in_progress = [lang for lang in languages[1:] if lang not in shipped or texts[lang] is None]
    site = _SiteWriter(folder, Written(list(languages)))
    source_sample = texts[source] or sample_for(FALLBACK)
    assert source_sample is not None
    title = name or source_sample.site_name
    site_names = {lang: name or (texts[lang] or source_sample).site_name for lang in languages}
    site.write("mkdocs.yml", _mkdocs_yml(languages, in_progress, site_names, site_url))
    site.write("data/policies.yml", _policies(languages, texts))
    site.write("data/teams.yml", _teams(languages, texts))
    site.copy("hooks/entry.py")
    site.copy("gitignore", ".gitignore")
    # The browser editor's npm packages (Decap CMS), the same versions as helpcentre's own.
    site.copy("package.json")
    site.copy("package-lock.json")
    site.copy("github/workflows/ci.yml", ".github/workflows/ci.yml")
    site.copy("github/workflows/publish.yml", ".github/workflows/publish.yml")
    site.copy("github/workflows/health.yml", ".github/workflows/health.yml")
    site.copy("overrides-README.md", "overrides/README.md")
    site.copy("locales-README.md", "locales/README.md")
    replacements = {"@@NAME@@": title, "@@SOURCE@@": _name(source), "@@VERSION@@": _release()}
    site.copy("Makefile", replacements=replacements)
    site.copy("README.md", replacements=replacements)
    _write_catalogues(site, languages, shipped)
    _write_pages(site, languages, source_sample, texts)
    if texts[source] is None:
        site.written.notes.append(
            f"docs/{source}/: the example pages are in English; rewrite them in "
            f"{_name(source)} (or replace them with your own articles)"
        )
        site.written.notes.extend(
            f"docs/{lang}/: the example pages wait for their translation (translation: "
            "pending) until the source pages are rewritten"
            for lang in languages[1:]
            if texts[lang] is source_sample
        )
    for lang in in_progress:
        todo = (
            f"has no shipped interface catalogue yet: translate locales/{lang}.po"
            if lang not in shipped
            else f"has no example pages yet: translate docs/{lang}/ and its texts in "
            "data/policies.yml"
        )
        site.written.notes.append(
            f"{_name(lang)} {todo}, then remove '{lang}' from languages_in_progress in mkdocs.yml"
        )
    return site.written


# -- checks ---------------------------------------------------------------------------------


def _check_languages(languages: list[str]) -> None:
    if not languages:
        raise StarterError(
            "--languages is empty: give codes such as fr,en (the first is the source)"
        )
    known = _known_codes()
    for lang in languages:
        if lang not in known:
            close = _standard_code(lang) or next(
                iter(difflib.get_close_matches(lang.lower(), sorted(known), n=1, cutoff=0.5)), None
            )
            hint = f" (did you mean '{close}'?)" if close else ""
            raise StarterError(f"unknown language code '{lang}'{hint}")
    repeated = sorted({lang for lang in languages if languages.count(lang) > 1})
    if repeated:
        raise StarterError(f"language '{repeated[0]}' is listed twice in --languages")


def _standard_code(lang: str) -> str | None:
    """The code Babel reads another spelling as ('fre' and 'FR' are 'fr'; 'pt_BR' and
    'pt-br' are 'pt-BR', the country variant being known too)."""
    try:
        parsed = Locale.parse(babel_locale(lang))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    known = _known_codes()
    variant = f"{parsed.language}-{parsed.territory}" if parsed.territory else None
    code = variant if variant in known else parsed.language
    return code if code != lang and code in known else None


def _known_codes() -> set[str]:
    """Language codes that Babel formats and Material has interface text for."""
    babel = set(locale_identifiers())
    return {
        code
        for code in material_languages()
        if (CODE.fullmatch(code) or VARIANT.fullmatch(code)) and babel_locale(code) in babel
    }


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise StarterError(f"{folder} is a file: give a new folder's name")
    if folder.is_dir() and any(folder.iterdir()):
        raise StarterError(f"{folder} is not empty: give a new folder, or empty this one first")


# -- files ----------------------------------------------------------------------------------


@dataclass
class _SiteWriter:
    root: Path
    written: Written

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.files.append(path)
        return path

    def copy(
        self, name: str, target: str | None = None, replacements: dict[str, str] | None = None
    ) -> None:
        text = (FILES / name).read_text(encoding="utf-8")
        for token, value in (replacements or {}).items():
            text = text.replace(token, value)
        self.write(target or name, text)


def _name(lang: str) -> str:
    """A language's name in English ('German'), for notes and files."""
    return Locale.parse(babel_locale(lang)).get_display_name("en") or lang


def _own_name(lang: str) -> str:
    """A language's name as its readers write it ('Deutsch'), for the language switcher."""
    own = Locale.parse(babel_locale(lang)).get_display_name(babel_locale(lang)) or lang
    return own[:1].upper() + own[1:]


def _release() -> str:
    """The helpcentre release a new site asks for: this one, or any when unreleased."""
    return __version__ if re.fullmatch(r"\d+(\.\d+)*", __version__) else "0"


def _formatting_locale(lang: str) -> str:
    """The locale values are formatted in: the language with its most likely country."""
    if "_" in babel_locale(lang):
        return babel_locale(lang)
    likely = get_global("likely_subtags").get(lang, lang)
    parsed = Locale.parse(likely)
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else lang


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _palette(lang: str, indent: str) -> str:
    dark, light = SCHEME_NAMES.get(re.split(r"[-_]", lang)[0], SCHEME_NAMES["en"])
    return (
        f'{indent}- media: "(prefers-color-scheme: light)"\n'
        f"{indent}  scheme: default\n{indent}  primary: indigo\n{indent}  accent: indigo\n"
        f"{indent}  toggle:\n{indent}    icon: material/weather-night\n"
        f"{indent}    name: {_yaml_text(dark)}\n"
        f'{indent}- media: "(prefers-color-scheme: dark)"\n'
        f"{indent}  scheme: slate\n{indent}  primary: indigo\n{indent}  accent: indigo\n"
        f"{indent}  toggle:\n{indent}    icon: material/weather-sunny\n"
        f"{indent}    name: {_yaml_text(light)}\n"
    )


def _mkdocs_yml(
    languages: list[str], in_progress: list[str], site_names: dict[str, str], site_url: str
) -> str:
    source = languages[0]
    entries = []
    for lang in languages:
        entry = f"        - locale: {lang}\n          name: {_yaml_text(_own_name(lang))}\n"
        if lang == source:
            entry += "          default: true\n          build: true\n"
        else:
            entry += "          build: true\n"
            entry += f"          site_name: {_yaml_text(site_names[lang])}\n"
            entry += "          theme:\n            palette:\n" + _palette(lang, "              ")
        entries.append(entry)
    locales = "".join(f"      {lang}: {_formatting_locale(lang)}\n" for lang in languages)
    progress = "[" + ", ".join(in_progress) + "]"
    return f"""\
# The help centre's settings. helpcentre's README lists every one.
site_name: {_yaml_text(site_names[source])}
site_url: !ENV [HELPCENTRE_SITE_URL, {_yaml_text(site_url)}]
docs_dir: docs
strict: true
# The preview also rebuilds when the values or the interface text change.
watch:
  - data
  - locales

theme:
  name: material
  custom_dir: overrides
  language: {source}
  font: false
  icon:
    logo: material/lifebuoy
  favicon: assets/favicon.svg
  features:
    - search.highlight
  palette:
{_palette(source, "    ")}
plugins:
  - i18n:
      docs_structure: folder
      # An article not translated yet is shown in the source language, with a notice.
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
{"".join(entries)}
# The one entry that hands MkDocs' events to helpcentre.
hooks:
  - hooks/entry.py

markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
      slugify: !!python/name:helpcentre.content.slugs.slugify
  - pymdownx.details
  - pymdownx.superfences

validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn

extra:
  generator: false
  helpcentre:
    data_file: data/policies.yml
    interface_text: locales
    # The locale each language's values are written in (dates, amounts, phone numbers).
    formatting_locales:
{locales}    # A dated value goes live at midnight in this time zone.
    time_zone: UTC
    # Languages being translated: what they lack is a warning, not an error.
    languages_in_progress: {progress}
    render_cache: !ENV [HELPCENTRE_RENDER_CACHE, ".cache/rendered-pages"]
    feedback:
      # Where "Did this answer your question?" posts (empty: no widget). `helpcentre
      # serve` points it at the collector it starts; a deployment sets the variable.
      endpoint: !ENV [HELPCENTRE_FEEDBACK_ENDPOINT, ""]
      site_origin: !ENV [HELPCENTRE_SITE_ORIGIN, ""]
      manifest_copy: !ENV [HELPCENTRE_FEEDBACK_MANIFEST, ""]
    # The browser editor: `helpcentre serve` always serves it at /admin/; the published
    # site has it only with the repository variable HELPCENTRE_PUBLISH_EDITOR set to true
    # (README, "Editing in the browser"). It writes to this GitHub repository.
    editor:
      publish: !ENV [HELPCENTRE_PUBLISH_EDITOR, false]
      repo: !ENV [HELPCENTRE_EDITOR_REPO, ""]
      branch: main
      # The OAuth service that signs editors in to GitHub (empty: Netlify's).
      auth_url: ""
"""


def _policies(languages: list[str], texts: dict[str, Sample | None]) -> str:
    header = (FILES / "policies-header.yml").read_text(encoding="utf-8")
    names = ", ".join(
        f"{lang}: {_yaml_text(sample.support_name)}"
        for lang in languages
        if (sample := texts[lang] or (sample_for(FALLBACK) if lang == languages[0] else None))
    )
    return f"""{header}
refunds:
  window:
    type: duration
    value: 14 days

contacts:
  support:
    type: contact
    value:
      name: {{{names}}}
      email: support@example.com
"""


TEAMS_HEADER = """\
# The teams that own articles, for the health page and the review reminders
# (`helpcentre health`): `owner: support` in an article's front matter, or in its
# collection's index.md for all its articles. Each team has a name in every finished site
# language and an address that reaches it. Add your own teams beside this one.
"""


def _teams(languages: list[str], texts: dict[str, Sample | None]) -> str:
    names = ", ".join(
        f"{lang}: {_yaml_text(sample.team_name)}"
        for lang in languages
        if (sample := texts[lang] or (sample_for(FALLBACK) if lang == languages[0] else None))
    )
    return f"{TEAMS_HEADER}support:\n  name: {{{names}}}\n  email: support@example.com\n"


def _write_catalogues(site: _SiteWriter, languages: list[str], shipped: dict[str, Path]) -> None:
    """A language with no shipped catalogue gets one to translate: the source's strings,
    marked fuzzy (readers see the source text until a translator confirms each)."""
    source = languages[0]
    for lang in languages:
        if lang in shipped:
            continue
        origin = shipped.get(source) if lang != source else None
        with (origin or shipped[FALLBACK]).open("rb") as handle:
            template = read_po(handle)
        catalogue = Catalog(locale=babel_locale(lang), project="helpcentre", fuzzy=False)
        for message in template:
            if not message.id:
                continue
            flags = ["fuzzy"] if lang != source else []
            catalogue.add(message.id, message.string, flags=flags)
        buffer = io.BytesIO()
        write_po(buffer, catalogue, width=0, omit_header=False)
        site.write(f"locales/{lang}.po", buffer.getvalue().decode("utf-8"))
        if lang == source:
            site.written.notes.append(
                f"locales/{lang}.po holds the English interface text: translate it into "
                f"{_name(lang)} (your readers see it as it is until then)"
            )


def _write_pages(
    site: _SiteWriter, languages: list[str], source: Sample, texts: dict[str, Sample | None]
) -> None:
    """The source's pages, then each translation (with the hash of the source it
    translates) or, in a language we have no text in, a pending stub."""
    collection, article = (
        source.collection_slug,
        f"{source.collection_slug}/{source.article_slug}.md",
    )
    paths = ("index.md", f"{collection}/index.md", article)
    for lang in languages:
        sample = source if lang == languages[0] else texts[lang]
        if lang != languages[0] and sample is source:
            sample = None  # the source stands in with this language's text: nothing to translate
        pages = _pages(sample or source, pending=sample is None, owned=lang == languages[0])
        for relative, text in zip(paths, pages, strict=True):
            target = site.write(f"docs/{lang}/{relative}", text)
            if lang != languages[0] and sample is not None:
                origin = read_source(site.root / "docs" / languages[0] / relative)
                text = text.replace("\n---\n", f'\nsource_hash: "{source_hash(origin)}"\n---\n', 1)
                target.write_text(text, encoding="utf-8")


def _pages(sample: Sample, pending: bool, owned: bool) -> tuple[str, str, str]:
    """Home, collection and article; `owned`: the source's collection names its team
    (its translations follow the source)."""

    def front(title: str, description: str, *extra: str) -> str:
        lines = [f"title: {_yaml_text(title)}", f"description: {_yaml_text(description)}", *extra]
        if pending:
            lines.append("translation: pending")
        return "---\n" + "\n".join(lines) + "\n---\n"

    home = front(sample.home_title, sample.home_description)
    collection = front(
        sample.collection_title,
        sample.collection_description,
        "icon: material/rocket-launch-outline",
        "order: 1",
        *(["owner: support"] if owned else []),
    )
    article = front(sample.article_title, sample.article_description, "order: 1")
    if pending:
        return home, collection, article
    return home, f"{collection}\n{sample.collection_intro}\n", f"{article}\n{sample.article_body}"
