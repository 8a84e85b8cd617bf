"""The benchmark scripts run (a smoke test: their timings are never asserted)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import PROJECT, git

TRACKED_RESULTS = PROJECT / "benchmarks" / "RESULTS.md"


def load_benchmark(name: str) -> ModuleType:
    """A script of benchmarks/ as a module (they import each other by bare name)."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, PROJECT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_generates_a_team_and_measures_it(tmp_path: Path) -> None:
    """It also leaves the tracked RESULTS.md (hand-written dated sections) alone: the run's
    table goes to the terminal and to WORK/RESULTS.md."""
    tracked_before = TRACKED_RESULTS.read_bytes()
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
    assert f"wrote {tmp_path / 'RESULTS.md'}" in done.stderr
    assert "search:" in (tmp_path / "RESULTS.md").read_text("utf-8")
    assert TRACKED_RESULTS.read_bytes() == tracked_before
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

    teams = load_benchmark("teams")

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


def test_asking_for_the_tracked_results_appends_a_dated_section_and_keeps_the_old_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracked = tmp_path / "RESULTS.md"
    tracked.write_text("# Benchmark results\n\n## 2026-11-30, by hand\n\nkept\n", "utf-8")
    table = "# Benchmark results\n\n| measure | big team |\n\n## Write side\n\nnote\n"

    load_benchmark("run").write_report(table, str(tracked), tracked=tracked)

    text = tracked.read_text("utf-8")
    assert text.startswith("# Benchmark results\n\n## 2026-11-30, by hand\n\nkept\n\n## ")
    assert "| measure | big team |" in text and "### Write side" in text
    assert text.count("# Benchmark results") == 1
    shown = capsys.readouterr()
    assert "| measure | big team |" in shown.out
    assert f"appended a dated section to {tracked}" in shown.err


def test_the_benchmark_scripts_help_says_where_they_write_and_bare_stats_has_a_help() -> None:
    helped = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "run.py"), "--help"],
        capture_output=True,
        text=True,
    )
    assert helped.returncode == 0, helped.stderr
    assert "WORK/RESULTS.md" in " ".join(helped.stdout.split())
    assert "no write side" not in helped.stdout
    bare = [sys.executable, str(PROJECT / "benchmarks" / "bare_stats.py")]
    helped = subprocess.run([*bare, "--help"], capture_output=True, text=True)
    assert helped.returncode == 0, helped.stderr
    assert "usage: bare_stats.py" in helped.stdout and "--stat" in helped.stdout
    wrong = subprocess.run([*bare, "/nonexistent-team"], capture_output=True, text=True)
    assert wrong.returncode == 2, wrong.stderr
    assert "no customers/ folder" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_progress_lines_keep_their_columns_when_a_label_has_hangul(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hangul (and ㄱㅁㅅ) takes two terminal cells a letter: padded by letters, the figures of
    `search 처방` and `grep ㄱㅁㅅ` stood out of the column the others keep."""
    import unicodedata

    def cells(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    bench = load_benchmark("run").Bench(tmp_path, runs=1)
    bench.add("search renal dosing big", "search", "0.123 s", "1 run")
    bench.add("search 처방 big", "search", "0.456 s", "1 run")
    bench.add("grep ㄱㅁㅅ small", "git grep", "12.345 s", "2 runs")

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3, lines
    figures_end = {cells(line[: line.index(" s ") + 2]) for line in lines}
    notes_start = {cells(line[: line.index(" run")]) - 1 for line in lines}
    assert len(figures_end) == 1 and len(notes_start) == 1, "\n".join(lines)
