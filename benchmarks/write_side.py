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
remove, which gives the best ratio `note` could reach. With ``--git LABEL=BINDIR`` (repeat;
``system=`` is the git on PATH) `note` and git's floor are measured with each of those gits
too, all alternated in the same rounds (a git built or unpacked beside the system's, e.g.
Debian trixie's 2.47 built into /work/git-new: ``--git 2.39= --git 2.47=/work/git-new/bin``).
benchmarks/run.py imports ``measure_write_side`` and ``render_write_side``.
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
    commands: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, tuple[float, float, float]]:
    """Like ``medians`` for several commands, run in turn (the order reversed every other
    round), so that a busy minute of a shared machine weighs on each of them alike; ``envs``
    gives a command its own environment (another git)."""
    envs = envs or {}
    for label, cmd in commands.items():
        timed(cmd, envs.get(label, env))  # warm-up
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for round_number in range(runs):
        labels = list(commands) if round_number % 2 == 0 else list(commands)[::-1]
        for label in labels:
            samples[label].append(timed(commands[label], envs.get(label, env)))
    return {
        label: (
            statistics.median(s[0] for s in samples[label]),
            statistics.median(s[1] for s in samples[label]),
            peak(commands[label], envs.get(label, env))[1] / 1e6,
        )
        for label in commands
    }


