"""Eight reps syncing in the same second: every push lands, none needs a rerun."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, Team, git

HANDOVER = PROJECT / ".venv" / "bin" / "handover"

pytestmark = pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")


def test_eight_clones_syncing_at_once_all_succeed(team: Team, tmp_path: Path) -> None:
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    team.git("remote", "add", "origin", str(remote))
    assert team.run("sync").exit_code == 0
    clones = []
    for n in range(8):
        where = tmp_path / f"clone{n}"
        git(tmp_path, "clone", "--quiet", str(remote), str(where))
        clone = Team(where)
        noted = clone.run("note", "김민수", "-s", f"{n}번 클론의 방문", "--by", "sylee")
        assert noted.exit_code == 0, noted.output
        clones.append(clone)

    env = {**os.environ, "HANDOVER_REP": "sylee"}
    processes = [
        subprocess.Popen(
            [str(HANDOVER), "sync", "--dir", str(c.root)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for c in clones
    ]
    results = [(p.wait(timeout=120), p.stdout.read() if p.stdout else "") for p in processes]

    assert [code for code, _ in results] == [0] * 8, results
    subjects = git(remote, "log", "--format=%s", "main").splitlines()
    assert subjects.count("note: 김민수 — visit") == 8


def test_two_clones_remembering_facts_for_one_customer_never_conflict(
    team: Team, tmp_path: Path
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    team.git("remote", "add", "origin", str(remote))
    assert team.run("sync").exit_code == 0
    mine, theirs = team, Team(tmp_path / "theirs")
    git(tmp_path, "clone", "--quiet", str(remote), str(theirs.root))

    for clone, fact in ((mine, "수요일 오후 방문 금지"), (theirs, "라텍스 알레르기")):
        done = clone.run("remember", "김민수", fact)
        assert done.exit_code == 0, done.output
    noted = theirs.run("note", "김민수", "-s", "원장님 면담", "--remember", "샘플은 냉장 보관")
    assert noted.exit_code == 0, noted.output
    for clone in (mine, theirs, mine):
        synced = clone.run("sync")
        assert synced.exit_code == 0, synced.output

    for clone in (mine, theirs):
        facts = json.loads(clone.run("brief", "김민수", "--json").stdout)["never_forget"]
        assert sorted(facts) == sorted(
            ["수요일 오후 방문 금지", "라텍스 알레르기", "샘플은 냉장 보관"]
        )
