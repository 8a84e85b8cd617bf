"""`brief <id>` and `brief <full name>` against the framework floor, this code against another.

Usage: python benchmarks/brief_ab.py TEAM --cache DIR [--old-src DIR --old-cache DIR] [--runs 9]

TEAM is only read (a `cp -al` copy of a generated team will do). `--old-src` is the `src` folder
of another version (`git archive COMMIT src | tar -x -C /tmp/old`, then `/tmp/old/src`), run
with this interpreter through PYTHONPATH, with its own index cache (`--old-cache`: another
schema version would rebuild the index). The commands run in turn, round by round, the order
reversed every other round, after one warm-up round, so every figure and the floor see the
same minutes of a shared machine. Each figure is the median CPU (user + system, children
included) from bytecode, with the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR, PYTHON, first, name_of
from write_side import alternated_cpu, code_versions, cpu_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team", type=Path)
    parser.add_argument("--cache", type=Path, required=True, help="XDG_CACHE_HOME of this code")
    parser.add_argument("--old-src", type=Path, help="the src folder of the code to compare")
    parser.add_argument("--old-cache", type=Path, help="XDG_CACHE_HOME of the old code")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hb-brief-ab"))
    args = parser.parse_args()
    team = args.team.resolve()
    customer = first(team, "g*", index=3)  # run.py's and read_side.py's customer
    args.work.mkdir(parents=True, exist_ok=True)
    floor = args.work / "floor.py"
    floor.write_text(FLOOR)
    base, versions = code_versions(args.cache, args.old_src, args.old_cache)
    commands: dict[str, tuple[list[str], dict[str, str]]] = {"floor": ([PYTHON, str(floor)], base)}
    for query, label in ((customer, "brief <id>"), (name_of(team, customer), "brief <full name>")):
        for version, env in versions.items():
            line = [PYTHON, "-m", "handover", "brief", query, "--dir", str(team), "--no-pager"]
            commands[f"{label} ({version})"] = (line, env)
    load_before = os.getloadavg()
    cpu = alternated_cpu(commands, args.runs)
    load_after = os.getloadavg()
    print(f"{customer} ({name_of(team, customer)}); load before {load_before}, after {load_after}")
    print(cpu_table(cpu))


if __name__ == "__main__":
    main()
