"""The write side of issue 14 at scale: `note` with its commit, the whole team's `open`, a
big `list`, an HTML export of one book and the team's `report` for a year.

Usage: python benchmarks/write_side.py BIG SMALL [--runs 3] [--work DIR]

BIG is a generated team (benchmarks/make_team.py), SMALL the same at 100 customers. Every
figure is measured in the same run as its baselines: the framework floor (run.FLOOR), the
same command on SMALL, and each command's peak memory (whole process tree). Wall time is the
median of --runs; CPU time (user + system of the process and its git children) is reported
too, because on a shared machine it says more than wall time. benchmarks/run.py imports
``measure_write_side`` and ``render_write_side``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR, HANDOVER, PYTHON, REPORT_YEAR, first, owner_of, peak


def timed(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def medians(cmd: Sequence[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median wall, median CPU, peak memory in MB (after one warm-up run)."""
    timed(cmd, env)
    samples = [timed(cmd, env) for _ in range(runs)]
    memory = peak(cmd, env)[1] / 1e6
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
        memory,
    )


def biggest_rep(folder: Path) -> str:
    owners: dict[str, int] = {}
    for profile in (folder / "customers").glob("*/profile.yaml"):
        for line in profile.read_text("utf-8").splitlines():
            if line.startswith("owner: "):
                owners[line[7:]] = owners.get(line[7:], 0) + 1
                break
    return max(owners, key=lambda rep: owners[rep])


def measure_write_side(
    big: Path, small: Path, work: Path, runs: int
) -> dict[str, tuple[float, float, float]]:
    """Each figure as (wall s, CPU s, peak MB), keys '<what> big|small' and 'floor'."""
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1")
    env.pop("HANDOVER_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: from bytecode (see run.Bench)
    floor = work / "floor.py"
    floor.write_text(FLOOR)
    figures = {"floor": medians([PYTHON, str(floor)], env, runs)}
    for label, folder in (("big", big), ("small", small)):

        def h(*args: str, folder: Path = folder) -> list[str]:
            return [HANDOVER, *args, "--dir", str(folder)]

        customer = first(folder, "*", index=3)
        owner = owner_of(folder, customer)
        note = h("note", customer, "-s", "벤치마크 방문: 처방 논의", "-c", "visit", "--by", owner)
        figures[f"note {label}"] = medians(note, env, runs)
        figures[f"open team {label}"] = medians(h("open"), env, runs)
        figures[f"list rep {label}"] = medians(h("list", "--rep", biggest_rep(folder)), env, runs)
        out = work / f"pack-{label}.html"
        export = h("export", "--rep", owner, "--format", "html", "-o", str(out))
        figures[f"export html {label}"] = medians(export, env, 1)
        figures[f"report year {label}"] = medians(h("report", *REPORT_YEAR), env, runs)
    return figures


def render_write_side(figures: dict[str, tuple[float, float, float]]) -> str:
    floor_wall, floor_cpu, floor_mb = figures["floor"]
    lines = [
        "| command (write side) | big wall | big CPU | ×floor (CPU) | ×small (CPU) | small CPU "
        "| peak MB big | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    targets = {
        "note": "≤1.3× small",
        "open team": "<1.0 s",
        "list rep": "<1.5 s",
        "export html": "<5 s",
        "report year": "<2 s",
    }
    for key, target in targets.items():
        bw, bc, bm = figures[f"{key} big"]
        _, sc, _ = figures[f"{key} small"]
        lines.append(
            f"| `{key}` | {bw:.2f} s | {bc:.2f} s | {bc / floor_cpu:.2f} | {bc / sc:.2f} | "
            f"{sc:.2f} s | {bm:.0f} | {target} |"
        )
    lines.append(
        f"\nFramework floor: {floor_wall:.3f} s wall, {floor_cpu:.3f} s CPU, {floor_mb:.0f} MB."
    )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("big", type=Path)
    parser.add_argument("small", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hb-bench-write"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(render_write_side(measure_write_side(args.big, args.small, args.work, args.runs)))


if __name__ == "__main__":
    main()
