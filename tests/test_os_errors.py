"""When the operating system says no: a file where a folder belongs, a file nobody may read,
a full disk, a team folder git ignores. Each is exit 4 with the path and what to do, never a
bug (exit 70), and never a half-written note."""

from __future__ import annotations

import os
import re
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
        "customers/gim-minsu/profile.yaml: error: cannot be read: Permission denied"
        in checked.stdout
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


def _index_bigger_than(team: Team, size: int) -> None:
    filler = team.root / "docs"
    filler.mkdir()
    for number in range(200):
        (filler / f"page-{number:03}.md").write_text(f"{number}\n", encoding="utf-8")
    team.git("add", "docs")
    team.git("commit", "-qm", "team docs")
    assert (team.root / ".git" / "index").stat().st_size > size


def test_a_git_killed_by_the_file_size_limit_leaves_no_index_lock_behind(minsu: Team) -> None:
    _index_bigger_than(minsu, 8192)
    files, log = minsu.files(), minsu.commits()

    def small_file_limit() -> None:  # `ulimit -f 8`: the note fits, git's new index does not
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    def note(summary: str, limit: bool) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(HANDOVER), "note", "김민수", "-s", summary, "--dir", str(minsu.root)],
            capture_output=True,
            text=True,
            preexec_fn=small_file_limit if limit else None,
            env={**os.environ, "HANDOVER_REP": "sylee"},
            check=False,
        )

    stopped = note("용량 한도", limit=True)

    assert stopped.returncode == 4, stopped.stdout + stopped.stderr
    lock = minsu.root / ".git" / "index.lock"
    assert re.fullmatch(  # `git add`, or `git update-index` where handover commits by plumbing
        "error: nothing recorded, every file put back: git (add|update-index) was stopped by "
        f"SIGXFSZ \\(File size limit exceeded\\); it left {re.escape(str(lock))} behind, which "
        "handover removed",
        stopped.stderr.splitlines()[0],
    ), stopped.stderr
    assert "raise the limit" in stopped.stderr
    assert not lock.exists()
    assert minsu.files() == files
    assert minsu.commits() == log
    again = note("한도 해제 후", limit=False)
    assert again.returncode == 0, again.stdout + again.stderr
    assert minsu.commits()[0] == "note: 김민수 — visit"


def test_an_index_lock_someone_else_left_is_named_with_the_command_that_removes_it(
    minsu: Team,
) -> None:
    lock = minsu.root / ".git" / "index.lock"
    lock.write_bytes(b"")  # what a git killed with -9 leaves behind
    files, log = minsu.files(), minsu.commits()

    refused = minsu.run("note", "김민수", "-s", "잠긴 저장소")

    assert refused.exit_code == 4, refused.output
    first, hint = refused.stderr.splitlines()[:2]
    assert re.match(
        "error: nothing recorded, every file put back: git (add|update-index) cannot start: "
        f"{re.escape(str(lock))} exists \\(",
        first,
    ), first
    assert first.endswith(
        f"old): another git command is running in {minsu.root}, "
        "or one was stopped and left it behind"
    )
    assert hint == (
        "  hint: if no git command is running (an editor, a GUI, `ps -C git`), remove it: "
        f"rm '{lock}', then run the same command again"
    )
    assert lock.exists()  # not handover's to remove: a person's git may hold it
    assert minsu.files() == files
    assert minsu.commits() == log
    lock.unlink()
    assert minsu.run("note", "김민수", "-s", "잠긴 저장소").exit_code == 0


def _as_a_user(command: list[str]) -> list[str]:
    """As root, permission bits bind only once the override capabilities are dropped."""
    if os.geteuid() == 0:
        return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return command


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root's override")
def test_a_folder_nobody_may_write_is_named_by_the_note_not_its_temporary_file(
    minsu: Team,
) -> None:
    [year] = (minsu.root / "customers" / "gim-minsu" / "notes").iterdir()
    files, log = minsu.files(), minsu.commits()
    year.chmod(0o555)
    try:
        noted = subprocess.run(
            _as_a_user([str(HANDOVER), "note", "김민수", "-s", "권한", "--dir", str(minsu.root)]),
            capture_output=True,
            text=True,
            env={**os.environ, "HANDOVER_REP": "sylee"},
            check=False,
        )
    finally:
        year.chmod(0o755)

    assert noted.returncode == 4, noted.stdout + noted.stderr
    first, hint = noted.stderr.splitlines()[:2]
    prefix = (
        "error: nothing recorded, every file put back: "
        f"cannot write customers/gim-minsu/notes/{year.name}/"
    )
    assert first.startswith(prefix), noted.stderr
    assert first.endswith(".yaml: Permission denied"), first
    assert ".tmp" not in noted.stderr
    assert hint.startswith("  hint: give yourself write access to customers/gim-minsu/notes/")
    assert minsu.files() == files
    assert minsu.commits() == log


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root's override")
def test_a_profile_nobody_may_read_is_named_by_name_and_the_rest_of_the_team_goes_on(
    minsu: Team,
) -> None:
    assert minsu.run("add", "박지훈", "--kind", "doctor").exit_code == 0
    files, log = minsu.files(), minsu.commits()
    locked = minsu.root / "customers" / "gim-minsu" / "profile.yaml"

    def handover(*args: str) -> subprocess.CompletedProcess[str]:
        command = _as_a_user([str(HANDOVER), *args, "--dir", str(minsu.root)])
        env = {**os.environ, "HANDOVER_REP": "sylee"}
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    locked.chmod(0)
    try:
        refused = [
            handover("brief", "김민수"),
            handover("brief", "민수"),
            handover("note", "김민수", "-s", "권한 없는 프로필"),
            handover("remember", "김민수", "수요일 오후 방문 금지"),
        ]
        listed = handover("list")
        other = handover("brief", "박지훈")
    finally:
        locked.chmod(0o644)

    for done in refused:
        assert done.returncode == 4, done.stdout + done.stderr
        assert done.stderr.splitlines() == [
            "customers/gim-minsu/profile.yaml: error: cannot be read: Permission denied",
            "  hint: give yourself access to customers/gim-minsu/profile.yaml (ls -l shows who "
            "owns it), then run it again",
        ]
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "박지훈" in listed.stdout and "김민수" not in listed.stdout
    assert listed.stderr.startswith(
        "customers/gim-minsu/profile.yaml: error: cannot be read: Permission denied"
    )
    assert other.returncode == 0, other.stdout + other.stderr
    assert other.stdout.startswith("박지훈 (bak-jihun) · doctor")
    assert minsu.files() == files
    assert minsu.commits() == log
