"""The benchmark scripts run (a smoke test: their timings are never asserted)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, git


def test_the_benchmark_generates_a_team_and_measures_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "run.py"),
            "--smoke",
            "--scale",
            "0.0008",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "reindex:" in done.stdout and "search:" in done.stdout
    team = tmp_path / "team-0.0008"
    assert len(list((team / "customers").iterdir())) == 20
    check = subprocess.run(
        [str(Path(sys.executable).parent / "handover"), "check", "--dir", str(team)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_generated_team_is_the_same_from_the_same_seed_and_its_copy_comes_back_to_it(
    tmp_path: Path,
) -> None:
    """A benchmark run measures a copy of a team generated once; what the last run changed in
    the copy (a note, a replaced profile, a commit) is undone, and the generated team is not
    touched through the copy's hard links."""
    make_team = [sys.executable, str(PROJECT / "benchmarks" / "make_team.py")]
    for name in ("first", "second"):
        made = subprocess.run(
            [*make_team, str(tmp_path / name), "--scale", "0.0004", "--jobs", "1"],
            capture_output=True,
            text=True,
        )
        assert made.returncode == 0, made.stderr
    master, copy = tmp_path / "first", tmp_path / "copy"
    head = git(master, "rev-parse", "HEAD")
    assert git(tmp_path / "second", "rev-parse", "HEAD") == head
    assert git(master, "status", "--porcelain") == ""

    spec = importlib.util.spec_from_file_location("teams", PROJECT / "benchmarks" / "teams.py")
    assert spec is not None and spec.loader is not None
    teams = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(teams)

    teams.fresh_copy(master, copy)
    profile = sorted(copy.glob("customers/*/profile.yaml"))[0]
    assert profile.stat().st_ino == (master / profile.relative_to(copy)).stat().st_ino
    edited = profile.with_name(".profile.yaml.new")
    edited.write_text(profile.read_text("utf-8") + "# reviewed\n", encoding="utf-8")
    edited.replace(profile)
    added = profile.parent / "notes" / "2026" / "added-by-the-run.yaml"
    added.write_text("kind: moment\n", encoding="utf-8")
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=run", "-c", "user.email=run@example", "commit", "-qm", "run")

    teams.fresh_copy(master, copy)
    assert git(copy, "rev-parse", "HEAD") == head
    assert git(copy, "status", "--porcelain", "--ignored") == ""
    assert not added.exists()
    assert profile.stat().st_ino == (master / profile.relative_to(copy)).stat().st_ino
    assert git(master, "rev-parse", "HEAD") == head
    assert git(master, "status", "--porcelain") == ""
