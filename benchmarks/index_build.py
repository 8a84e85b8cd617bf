"""Issue 14's index-build targets: a cold `reindex`, and the first team view after a pull that
changed every profile, for one or more versions of the code, alternated round by round.

Usage: python benchmarks/index_build.py TEAM --branch BRANCH --cache DIR
                                        [--code NAME=SRC ...] [--rounds 2]
       python benchmarks/index_build.py TEAM --cold-only --cache DIR [--code NAME=SRC ...]

TEAM is a git team folder (a `cp -al` copy is fine: git writes every file it changes as a new
file) whose current branch is the base and BRANCH a commit on it that changed every profile
(e.g. a tag added to each). Per round and per code version: the index deleted, `reindex`
(cold); `git checkout BRANCH` (not timed: git's part of a pull), `list --json` (the first team
view after the pull); `git checkout` back, `list --json` again (a second such pull). Each
code version runs as `python -m handover` with SRC first on `PYTHONPATH` (default: this
checkout's src), from bytecode, with its own index cache under DIR. Figures: wall and CPU
(user + system of the command and all its children, from `wait4`), peak resident memory of
the largest process, and the 1-minute load average when the command started.
`--cold-only` runs the cold `reindex` alone (no BRANCH needed; the team is only read) and
ends with each version's median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measured(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, float]:
    """(wall s, CPU s, peak MB, load) of one run."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team", type=Path)
    parser.add_argument("--branch", help="a commit that changed every profile")
    parser.add_argument("--cold-only", action="store_true", help="time the cold reindex alone")
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--code", action="append", default=[], metavar="NAME=SRC")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.branch is None and not args.cold_only:
        parser.error("--branch is needed unless --cold-only")
    codes = dict(item.split("=", 1) for item in args.code) or {"this": str(HERE.parent / "src")}
    team = args.team.resolve()
    base = subprocess.run(
        ["git", "branch", "--show-current"], cwd=team, capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print("round code step wall_s cpu_s peak_mb load", flush=True)
    cold: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
    for number in range(1, args.rounds + 1):
        for name, src in codes.items():
            cache = args.cache / name
            run_env = env | {"PYTHONPATH": src, "XDG_CACHE_HOME": str(cache)}
            handover = [sys.executable, "-m", "handover"]
            shutil.rmtree(cache / "handover", ignore_errors=True)
            steps: list[tuple[str, str | None, list[str]]] = [
                ("cold reindex", None, ["reindex", "--json"]),
                (f"list after checkout {args.branch}", args.branch, ["list", "--json"]),
                (f"list after checkout {base}", base, ["list", "--json"]),
            ]
            for label, checkout, command in steps[:1] if args.cold_only else steps:
                if checkout is not None:
                    subprocess.run(["git", "checkout", "-q", checkout], cwd=team, check=True)
                wall, cpu, peak, load = measured(
                    [*handover, *command, "--dir", str(team)], run_env, team
                )
                print(
                    f"{number} {name} '{label}' {wall:.1f} {cpu:.1f} {peak:.0f} {load:.1f}",
                    flush=True,
                )
                if checkout is None:
                    cold[name].append((wall, cpu))
    for name, runs in cold.items():
        walls, cpus = sorted(w for w, _ in runs), sorted(c for _, c in runs)
        print(f"median cold reindex {name}: {walls[len(walls) // 2]:.1f} s wall, "
              f"{cpus[len(cpus) // 2]:.1f} s CPU ({len(runs)} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
