"""Only regular files inside the folder, read with a bound; outputs never over the team's data.

Real symlinks, FIFOs and devices, run as a user runs handover (a subprocess with a timeout, so
a read that would hang fails the test instead of the suite).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Outcome, Team

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def handover(team: Team, *args: str, timeout: float = 30) -> Outcome:
    done = subprocess.run(
        [sys.executable, "-m", "handover", *args, "--dir", str(team.root)],
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang is a failure, not a stuck suite
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


@pytest.fixture
def two(team: Team) -> Team:
    ok(team.run("add", "김민수", "--kind", "doctor"))
    ok(team.run("add", "이영희", "--kind", "pharmacist"))
    ok(team.run("note", "이영희", "-s", "처방 재고 확인"))
    return team


def test_a_profile_linked_to_dev_zero_is_refused_and_reads_nothing(two: Team) -> None:
    profile = two.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.unlink()
    profile.symlink_to("/dev/zero")
    two.git("add", "-A")
    two.git("commit", "--quiet", "-m", "evil link")
    other = handover(two, "brief", "이영희")  # the other customer's brief reads every name
    assert other.exit_code == 0, other.output
    assert other.stdout.startswith("이영희 (i-yeonghui)")
    listed = handover(two, "list")
    assert listed.exit_code == 0, listed.output
    assert "이영희" in listed.stdout
    assert "customers/gim-minsu/profile.yaml: error: leads outside the team folder" in (
        listed.stderr
    )
    checked = handover(two, "check")
    assert checked.exit_code == 1, checked.output
    assert "customers/gim-minsu/profile.yaml" in checked.stdout and "outside" in checked.stdout


def test_a_notes_folder_linked_outside_never_receives_a_note(two: Team, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    notes = two.root / "customers" / "gim-minsu" / "notes"
    notes.symlink_to(outside, target_is_directory=True)
    before = two.commits()
    done = two.run("note", "김민수", "-s", "연락처 010-1234-5678 확인")
    assert done.exit_code == 4, done.output
    assert "customers/gim-minsu/notes" in done.stderr and "outside the team folder" in done.stderr
    assert list(outside.rglob("*")) == []  # nothing written where it must not be
    assert two.commits() == before


@pytest.mark.parametrize("where", ["profile", "note"])
def test_a_fifo_never_makes_a_command_hang(two: Team, where: str) -> None:
    if where == "profile":
        fifo = two.root / "customers" / "gim-minsu" / "profile.yaml"
        fifo.unlink()
    else:
        year = two.root / "customers" / "gim-minsu" / "notes" / "2026"
        year.mkdir(parents=True)
        fifo = year / "20260101T000000Z-sylee-abcdef.yaml"
    os.mkfifo(fifo)
    shown = fifo.relative_to(two.root).as_posix()
    for command in (("list",), ("search", "처방"), ("open",)):
        done = handover(two, *command)
        assert done.exit_code == 0, done.output
        assert f"{shown}: error: expected a regular file, found a FIFO" in done.stderr
    other = handover(two, "brief", "이영희")
    assert other.exit_code == 0, other.output
    same = handover(two, "brief", "gim-minsu")
    assert same.exit_code == 4, same.output  # what can be read, then the FIFO named
    assert "found a FIFO" in same.stderr
    checked = handover(two, "check")
    assert checked.exit_code == 1, checked.output
    assert "found a FIFO" in checked.stdout


def test_a_transfer_plan_that_is_a_device_or_too_large_is_refused(
    two: Team, tmp_path: Path
) -> None:
    files = two.files()
    device = handover(two, "transfer", "--plan", "/dev/zero")
    assert device.exit_code == 4, device.output
    assert "/dev/zero: error: expected a regular file, found a character device" in device.stderr
    fifo = tmp_path / "plan.csv"
    os.mkfifo(fifo)
    piped = handover(two, "transfer", "--plan", str(fifo))
    assert piped.exit_code == 4, piped.output
    assert "found a FIFO" in piped.stderr
    large = tmp_path / "large.csv"
    large.write_text("gim-minsu,jpark\n" * 70_000)
    too_big = handover(two, "transfer", "--plan", str(large))
    assert too_big.exit_code == 3, too_big.output
    assert "over the limit of 1,000,000 bytes" in too_big.stderr
    assert two.files() == files


@pytest.mark.parametrize(
    "target", ["customers/gim-minsu/profile.yaml", "handover.yaml", ".git/config", "notes.yaml"]
)
def test_export_never_overwrites_the_teams_own_files(two: Team, target: str) -> None:
    files = two.files()
    config = (two.root / ".git" / "config").read_bytes()
    for force in ((), ("--force",)):
        done = two.run("export", "--all", "-o", str(two.root / target), *force)
        assert done.exit_code == 2, done.output
        assert "refused" in done.stderr
    assert two.files() == files
    assert (two.root / ".git" / "config").read_bytes() == config


def test_export_inside_the_folder_needs_force(two: Team, tmp_path: Path) -> None:
    inside = two.root / "packs" / "team.md"
    refused = two.run("export", "--all", "-o", str(inside))
    assert refused.exit_code == 2, refused.output
    assert "inside the team folder" in refused.stderr and "--force" in refused.stderr
    assert not inside.exists()
    inside.parent.mkdir()
    forced = two.run("export", "--all", "-o", str(inside), "--force")
    assert forced.exit_code == 0, forced.output
    assert "# " in inside.read_text("utf-8")
    outside = two.run("export", "--all", "-o", str(tmp_path / "team.md"))
    assert outside.exit_code == 0, outside.output
    assert (tmp_path / "team.md").is_file()


def test_an_import_of_a_device_or_a_fifo_is_refused_at_once(team: Team, tmp_path: Path) -> None:
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)  # nothing will ever write to it: reading it would wait for ever
    before = team.files(), team.commits()

    for given, kind in (("/dev/zero", "a character device"), (str(fifo), "a FIFO (named pipe)")):
        done = handover(team, "import", given)
        assert done.exit_code == 4, done.output
        assert f"expected a regular file, found {kind}" in done.stderr.splitlines()[0]
    assert (team.files(), team.commits()) == before


@pytest.mark.parametrize(
    "command",
    [
        ("report", "--format", "csv"),
        ("list", "--format", "csv"),
        ("open", "--format", "csv"),
        ("agenda", "--format", "csv"),
        ("health", "--format", "csv"),
    ],
)
@pytest.mark.parametrize("target", ["handover.yaml", "customers/gim-minsu/profile.yaml"])
def test_every_output_file_option_refuses_the_teams_own_files(
    two: Team, command: tuple[str, ...], target: str
) -> None:
    files = two.files()

    done = two.run(*command, "-o", str(two.root / target))

    assert done.exit_code == 2, done.output
    assert "refused" in done.stderr
    assert two.files() == files
