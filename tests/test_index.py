"""The team index: a cache outside git that the team views read, and that never lies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    PROJECT,
    Team,
    as_a_terminal_starts_it,
    ended,
    git,
    run,
    started_with_workers,
    still_running,
)
from handover.core.agenda import agenda, rep_agenda
from handover.core.listing import CustomerRow, list_customers
from handover.core.open_items import open_items, team_open_items
from handover.core.summary import scan_summaries, team_summaries
from handover.core.workspace import Workspace
from handover.domain.summary import CustomerSummary
from handover.format.store import TeamFolder
from handover.index.db import TeamIndex, index_path


def age(root: Path, seconds: int = 3600) -> None:
    """Date every file and folder of the team back, so the index trusts its stamps (a stamp
    taken within two seconds of a change is re-checked anyway, which would hide a bug)."""
    past = time.time() - seconds
    for directory, folders, files in os.walk(root / "customers"):
        for name in [*folders, *files]:
            os.utime(Path(directory) / name, (past, past))
    os.utime(root / "customers", (past, past))


def views(team: Team) -> dict[str, object]:
    """What the team views answer, as JSON."""
    answers: dict[str, object] = {}
    for command in (["list"], ["open"], ["agenda", "--days", "30"], ["health"]):
        done = team.run(*command, "--json")
        assert done.exit_code == 0, done.output
        answers[command[0]] = json.loads(done.stdout)
    return answers


def small_team(team: Team) -> Team:
    for name, kind in (
        ("김민수", "doctor"),
        ("Emily Carter", "purchasing"),
        ("최영희", "pharmacist"),
    ):
        added = team.run("add", name, "--kind", kind, "--owner", "sylee")
        assert added.exit_code == 0, added.output
    for args in (
        [
            "김민수",
            "-s",
            "병원에서 처방 조건 논의",
            "-r",
            "3",
            "--next",
            "+7d",
            "--at",
            "2026-01-05 10:00",
        ],
        ["김민수", "-s", "자료 요청", "--promise", "신장 용량 자료 전달 by 2030-01-20"],
        ["carter", "-s", "Asked for renal dosing data", "-c", "phone", "-q", "Renal dosing?"],
        ["최영희", "-s", "재고 부족으로 불만", "--complaint", "샘플 누락", "-r", "0"],
    ):
        done = team.run("note", *args)
        assert done.exit_code == 0, done.output
    return team


def customer_rows(summaries: list[CustomerSummary]) -> list[CustomerRow]:
    """What `list` shows, from whole summaries (the path `list` no longer takes)."""
    return [
        CustomerRow(
            id=s.id,
            name=s.name,
            kind=s.kind,
            organisation=s.organisation,
            owner=s.owner,
            last_contact=s.contact.last.at.date() if s.contact.last else None,
            days_since=s.contact.days_since_last,
            next_contact=s.contact.next_contact,
            open_items=len(s.open_items),
            health=s.health.percent,
        )
        for s in summaries
    ]


def test_the_team_views_from_the_index_equal_a_scan_of_the_files(team: Team) -> None:
    small_team(team)
    ws = Workspace.open(team.root)
    assert team_summaries(ws) == scan_summaries(ws)
    assert team_summaries(ws, rep="sylee", kind="doctor") == scan_summaries(
        ws, rep="sylee", kind="doctor"
    )
    for rep in ("sylee", "jpark", None):
        assert team_open_items(ws, rep=rep) == open_items(scan_summaries(ws), rep=rep)
        assert team_open_items(ws, rep=rep) == open_items(scan_summaries(ws), rep=rep)
        assert list_customers(ws, rep=rep, kind=None) == customer_rows(scan_summaries(ws, rep=rep))
    assert rep_agenda(ws, rep="sylee", days=30) == agenda(
        scan_summaries(ws, rep="sylee"), ws.today(), days=30, settings=ws.folder.config().health
    )


def test_the_demo_team_reads_the_same_from_the_index_and_from_the_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = Workspace.open(PROJECT / "profiles")
    from_index = team_summaries(ws)
    assert len(from_index) == 40
    assert from_index == scan_summaries(ws)
    # `list` and `open` compute ages and health from stored facts: the same on any day (the
    # days health changes on: complaints aging, promises falling due, silence setting in)
    for day in ("2025-06-01", "2026-11-20", "2026-12-02", "2027-01-10", "2028-03-01"):
        monkeypatch.setenv("HANDOVER_NOW", f"{day}T09:00+09:00")
        scanned = scan_summaries(ws)
        assert list_customers(ws, rep=None, kind=None) == customer_rows(scanned), day
        assert team_open_items(ws) == open_items(scanned), day


def test_the_index_lives_in_the_user_cache_not_in_the_folder(team: Team) -> None:
    small_team(team)
    assert team.run("list").exit_code == 0
    path = index_path(team.root)
    assert path.is_file()
    assert path.parent == Path(os.environ["XDG_CACHE_HOME"]) / "handover"
    assert not any(".sqlite" in name for name in team.files())
    assert team.git("status", "--porcelain") == ""


def test_commands_on_one_customer_never_build_the_index(team: Team) -> None:
    small_team(team)
    for command in (["brief", "민수"], ["note", "민수", "-s", "전화 확인", "-c", "phone"]):
        assert team.run(*command).exit_code == 0
    assert not index_path(team.root).exists()


def test_deleting_the_index_changes_no_answer(team: Team) -> None:
    small_team(team)
    before = views(team)
    searched = team.run("search", "처방", "--json").stdout
    index_path(team.root).unlink()
    assert views(team) == before
    assert team.run("search", "처방", "--json").stdout == searched


def test_a_hand_edit_of_a_profile_shows_in_the_next_list(team: Team) -> None:
    small_team(team)
    age(team.root)
    assert "purchasing" in team.run("list", "--json").stdout
    profile = team.root / "customers" / "emily-carter" / "profile.yaml"
    text = profile.read_text(encoding="utf-8").replace("kind: purchasing", "kind: doctor")
    with profile.open("r+", encoding="utf-8") as handle:  # in place, as many editors write
        handle.write(text)
        handle.truncate()
    rows = {row["id"]: row for row in json.loads(team.run("list", "--json").stdout)}
    assert rows["emily-carter"]["kind"] == "doctor"


def edit_in_place(profile: Path, old: str, new: str) -> None:
    """A person's edit that keeps the file's size and modification time (`touch -r`, an
    editor or sync tool keeping times): only its change time tells."""
    before = profile.stat()
    text = profile.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    with profile.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
    os.utime(profile, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert profile.stat().st_size == before.st_size


def test_an_edit_keeping_size_and_time_of_the_first_and_last_profile_shows(team: Team) -> None:
    small_team(team)
    age(team.root)
    index = TeamIndex(TeamFolder(team.root), index_path(team.root))
    index.refresh()
    assert index.refresh().read == 0  # all three stamps trusted and kept packed
    customers = team.root / "customers"
    edit_in_place(customers / "choe-yeonghui" / "profile.yaml", "pharmacist", "purchasing")
    edit_in_place(customers / "gim-minsu" / "profile.yaml", "kind: doctor", "kind: other ")
    rows = {row["id"]: row["kind"] for row in json.loads(team.run("list", "--json").stdout)}
    assert rows == {
        "choe-yeonghui": "purchasing",
        "emily-carter": "purchasing",
        "gim-minsu": "other",
    }
    assert index.refresh().read == 0


def test_an_index_without_packed_stamps_still_sees_a_hand_edit(team: Team) -> None:
    small_team(team)
    age(team.root)
    assert team.run("list").exit_code == 0
    index = TeamIndex(TeamFolder(team.root), index_path(team.root))
    index.db.execute("DELETE FROM meta WHERE key LIKE 'profile_%'")  # as an older handover left it
    edit_in_place(
        team.root / "customers" / "emily-carter" / "profile.yaml", "purchasing", "pharmacist"
    )
    rows = {row["id"]: row["kind"] for row in json.loads(team.run("list", "--json").stdout)}
    assert rows["emily-carter"] == "pharmacist"
    assert index.refresh().read == 0
    index.close()


def test_one_new_note_rereads_one_customer_not_the_team(team: Team) -> None:
    small_team(team)
    age(team.root)
    index = TeamIndex(TeamFolder(team.root), index_path(team.root))
    index.refresh()
    assert index.refresh().read == 0
    assert team.run("note", "최영희", "-s", "재고 확인 전화", "-c", "phone").exit_code == 0
    assert index.refresh().read == 1


def test_a_note_pulled_from_another_clone_shows_in_the_views(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "--quiet", "-b", "main", str(remote))
    first = Team(tmp_path / "first")
    assert run("init", str(first.root), "--team", "영업2팀").exit_code == 0
    added = first.run("rep", "add", "sylee", "--name", "이서연", "--email", "sylee@example.com")
    assert added.exit_code == 0, added.output
    assert first.run("add", "김민수", "--kind", "doctor").exit_code == 0
    first.git("remote", "add", "origin", str(remote))
    first.git("push", "--quiet", "origin", "main")
    git(tmp_path, "clone", "--quiet", str(remote), "second")
    second = Team(tmp_path / "second")
    age(second.root)
    before = json.loads(second.run("list", "--json").stdout)
    assert before[0]["last_contact"] is None
    noted = first.run("note", "김민수", "-s", "처방 논의", "--at", "2026-01-05 10:00")
    assert noted.exit_code == 0, noted.output
    first.git("push", "--quiet", "origin", "main")
    second.git("pull", "--quiet", "--ff-only")
    after = json.loads(second.run("list", "--json").stdout)
    assert after[0]["last_contact"] == "2026-01-05"
    assert "김민수" in second.run("search", "처방").stdout


def test_reindex_rebuilds_the_index_and_says_where_it_is(team: Team) -> None:
    small_team(team)
    done = team.run("reindex")
    assert done.exit_code == 0, done.output
    assert "Indexed 3 customers" in done.stdout
    assert str(index_path(team.root)) in done.stdout.replace("\n", "")
    as_json = json.loads(team.run("reindex", "--json").stdout)
    assert as_json["customers"] == 3
    assert as_json["documents"] >= 3 + 5


def test_reindex_on_a_terminal_shows_what_it_is_doing_not_a_style_name(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_team(team)
    monkeypatch.setenv("FORCE_COLOR", "1")  # stderr is a terminal, as a user's is
    done = team.run("reindex")
    assert done.exit_code == 0, done.output
    assert "reading customers" in done.stderr
    assert "[progress.description]" not in done.stderr


def test_an_invalid_profile_stays_in_the_views_with_a_warning_each_time(team: Team) -> None:
    small_team(team)
    assert team.run("list").exit_code == 0
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "mobile: 01012345678\n")
    for _ in range(2):  # read once, then the index keeps naming it until the file changes
        listed = team.run("list")
        assert listed.exit_code == 0, listed.output
        assert "gim-minsu" in listed.stdout and "최영희" in listed.stdout  # what can be read
        assert "customers/gim-minsu/profile.yaml:" in listed.stderr
    failed = team.run("list", "--strict")
    assert failed.exit_code == 3, failed.output
    profile.write_text(profile.read_text(encoding="utf-8").replace("mobile: 01012345678\n", ""))
    fixed = team.run("list", "--strict")
    assert fixed.exit_code == 0, fixed.output
    assert "gim-minsu" in fixed.stdout and fixed.stderr == ""


def test_a_removed_customer_leaves_the_index(team: Team) -> None:
    small_team(team)
    assert "최영희" in team.run("list").stdout
    shutil.rmtree(team.root / "customers" / "choe-yeonghui")
    listed = team.run("list")
    assert "최영희" not in listed.stdout
    assert team.run("search", "재고").stdout.count("최영희") == 0


def test_a_damaged_index_is_replaced_without_a_word(team: Team) -> None:
    small_team(team)
    before = views(team)
    index_path(team.root).write_bytes(b"this is not a database" * 100)
    assert views(team) == before


def test_a_killed_reindex_leaves_the_old_index_and_the_next_one_cleans_up(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    root = tmp_path / "big"
    made = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "make_team.py"),
            str(root),
            "--scale",
            "0.004",
        ],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    handover = str(Path(sys.executable).parent / "handover")
    first = subprocess.run([handover, "reindex", "--json", "--dir", str(root)], capture_output=True)
    assert first.returncode == 0, first.stderr
    index = index_path(root)
    before = (index.stat().st_ino, index.read_bytes())

    killed = subprocess.Popen([handover, "reindex", "--json", "--dir", str(root)])
    building = index.with_name(f"{index.name}.building-{killed.pid}")
    deadline = time.monotonic() + 60
    while not building.exists() and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert killed.returncode == -signal.SIGKILL, "reindex finished before it could be killed"

    assert building.exists()  # what the killed build wrote is not the index
    assert (index.stat().st_ino, index.read_bytes()) == before
    listed = subprocess.run([handover, "list", "--json", "--dir", str(root)], capture_output=True)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 100
    again = subprocess.run([handover, "reindex", "--json", "--dir", str(root)], capture_output=True)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["customers"] == 100
    assert not building.exists()
    assert index.stat().st_ino != before[0]  # a new file renamed into place


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_a_ctrl_c_while_workers_are_forked_waits_until_the_pool_can_be_ended() -> None:
    """A Ctrl-C in the moment a pool forks its workers is held, not lost and not taken by a
    worker: the parent gets it once the pool is inside its `with`, which ends the workers.
    (In a process of its own: a signal mask is per thread, and a test runner has other threads.)"""
    script = """
