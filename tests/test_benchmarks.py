"""The benchmark scripts run (a smoke test: their timings are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT


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
