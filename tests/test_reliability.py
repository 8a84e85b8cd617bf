"""Nothing lost or half-done: parallel commands, kill -9, Ctrl-C and refusing git hooks.

Every test here runs the installed `handover` as real processes, sends real signals and reads
the real git history: what was recorded is either committed, or journalled so that `handover
sync` commits it, or not there at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PROJECT, Team, as_a_terminal_starts_it

HANDOVER = PROJECT / ".venv" / "bin" / "handover"

pytestmark = pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")


def start(team: Team, *args: str, **extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HANDOVER_REP": "sylee", **extra}
    return subprocess.Popen(
        [str(HANDOVER), *args, "--dir", str(team.root)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=as_a_terminal_starts_it,  # Ctrl-C works even when this run's was ignored
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out + err


def paused(team: Team, marker: Path, *args: str, at: str) -> subprocess.Popen[str]:
    """A command stopped at a chosen point of its change, waiting to be killed."""
    process = start(team, *args, HANDOVER_TEST_PAUSE_AT=at, HANDOVER_TEST_PAUSED=str(marker))
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, finish(process)
        assert time.monotonic() < deadline, "the command never reached the pause"
        time.sleep(0.02)
    return process


def kill_9(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def untracked_or_changed(team: Team) -> str:
    return team.git("status", "--porcelain", "--untracked-files=all")


@pytest.fixture
def minsu(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    return team


def test_twenty_reps_noting_at_once_in_one_clone_all_land(minsu: Team) -> None:
    before = len(minsu.commits())
    processes = [start(minsu, "note", "김민수", "-s", f"동시 방문 {n}") for n in range(20)]
    results = [finish(process) for process in processes]

    assert [code for code, _ in results] == [0] * 20, results
    assert len(minsu.commits()) == before + 20
    assert minsu.commits()[:20] == ["note: 김민수 — visit"] * 20
    summaries = {
        path.read_text("utf-8").split("summary: ", 1)[1].strip()
        for path in (minsu.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
    }
    assert summaries == {f"동시 방문 {n}" for n in range(20)}
    assert untracked_or_changed(minsu) == ""


def test_two_remembers_at_once_both_keep_their_fact(minsu: Team) -> None:
    first = start(minsu, "remember", "김민수", "수요일 오후 방문 금지")
    second = start(minsu, "remember", "김민수", "샘플은 냉장 보관")

    assert finish(first)[0] == 0 and finish(second)[0] == 0
    shown = minsu.run("brief", "김민수")
    assert "수요일 오후 방문 금지" in shown.stdout, shown.output
    assert "샘플은 냉장 보관" in shown.stdout, shown.output
    assert untracked_or_changed(minsu) == ""


def test_a_transfer_killed_half_way_leaves_nothing_once_the_next_command_runs(
    minsu: Team, tmp_path: Path
) -> None:
    for name in ("윤재호", "최영희", "박서준"):
        assert minsu.run("add", name, "--kind", "doctor", "--owner", "jpark").exit_code == 0
    files, log = minsu.files(), minsu.commits()

    process = paused(
        minsu, tmp_path / "paused", "transfer", "--from", "jpark", "--to", "sylee", at="write:4"
    )
    kill_9(process)
    assert untracked_or_changed(minsu) != ""  # three files written, the fourth announced

    noted = start(minsu, "note", "김민수", "-s", "다음 날 방문")
    code, output = finish(noted)
    assert code == 0, output
    assert minsu.commits() == ["note: 김민수 — visit", *log]
    assert {k: v for k, v in minsu.files().items() if "/notes/" not in k} == {
        k: v for k, v in files.items() if "/notes/" not in k
    }
    assert untracked_or_changed(minsu) == ""

    again = finish(start(minsu, "transfer", "--from", "jpark", "--to", "sylee"))
    assert again[0] == 0, again[1]
    assert minsu.commits()[0] == "transfer: 3 customers jpark → sylee"
    assert minsu.git("show", "--stat", "--format=", "HEAD").count("profile.yaml") == 3


def test_a_note_killed_before_its_commit_is_committed_by_sync(minsu: Team, tmp_path: Path) -> None:
    log = minsu.commits()
    process = paused(
        minsu,
        tmp_path / "paused",
        "note",
        "김민수",
        "-s",
        "전화 통화",
        "--remember",
        "오전 진료 후 통화",
        at="written",
    )
    kill_9(process)
    assert minsu.commits() == log

    synced = minsu.run("sync")

    assert synced.exit_code == 0, synced.output
    assert "note: 김민수 — visit" in synced.stdout
    assert minsu.commits() == ["note: 김민수 — visit", *log]
    assert untracked_or_changed(minsu) == ""
    assert "오전 진료 후 통화" in minsu.run("brief", "김민수").stdout


def test_schema_write_killed_half_way_is_undone_without_stray_files(
    minsu: Team, tmp_path: Path
) -> None:
    (minsu.root / "schemas" / "profile.schema.json").unlink()
    for name in ("handover.yaml", "customers/gim-minsu/profile.yaml"):
        path = minsu.root / name
        path.write_text(path.read_text("utf-8").split("\n", 1)[1], encoding="utf-8")
    minsu.git("commit", "-qam", "schemas gone")
    files = minsu.files()
    process = paused(minsu, tmp_path / "paused", "schema", "--write", at="write:3")
    kill_9(process)

    synced = minsu.run("sync")

    assert synced.exit_code == 0, synced.output
    assert minsu.files() == files
    assert untracked_or_changed(minsu) == ""
    written = minsu.run("schema", "--write")
    assert written.exit_code == 0, written.output
    assert untracked_or_changed(minsu) == ""


def test_ctrl_c_during_a_slow_commit_puts_every_file_and_the_index_back(minsu: Team) -> None:
    hook = minsu.root / ".git" / "hooks" / "pre-commit"
    started = minsu.root / ".git" / "hook-started"
    hook.write_text(f"#!/bin/sh\ntouch '{started}'\nsleep 30\n", encoding="utf-8")
    hook.chmod(0o755)
    files, log = minsu.files(), minsu.commits()
    process = start(minsu, "note", "김민수", "-s", "끊긴 기록", "--remember", "끊긴 사실")
    while not started.exists():
        assert process.poll() is None, finish(process)
        time.sleep(0.02)

    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    code, output = finish(process)

    assert code == 130, output
    assert output == "interrupted: nothing recorded, every file put back\n"
    assert minsu.files() == files
    assert minsu.commits() == log
    assert untracked_or_changed(minsu) == ""


def test_a_refusing_pre_commit_hook_leaves_nothing_written_or_staged(minsu: Team) -> None:
    hook = minsu.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by policy' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    files, log = minsu.files(), minsu.commits()

    code, output = finish(start(minsu, "note", "김민수", "-s", "거절될 기록", "--remember", "사실"))

    assert code == 4, output
    assert output.startswith(
        "error: nothing recorded, every file put back: git's pre-commit hook refused the commit"
    )
    assert "refused by policy" in output
    assert minsu.files() == files
    assert minsu.commits() == log
    assert untracked_or_changed(minsu) == ""


def test_a_refusing_hook_is_shown_whole_and_literally(minsu: Team) -> None:
    hook = minsu.root / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\necho '고객 폴더는 감사 중입니다'\necho '감사 종료: 12월 15일' >&2\n"
        "printf 'ask \\033[2J your lead\\n'\nexit 1\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)

    code, output = finish(start(minsu, "note", "김민수", "-s", "감사 중 기록"))

    assert code == 4, output
    assert output.splitlines()[:5] == [
        "error: nothing recorded, every file put back: git's pre-commit hook refused the commit: "
        "고객 폴더는 감사 중입니다",
        "  the hook said:",
        "    고객 폴더는 감사 중입니다",
        "    감사 종료: 12월 15일",
        "    ask \\x1b[2J your lead",
    ]
    assert "\x1b" not in output
    hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    code, output = finish(start(minsu, "note", "김민수", "-s", "감사 중 기록"))
    assert code == 4, output
    assert output.splitlines()[0].endswith("refused the commit: it printed nothing")


@pytest.mark.parametrize(
    ("stop", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_in_the_middle_of_a_change_says_what_was_put_back(
    minsu: Team, tmp_path: Path, stop: signal.Signals, exit_code: int
) -> None:
    files, log = minsu.files(), minsu.commits()
    process = paused(
        minsu,
        tmp_path / "paused",
        "note",
        "김민수",
        "-s",
        "중단",
        "--remember",
        "사실",
        at="write:2",
    )

    process.send_signal(stop)
    code, output = finish(process)

    assert code == exit_code, output
    assert output == "interrupted: nothing recorded, every file put back\n"
    assert minsu.files() == files
    assert minsu.commits() == log
    assert untracked_or_changed(minsu) == ""
    assert not list((minsu.root / ".git" / "handover" / "changes").glob("*"))


def test_a_bug_in_the_middle_of_a_change_says_it_was_rolled_back(minsu: Team) -> None:
    files, log = minsu.files(), minsu.commits()

    crashed = start(
        minsu,
        "note",
        "김민수",
        "-s",
        "버그",
        "--remember",
        "사실",
        HANDOVER_TEST_CRASH_AT="write:2",
    )
    code, output = finish(crashed)

    assert code == 70, output
    assert output.splitlines() == [
        "error: handover hit a bug (RuntimeError: HANDOVER_TEST_CRASH_AT=write:2); run again "
        "with --debug to see where",
        "  nothing recorded, every file put back",
    ]
    assert minsu.files() == files
    assert minsu.commits() == log
    assert untracked_or_changed(minsu) == ""


def test_a_note_during_a_transfers_commit_waits_and_takes_none_of_its_files(minsu: Team) -> None:
    for name in ("윤재호", "최영희"):
        assert minsu.run("add", name, "--kind", "doctor", "--owner", "jpark").exit_code == 0
    hook = minsu.root / ".git" / "hooks" / "pre-commit"
    started = minsu.root / ".git" / "transfer-committing"
    hook.write_text(  # slow only for the transfer's commit, while the note is started
        "#!/bin/sh\ngit diff --cached --name-only | grep -q profile.yaml || exit 0\n"
        f"touch '{started}'\nsleep 3\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    transfer = start(minsu, "transfer", "--from", "jpark", "--to", "sylee")
    while not started.exists():
        assert transfer.poll() is None, finish(transfer)
        time.sleep(0.02)

    note = start(minsu, "note", "김민수", "-s", "이전 중 방문")

    assert finish(transfer)[0] == 0
    assert finish(note)[0] == 0
    assert minsu.commits()[:2] == ["note: 김민수 — visit", "transfer: 2 customers jpark → sylee"]
    noted = minsu.git("show", "--name-only", "--format=", "HEAD").split()
    assert len(noted) == 1 and "/notes/" in noted[0]
    moved = minsu.git("show", "--name-only", "--format=", "HEAD~1").split()
    assert {"customers/choe-yeonghui/profile.yaml", "customers/yun-jaeho/profile.yaml"} <= set(
        moved
    )
    assert not [path for path in moved if path.startswith("customers/gim-minsu/")]
    assert untracked_or_changed(minsu) == ""


def test_a_program_calling_handover_in_process_gets_its_signals_back(
    minsu: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change takes over Ctrl-C, SIGTERM and SIGHUP and blocks them around HEAD's move; a
    program that runs commands in-process (a GUI, a test suite) must find its own again, or
    every process it starts later inherits an ignored or blocked Ctrl-C."""

    def own_handler(number: int, frame: object) -> None:
        raise AssertionError("not expected to run")

    def signals_as_they_were(after: str) -> None:
        assert signal.getsignal(signal.SIGINT) is own_handler, after
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN, after
        assert signal.getsignal(signal.SIGTERM) is terminate, after
        assert signal.pthread_sigmask(signal.SIG_BLOCK, ()) == blocked, after

    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGHUP)}
    terminate = signal.getsignal(signal.SIGTERM)  # left as this run has it
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    signal.signal(signal.SIGINT, own_handler)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under `nohup`
    try:
        committed = minsu.run("note", "김민수", "-s", "기록됨")
        assert committed.exit_code == 0, committed.output
        signals_as_they_were("a committed change")

        monkeypatch.setenv("HANDOVER_TEST_CRASH_AT", "write:1")
        crashed = minsu.run("note", "김민수", "-s", "버그")
        assert crashed.exit_code != 0, crashed.output
        signals_as_they_were("a change rolled back after a bug")

        monkeypatch.delenv("HANDOVER_TEST_CRASH_AT")
        hook = minsu.root / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)
        refused = minsu.run("note", "김민수", "-s", "거절됨")
        assert refused.exit_code == 4, refused.output
        signals_as_they_were("a change a hook refused")
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