import contextlib, multiprocessing, os, signal, sys, time
from handover.index.workers import ctrl_c_waits_while_forking, ignore_ctrl_c
held, workers = False, []
try:
    with contextlib.ExitStack() as stack:
        with ctrl_c_waits_while_forking():
            pool = stack.enter_context(
                multiprocessing.get_context("fork").Pool(2, initializer=ignore_ctrl_c))
            workers = [worker.pid for worker in pool._pool]
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # delivered here, it would raise here
            held = True
        sys.exit("the held Ctrl-C did not reach the parent when the forking ended")
except KeyboardInterrupt:
    pass
left = []
for pid in workers:
    try:
        os.kill(pid, 0)
        left.append(pid)
    except ProcessLookupError:
        pass
print(held, signal.pthread_sigmask(signal.SIG_BLOCK, set()) == set(), left)
"""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env,
        preexec_fn=as_a_terminal_starts_it,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "[]"], done.stdout + done.stderr


def test_an_error_a_worker_raises_reaches_the_parent_even_when_it_cannot_be_rebuilt_there() -> None:
    """multiprocessing's pool waits forever when the error of a worker cannot be unpickled in
    the parent (its class takes other arguments than it keeps): that error comes back as a
    RuntimeError naming it, and handover's own errors come back whole, hint and place included.
    (In a process of its own, with a time limit: a regression would wait forever.)"""
    script = """