def code_versions(
    cache: Path, old_src: Path | None, old_cache: Path | None
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The plain environment (from bytecode, as installed) and one per version of the code:
    "new" (this checkout, index in ``cache``) and, with ``old_src``, "old" (that `src` folder
    through PYTHONPATH, with its own index cache: another schema would rebuild the index)."""
    base = dict(os.environ, NO_COLOR="1")
    for name in ("PYTHONDONTWRITEBYTECODE", "HANDOVER_DIR", "PYTHONPATH"):
        base.pop(name, None)
    versions = {"new": dict(base, XDG_CACHE_HOME=str(cache))}
    if old_src:
        versions["old"] = dict(
            base, XDG_CACHE_HOME=str(old_cache or cache), PYTHONPATH=str(old_src)
        )
    return base, versions


def alternated_cpu(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int, *, say_rounds: bool = False
) -> dict[str, list[float]]:
    """The CPU seconds of each run of each (command line, environment), round by round, the
    order reversed every other round, after one warm-up round that is dropped (it warms the
    page cache): every figure and the floor see the same minutes of a shared machine."""
    cpu: dict[str, list[float]] = {label: [] for label in commands}
    for number in range(runs + 1):
        labels = list(commands) if number % 2 else list(commands)[::-1]
        for label in labels:
            seconds = timed(*commands[label])[1]
            if number:
                cpu[label].append(seconds)
        if say_rounds:
            print(f"round {number} done, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return cpu


def cpu_table(cpu: dict[str, list[float]], floor: str = "floor") -> str:
    """Median, spread and ratio to the ``floor`` command of each command, as a Markdown table."""
    floor_cpu = statistics.median(cpu[floor])
    runs = len(cpu[floor])
    lines = [
        f"| command | CPU s (median of {runs}) | min–max | CPU ×floor |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, seconds in cpu.items():
        median = statistics.median(seconds)
        spread = f"{min(seconds):.3f}–{max(seconds):.3f}"
        lines.append(f"| `{label}` | {median:.3f} | {spread} | {median / floor_cpu:.2f} |")
    return "\n".join(lines)


def git_env(env: dict[str, str], bindir: str) -> dict[str, str]:
    """``env`` running the git installed in ``bindir`` (with its own prefix) instead of
    PATH's; an empty ``bindir`` is PATH's own."""
    if not bindir:
        return dict(env)
    path = Path(bindir).resolve()
    return dict(
        env,
        PATH=f"{path}{os.pathsep}{env.get('PATH', '')}",
        GIT_EXEC_PATH=str(path.parent / "libexec" / "git-core"),
    )


def index_floor(
    big: Path, small: Path, runs: int, gits: dict[str, str] | None = None
) -> dict[str, tuple[float, float, float]]:
    """Wall and CPU of `git update-index --add` of one new file in each team, alternated
    (after one warm-up each), with each git of ``gits`` (label: bin folder; PATH's when
    none); the files are taken out of the index and deleted afterwards."""
    gits = gits or {"": ""}
    envs = {label: git_env(dict(os.environ), bindir) for label, bindir in gits.items()}
    turns = [(label, folder) for label in gits for folder in (big, small)]
    samples: dict[tuple[str, Path], list[tuple[float, float]]] = {turn: [] for turn in turns}
    made: list[tuple[Path, str]] = []
    try:
        for number in range(runs + 1):
            for label, folder in turns if number % 2 == 0 else turns[::-1]:
                name = (
                    f"customers/{first(folder, '*', index=3)}/bench-{os.getpid()}-{len(made)}.yaml"
                )
                (folder / name).write_text("kind: moment\n", encoding="utf-8")
                made.append((folder, name))
                cmd = ["git", "-C", str(folder), "update-index", "--add", "--", name]
                if number:
                    samples[label, folder].append(timed(cmd, envs[label]))
                else:
                    timed(cmd, envs[label])
    finally:
        for folder, name in made:
            subprocess.run(["git", "-C", str(folder), "update-index", "--force-remove", name])
            (folder / name).unlink(missing_ok=True)
    return {
        f"index floor {size}{suffix(label)}": (
            statistics.median(s[0] for s in samples[label, folder]),
            statistics.median(s[1] for s in samples[label, folder]),
            0.0,
        )
        for label in gits
        for size, folder in (("big", big), ("small", small))
    }


def suffix(git_label: str) -> str:
    """The key suffix of a figure measured with another git ('' for the default one)."""
    return f" @{git_label}" if git_label else ""


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
    big: Path,
    small: Path,
    work: Path,
    runs: int,
    only: Sequence[str] = COMMANDS,
    gits: dict[str, str] | None = None,
) -> dict[str, tuple[float, float, float]]:
    """Each figure as (wall s, CPU s, peak MB), keys '<what> big|small' and 'floor'; with
    ``gits`` (label: bin folder), `note` and the index floor once per git, keys ending in
    ' @label'."""
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1")
    env.pop("HANDOVER_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: from bytecode (see run.Bench)
    floor = work / "floor.py"
    floor.write_text(FLOOR)
    figures = {"floor": medians([PYTHON, str(floor)], env, runs)}
    notes: dict[str, list[str]] = {}
    note_envs: dict[str, dict[str, str]] = {}
    for label, folder in (("big", big), ("small", small)):

        def h(*args: str, folder: Path = folder) -> list[str]:
            return [HANDOVER, *args, "--dir", str(folder)]

        customer = first(folder, "*", index=3)
        owner = owner_of(folder, customer)
        for git_label, bindir in (gits or {"": ""}).items():
            key = f"note {label}{suffix(git_label)}"
            notes[key] = h(
                "note", customer, "-s", "벤치마크 방문: 처방 논의", "-c", "visit", "--by", owner
            )
            note_envs[key] = git_env(env, bindir)
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
        figures |= alternated(notes, env, runs, note_envs)
        figures |= index_floor(big, small, runs, gits)
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
    labels = sorted({key.partition(" @")[2] for key in figures if key.startswith("note ")})
    for key, target in targets.items():
        for git_label in labels if key == "note" else [""]:
            if f"{key} big{suffix(git_label)}" not in figures:
                continue
            bw, bc, bm = figures[f"{key} big{suffix(git_label)}"]
            _, sc, _ = figures[f"{key} small{suffix(git_label)}"]
            name = f"`{key}`, git {git_label}" if git_label else f"`{key}`"
            lines.append(
                f"| {name} | {bw:.2f} s | {bc:.2f} s | {bc / floor_cpu:.2f} | {bc / sc:.2f} | "
                f"{sc:.2f} s | {bm:.0f} | {target} |"
            )
    lines.append(
        f"\nFramework floor: {floor_wall:.3f} s wall, {floor_cpu:.3f} s CPU, {floor_mb:.0f} MB."
    )
    for git_label in labels:
        if f"index floor big{suffix(git_label)}" not in figures:
            continue
        git_big = figures[f"index floor big{suffix(git_label)}"][1]
        git_small = figures[f"index floor small{suffix(git_label)}"][1]
        note_small = figures[f"note small{suffix(git_label)}"][1]
        best = (note_small + git_big - git_small) / note_small
        who = f"git {git_label}'s" if git_label else "git's"
        lines.append(
            f"{who} own `update-index --add` of one file: {git_big:.3f} s CPU big, "
            f"{git_small:.3f} s small; with nothing else growing, `note` could be at best "
            f"{best:.2f}× the small team's."
        )
    lines.append(f"Load average at the end: {' / '.join(f'{n:.1f}' for n in os.getloadavg())}.")
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
    parser.add_argument(
        "--git",
        action="append",
        metavar="LABEL=BINDIR",
        help="measure `note` with the git installed in BINDIR too (repeat; 'LABEL=' is PATH's), "
        "e.g. --git 2.39= --git 2.47=/work/git-new/bin",
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    gits = dict(item.partition("=")[::2] for item in args.git) if args.git else None
    if gits is not None and "" in gits:
        parser.error("--git needs a label: LABEL=BINDIR")
    only = args.only or COMMANDS
    figures = measure_write_side(args.big, args.small, args.work, args.runs, only, gits)
    print(render_write_side(figures))


if __name__ == "__main__":
    main()
