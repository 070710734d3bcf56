"""Fixtures: build a tiny bilingual help centre in tmp_path with the real hooks and theme."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import shutil
import socket
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from bs4 import BeautifulSoup

from bench.browser import chromium_browser
from helpcentre.interface import load_interface_text
from helpcentre.languages import Languages
from helpcentre.mkdocs.engine import driver

REPO = Path(__file__).resolve().parent.parent
# What the package ships: its theme and its interface catalogues.
THEME = REPO / "src" / "helpcentre" / "theme"
SHIPPED_LOCALES = REPO / "src" / "helpcentre" / "locales"
SITE_LANGUAGES = Languages(source="fr", all=("fr", "en"))


def interface_strings(lang: str) -> dict[str, str]:
    """The real catalogues' interface strings for a language, as readers see them."""
    return load_interface_text(REPO / "locales", "locales", SITE_LANGUAGES).strings(lang)


MINIMAL_POLICIES = """\
cancellation:
  notice_period:
    type: duration
    values:
      - {from: 2024-01-01, value: 30 days}
      - {from: 2030-01-01, value: 60 days}
fees:
  default_fee:
    type: money
    value: 25.00 GBP
contacts:
  support:
    type: contact
    value:
      name: {fr: l'équipe Support, en: the Support team}
      email: support@example.com
      phone: "+44 1234 567 800"
      url: https://www.example.com/contact
"""

MINIMAL_DOCS = {
    "fr/index.md": "---\ntitle: Centre d'aide\ndescription: Accueil.\n---\n",
    "en/index.md": "---\ntitle: Help centre\ndescription: Home.\n---\n",
    "fr/facturation/index.md": (
        "---\ntitle: Facturation\ndescription: Vos paiements.\n"
        "icon: material/credit-card-outline\norder: 1\n---\n"
    ),
    "en/facturation/index.md": (
        "---\ntitle: Billing\ndescription: Your payments.\n"
        "icon: material/credit-card-outline\norder: 1\n---\n"
    ),
    "fr/facturation/annulation.md": (
        "---\ntitle: Annuler\ndescription: Comment annuler.\n---\n\n"
        "## Préavis\n\nLe préavis est de {{ policy.cancellation.notice_period }}.\n\n"
        "## Frais\n\nDes frais de {{ policy.fees.default_fee }} peuvent s'appliquer.\n"
    ),
    "en/facturation/annulation.md": (
        "---\ntitle: Cancelling\ndescription: How to cancel.\n---\n\n"
        "## Notice\n\nThe notice period is {{ policy.cancellation.notice_period }}.\n\n"
        "## Fees\n\nA fee of {{ policy.fees.default_fee }} may apply.\n"
    ),
}


@dataclass
class BuiltSite:
    """A site built into tmp_path: its folders and what MkDocs logged."""

    root: Path
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    def html(self, url_path: str) -> BeautifulSoup:
        """Parsed HTML of a page by its URL path, e.g. 'en/facturation/annulation/'."""
        target = self.site_dir / url_path
        if url_path.endswith("/") or url_path == "":
            target = target / "index.html"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def search_payload(self, lang: str) -> dict[str, Any]:
        """The search data a language's home page loads (hc-search/<lang>.json.gz)."""
        data = (self.site_dir / "hc-search" / f"{lang}.json.gz").read_bytes()
        return json.loads(gzip.decompress(data))


def write_project(
    root: Path,
    docs: dict[str, str] | None = None,
    policies: str | None = MINIMAL_POLICIES,
) -> Path:
    """Lay out a project in `root` using the real mkdocs.yml, hooks, theme and catalogues
    (the catalogues are copied, so a test may change them)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("hooks", "overrides"):
        target = root / shared
        if not target.exists():
            target.symlink_to(REPO / shared, target_is_directory=True)
    if not (root / "locales").exists():
        shutil.copytree(REPO / "locales", root / "locales")
    for rel, text in (MINIMAL_DOCS if docs is None else docs).items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    if policies is not None:
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / "policies.yml").write_text(policies, encoding="utf-8")
    return root


def with_editor(root: Path, settings: str = "") -> Path:
    """The project in `root` with the browser editor's packages (this repository's
    node_modules) and `settings` added under `extra.helpcentre` (e.g. an `editor:` block)."""
    if settings:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  helpcentre:\n", f"  helpcentre:\n{settings}", 1), "utf-8")
    if not (REPO / "node_modules" / "decap-cms" / "dist").is_dir():
        pytest.fail("node_modules/decap-cms missing: run `make test` (npm ci installs it)")
    (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return root


def add_languages(
    root: Path,
    languages: dict[str, tuple[str, str | None]],
    in_progress: tuple[str, ...] = (),
    *,
    site_names: dict[str, str] | None = None,
    english: Literal["before", "after", "instead"] = "before",
) -> None:
    """Add languages to the project's mkdocs.yml, each one block of the i18n plugin and one
    Babel locale (`languages`: code -> (name in the switcher, Babel locale or None for
    none)), placed after English's block, before it, or `instead` of English;
    `in_progress` becomes `languages_in_progress`."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("        - locale: en\n")
    end = text.index("\n\n", start)
    names = site_names or {}
    blocks = "".join(
        f"\n        - locale: {code}\n          name: {name}\n          build: true"
        + (f"\n          site_name: {names[code]}" if code in names else "")
        for code, (name, _) in languages.items()
    )
    if english == "after":
        text = text[:end] + blocks + text[end:]
    elif english == "before":
        text = text[:start] + blocks.lstrip("\n") + "\n" + text[start:]
    else:
        text = text[:start] + blocks.lstrip("\n") + text[end:]
    locales = "".join(
        f"      {code}: {locale}\n" for code, (_, locale) in languages.items() if locale
    )
    kept = "" if english == "instead" else "      en: en_GB\n"
    text = text.replace("      en: en_GB\n", kept + locales, 1)
    listed = f"languages_in_progress: [{', '.join(in_progress)}]"
    text = text.replace("languages_in_progress: []", listed, 1)
    config.write_text(text, encoding="utf-8")