from pathlib import Path
from handover.errors import FileStateError, Location
from handover.index.workers import in_processes

class TakesMore(Exception):
    def __init__(self, path, *, line):
        super().__init__(f"{path}:{line}")

def fails(batch):
    if batch == 3:
        raise TakesMore("x.yaml", line=2)
    return batch

def refuses(batch):
    if batch == 3:
        raise FileStateError("too big", location=Location(Path("p.yaml"), 1, 1), hint="split it")
    return batch

try:
    list(in_processes(fails, range(6), jobs=2))
except RuntimeError as error:
    print(error)
try:
    list(in_processes(refuses, range(6), jobs=2))
except FileStateError as error:
    print(error, "/", error.hint)
"""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "TakesMore: x.yaml:2",
        "p.yaml:1:1: error: too big / split it",
    ], done.stdout + done.stderr


def test_ctrl_c_during_a_parallel_reindex_says_one_line_and_leaves_the_old_index(
    team_of_400: Path,
) -> None:
    import signal

    root = team_of_400  # 400 customers: read in two worker processes
    first = run_installed("reindex", "--json", "--dir", str(root))
    assert first.returncode == 0, first.stderr
    index = index_path(root)
    before = index.read_bytes()

    process, _ = started_with_workers("reindex", "--dir", str(root))  # the workers are reading
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    out, err = ended(process, within=60)

    assert process.returncode == 130, out + err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert len(err.splitlines()) <= 1, err
    assert index.read_bytes() == before
    listed = run_installed("list", "--json", "--dir", str(root))
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 400


def test_kill_during_a_parallel_reindex_leaves_the_old_index_and_no_unfinished_file(
    team_of_400: Path,
) -> None:
    """`kill PID` mid-build: handover ends by the signal as before, the old index answers, and
    the cache keeps no `.building-PID` file (trial t15 found one, 64 KB)."""
    import signal

    root = team_of_400
    first = run_installed("reindex", "--json", "--dir", str(root))
    assert first.returncode == 0, first.stdout + first.stderr
    index = index_path(root)
    before = index.read_bytes()

    process, workers = started_with_workers("reindex", "--dir", str(root))
    process.terminate()
    out, err = ended(process, within=30)

    assert process.returncode == -signal.SIGTERM, out + err
    assert "Traceback" not in err, err
    assert still_running(workers) == []
    assert index.read_bytes() == before
    assert [p.name for p in index.parent.iterdir() if ".building-" in p.name] == []


def test_a_worker_killed_during_a_reindex_is_an_error_and_the_old_index_answers(
    team_of_400: Path,
) -> None:
    """The out-of-memory killer (SIGKILL) takes a worker of the build: one line says so, instead
    of a build waiting forever for the customers that worker had; the old index is kept."""
    import signal

    root = team_of_400
    first = run_installed("reindex", "--json", "--dir", str(root))
    assert first.returncode == 0, first.stderr
    index = index_path(root)
    before = index.read_bytes()

    process, workers = started_with_workers("reindex", "--dir", str(root))
    os.kill(workers[0], signal.SIGKILL)
    out, err = ended(process, within=30)

    assert process.returncode == 4, out + err
    assert "error: a worker process was killed by SIGKILL before it had finished" in err, err
    assert "Traceback" not in err, err
    assert still_running(workers) == []
    assert index.read_bytes() == before
    assert [p.name for p in index.parent.iterdir() if "building" in p.name] == []
    listed = run_installed("list", "--json", "--dir", str(root))
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 400


def run_installed(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The installed `handover`, as a user runs it."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "handover"), *args], capture_output=True
    )


def test_a_hand_edited_note_changes_what_list_and_open_show(team: Team) -> None:
    small_team(team)
    age(team.root)
    before = views(team)  # builds the index
    (promise,) = [row for row in before["open"] if row["item"]["kind"] == "promise"]
    assert promise["item"]["due"] == "2030-01-20"
    notes = (team.root / "customers").rglob("*.yaml")
    (path,) = [note for note in notes if "2030-01-20" in note.read_text()]
    path.write_text(path.read_text().replace("2030-01-20", "2026-11-20"))  # a person's edit
    git(team.root, "commit", "-qam", "promise due earlier")  # seen from the next commit on

    after = views(team)
    (promise,) = [row for row in after["open"] if row["item"]["kind"] == "promise"]
    assert (promise["item"]["due"], promise["item"]["overdue_days"]) == ("2026-11-20", 12)
    assert promise["health"] == 0  # a promise overdue beyond its grace zeroes the customer
    (minsu,) = [row for row in after["list"] if row["name"] == "김민수"]
    assert minsu["health"] == 0


def test_a_reindex_while_another_handover_has_the_index_open_loses_nothing(team: Team) -> None:
    """Another handover (a long `export`, a shell's completion) still holds the old index when
    `reindex` replaces it; when that process closes its index, what was written into the new
    index meanwhile is still there for the next command."""
    import subprocess
    import sys

    small_team(team)
    folder = TeamFolder(team.root)
    TeamIndex(folder, index_path(team.root)).rebuild()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "db = sqlite3.connect(sys.argv[1])\n"
            "db.execute('SELECT count(*) FROM customers').fetchone()\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n"
            "db.close()\n",
            str(index_path(team.root)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "open\n"
    writer = TeamIndex(folder, index_path(team.root))
    writer.rebuild()
    writer.db.execute("INSERT INTO meta VALUES ('written-after-reindex', 'yes')")
    holder.communicate("close\n", timeout=60)
    assert holder.returncode == 0

    reader = TeamIndex(folder, index_path(team.root))
    said = reader.db.execute("SELECT value FROM meta WHERE key = 'written-after-reindex'")
    assert said.fetchall() == [("yes",)]
    assert reader.stats()["customers"] == 3
    writer.close()
    reader.close()


def test_an_index_read_in_two_processes_equals_one_read_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handover.index import build, notes_key

    monkeypatch.setattr(notes_key, "RACY_NS", 0)  # copied moments ago: trust the notes' keys
    shutil.copytree(PROJECT / "profiles", tmp_path / "team")  # outside git: no git stamps
    customers = tmp_path / "team" / "customers"
    (customers / "an-jaehyeon" / "profile.yaml").write_text("name: [안재현\n", encoding="utf-8")
    (customers / "han-sora" / "notes" / "2026").mkdir(parents=True, exist_ok=True)
    (customers / "han-sora" / "notes" / "2026" / "by-hand.yaml").write_text("at: [\n")
    folder = TeamFolder(tmp_path / "team")
    alone, shared = tmp_path / "alone.sqlite3", tmp_path / "shared.sqlite3"
    TeamIndex(folder, alone).rebuild(jobs=1)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)  # the 40 demo customers, in 14 batches
    monkeypatch.setattr(build, "BATCH", 3)
    done = TeamIndex(folder, shared).rebuild(jobs=2)

    assert done.customers == 40
    serial, parallel = index_rows(alone), index_rows(shared)
    assert len(serial["customers"]) == 40
    assert len(serial["unreadable"]) == 2  # a broken profile and a broken note come back too
    assert parallel == serial


def index_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of an index file, in the order SQLite keeps them."""
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        ).fetchall()
        return {name: db.execute(f"SELECT * FROM {name}").fetchall() for (name,) in tables}


