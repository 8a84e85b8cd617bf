"""`handover report` as a new user meets it: where -o may write, which format a file gets,
the rep named as people name them, a broken profile named, a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, Outcome, Team
from test_broken_files import BROKEN_LINE, broken  # noqa: F401 (the fixture)

DEMO = ("--dir", str(PROJECT / "profiles"), "--until", "2026-11-20")


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


@pytest.fixture
def two(team: Team) -> Team:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    ok(team.run("add", "이영희", "--kind", "pharmacist", "--owner", "jpark"))
    ok(team.run("note", "이영희", "-s", "처방 재고 확인", "-r", "3"))
    return team


@pytest.mark.parametrize(
    "target", ["handover.yaml", "customers/gim-minsu/profile.yaml", ".git/HEAD", "CODEOWNERS"]
)
def test_report_refuses_to_write_over_the_teams_own_files(two: Team, target: str) -> None:
    files, head = two.files(), (two.root / ".git" / "HEAD").read_bytes()

    done = two.run("report", "-o", str(two.root / target))

    assert done.exit_code == 2, done.output
    assert "refused" in done.stderr.splitlines()[0]
    assert two.files() == files and (two.root / ".git" / "HEAD").read_bytes() == head


@pytest.mark.parametrize(
    "command",
    [("report",), ("list", "--format", "csv"), ("open", "--format", "csv"),
     ("export", "--all"), ("agenda", "--ics")],
)  # fmt: skip
def test_no_command_makes_folders_for_a_mistyped_output_path(
    two: Team, tmp_path: Path, command: tuple[str, ...]
) -> None:
    suffix = ".ics" if "--ics" in command else ".csv" if "csv" in command else ".md"
    if command == ("report",):
        suffix = ".html"
    missing = tmp_path / "nonexistent" / "dir" / f"r{suffix}"
    option = () if "--ics" in command else ("-o",)

    done = two.run(*command, *option, str(missing))

    assert done.exit_code == 2, done.output
    assert f"the folder {missing.parent} does not exist" in done.stderr
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "r.pdf"), "cannot tell a report's format from"),
        (("--format", "text", "-o", "r.html"), "does not end like a text file"),
        (("--format", "csv", "-o", "r.json"), "does not end like a csv file"),
        (("--json", "--format", "html"), "--json and --format html ask for two formats"),
    ],
)
def test_a_file_name_or_option_that_contradicts_the_format_is_refused(
    two: Team, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = tuple(str(out / a) if a.startswith("r.") else a for a in args)

    done = two.run("report", *args)

    assert done.exit_code == 2, done.output
    assert message in (done.stderr or done.stdout).splitlines()[0]  # --json: the error as JSON
    assert list(out.iterdir()) == []


def test_the_format_comes_from_the_file_name_and_any_case(two: Team, tmp_path: Path) -> None:
    ok(two.run("report", "-o", str(tmp_path / "r.CSV")))
    assert (tmp_path / "r.CSV").read_text("utf-8").startswith("section,subject,")
    done = ok(two.run("report", "--format", "CSV"))
    assert done.stdout.startswith("section,subject,")


@pytest.mark.parametrize("query", ["이서연", "서연", "ㅇㅅㅇ", "sylee"])
def test_report_takes_the_rep_as_people_name_them(two: Team, query: str) -> None:
    done = ok(two.run("report", "--rep", query))

    header = done.stdout.splitlines()[0]
    assert "rep 이서연 (sylee)" in header
    assert header.endswith(" · 1 customer"), header


def test_a_broken_profile_is_named_and_its_customer_still_counted(broken: Team) -> None:  # noqa: F811
    done = broken.run("report")

    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0].endswith(" · 2 customers")  # 김민수's complaint counts
    warnings = done.stderr.splitlines()
    assert next(line for line in warnings if line.startswith("customers/")).startswith(BROKEN_LINE)
    assert "could not be read" in warnings[-1]
    assert broken.run("report", "--strict").exit_code == 3


@pytest.mark.parametrize("args", [(), ("--format", "csv"), ("--json",)])
def test_a_reader_that_quits_early_is_not_an_error(args: tuple[str, ...]) -> None:
    """`handover report | head -1`, with real processes and a real closed pipe."""
    command = [sys.executable, "-m", "handover", "report", *args, *DEMO]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    shell = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$@" | head -c 1 >/dev/null', "-", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stderr == ""


def test_a_past_period_labels_the_items_due_on_its_last_day(two: Team) -> None:
    ok(two.run("note", "김민수", "--at", "2026-11-01 10:00", "-s", "자료 요청",
               "--promise", "자료 전달 by 2026-11-05"))  # fmt: skip

    done = ok(two.run("report", "--until", "2026-11-05"))

    assert "due today" not in done.stdout
    assert "due on the last day" in done.stdout
    data = json.loads(ok(two.run("report", "--until", "2026-11-05", "--json")).stdout)
    assert data["scope"]["until"] == "2026-11-05"
