"""/admin/, the browser editor: its files, from the site, for the preview and (when
`extra.helpcentre.editor.publish` is on) the published site."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.editor.app import AdminFiles
from helpcentre.editor.config import (
    Collection,
    EditorSite,
    collection_name,
    config_yaml,
    editor_config,
)
from helpcentre.editor.values import picker_values
from helpcentre.health.teams import load_teams
from helpcentre.mkdocs.errors import BuildProblems, config_problem
from helpcentre.mkdocs.state import SiteBuild

ADMIN = "admin"
# The package's own files of the editor (its page, script and preview styles).
ASSETS = ("index.html", "hc-before.js", "hc-admin.js", "hc-admin.css", "hc-preview.css")
# Decap CMS's bundle loads its parts from beside itself; its source maps are left out.
CMS_DIST = Path("decap-cms", "dist")
YAML_DIST = Path("yaml", "browser", "dist")


def editor_files(site: SiteBuild, config: MkDocsConfig, *, local: bool) -> AdminFiles:
    """Every file of /admin/; `missing` says how to install the editor when it is not."""
    modules = Path(site.root, site.settings.editor.node_modules)
    cms, yaml_lib = modules / CMS_DIST, modules / YAML_DIST
    if not (cms / "decap-cms.js").is_file() or not (yaml_lib / "index.js").is_file():
        shown = site.display(modules)
        return AdminFiles(
            missing=f"the editor is not installed in {shown}/ (run: npm ci --ignore-scripts)"
        )
    files: dict[str, bytes | Path] = {}
    package = resources.files("helpcentre.editor") / "assets"
    for name in ASSETS:
        files[name] = package.joinpath(name).read_bytes()
    for path in sorted(cms.iterdir()):
        if path.name.endswith(("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")):
            files[f"cms/{path.name}"] = path
    for path in sorted(yaml_lib.rglob("*.js")):
        files[f"yaml/{path.relative_to(yaml_lib).as_posix()}"] = path
    editor = _editor_site(site, config)
    files["config.yml"] = config_yaml(editor_config(editor, local=local)).encode("utf-8")
    data = {
        "source": site.languages.source,
        "languages": list(site.languages.all),
        "docs": editor.docs_dir,
        "local": local,
        "collections": [
            {"name": collection_name(c.folder, lang), "lang": lang}
            for lang in site.languages.all
            for c in editor.collections
        ],
        "values": picker_values(site.book, site.languages.all, site.locales, site.as_of),
    }
    files["editor.json"] = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return AdminFiles(files)


def write_published_editor(site: SiteBuild, config: MkDocsConfig) -> None:
    """The published site's /admin/, when the settings turn it on (one line when the
    editor's packages are not installed)."""
    if not site.settings.editor.publish:
        return
    admin = editor_files(site, config, local=False)
    if admin.missing:
        raise BuildProblems([config_problem(admin.missing, "publish", config.config_file_path)])
    target = Path(config.site_dir, ADMIN)
    for rel, content in admin.files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read_bytes() if isinstance(content, Path) else content)


def _editor_site(site: SiteBuild, config: MkDocsConfig) -> EditorSite:
    docs = Path(config.docs_dir)
    source = site.languages.source
    collections = []
    for folder in sorted(path for path in (docs / source).iterdir() if path.is_dir()):
        index = f"{folder.name}/index.md"
        if not (folder / "index.md").is_file():
            continue
        titles = {}
        for lang in site.languages.all:
            page = site.sources.get(lang, index)
            if page is not None and isinstance(page.meta.get("title"), str):
                titles[lang] = page.meta["title"]
        collections.append(Collection(folder.name, titles))
    return EditorSite(
        name=config.site_name,
        languages=site.languages,
        collections=tuple(collections),
        docs_dir=docs.resolve().relative_to(Path(site.root).resolve()).as_posix(),
        repo=site.settings.editor.repo,
        branch=site.settings.editor.branch,
        site_url=config.site_url or "",
        auth_url=site.settings.editor.auth_url,
        teams=_teams(site),
    )


def _teams(site: SiteBuild) -> tuple[tuple[str, str], ...]:
    """The teams an article may name as its owner; a broken teams file fails the build."""
    path = Path(site.root, site.settings.reviews.teams_file)
    teams = load_teams(path, site.display(path), site.languages.complete)
    if teams.problems:
        raise BuildProblems(teams.problems)
    source = site.languages.source
    return tuple((team, found.name_in(source, source)) for team, found in teams.by_id.items())