def test_the_team_settings_kept_in_the_index_follow_every_edit_of_handover_yaml(
    team: Team,
) -> None:
    small_team(team)
    config = team.root / "handover.yaml"
    age(team.root)
    os.utime(config, (time.time() - 3600,) * 2)
    for _ in range(2):  # builds the index, then keeps the settings in it
        assert team.run("list", "--rep", "sylee").exit_code == 0
    index = TeamIndex(TeamFolder(team.root), index_path(team.root))
    kept = index.db.execute("SELECT value FROM meta WHERE key = 'team_settings'").fetchall()
    index.close()
    assert len(kept) == 1 and "sylee@example.com" in kept[0][0]
    assert team.run("list", "--rep", "sylee").exit_code == 0  # from the kept settings

    added = config.read_text(encoding="utf-8").replace(
        "reps:\n", "reps:\n- id: mkim\n  name: 김민지\n  email: mkim@example.com\n", 1
    )
    config.write_text(added, encoding="utf-8")  # a person's edit, not a command's
    os.utime(config, (time.time() - 60,) * 2)  # not moments ago: only its change time tells
    listed = team.run("list", "--rep", "mkim")
    assert listed.exit_code == 0, listed.output
    assert "0 customers" in listed.stdout

    config.write_text(added.replace("id: mkim", "id: m kim"), encoding="utf-8")
    os.utime(config, (time.time() - 30,) * 2)
    broken = team.run("list", "--rep", "sylee")
    assert broken.exit_code == 3, broken.output
    assert "handover.yaml:" in broken.stderr


def test_kept_team_settings_are_the_validated_ones(tmp_path: Path) -> None:
    from handover.format.team_config import TeamConfig
    from handover.index.team_settings import constructed

    shutil.copytree(PROJECT / "profiles", tmp_path / "team")
    config = tmp_path / "team" / "handover.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "health:\n  silence_days: 60\nreadiness:\n  weights:\n    related: 5\n"
        + "mail:\n  host: smtp.example.com\n  from: team@example.com\nlanguage: ko\n",
        encoding="utf-8",
    )
    validated = TeamFolder(tmp_path / "team").config()
    assert validated.mail is not None and validated.mail.from_ == "team@example.com"
    kept = json.loads(json.dumps(validated.model_dump(mode="json", by_alias=True)))
    assert constructed(TeamConfig, kept) == validated
