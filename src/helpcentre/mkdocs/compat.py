"""Every reliance on MkDocs', Material's or mkdocs-static-i18n's internals, in one place."""

from __future__ import annotations

from importlib.resources import files


def material_languages() -> set[str]:
    """The languages Material has interface text for (`partials/languages/<code>.html`):
    a theme language it lacks fails every page."""
    folder = files("material") / "templates" / "partials" / "languages"
    return {
        entry.name.removesuffix(".html")
        for entry in folder.iterdir()
        if entry.name.endswith(".html")
    }
