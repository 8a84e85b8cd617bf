"""One rep's `list`, `open`, `agenda`, `health --rep` against the framework floor, A/B.

This code against another, alternated.

Usage: python benchmarks/rep_views_ab.py TEAM --cache DIR [--old-src DIR --old-cache DIR]
       [--runs 7] [--rep REP] [--with-team]

TEAM is only read (a `cp -al` copy of a generated team will do; the index lives in the
caches). `--old-src` is the `src` folder of another version (`git archive COMMIT src | tar -x
-C /tmp/old`, then `/tmp/old/src`), run with this interpreter through PYTHONPATH, with its own
index cache (`--old-cache`). The commands run in turn, round by round, the order reversed every
other round, after one warm-up round, so every figure and the floor see the same minutes of a
shared machine; the bare stats of every profile (`bare_stats.py`) run in the same rounds. Each
figure is the median CPU (user + system, children included) from bytecode, with the load
average before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR, PYTHON
from write_side import alternated_cpu, biggest_rep, code_versions, cpu_table

BARE = Path(__file__).resolve().parent / "bare_stats.py"
VIEWS = ("list", "open", "agenda", "health")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="XDG_CACHE_HOME of this code")
    parser.add_argument("--old-src", type=Path, help="the src folder of the code to compare")
    parser.add_argument("--old-cache", type=Path, help="XDG_CACHE_HOME of the old code")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rep", help="the rep (default: the one with the most customers)")
    parser.add_argument(
        "--with-team",
        action="store_true",
        help="also the whole team's `open` and `list --kind doctor` (their check is unchanged)",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/hb-rep-views-ab"))
    args = parser.parse_args()
    team = args.team.resolve()
    rep = args.rep or biggest_rep(team)
    args.work.mkdir(parents=True, exist_ok=True)
    floor = args.work / "floor.py"
    floor.write_text(FLOOR)
    base, versions = code_versions(args.cache, args.old_src, args.old_cache)
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor": ([PYTHON, str(floor)], base),
        "bare: stat every profile": ([PYTHON, str(BARE), str(team), "--stat"], base),
    }
    views = [[view, "--rep", rep] for view in VIEWS]
    if args.with_team:
        views += [["open"], ["list", "--kind", "doctor"]]
    for view in views:
        for version, env in versions.items():
            line = [PYTHON, "-m", "handover", *view, "--dir", str(team)]
            commands[f"{' '.join(view)} ({version})"] = (line, env)
    load_before = os.getloadavg()
    cpu = alternated_cpu(commands, args.runs, say_rounds=True)
    load_after = os.getloadavg()
    print(f"rep {rep}; load before {load_before}, after {load_after}")
    print(cpu_table(cpu))


if __name__ == "__main__":
    main()
