"""How benchmarks/run.py times a command: wall time, CPU time and peak memory of each run.

CPU time is user + system of the command and the children it waited for (git, the index's
workers), from `os.wait4`: on a shared machine another engineer's build changes wall time far
more than it changes CPU time. benchmarks/run.py re-exports `peak` for the other scripts.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

PYTHON = sys.executable

PEAKS: dict[str, int] = {}
"""The largest resident memory (KB) any process of a command reached, by command line."""
CPU: dict[str, list[float]] = {}
"""The CPU seconds (user + system) of each run of a command, by command line."""


RUNNER = """\
import json, os, subprocess, sys, time
for line in sys.stdin:
    cmd, env, cwd = json.loads(line)
    started = time.perf_counter()
    child = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    errors = child.stderr.read()
    child.stderr.close()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps([wall, cpu, usage.ru_maxrss, code, errors.decode(errors="replace")]))
    sys.stdout.flush()
"""
"""Starts each measured command and reports its wall time, CPU time and peak memory. A
process's peak resident set counts the image it was forked from, so commands are started
from this small process (about 11 MB) rather than from the benchmark's own, which grows; one
runner for the whole run, so no figure pays for a launcher's start."""
_runner: list[subprocess.Popen[str]] = []


def waited(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Exit code and CPU seconds of a started process and the children it waited for."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Wall time of one run; its CPU time and peak memory (the largest process of the tree,
    git and workers included) are kept in CPU and PEAKS."""
    if not _runner:
        _runner.append(
            subprocess.Popen(
                [PYTHON, "-c", RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        )
    runner = _runner[0]
    assert runner.stdin is not None and runner.stdout is not None
    runner.stdin.write(json.dumps([list(cmd), env, None if cwd is None else str(cwd)]) + "\n")
    runner.stdin.flush()
    elapsed, cpu, peak_kb, code, errors = json.loads(runner.stdout.readline())
    if code not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{errors}")
    key = key_of(cmd, cwd)
    PEAKS[key] = max(PEAKS.get(key, 0), peak_kb)
    CPU.setdefault(key, []).append(cpu)
    return elapsed


def close_runner() -> None:
    """Let the runner end and wait for it, so that its CPU time (and its commands') counts in
    this process's RUSAGE_CHILDREN."""
    for runner in _runner:
        assert runner.stdin is not None
        runner.stdin.close()
        runner.wait()
    _runner.clear()


def key_of(cmd: Sequence[str], cwd: Path | None = None) -> str:
    """A command's key in PEAKS and CPU: `git grep` runs the same line in both teams."""
    return " ".join(cmd) + ("" if cwd is None else f" (in {cwd})")


def peak_mb(cmd: Sequence[str], cwd: Path | None = None) -> float:
    return PEAKS.get(key_of(cmd, cwd), 0) / 1024


def cpu_median(cmd: Sequence[str], cwd: Path | None = None) -> float:
    return statistics.median(CPU.get(key_of(cmd, cwd)) or [float("nan")])


def median(
    cmd: Sequence[str], env: dict[str, str], runs: int, cwd: Path | None = None, quick: bool = False
) -> float:
    """The median wall time of `runs` runs, after one run that warms the page cache and the
    index; cpu_median(cmd) is then the median CPU time of the same runs.

    `quick` (`--quick`, 3 runs): every run counts (the reindex before warmed the index and the
    page cache), and two runs whose wall and CPU times are within 10 % of each other are
    enough: the median of three would lie between them, so their mean is within 5 % of it.
    """
    key = key_of(cmd, cwd)
    if not quick:
        run(cmd, env, cwd)
    CPU.pop(key, None)
    walls = [run(cmd, env, cwd) for _ in range(min(runs, 2) if quick else runs)]
    if quick and len(walls) == 2 and not (close(*walls) and close(*CPU[key])):
        walls += [run(cmd, env, cwd) for _ in range(runs - 2)]
    return statistics.median(walls)


def close(first: float, second: float) -> bool:
    return abs(first - second) <= 0.1 * min(first, second)


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) * 1024 for line in status.splitlines() if line[:6] == "VmRSS:"
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending += [int(child) for child in children]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def peak(cmd: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall time and peak resident memory of the whole process tree (sampled every 50 ms);
    the CPU time of the tree is kept in CPU."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    highest = 0
    finished = threading.Event()

    def sample() -> None:
        nonlocal highest
        while not finished.is_set():
            highest = max(highest, tree_rss(process.pid))
            finished.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code, cpu = waited(process)
    elapsed = time.perf_counter() - started
    finished.set()
    sampler.join()
    if code not in ok:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    CPU[key_of(cmd)] = [cpu]
    return elapsed, highest
