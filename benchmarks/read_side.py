"""Issue 14's read-side targets on an existing big team, without writing into it.

Usage: python benchmarks/read_side.py TEAM --cache DIR [--runs 5] [--work DIR]

TEAM may be a `cp -al` copy of a generated team that must not change: every command here
only reads it (the index lives in `--cache`, exported HTML in `--work`). The commands run
interleaved, round by round (one run of each per round, after one warm-up round), so every
figure and its baselines (run.FLOOR, `git grep -F -l`) see the same load. Each figure is the
median wall and the median CPU (user + system, children included: write_side.timed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR, HANDOVER, PYTHON, first
from write_side import biggest_rep, timed

QUERIES = ("처방", "라텍스", "renal dosing", "ㄱㅁㅅ")
BARE = Path(__file__).resolve().parent / "bare_stats.py"
"""The freshness check's system calls alone (its two rows differ by one stat per profile)."""


def commands(team: Path, work: Path, floor: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Each measured command by label, with the folder it runs in (None: anywhere)."""
    rep = biggest_rep(team)

    def h(*args: str) -> tuple[list[str], Path | None]:
        return [HANDOVER, *args, "--dir", str(team)], None

    chosen: dict[str, tuple[list[str], Path | None]] = {
        "floor": ([PYTHON, str(floor)], None),
        "bare: list the customer folders": ([PYTHON, str(BARE), str(team)], None),
        "bare: … and stat every profile": ([PYTHON, str(BARE), str(team), "--stat"], None),
        "open (team)": h("open"),
        "list --kind doctor": h("list", "--kind", "doctor"),
        f"brief {first(team, 'g*', index=3)}": h("brief", first(team, "g*", index=3)),
    }
    for view in ("list", "open", "agenda", "health"):
        chosen[f"{view} --rep {rep}"] = h(view, "--rep", rep)
    for query in QUERIES:
        chosen[f"search {query}"] = h("search", query)
        grep = ["git", "grep", "-F", "-l", query.split()[0], "--", "customers"]
        chosen[f"git grep {query.split()[0]}"] = (grep, team)
    html = work / "read-side-book.html"
    chosen[f"export --rep {rep} html"] = h(
        "export", "--rep", rep, "--format", "html", "-o", str(html)
    )
    return chosen


def measure(
    chosen: dict[str, tuple[list[str], Path | None]], env: dict[str, str], runs: int
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) per label, the commands interleaved round by round."""
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in chosen}
    for number in range(runs + 1):  # round 0 warms the page cache and is dropped
        for label, (cmd, cwd) in chosen.items():
            sample = timed_in(cmd, env, cwd)
            if number:
                samples[label].append(sample)
        print(f"round {number} done, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return {
        label: (statistics.median(s[0] for s in got), statistics.median(s[1] for s in got))
        for label, got in samples.items()
    }


def timed_in(cmd: Sequence[str], env: dict[str, str], cwd: Path | None) -> tuple[float, float]:
    if cwd is None:
        return timed(cmd, env)
    here = Path.cwd()
    os.chdir(cwd)
    try:
        return timed(cmd, env)
    finally:
        os.chdir(here)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="XDG_CACHE_HOME (the index)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hb-read-side"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    floor = args.work / "floor.py"
    floor.write_text(FLOOR)
    env = dict(os.environ, XDG_CACHE_HOME=str(args.cache), NO_COLOR="1")
    env.pop("HANDOVER_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: from bytecode (see run.Bench)
    load_before = os.getloadavg()
    figures = measure(commands(args.team.resolve(), args.work, floor), env, args.runs)
    load_after = os.getloadavg()
    floor_cpu = figures["floor"][1]
    print(f"load before {load_before}, after {load_after}")
    print("| command | wall s | CPU s | CPU ×floor |")
    print("| --- | ---: | ---: | ---: |")
    for label, (wall, cpu) in figures.items():
        print(f"| `{label}` | {wall:.3f} | {cpu:.3f} | {cpu / floor_cpu:.2f} |")


if __name__ == "__main__":
    main()
