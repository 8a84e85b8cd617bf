"""When the operating system says no: a file where a folder belongs, a file nobody may read,
a full disk, a team folder git ignores. Each is exit 4 with the path and what to do, never a
bug (exit 70), and never a half-written note."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, Team, git, run

HANDOVER = PROJECT / ".venv" / "bin" / "handover"


@pytest.fixture
def minsu(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    noted = team.run("note", "김민수", "-s", "첫 방문")
    assert noted.exit_code == 0, noted.output
    return team


def clean(team: Team) -> str:
    return team.git("status", "--porcelain", "--untracked-files=all", "--ignored")


def test_a_notes_folder_replaced_by_a_file_is_named_not_a_bug(minsu: Team) -> None:
    notes = minsu.root / "customers" / "gim-minsu" / "notes"
    shutil.rmtree(notes)
    notes.write_text("누군가 만든 파일\n", encoding="utf-8")
    files = minsu.files()

    for command in (("note", "김민수", "-s", "두 번째 방문"), ("brief", "김민수")):
        refused = minsu.run(*command)
        assert refused.exit_code == 4, refused.output
        assert refused.stderr.startswith(
            "error: cannot read customers/gim-minsu/notes: Not a directory\n"
        )
        assert "move it away" in refused.stderr
    assert minsu.files() == files


def test_a_year_folder_replaced_by_a_file_stops_the_note_before_it_writes(minsu: Team) -> None:
    [year] = (minsu.root / "customers" / "gim-minsu" / "notes").iterdir()
    shutil.rmtree(year)
    year.write_text("누군가 만든 파일\n", encoding="utf-8")
    files = minsu.files()

    refused = minsu.run("note", "김민수", "-s", "두 번째 방문")

    assert refused.exit_code == 4, refused.output
    assert refused.stderr.splitlines()[0] == (
        f"error: customers/gim-minsu/notes/{year.name} is a file where handover keeps a folder"
    )
    assert f"move customers/gim-minsu/notes/{year.name} away" in refused.stderr
    assert minsu.files() == files


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root's override")
def test_check_names_a_profile_nobody_may_read_and_checks_the_rest(minsu: Team) -> None:
    assert minsu.run("add", "박지훈", "--kind", "doctor").exit_code == 0
    locked = minsu.root / "customers" / "gim-minsu" / "profile.yaml"
    locked.chmod(0)
    # as root, permission bits only bind once the override capabilities are dropped
    command = [str(HANDOVER), "check", "--dir", str(minsu.root)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    checked = subprocess.run(command, capture_output=True, text=True, check=False)
    locked.chmod(0o644)

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert (
        "customers/gim-minsu/profile.yaml: error: cannot read customers/gim-minsu/profile.yaml: "
        "Permission denied" in checked.stdout
    )
    assert "bug" not in checked.stdout + checked.stderr


def test_a_full_disk_leaves_no_note_and_no_stray_file(minsu: Team) -> None:
    files, log = minsu.files(), minsu.commits()

    def tiny_file_limit() -> None:  # like `ulimit -f 1`: no file may grow past 1 KB
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    noted = subprocess.run(
        [str(HANDOVER), "note", "김민수", "-s", "긴 기록 " * 400, "--dir", str(minsu.root)],
        capture_output=True,
        text=True,
        preexec_fn=tiny_file_limit,
        env={**os.environ, "HANDOVER_REP": "sylee"},
        check=False,
    )

    assert noted.returncode == 4, noted.stdout + noted.stderr
    assert noted.stderr.startswith("error: nothing recorded, every file put back: cannot write ")
    assert "File too large" in noted.stderr
    assert "free some disk space" in noted.stderr
    assert minsu.files() == files
    assert minsu.commits() == log
    assert clean(minsu) == ""
    assert not list((minsu.root / ".git" / "handover" / "changes").glob("*"))


def test_a_team_folder_its_parent_repository_ignores_is_explained(tmp_path: Path) -> None:
    parent = tmp_path / "work"
    parent.mkdir()
    git(parent, "init", "--quiet")
    (parent / ".gitignore").write_text("team/\n", encoding="utf-8")

    made = run("init", str(parent / "team"), "--team", "영업2팀")

    assert made.exit_code == 4, made.output
    first = made.stderr.splitlines()[0]
    assert first.startswith(f"error: nothing recorded, every file put back: git ignores {parent}")
    assert "git check-ignore -v" in made.stderr
    assert not (parent / "team" / "handover.yaml").exists()