def write_catalogue(path: Path, lang: str, strings: dict[str, str]) -> None:
    """A site's own interface catalogue for `lang` with these strings."""
    catalog = Catalog(locale=lang)
    for key, value in strings.items():
        catalog.add(key, value)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    path.write_bytes(buffer.getvalue())


def build_project(root: Path, **overrides: Any) -> BuiltSite:
    """Build with MkDocs' Python API in strict mode, as `mkdocs build --strict` would;
    a failed build fails the test with the lines an editor would read."""
    outcome = driver.build_site(root, root / "site", **_options(overrides))
    if not outcome.ok:
        lines = [p.text() for p in outcome.problems] or outcome.messages() or [outcome.error]
        raise AssertionError("the build failed:\n" + "\n".join(lines))
    return BuiltSite(root=root, site_dir=outcome.site_dir, records=outcome.records)


def build_failure(root: Path, **overrides: Any) -> list[str]:
    """Build a project that must fail; return the error lines an editor would read."""
    outcome = driver.build_site(root, root / "site", **_options(overrides))
    if outcome.ok:
        raise AssertionError("the build succeeded but was expected to fail")
    if outcome.problems:
        return [problem.text() for problem in outcome.problems]
    return [
        line
        for record in outcome.records
        if record.levelno >= logging.ERROR
        and not record.getMessage().startswith("Error reading page")
        for line in record.getMessage().splitlines()
    ] or [outcome.error]


def _options(overrides: dict[str, Any]) -> dict[str, Any]:
    options = dict(overrides)
    options.setdefault("strict", True)
    return options


@pytest.fixture
def build_site(tmp_path: Path) -> Iterator[Callable[..., BuiltSite]]:
    """`build_site(docs={...}, policies="...", **config_overrides)` -> BuiltSite."""

    def make(
        docs: dict[str, str] | None = None,
        policies: str | None = MINIMAL_POLICIES,
        **overrides: Any,
    ) -> BuiltSite:
        root = write_project(tmp_path / "project", docs, policies)
        return build_project(root, **overrides)

    yield make


@pytest.fixture
def as_of(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Build the site as it will be on a given date (HELPCENTRE_AS_OF)."""

    def set_date(value: str) -> None:
        monkeypatch.setenv("HELPCENTRE_AS_OF", value)

    return set_date


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in tests happen on a fixed date, so no result depends on today's date."""
    monkeypatch.setenv("HELPCENTRE_AS_OF", "2026-06-01")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True)
def restore_mkdocs_clean_directory() -> Iterator[None]:
    """static-i18n swaps mkdocs.utils.clean_directory for a no-op during its nested builds
    and does not put it back when one fails: keep one test's failure out of the next."""
    import mkdocs.utils

    original = mkdocs.utils.clean_directory
    yield
    mkdocs.utils.clean_directory = original


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole run; each test opens its own context in it."""
    with chromium_browser() as running:
        yield running


class TestBrowser:
    """The session's Chromium as one test sees it: what the test opens, it closes."""

    __test__ = False

    def __init__(self, chromium: Any) -> None:
        self._chromium = chromium
        self._contexts: list[Any] = []

    def new_context(self, **options: Any) -> Any:
        context = self._chromium.new_context(**options)
        self._contexts.append(context)
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[TestBrowser]:
    """A fresh corner of the session's Chromium: contexts opened through it close after the test."""
    opened = TestBrowser(chromium)
    yield opened
    opened.close()


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Stop a server a test started: asked first, killed if it does not stop in 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# Seconds for a preview server's first build of the tiny site, on a busy machine.
SERVE_START_TIMEOUT = 30.0
SERVE_LOG = "serve.log"


def free_port() -> int:
    """A free port of 127.0.0.1 (closed again before the server takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(root: Path, command: list[str], up: Callable[[], object]) -> Iterator[None]:
    """Run a preview server (`command`) in `root` on the tests' fixed date, with its output
    in `root / SERVE_LOG`, until the block ends; it is up once `up()` stops raising
    OSError. A server that stops or never comes up fails the test with its log."""
    name = " ".join(command)
    env = dict(os.environ, HELPCENTRE_AS_OF="2026-06-01", NO_MKDOCS_2_WARNING="1")
    log = root / SERVE_LOG

    def output() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    with log.open("wb") as written:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=written, stderr=written)
        try:
            deadline = time.monotonic() + SERVE_START_TIMEOUT
            while True:
                if process.poll() is not None:
                    pytest.fail(f"`{name}` stopped:\n{output()}")
                try:
                    up()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"`{name}` did not start:\n{output()}")
                    time.sleep(0.2)
            yield
        finally:
            stop_process(process)
