"""The browser editor at /admin/ in real Chromium, against `helpcentre serve`'s local backend."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import (
    REPO,
    SERVE_LOG,
    build_project,
    free_port,
    serving,
    with_editor,
    write_project,
)

from helpcentre.checks.__main__ import main as editors
from helpcentre.content.front_matter import ArticleMeta
from helpcentre.content.sources import read_source, set_front_matter_key, source_hash

CHANGE_TIMEOUT = 15.0  # seconds: a save reaching the disk, a rebuild reaching the page
ARTICLE = "docs/fr/facturation/annulation.md"
SOURCE_ONLY = "docs/fr/facturation/virement.md"  # written in French only
SOURCE_ONLY_TEXT = (
    "---\ntitle: Payer par virement\ndescription: Régler une facture par virement.\n---\n\n"
    "Vous pouvez payer chaque facture par virement bancaire.\n"
)


@dataclass
class Served:
    """`helpcentre serve` on a tiny site in a git checkout."""

    root: Path
    base: str
    log: Path

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=self.root, check=True, capture_output=True, text=True
        ).stdout

    def wait_for_file(self, page: Any, rel: str, shown: Callable[[str], bool]) -> str:
        """The file once `shown` holds. The page waits, not Python: requests pass through
        the test's route handler, which runs only while Playwright has control."""
        deadline = time.monotonic() + CHANGE_TIMEOUT
        path = self.root / rel
        while True:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            if text and shown(text):
                return text
            if time.monotonic() > deadline:
                pytest.fail(f"{rel} never changed as expected:\n{text}\n{self.output()}")
            page.wait_for_timeout(100)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def changed_lines(self, rel: str) -> list[str]:
        """The lines of `rel` that differ from the last commit, as `-old` and `+new`."""
        diff = self.git("diff", "--unified=0", "--no-color", "--", rel).splitlines()
        return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = with_editor(write_project(tmp_path_factory.mktemp("editor") / "site"))
    (root / SOURCE_ONLY).write_text(SOURCE_ONLY_TEXT, encoding="utf-8")
    for translated in sorted((root / "docs" / "en").rglob("*.md")):  # up to date
        source = read_source(root / "docs" / "fr" / translated.relative_to(root / "docs" / "en"))
        text = set_front_matter_key(
            translated.read_text(encoding="utf-8"), "source_hash", f'"{source_hash(source)}"'
        )
        translated.write_text(text, encoding="utf-8")
    (root / ".gitignore").write_text(f"site/\nvar/\nnode_modules\n{SERVE_LOG}\n", encoding="utf-8")
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=Test", "-c", "user.email=t@example.com", "commit", "-qm", "start"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True)
    address = f"127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "helpcentre", "serve", "--dev-addr", address]
    server = Served(root, f"http://{address}/", root / SERVE_LOG)

    def up() -> None:
        with urllib.request.urlopen(server.base + "admin/editor.json", timeout=5):
            pass

    with serving(root, [*command, "--collector-port", "0"], up):
        yield server


@dataclass
class Browsing:
    """A Chromium context in which every request to another host than 127.0.0.1 fails
    and is recorded."""

    context: Any
    base: str
    elsewhere: list[str] = field(default_factory=list)

    def editor(self, route: str) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(CHANGE_TIMEOUT * 1000)
        page.goto(f"{self.base}admin/#{route}")
        page.get_by_role("button", name="Login").click()  # the local backend asks no password
        return page


