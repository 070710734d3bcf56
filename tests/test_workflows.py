"""The GitHub workflows (they cannot run here): schema, zizmor's audits, publishing contract."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
# The venv's scripts sit beside its python (not resolved: that would leave the venv).
BIN = Path(sys.executable).parent
# The site's time zone (mkdocs.yml): the daily run must land just after midnight there.
SITE_TIME_ZONE = re.search(
    r"^\s*time_zone:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE
).group(1)
PINNED = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")

UNPINNED_WORKFLOW = """\
name: Bad
on: [push]
permissions: {}
jobs:
  build:
    name: build
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
"""


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflow in {WORKFLOWS}"
    return files


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def action(step: dict[str, Any]) -> str:
    """`owner/name` of a step's action, without its ref ('' for a run step)."""
    return step.get("uses", "").split("@")[0]


def uses_action(job: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((step for step in steps(job) if action(step) == name), None)


def runs_make_build(job: dict[str, Any]) -> dict[str, Any] | None:
    return next((s for s in steps(job) if re.search(r"\bmake build\b", s.get("run", ""))), None)


def run_tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def publishing() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(workflow, build job, deploy job) of the workflow that deploys to GitHub Pages."""
    for path in workflow_files():
        workflow = load(path)
        jobs = workflow["jobs"]
        for deploy in jobs.values():
            if uses_action(deploy, "actions/deploy-pages"):
                needs = deploy.get("needs", [])
                needs = [needs] if isinstance(needs, str) else needs
                builders = [jobs[name] for name in needs]
                build = next(j for j in builders if uses_action(j, "actions/upload-pages-artifact"))
                return workflow, build, deploy
    raise AssertionError("no workflow deploys with actions/deploy-pages")


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = run_tool(BIN / "zizmor", "--offline", WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_reports_an_unpinned_action(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(UNPINNED_WORKFLOW, encoding="utf-8")
    result = run_tool(BIN / "zizmor", "--offline", bad)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout
    assert "actions/checkout@v4" in result.stdout


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_workflow_matches_the_github_schema(path: Path) -> None:
    result = run_tool(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yml"
    # `runs-on` misspelt: GitHub would refuse the file.
    bad.write_text(UNPINNED_WORKFLOW.replace("runs-on:", "run-on:"), encoding="utf-8")
    result = run_tool(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", bad)
    assert result.returncode != 0


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in workflow_files():
        for name, job in load(path)["jobs"].items():
            refs = [step["uses"] for step in steps(job) if "uses" in step]
            refs += [job["uses"]] if "uses" in job else []
            for ref in refs:
                assert PINNED.match(ref), f"{path.name}: job {name}: {ref} is not pinned to a SHA"
        # The version a SHA stands for is written beside it, for the reader and Dependabot.
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*(- )?uses:", line):
                assert re.search(r"@[0-9a-f]{40}\s+# v\d", line), f"{path.name}:{number}: {line}"


def test_checkouts_keep_no_credentials() -> None:
    for path in workflow_files():
        for name, job in load(path)["jobs"].items():
            for step in steps(job):
                if action(step) == "actions/checkout":
                    with_ = step.get("with", {})
                    assert with_.get("persist-credentials") is False, f"{path.name}: job {name}"


def test_every_job_has_its_own_minimal_permissions() -> None:
    for path in workflow_files():
        workflow = load(path)
        assert workflow.get("permissions") == {}, path.name
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name} has no permissions block"
            assert "write-all" not in str(job["permissions"]), f"{path.name}: job {name}"


def test_push_to_main_and_a_manual_run_publish() -> None:
    workflow, _, _ = publishing()
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert "pull_request" not in on and "pull_request_target" not in on


def test_a_daily_run_lands_just_after_midnight_in_the_site_time_zone() -> None:
    workflow, _, _ = publishing()
    crons = [entry["cron"].split() for entry in triggers(workflow)["schedule"]]
    assert crons
    for cron in crons:
        assert cron[2:] == ["*", "*", "*"], f"{cron}: not every day"
    zone = ZoneInfo(SITE_TIME_ZONE)
    # A winter and a summer day: GitHub's cron is UTC, the site's clock moves by an hour.
    for day in (dt.date(2027, 1, 15), dt.date(2027, 7, 15)):
        local_times = [
            dt.datetime(day.year, day.month, day.day, int(hour), int(minute), tzinfo=dt.UTC)
            .astimezone(zone)
            .time()
            for minute, hour, *_ in crons
        ]
        assert any(time < dt.time(0, 30) for time in local_times), (day, local_times)


def test_publishing_builds_strictly_and_deploys_to_pages() -> None:
    workflow, build, deploy = publishing()
    assert workflow["concurrency"]["cancel-in-progress"] is False  # deploys never race
    make = runs_make_build(build)
    env = make["env"]
    assert "vars.HELPCENTRE_SITE_URL" in env["HELPCENTRE_SITE_URL"]
    assert "vars.HELPCENTRE_FEEDBACK_ENDPOINT" in env["HELPCENTRE_FEEDBACK_ENDPOINT"]
    order = steps(build)
    upload = uses_action(build, "actions/upload-pages-artifact")
    assert order.index(make) < order.index(upload)
    assert upload["with"]["path"] == "site"
    assert uses_action(build, "actions/configure-pages")
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_publishing_restores_the_rendered_article_cache_before_building() -> None:
    """The folder mkdocs.yml keeps rendered articles in, restored from the last run."""
    _, build, _ = publishing()
    cache = uses_action(build, "actions/cache")
    order = steps(build)
    assert order.index(cache) < order.index(runs_make_build(build))
    folder = cache["with"]["path"]
    settings = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'render_cache: !ENV [HELPCENTRE_RENDER_CACHE, "{folder}"]' in settings
    assert cache["with"]["restore-keys"] == "rendered-pages-"
    assert "github.run_id" in cache["with"]["key"]  # each run saves what it rendered


def test_pull_requests_upload_the_built_site_as_a_preview() -> None:
    previews = []
    for path in workflow_files():
        workflow = load(path)
        if "pull_request" not in triggers(workflow):
            continue
        for job in workflow["jobs"].values():
            make, upload = runs_make_build(job), uses_action(job, "actions/upload-artifact")
            if make and upload:
                assert steps(job).index(make) < steps(job).index(upload)
                assert upload["with"]["path"].rstrip("/") == "site"
                assert "pull_request" in job.get("if", "pull_request")
                previews.append(job)
    assert len(previews) == 1


# The workflows `helpcentre new` writes into a new site: held to the same rules.
STARTER_WORKFLOWS = REPO / "src" / "helpcentre" / "starter" / "files" / "github" / "workflows"


def test_zizmor_finds_nothing_in_a_new_sites_workflows() -> None:
    result = run_tool(BIN / "zizmor", "--offline", *sorted(STARTER_WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize(
    "path", sorted(STARTER_WORKFLOWS.glob("*.yml")), ids=lambda path: f"new-site-{path.name}"
)
def test_a_new_sites_workflow_matches_the_github_schema(path: Path) -> None:
    result = run_tool(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            assert "uses" not in step or PINNED.match(step["uses"]), step["uses"]


@pytest.mark.parametrize("folder", [WORKFLOWS, STARTER_WORKFLOWS], ids=["repo", "new-site"])
def test_publishing_keeps_the_health_page_and_a_weekly_run_fails_on_unreviewed_changes(
    folder: Path,
) -> None:
    """README, "Keeping content healthy": the page is an artifact of each publication, and
    a weekly scheduled run exits 1 on an article to review before a value changes."""
    publish = load(folder / "publish.yml")
    build = publish["jobs"]["build"]
    health = next(s for s in steps(build) if s.get("run") == "make health")
    upload = next(
        s
        for s in steps(build)
        if action(s) == "actions/upload-artifact" and s["with"]["name"] == "health"
    )
    assert steps(build).index(health) < steps(build).index(upload)
    assert upload["with"]["path"].split() == ["health.html", "health.json"]
    # An unreachable feedback database (health exits 1, no page) still lets the site out.
    assert health["continue-on-error"] is True
    assert upload["with"]["if-no-files-found"] == "warn"

    weekly = load(folder / "health.yml")
    crons = [entry["cron"].split() for entry in triggers(weekly)["schedule"]]
    assert [cron[2:] for cron in crons] == [["*", "*", "1"]]  # Mondays
    (job,) = weekly["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    checkout = uses_action(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the data file's history
    run = next(s for s in steps(job) if "make health" in s.get("run", ""))
    assert run["run"] == "make health HEALTH_FLAGS=--fail-on-unreviewed-changes"
    assert "continue-on-error" not in run
    makefile = (folder.parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/helpcentre health --html health.html --json health.json $(HEALTH_FLAGS)" in (
        makefile
    )
