"""Concurrency stress: many `note`s at once in one clone, and many clones syncing at once.

Not part of the test suite (it takes a minute on a busy machine). It runs the real `handover`
command as separate processes, then counts what was lost (a note that said it was recorded but
is not in git) and what failed (a non-zero exit). Both should be 0:

    python benchmarks/stress.py                      # 50 notes, 8 clones, in a temporary folder
    python benchmarks/stress.py --notes 100 --clones 12 --keep /tmp/stress
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HANDOVER = shutil.which("handover") or str(Path(sys.executable).with_name("handover"))
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Stress",
    "GIT_AUTHOR_EMAIL": "sylee@example.com",
    "GIT_COMMITTER_NAME": "Stress",
    "GIT_COMMITTER_EMAIL": "sylee@example.com",
    "HANDOVER_REP": "sylee",
    "HANDOVER_LOCK_TIMEOUT": "300",
}


def sh(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, env=ENV, check=True, capture_output=True, text=True).stdout


def handover(*args: str, folder: Path) -> None:
    sh(HANDOVER, *args, "--dir", str(folder), cwd=folder)


def make_team(root: Path) -> None:
    sh(HANDOVER, "init", str(root), "--team", "스트레스 팀", cwd=root.parent)
    handover("rep", "add", "sylee", "--name", "이서연", "--email", "sylee@example.com", folder=root)
    handover("add", "김민수", "--kind", "doctor", "--owner", "sylee", folder=root)


def parallel(commands: list[list[str]]) -> list[tuple[int, str]]:
    processes = [
        subprocess.Popen(
            command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for command in commands
    ]
    results = []
    for process in processes:
        out, _ = process.communicate()
        results.append((process.returncode, out))
    return results


def notes_at_once(root: Path, count: int) -> tuple[int, int, float]:
    """(lost, failed, seconds) for ``count`` notes started together in one clone."""
    before = len(sh("git", "log", "--format=%s", cwd=root).splitlines())
    started = time.monotonic()
    results = parallel(
        [
            [HANDOVER, "note", "김민수", "-s", f"동시 기록 {n}", "--dir", str(root)]
            for n in range(count)
        ]
    )
    seconds = time.monotonic() - started
    failed = sum(1 for code, _ in results if code != 0)
    landed = len(sh("git", "log", "--format=%s", cwd=root).splitlines()) - before
    lost = (count - failed) - landed
    for code, out in results:
        if code != 0:
            print(f"  failed: {out.strip().splitlines()[0] if out.strip() else code}")
    if sh("git", "status", "--porcelain", cwd=root):
        print("  left uncommitted:", sh("git", "status", "--porcelain", cwd=root))
    return lost, failed, seconds


def clones_syncing(base: Path, root: Path, count: int) -> tuple[int, int, float]:
    """(lost, failed, seconds) for ``count`` clones, one new note each, syncing together."""
    remote = base / "remote.git"
    sh("git", "init", "--quiet", "--bare", str(remote), cwd=base)
    sh("git", "remote", "add", "origin", str(remote), cwd=root)
    handover("sync", folder=root)
    clones = []
    for n in range(count):
        clone = base / f"clone{n}"
        sh("git", "clone", "--quiet", str(remote), str(clone), cwd=base)
        handover("note", "김민수", "-s", f"클론 {n}의 방문", folder=clone)
        clones.append(clone)
    started = time.monotonic()
    results = parallel([[HANDOVER, "sync", "--dir", str(clone)] for clone in clones])
    seconds = time.monotonic() - started
    failed = sum(1 for code, _ in results if code != 0)
    for code, out in results:
        if code != 0:
            print(f"  failed: {out.strip().splitlines()[0] if out.strip() else code}")
    shared = _summaries(remote)
    lost = (count - failed) - sum(1 for n in range(count) if f"클론 {n}의 방문" in shared)
    return lost, failed, seconds


def _summaries(remote: Path) -> str:
    return sh("git", "log", "-p", "--format=", "--all", "--", "customers", cwd=remote)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50, help="notes started at once")
    parser.add_argument("--clones", type=int, default=8, help="clones syncing at once")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="handover-stress-"))
    base.mkdir(parents=True, exist_ok=True)
    root = base / "team"
    try:
        make_team(root)
        lost, failed, seconds = notes_at_once(root, args.notes)
        print(f"{args.notes} notes at once in one clone: lost {lost}, failed {failed}", end="")
        print(f" ({seconds:.1f} s)")
        lost2, failed2, seconds2 = clones_syncing(base, root, args.clones)
        print(
            f"{args.clones} clones syncing at once: lost {lost2}, failed {failed2} "
            f"({seconds2:.1f} s)"
        )
        print(f"lost/failed: {lost + lost2}/{failed + failed2}")
        sys.exit(0 if lost + lost2 + failed + failed2 == 0 else 1)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