@pytest.fixture
def browsing(chromium: Any, served: Served) -> Iterator[Browsing]:
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    browsing = Browsing(context, served.base)

    def only_here(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            browsing.elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    try:
        yield browsing
    finally:
        context.close()
    assert browsing.elsewhere == []  # no request left this machine


def publish(page: Any) -> None:
    page.get_by_text("Unsaved changes").wait_for()  # Decap has taken the edits in
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()


def test_every_article_goes_back_byte_for_byte_and_a_changed_title_is_one_line(browsing):
    """Measured over every Markdown file of this repository's site (both languages), with
    the format the editor saves with, and the data passed as Decap passes it (JSON)."""
    articles = sorted((REPO / "docs").rglob("*.md"))
    texts = [path.read_text(encoding="utf-8") for path in articles]
    page = browsing.context.new_page()
    page.goto(f"{browsing.base}admin/")
    page.wait_for_function("() => window.hcFormat !== undefined")
    results = page.evaluate(
        """(texts) => texts.map((text) => {
            const { fromFile, toFile } = window.hcFormat;
            const data = JSON.parse(JSON.stringify(fromFile(text)));
            const same = toFile(data) === text;
            const retitled = toFile({ ...data, title: data.title + " (2)" }).split("\\n");
            const lines = text.split("\\n");
            const changed = lines.map((line, i) => line !== retitled[i] ? i : -1)
                .filter((i) => i >= 0);
            return { same, changed, total: lines.length === retitled.length };
        })""",
        texts,
    )
    kept = [str(path) for path, result in zip(articles, results, strict=True) if result["same"]]
    assert len(kept) == len(articles), f"{len(kept)}/{len(articles)} unchanged"
    # Files this site does not have, written as they were; a changed list keeps its style.
    cases = {
        "Sans en-tête.\n": ("Sans en-tête.\n", {}),
        "\ufeff---\ntitle: A\n---\n\nTexte.\n": ("\ufeff---\ntitle: A\n---\n\nTexte.\n", {}),
        "---\ntitle: A # nom\ntags: [a, b]\n# fin\n---\nT\n": (
            "---\ntitle: A # nom\ntags: [a, b, c]\n# fin\n---\nT\n",
            {"tags": ["a", "b", "c"]},
        ),
        # Windows line endings: read as newlines (the backend writes them back as CRLF).
        "---\r\ntitle: A\r\n---\r\n\r\nT\r\n": ("---\ntitle: B\n---\n\nT\n", {"title": "B"}),
    }
    written = page.evaluate(
        """(cases) => cases.map(([text, change]) => window.hcFormat.toFile(
            { ...window.hcFormat.fromFile(text), ...change }))""",
        [[text, change] for text, (_, change) in cases.items()],
    )
    assert written == [expected for expected, _ in cases.values()]
    for text, path, result in zip(texts, articles, results, strict=True):
        lines = text.split("\n")
        title_line = lines.index(next(line for line in lines if line.startswith("title:")))
        assert (result["changed"], result["total"]) == ([title_line], True), path


def test_a_french_article_with_a_picked_value_builds_and_passes_the_checks(browsing, served):
    page = browsing.editor("/collections/facturation-fr/new")
    markup = '<img src=x onerror="window.hacked=1"> <b>gras</b>'
    page.get_by_label("Title").fill(markup)
    frame = page.frame_locator("iframe").first
    assert frame.locator(".hc-preview h1").inner_text() == markup  # text, not HTML
    assert frame.locator(".hc-preview img, .hc-preview b").count() == 0
    page.get_by_label("Title").fill("Payer en plusieurs fois : conditions")
    page.get_by_label("Description").fill("Quand un paiement en plusieurs fois est possible.")
    body = page.locator("textarea.hc-markdown__text")
    body.fill("Le paiement en plusieurs fois est possible.\n\nLe préavis est de ")
    page.locator("select.hc-values").select_option("cancellation.notice_period")
    body.press("Control+End")
    body.type(".")
    # The preview shows the value as readers read it, not the marker.
    preview = page.frame_locator("iframe").first.locator(".hc-value")
    assert preview.first.inner_text() == "30\xa0jours"
    publish(page)
    rel = "docs/fr/facturation/payer-en-plusieurs-fois-conditions.md"
    text = served.wait_for_file(page, rel, lambda text: "policy" in text)
    assert text == (
        '---\ntitle: "Payer en plusieurs fois : conditions"\n'
        "description: Quand un paiement en plusieurs fois est possible.\n---\n\n"
        "Le paiement en plusieurs fois est possible.\n\n"
        "Le préavis est de {{ policy.cancellation.notice_period }}.\n"
    )
    ArticleMeta.model_validate(read_source(served.root / rel).meta)
    assert not (served.root / rel.replace("/fr/", "/en/")).exists()  # nothing in English
    built = build_project(served.root)
    assert "30\xa0jours" in built.html("facturation/payer-en-plusieurs-fois-conditions/").text
    # The checks pass: the English site serves the French text until a translation exists,
    # which they list as a warning (HC401).
    report = io.StringIO()
    assert editors(["--root", str(served.root), "check"], report) == 0
    assert report.getvalue().splitlines() == [
        *(
            f"docs/fr/facturation/{slug}.md:1:1: HC401 no English version yet: readers see the "
            f"French text meanwhile; translate it as docs/en/facturation/{slug}.md"
            for slug in ("payer-en-plusieurs-fois-conditions", "virement")
        ),
        "checks: 0 errors, 2 warnings",
    ]


def test_one_changed_sentence_is_one_changed_line(browsing, served):
    page = browsing.editor("/collections/facturation-fr/entries/annulation")
    body = page.locator("textarea.hc-markdown__text")
    body.fill(body.input_value().replace("peuvent s'appliquer", "peuvent parfois s'appliquer"))
    publish(page)
    served.wait_for_file(page, ARTICLE, lambda text: "parfois" in text)
    assert served.changed_lines(ARTICLE) == [
        "-Des frais de {{ policy.fees.default_fee }} peuvent s'appliquer.",
        "+Des frais de {{ policy.fees.default_fee }} peuvent parfois s'appliquer.",
    ]
    # Straight to the translation (same file name, other collection): its own text shows.
    page.goto(f"{served.base}admin/#/collections/facturation-en/entries/annulation")
    page.wait_for_function(
        "() => document.querySelector('textarea.hc-markdown__text')?.value.includes('notice')"
    )
    assert page.get_by_label("Title").input_value() == "Cancelling"
    # A finished translation edited: its front matter stays as it was (no pending mark).
    english = ARTICLE.replace("/fr/", "/en/")
    body = page.locator("textarea.hc-markdown__text")
    body.fill(body.input_value().replace("A fee of", "A small fee of"))
    publish(page)
    served.wait_for_file(page, english, lambda text: "small" in text)
    assert served.changed_lines(english) == [
        "-A fee of {{ policy.fees.default_fee }} may apply.",
        "+A small fee of {{ policy.fees.default_fee }} may apply.",
    ]


def test_an_english_translation_is_started_beside_its_source_and_marked_done(browsing, served):
    page = browsing.editor("/collections/facturation-en/new")
    page.locator("select.hc-translation__source").select_option("virement")
    page.get_by_label("Title").fill("Paying by bank transfer")
    page.get_by_label("Description").fill("Paying an invoice by bank transfer.")
    page.locator("textarea.hc-markdown__text").fill("You can pay any invoice by bank transfer.\n")
    # The source, side by side with the translation.
    frame = page.frame_locator("iframe").first
    assert frame.locator(".hc-preview__source h1").inner_text() == "Payer par virement"
    assert frame.locator(".hc-preview__translation h1").inner_text() == "Paying by bank transfer"
    publish(page)
    rel = SOURCE_ONLY.replace("/fr/", "/en/")
    started = served.wait_for_file(page, rel, lambda text: "bank" in text)
    assert read_source(served.root / rel).meta["translation"] == "pending"
    assert "source_hash" not in started
    page.locator("button.hc-translation__done").click()
    message = page.locator(".hc-translation__message")
    assert message.inner_text() == f"{rel}: translates {SOURCE_ONLY} as it is now"
    done = read_source(served.root / rel).meta
    assert "translation" not in done
    assert editors(["--root", str(served.root), "translation-done", rel]) == 0  # agrees


def test_a_save_that_breaks_the_build_shows_its_lines_in_the_open_preview(browsing, served):
    reader = browsing.context.new_page()
    reader.set_default_timeout(CHANGE_TIMEOUT * 1000)
    reader.goto(f"{served.base}facturation/annulation/")
    page = browsing.editor("/collections/facturation-fr/entries/annulation")
    body = page.locator("textarea.hc-markdown__text")
    before = (served.root / ARTICLE).read_text(encoding="utf-8")
    body.fill(body.input_value().replace("notice_period", "notice_perod"))
    publish(page)
    try:
        broken = [
            f"{ARTICLE}:8:19: unknown policy key 'cancellation.notice_perod' "
            "(did you mean 'cancellation.notice_period'?)"
        ]
        lines = reader.locator(".hc-build-error li")
        lines.first.wait_for()
        assert lines.all_text_contents() == broken
        # The editor shows them too, over the form.
        shown = page.locator(".hc-build-errors li")
        shown.first.wait_for()
        assert shown.all_text_contents() == broken
    finally:
        (served.root / ARTICLE).write_text(before, encoding="utf-8")
    reader.locator(".hc-body").wait_for()  # back by itself once the file builds again
    page.locator(".hc-build-errors").wait_for(state="detached")
