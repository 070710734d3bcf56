"""The value in force of a key over time: edits read from git, scheduled values coming into
force, and when a future value was first written."""

from __future__ import annotations

import datetime as dt

from health_site import commit_all, run_git

from helpcentre.health.history import ValueChange, read_history

D = dt.date.fromisoformat
NOTICE = """\
cancellation:
  notice_period:
    type: duration
    values:
      - {from: 2024-01-01, value: 30 days}
"""


def write(root, text: str) -> None:
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "policies.yml").write_text(text, encoding="utf-8")


def test_a_scheduled_value_in_force_and_an_edit_are_both_changes(tmp_path):
    write(tmp_path, NOTICE + "      - {from: 2026-05-15, value: 45 days}\n")
    run_git(tmp_path, None, "init", "-q", "-b", "main")
    commit_all(tmp_path, "2026-03-01", "45 days from 15 May")
    write(tmp_path, NOTICE + "      - {from: 2026-05-15, value: 40 days}\n")
    commit_all(tmp_path, "2026-05-20", "40 days after all")
    history = read_history(tmp_path, tmp_path / "data" / "policies.yml", D("2026-06-01"))
    key = "cancellation.notice_period"
    assert history.changes(key, D("2026-04-01"), D("2026-06-01")) == [
        ValueChange(key, D("2026-05-15"), "30 days", "45 days", "scheduled"),
        ValueChange(key, D("2026-05-20"), "45 days", "40 days", "edited"),
    ]
    # Reviewed since: nothing left to reread.
    assert history.changes(key, D("2026-05-20"), D("2026-06-01")) == []
    assert history.scheduled_on(key, D("2026-05-15"), D("2026-06-01")) == D("2026-03-01")


def test_outside_git_the_working_copy_alone_still_shows_scheduled_values(tmp_path):
    write(tmp_path, NOTICE + "      - {from: 2026-06-10, value: 60 days}\n")
    history = read_history(tmp_path, tmp_path / "data" / "policies.yml", D("2026-06-01"))
    key = "cancellation.notice_period"
    assert [v.on for v in history.versions] == [D("2026-06-01")]
    assert history.changes_ahead(key, D("2026-06-01"), D("2026-07-01")) == [
        ValueChange(key, D("2026-06-10"), "30 days", "60 days", "scheduled")
    ]
    # Not in any commit: scheduled today, so no earlier review covers it.
    assert history.scheduled_on(key, D("2026-06-10"), D("2026-06-01")) == D("2026-06-01")


def test_every_committed_version_is_read_even_after_the_file_was_deleted(tmp_path):
    # One `git cat-file` reads them all: a commit without the file is skipped, not a stop.
    write(tmp_path, NOTICE)
    run_git(tmp_path, None, "init", "-q", "-b", "main")
    commit_all(tmp_path, "2026-03-01", "30 days")
    (tmp_path / "data" / "policies.yml").unlink()
    commit_all(tmp_path, "2026-04-01", "no data file")
    write(tmp_path, NOTICE.replace("30 days", "45 days — préavis"))
    commit_all(tmp_path, "2026-05-01", "45 days")
    history = read_history(tmp_path, tmp_path / "data" / "policies.yml", D("2026-06-01"))
    assert [v.on for v in history.versions] == [D("2026-03-01"), D("2026-05-01")]
    key = "cancellation.notice_period"
    assert history.changes(key, D("2026-02-01"), D("2026-06-01")) == [
        ValueChange(key, D("2026-05-01"), "30 days", "45 days — préavis", "edited")
    ]


def test_a_data_file_that_is_not_utf8_is_still_read_for_its_values(tmp_path):
    # `check` and the build say where the byte is; the health page still lists the values.
    write(tmp_path, NOTICE + "      - {from: 2026-06-10, value: 60 days}\n")
    with (tmp_path / "data" / "policies.yml").open("ab") as data:
        data.write("# préavis\n".encode("latin-1"))
    history = read_history(tmp_path, tmp_path / "data" / "policies.yml", D("2026-06-01"))
    key = "cancellation.notice_period"
    assert history.changes_ahead(key, D("2026-06-01"), D("2026-07-01")) == [
        ValueChange(key, D("2026-06-10"), "30 days", "60 days", "scheduled")
    ]
