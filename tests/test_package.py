"""The wheel a support team installs: complete, under one name, and able to start, build and
check a new help centre from a fresh virtual environment."""

from __future__ import annotations

import contextlib
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, free_port

PACKAGE = REPO / "src" / "helpcentre"


def run(command: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel .` on a copy of what git tracks: an earlier build's leftovers in the
    work tree (build/lib keeps deleted modules) cannot reach the wheel."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    tracked = run(["git", "ls-files", "-z", "--", "pyproject.toml", "README.md", "src"], REPO)
    assert tracked.returncode == 0, tracked.stderr
    for name in filter(None, tracked.stdout.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    built = run([*pip_wheel, "-w", str(out), str(source)], cwd=out)
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("helpcentre-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and the dependencies it declares."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    made = run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    pip = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], venv.parent)
    assert pip.returncode == 0, pip.stderr
    return venv / "bin"


def source_files() -> set[str]:
    """Every file of the package that git tracks, as the wheel names it."""
    tracked = run(["git", "ls-files", "-z", "--", "src/helpcentre"], REPO).stdout.split("\0")
    return {name.removeprefix("src/") for name in tracked if name}


def test_the_wheel_holds_every_module_template_catalogue_and_starter_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(source_files() - names)
    assert not missing, f"not in the wheel: {missing}"
    for needed in (
        "helpcentre/theme/main.html",
        "helpcentre/theme/partials/hc-article.html",
        "helpcentre/theme/assets/helpcentre.css",
        "helpcentre/locales/fr.po",
        "helpcentre/checks/pymarkdown.json",
        "helpcentre/starter/files/hooks/entry.py",
        "helpcentre/starter/files/package-lock.json",
    ):
        assert needed in names


def test_nothing_is_installed_under_another_top_level_name(wheel):
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"helpcentre"}


def test_the_wheel_declares_what_it_needs_and_keeps_tools_out(wheel):
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    message = email.message_from_bytes(archive.read(metadata))
    requires = message.get_all("Requires-Dist") or []
    plain = {
        r.split(";")[0].split("[")[0].split("<")[0].split(">")[0].strip()
        for r in requires
        if "extra ==" not in r
    }
    assert {
        "mkdocs",
        "mkdocs-material",
        "mkdocs-static-i18n",
        "click",
        "babel",
        "waitress",
    } <= plain
    assert not plain & {"pytest", "ruff", "playwright", "psycopg", "matplotlib", "french-typo"}
    extras = {r.split("extra ==")[1].strip(" \"'") for r in requires if "extra ==" in r}
    assert extras == {"postgres", "charts"}
    console = archive.read(metadata.replace("METADATA", "entry_points.txt")).decode()
    assert "helpcentre = helpcentre.cli:main" in console


@pytest.mark.parametrize("languages", ["fr,en", "de,en"])
def test_a_new_site_builds_and_passes_every_check_from_the_installed_wheel(
    installed, tmp_path, languages
):
    command = str(installed / "helpcentre")
    made = run([command, "new", "site", "--languages", languages, "--name", "Acme"], tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "site"
    for lang in languages.split(","):
        assert (site / "docs" / lang / "index.md").is_file()
    built = run([command, "build", "-q"], site)
    assert built.returncode == 0, built.stderr
    source = languages.split(",")[0]
    assert (site / "site" / "index.html").is_file()
    assert (site / "site" / "en" / "index.html").is_file() or source == "en"
    checked = run([command, "check"], site)
    assert (checked.returncode, checked.stdout.splitlines()[-1]) == (
        0,
        "checks: 0 errors, 0 warnings",
    ), checked.stdout + checked.stderr
    # Nothing came from the repository: the package ran from the fresh environment.
    where = run(
        [str(installed / "python"), "-c", "import helpcentre; print(helpcentre.__file__)"], site
    )
    assert str(REPO) not in where.stdout


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_new_site_serves_its_pages_and_its_local_collector(installed, tmp_path):
    command = str(installed / "helpcentre")
    made = run([command, "new", "site", "--name", "Acme Help"], tmp_path)
    assert made.returncode == 0, made.stderr
    page, collector = free_port(), free_port()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    serving = subprocess.Popen(
        [command, "serve", "--dev-addr", f"127.0.0.1:{page}", "--collector-port", str(collector)],
        cwd=tmp_path / "site",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline, status, html = time.monotonic() + 90, 0, ""
        while time.monotonic() < deadline and status != 200:
            time.sleep(0.5)
            assert serving.poll() is None, serving.stderr.read() if serving.stderr else ""
            with contextlib.suppress(OSError):
                status, html = fetch(
                    f"http://127.0.0.1:{page}/premiers-pas/demander-un-remboursement/"
                )
        assert status == 200
        article = BeautifulSoup(html, "html.parser")
        assert article.select_one("title").get_text() == "Demander un remboursement - Acme Help"
        assert "14\u00a0jours" in article.select_one("article, .md-content").get_text()
        widget = article.select_one("[data-endpoint]")
        assert widget["data-endpoint"] == f"http://127.0.0.1:{collector}/api/feedback"
        # The collector beside it answers (a GET is not a post: refused with a reason).
        assert fetch(f"http://127.0.0.1:{collector}/api/feedback")[0] == 405
    finally:
        serving.send_signal(signal.SIGTERM)  # as a service manager stops it: the parent only
        serving.wait(timeout=30)
    # The preview and the collector stopped with it: nothing listens on their ports.
    for port in (page, collector):
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
            pass
