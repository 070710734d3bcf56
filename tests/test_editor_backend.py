"""The editor's local backend (Decap's proxy protocol) and the /admin/ files a build writes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, build_failure, build_project, with_editor, write_project

from helpcentre.editor.app import AdminApp, AdminFiles
from helpcentre.editor.backend import BackendError, LocalBackend
from helpcentre.editor.config import (
    LOCAL_API,
    Collection,
    EditorSite,
    config_yaml,
    editor_config,
)
from helpcentre.languages import Languages

ARTICLE = "docs/fr/facturation/annulation.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "site")
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: secret\n---\n", encoding="utf-8")
    (root / "docs" / "fr" / "lien.md").symlink_to(outside)
    (root / "docs" / "fr" / "dehors").symlink_to(tmp_path, target_is_directory=True)
    return root


def backend_of(root: Path) -> LocalBackend:
    return LocalBackend(root, root / "docs")


@pytest.mark.parametrize(
    ("action", "params"),
    [
        ("getEntry", {"path": "../secret.md"}),
        ("getEntry", {"path": "/etc/passwd"}),
        ("getEntry", {"path": "docs/../mkdocs.yml"}),
        ("getEntry", {"path": "mkdocs.yml"}),
        ("getEntry", {"path": "docs/fr/lien.md"}),  # a link leading out of docs/
        ("getEntry", {"path": "docs/fr/dehors/secret.md"}),
        ("getEntry", {"path": "docs\\fr\\facturation\\annulation.md"}),
        ("entriesByFolder", {"folder": "docs/fr/dehors", "extension": "md", "depth": 1}),
        ("entriesByFolder", {"folder": "docs/..", "extension": "md", "depth": 1}),
        ("persistEntry", {"dataFiles": [{"path": "docs/fr/x.sh", "raw": "echo"}], "assets": []}),
        ("persistEntry", {"dataFiles": [{"path": "hooks/entry.md", "raw": "x"}], "assets": []}),
        ("persistEntry", {"dataFiles": [{"path": "docs/fr/lien.md", "raw": "x"}], "assets": []}),
        (
            "persistEntry",
            {
                "dataFiles": [{"path": "docs/fr/facturation/ok.md", "raw": "---\n---\n"}],
                "assets": [{"path": "docs/../evil.png", "content": "", "encoding": "base64"}],
            },
        ),
        ("persistMedia", {"asset": {"path": "docs/fr/x.html", "content": "<script>"}}),
        ("deleteFile", {"path": ARTICLE}),
        ("runShell", {}),
    ],
)
def test_every_path_stays_in_docs_and_a_refused_request_writes_nothing(project, action, params):
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    with pytest.raises(BackendError):
        backend_of(project).handle({"action": action, "params": params})
    after = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    assert after == before


def test_lists_reads_and_writes_articles_as_decap_server_does(project):
    backend = backend_of(project)
    assert backend.handle({"action": "info"}) == {
        "repo": "site",
        "publish_modes": ["simple"],
        "type": "local_fs",
    }
    listed = backend.handle(
        {"action": "entriesByFolder", "params": {"folder": "docs/fr/facturation", "depth": 1}}
    )
    assert [entry["file"]["path"] for entry in listed] == [ARTICLE]  # not the collection page
    new = "docs/fr/facturation/nouveau.md"
    raw = "---\ntitle: Nouveau\n---\n\nTexte.\n"
    written = {"dataFiles": [{"path": new, "slug": "nouveau", "raw": raw}], "assets": []}
    assert backend.handle({"action": "persistEntry", "params": written}) == {
        "message": "entry persisted"
    }
    assert (project / new).read_bytes() == raw.encode("utf-8")
    assert backend.handle({"action": "getEntry", "params": {"path": new}})["data"] == raw


def test_every_article_of_this_site_goes_back_byte_for_byte(tmp_path):
    """Read through the backend and written back as read, over a copy of this site's docs/
    (the browser side of the round trip is measured in test_editor_browser.py)."""
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    backend = LocalBackend(tmp_path, tmp_path / "docs")
    files = sorted((tmp_path / "docs").rglob("*.md"))
    before = {path: path.read_bytes() for path in files}
    for path in files:
        rel = path.relative_to(tmp_path).as_posix()
        raw = backend.handle({"action": "getEntry", "params": {"path": rel}})["data"]
        backend.handle(
            {"action": "persistEntry", "params": {"dataFiles": [{"path": rel, "raw": raw}]}}
        )
    assert {path: path.read_bytes() for path in files} == before
    assert len(files) == len(list((REPO / "docs").rglob("*.md")))


def test_a_file_with_windows_line_endings_keeps_them(project):
    # A browser's text box hands CRLF back as plain newlines: one changed sentence must
    # still be one changed line, not the whole file.
    path = project / "docs" / "fr" / "windows.md"
    path.write_bytes(b"---\r\ntitle: Fen\xc3\xaatres\r\n---\r\n\r\nUne phrase.\r\nUne autre.\r\n")
    backend = backend_of(project)
    raw = backend.handle({"action": "getEntry", "params": {"path": "docs/fr/windows.md"}})["data"]
    edited = raw.replace("\r\n", "\n").replace("Une autre.", "Une autre, changée.")
    entry = {"path": "docs/fr/windows.md", "raw": edited}
    backend.handle({"action": "persistEntry", "params": {"dataFiles": [entry]}})
    assert (
        path.read_bytes()
        == ("---\r\ntitle: Fenêtres\r\n---\r\n\r\nUne phrase.\r\nUne autre, changée.\r\n").encode()
    )


def test_the_editor_asks_for_the_preview_build_errors(project):
    line = "docs/fr/x.md:3:1: <b>unknown</b> policy key 'a.b'"
    backend = LocalBackend(project, project / "docs", build_errors=lambda: [line])
    assert backend.handle({"action": "hcLastBuild"}) == {"errors": [line]}
    assert backend_of(project).handle({"action": "hcLastBuild"}) == {"errors": []}


# -- the HTTP side ---------------------------------------------------------------------


def call(
    app: AdminApp, method: str, path: str, body: Any = None, **headers: str
) -> tuple[str, Any]:
    data = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(data)),
        "CONTENT_TYPE": headers.pop("content_type", "application/json"),
        "HTTP_HOST": headers.pop("host", "127.0.0.1:8000"),
        "wsgi.input": io.BytesIO(data),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    status: list[str] = []
    reply = b"".join(app(environ, lambda s, h: status.append(s)))
    return status[0], reply


def site(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [])
    return [b"site"]


@pytest.mark.parametrize(
    ("bound", "headers", "refusal"),
    [
        ("0.0.0.0", {}, "the editor's backend answers only a preview bound to 127.0.0.1"),
        ("127.0.0.1", {"host": "evil.example:8000"}, "unknown host"),
        ("127.0.0.1", {"origin": "http://evil.example"}, "unknown origin"),
        ("127.0.0.1", {"content_type": "text/plain"}, "JSON only"),
    ],
)
def test_the_backend_answers_only_this_machine(project, bound, headers, refusal):
    app = AdminApp(site, AdminFiles, backend_of(project), (bound, 8000))
    status, reply = call(app, "POST", LOCAL_API, {"action": "info"}, **headers)
    assert (status, json.loads(reply)) == ("403 Forbidden", {"error": refusal})
    assert call(app, "GET", "/facturation/")[1] == b"site"


def test_the_backend_answers_the_preview_itself(project):
    app = AdminApp(site, AdminFiles, backend_of(project), ("127.0.0.1", 8000))
    status, reply = call(app, "POST", LOCAL_API, {"action": "info"}, origin="http://localhost:8000")
    assert status == "200 OK"
    assert json.loads(reply)["type"] == "local_fs"


# -- what the build writes ----------------------------------------------------------------


def test_the_public_site_has_no_admin_unless_turned_on(tmp_path):
    built = build_project(write_project(tmp_path / "site"))
    assert not (built.site_dir / "admin").exists()


def test_a_published_editor_is_configured_from_the_site(tmp_path):
    root = with_editor(
        write_project(tmp_path / "site"),
        "    editor:\n      publish: true\n      repo: acme/help\n"
        "      auth_url: https://auth.example.com\n",
    )
    (root / "data" / "teams.yml").write_text(
        "billing:\n  name: {fr: Équipe <b>Facturation</b>, en: Billing}\n"
        "  email: billing@example.com\n",
        encoding="utf-8",
    )
    admin = build_project(root).site_dir / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "github",
        "repo": "acme/help",
        "branch": "main",
        "base_url": "https://auth.example.com",
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    collections = {c["name"]: c for c in config["collections"]}
    assert list(collections) == ["facturation-fr", "facturation-en"]
    assert collections["facturation-fr"]["folder"] == "docs/fr/facturation"
    assert collections["facturation-en"]["label"] == "Billing (en)"
    required = {f["name"]: f["required"] for f in collections["facturation-fr"]["fields"]}
    assert required == {
        "title": True,
        "description": True,
        "order": False,
        "tags": False,
        "keywords": False,
        "owner": False,
        "review_every": False,
        "reviewed": False,
        "body": True,
    }
    owner = next(f for f in collections["facturation-fr"]["fields"] if f["name"] == "owner")
    assert (owner["widget"], owner["options"]) == (
        "select",
        [{"label": "billing (Équipe <b>Facturation</b>)", "value": "billing"}],
    )
    assert (admin / "cms" / "decap-cms.js").is_file()  # from node_modules, no CDN
    editor = json.loads((admin / "editor.json").read_text(encoding="utf-8"))
    values = {item["key"]: item["value"] for item in editor["values"]["fr"]}
    assert values["cancellation.notice_period"] == "30\xa0jours"
    assert {item["key"]: item["value"] for item in editor["values"]["en"]}[
        "cancellation.notice_period"
    ] == "30 days"


def test_a_published_editor_without_its_repository_is_one_line(tmp_path):
    root = with_editor(write_project(tmp_path / "site"), "    editor:\n      publish: true\n")
    [line] = build_failure(root)
    assert line.startswith("mkdocs.yml:")
    assert line.endswith(
        "extra.helpcentre.editor.publish is on but repo '' is not a GitHub repository "
        "(write repo: owner/name)"
    )


def test_a_published_editor_with_a_broken_teams_file_is_one_line(tmp_path):
    root = with_editor(
        write_project(tmp_path / "site"),
        "    editor:\n      publish: true\n      repo: acme/help\n",
    )
    (root / "data" / "teams.yml").write_text("billing: [1,\n", encoding="utf-8")
    line = "data/teams.yml:2:1: not valid YAML: expected the node content, but found '<stream end>'"
    assert build_project(root, strict=False).messages() == [line]
    assert build_failure(root) == [line]  # a warning: it fails a strict build


def test_a_published_editor_not_installed_is_one_line(tmp_path):
    root = with_editor(
        write_project(tmp_path / "site"),
        "    editor:\n      publish: true\n      repo: acme/help\n      node_modules: nowhere\n",
    )
    [line] = build_failure(root)
    assert line.endswith("the editor is not installed in nowhere/ (run: npm ci --ignore-scripts)")


def test_the_preview_server_hands_admin_to_the_editor_and_the_rest_to_itself(project):
    """compat.mount_app: MkDocs' live-reload server is a wsgiref server (get_app/set_app)."""
    from mkdocs.livereload import LiveReloadServer

    from helpcentre.mkdocs import compat

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(project))
    try:
        admin = AdminFiles({"index.html": b"<p>editor</p>"})
        backend = backend_of(project)
        compat.mount_app(
            server, lambda site: AdminApp(site, lambda: admin, backend, ("127.0.0.1", 0))
        )
        app = server.get_app()
        assert call(app, "GET", "/admin/") == ("200 OK", b"<p>editor</p>")
        assert call(app, "GET", "/nowhere/")[0] == "404 Not Found"  # MkDocs' own answer
    finally:
        server.server_close()


def test_markup_in_a_collection_title_stays_text_in_the_configuration():
    title = '<img src=x onerror=alert(1)> & "Frais": {{ policy.x }}'
    site = EditorSite(
        name="<b>Aide</b>",
        languages=Languages("fr", ("fr", "en")),
        collections=(Collection("facturation", {"fr": title}),),
        docs_dir="docs",
        repo="acme/help",
        branch="main",
        site_url="https://help.example.com/",
    )
    loaded = yaml.safe_load(config_yaml(editor_config(site, local=True)))
    assert [c["label"] for c in loaded["collections"]] == [f"{title} (fr)", f"{title} (en)"]
    assert loaded["local_backend"] is True


def test_an_editor_not_installed_says_how_instead_of_a_blank_page(project):
    missing = "the editor is not installed in node_modules/ (run: npm ci --ignore-scripts)"
    app = AdminApp(site, lambda: AdminFiles(missing=missing), backend_of(project), ("::1", 80))
    assert call(app, "GET", "/admin/") == ("503 Service Unavailable", missing.encode())
