"""The write side of issue 14 at scale: `note` with its commit, the whole team's `open`, a
big `list`, an HTML export of one book and the team's `report` for a year.

Usage: python benchmarks/write_side.py BIG SMALL [--runs 3] [--work DIR] [--only note ...]

BIG is a generated team (benchmarks/make_team.py), SMALL the same at 100 customers. Every
figure is measured in the same run as its baselines: the framework floor (run.FLOOR), the
same command on SMALL, and each command's peak memory (whole process tree). Wall time is the
median of --runs; CPU time (user + system of the process and its git children) is reported
too, because on a shared machine it says more than wall time. `note` is measured on BIG and
SMALL alternately, run by run, and beside it git's own index update of one new file in each
team (`git update-index --add`, alternated too): the part of `note` no code of handover's can
remove, which gives the best ratio `note` could reach. benchmarks/run.py imports
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


def alternated(
    commands: dict[str, list[str]], env: dict[str, str], runs: int
) -> dict[str, tuple[float, float, float]]:
    """Like ``medians`` for several commands, run in turn (the order reversed every other
    round), so that a busy minute of a shared machine weighs on each of them alike."""
    for cmd in commands.values():
        timed(cmd, env)  # warm-up
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for round_number in range(runs):
        labels = list(commands) if round_number % 2 == 0 else list(commands)[::-1]
        for label in labels:
            samples[label].append(timed(commands[label], env))
    return {
        label: (
            statistics.median(s[0] for s in samples[label]),
            statistics.median(s[1] for s in samples[label]),
            peak(commands[label], env)[1] / 1e6,
        )
        for label in commands
    }


def index_floor(big: Path, small: Path, runs: int) -> dict[str, tuple[float, float, float]]:
    """Wall and CPU of `git update-index --add` of one new file in each team, alternated
    (after one warm-up each); the files are taken out of the index and deleted afterwards."""
    samples: dict[Path, list[tuple[float, float]]] = {big: [], small: []}
    made: list[tuple[Path, str]] = []
    env = dict(os.environ)
    try:
        for number in range(runs + 1):
            for folder in (big, small) if number % 2 == 0 else (small, big):
                name = f"customers/{first(folder, '*', index=3)}/bench-{os.getpid()}-{number}.yaml"
                (folder / name).write_text("kind: moment\n", encoding="utf-8")
                made.append((folder, name))
                cmd = ["git", "-C", str(folder), "update-index", "--add", "--", name]
                if number:
                    samples[folder].append(timed(cmd, env))
                else:
                    timed(cmd, env)
    finally:
        for folder, name in made:
            subprocess.run(["git", "-C", str(folder), "update-index", "--force-remove", name])
            (folder / name).unlink(missing_ok=True)
    return {
        f"index floor {label}": (
            statistics.median(s[0] for s in samples[folder]),
            statistics.median(s[1] for s in samples[folder]),
            0.0,
        )
        for label, folder in (("big", big), ("small", small))
    }


def biggest_rep(folder: Path) -> str:
    owners: dict[str, int] = {}
    for profile in (folder / "customers").glob("*/profile.yaml"):
        for line in profile.read_text("utf-8").splitlines():
            if line.startswith("owner: "):
                owners[line[7:]] = owners.get(line[7:], 0) + 1
                break
    return max(owners, key=lambda rep: owners[rep])


COMMANDS = ("note", "open team", "list rep", "export html", "report year")


def measure_write_side(
    big: Path, small: Path, work: Path, runs: int, only: Sequence[str] = COMMANDS
) -> dict[str, tuple[float, float, float]]:
    """Each figure as (wall s, CPU s, peak MB), keys '<what> big|small' and 'floor'."""
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1")
    env.pop("HANDOVER_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: from bytecode (see run.Bench)
    floor = work / "floor.py"
    floor.write_text(FLOOR)
    figures = {"floor": medians([PYTHON, str(floor)], env, runs)}
    notes: dict[str, list[str]] = {}
    for label, folder in (("big", big), ("small", small)):

        def h(*args: str, folder: Path = folder) -> list[str]:
            return [HANDOVER, *args, "--dir", str(folder)]

        customer = first(folder, "*", index=3)
        owner = owner_of(folder, customer)
        notes[f"note {label}"] = h(
            "note", customer, "-s", "벤치마크 방문: 처방 논의", "-c", "visit", "--by", owner
        )
        if "open team" in only:
            figures[f"open team {label}"] = medians(h("open"), env, runs)
        if "list rep" in only:
            rep = biggest_rep(folder)
            figures[f"list rep {label}"] = medians(h("list", "--rep", rep), env, runs)
        if "export html" in only:
            out = work / f"pack-{label}.html"
            export = h("export", "--rep", owner, "--format", "html", "-o", str(out))
            figures[f"export html {label}"] = medians(export, env, 1)
        if "report year" in only:
            figures[f"report year {label}"] = medians(h("report", *REPORT_YEAR), env, runs)
    if "note" in only:
        figures |= alternated(notes, env, runs)
        figures |= index_floor(big, small, runs)
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
        if f"{key} big" not in figures:
            continue
        bw, bc, bm = figures[f"{key} big"]
        _, sc, _ = figures[f"{key} small"]
        lines.append(
            f"| `{key}` | {bw:.2f} s | {bc:.2f} s | {bc / floor_cpu:.2f} | {bc / sc:.2f} | "
            f"{sc:.2f} s | {bm:.0f} | {target} |"
        )
    lines.append(
        f"\nFramework floor: {floor_wall:.3f} s wall, {floor_cpu:.3f} s CPU, {floor_mb:.0f} MB."
    )
    if "index floor big" in figures:
        git_big = figures["index floor big"][1]
        git_small = figures["index floor small"][1]
        note_small = figures["note small"][1]
        best = (note_small + git_big - git_small) / note_small
        lines.append(
            f"git's own `update-index --add` of one file: {git_big:.3f} s CPU big, "
            f"{git_small:.3f} s small; with nothing else growing, `note` could be at best "
            f"{best:.2f}× the small team's."
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("big", type=Path)
    parser.add_argument("small", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hb-bench-write"))
    parser.add_argument(
        "--only",
        action="append",
        choices=COMMANDS,
        help="Measure only this command (repeat); e.g. --only note for note and git's floor.",
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    figures = measure_write_side(args.big, args.small, args.work, args.runs, args.only or COMMANDS)
    print(render_write_side(figures))


if __name__ == "__main__":
    main()
