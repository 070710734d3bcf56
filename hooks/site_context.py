"""Per-build facts every hook needs: languages, build date, locales and the policy book."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from catalogue_model import Catalogue
from policy_model import Contact, PolicyBook, load_policy_book
from source_lines import display_path, project_root

AS_OF_VARIABLE = "HELPCENTRE_AS_OF"
_BOOK_KEY = "helpcentre_policy_book"
_FILES_KEY = "helpcentre_files"
_CATALOGUE_KEY = "helpcentre_catalogue"


def build_date() -> dt.date:
    """The date the site is built for: today, or HELPCENTRE_AS_OF=YYYY-MM-DD to preview."""
    raw = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{AS_OF_VARIABLE}: not a date '{raw}' (write YYYY-MM-DD)") from None


def site_languages(config: MkDocsConfig) -> list[str]:
    """The site's languages, default first, as configured for mkdocs-static-i18n."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return [str(config.theme.get("language") or "en")]
    languages = [lang for lang in plugin.config.languages if lang.build]
    languages.sort(key=lambda lang: not lang.default)
    return [str(lang.locale) for lang in languages]


def current_language(config: MkDocsConfig) -> str:
    """The language being built (static-i18n sets the theme language for each build)."""
    return str(config.theme.get("language") or site_languages(config)[0])


def formatting_locale(config: MkDocsConfig, lang: str) -> str:
    """The Babel locale used to format values for a site language (e.g. en -> en_GB)."""
    locales: dict[str, str] = helpcentre_settings(config).get("formatting_locales", {})
    return locales.get(lang, lang)


def helpcentre_settings(config: MkDocsConfig) -> dict[str, Any]:
    return dict(config.extra.get("helpcentre") or {})


def load_book(config: MkDocsConfig) -> PolicyBook:
    root = project_root(config.config_file_path)
    data_file = Path(root, helpcentre_settings(config).get("data_file", "data/policies.yml"))
    return load_policy_book(data_file, display_path(str(data_file), root), site_languages(config))


def store_book(config: MkDocsConfig, book: PolicyBook) -> None:
    # on_config runs again for every language build (static-i18n) and every `serve`
    # rebuild, so each build starts from a fresh book: nothing leaks between builds.
    config[_BOOK_KEY] = book


def policy_book(config: MkDocsConfig) -> PolicyBook:
    return config[_BOOK_KEY]


def store_files(config: MkDocsConfig, files: Files) -> None:
    """Keep this language build's files so on_post_build can tell a partial build."""
    config[_FILES_KEY] = files


def rendered_every_page(config: MkDocsConfig) -> bool:
    """False after a `--dirty` rebuild, where MkDocs renders only the changed pages: work
    that needs every page (unused-key warnings, sitemap, search index) must then wait."""
    files: Files | None = config.get(_FILES_KEY)
    return files is None or all_pages_rendered(files)


def all_pages_rendered(files: Files) -> bool:
    return all(
        file.page is None or file.page.content is not None for file in files.documentation_pages()
    )


def store_catalogue(config: MkDocsConfig, catalogue: Catalogue) -> None:
    config[_CATALOGUE_KEY] = catalogue


def catalogue_of(config: MkDocsConfig) -> Catalogue:
    """This language's collections, read once per build by catalogue.py's on_nav."""
    return config[_CATALOGUE_KEY]


def help_contact(config: MkDocsConfig) -> Contact | None:
    """The contact readers are sent to ("Still need help?", feedback): the contact policy
    named by extra.helpcentre.contact_policy, as in force on the build date."""
    book = policy_book(config)
    key = helpcentre_settings(config).get("contact_policy", "contacts.support")
    policy = book.policies.get(key)
    if policy is None or policy.type != "contact":
        raise PluginError(
            f"mkdocs.yml: extra.helpcentre.contact_policy '{key}' is not a contact in {book.path}"
        )
    timed = policy.in_force(build_date())
    if timed is None:
        return None
    book.used.add(key)
    return timed.value
