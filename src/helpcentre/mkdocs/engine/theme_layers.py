"""The help centre's theme, laid between a site's own `overrides/` and Material.

MkDocs looks a template up in `theme.dirs` in order: the site's `custom_dir` first, then
Material, then MkDocs' own templates. The package's templates and assets go right after
the site's folder, so a site overrides any of them by name and keeps Material's under
both. The theme's stylesheets and scripts are listed before the site's own `extra_css`
and `extra_javascript`, so a site's rules come last and win.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parents[2] / "theme"

STYLESHEETS = (
    "assets/helpcentre.css",
    "assets/hc-feedback.css",
    "assets/hc-a11y.css",
    "assets/hc-search.css",
)
SCRIPTS = ("assets/helpcentre.js", "assets/hc-feedback.js", "assets/hc-search.js")


def lay_package_theme(config: MkDocsConfig) -> None:
    """Put the package's theme under the site's overrides, once per theme object (every
    language build of static-i18n sees the same one)."""
    dirs = config.theme.dirs
    ours = str(THEME_DIR)
    if ours not in dirs:
        # static-i18n may have put a folder of its own first: go right after the site's.
        custom = config.theme.custom_dir
        dirs.insert(dirs.index(custom) + 1 if custom in dirs else 0, ours)
    config.extra_css[:0] = [path for path in STYLESHEETS if path not in config.extra_css]
    listed = {str(script) for script in config.extra_javascript}
    config.extra_javascript[:0] = [path for path in SCRIPTS if path not in listed]
