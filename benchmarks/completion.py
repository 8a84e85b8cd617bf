"""Time shell completion on a large team: what one Tab costs at 25,000 customers.

Usage:
  python benchmarks/completion.py                  # 25,000 customers (the target: under 100 ms)
  python benchmarks/completion.py --customers 500  # a smoke run
  python benchmarks/completion.py --team DIR       # an existing, indexed team (e.g. make_team.py's)

The team is made by `handover import` of a generated CSV (Korean names), then indexed with
`handover reindex`. Each figure is the median (and slowest) wall time, and the median CPU
time (what a quiet machine's wall time comes close to), of 15 runs of the installed
command as the shell runs it (`_HANDOVER_COMPLETE=complete_bash`, `COMP_WORDS`, `COMP_CWORD`),
for a Hangul prefix, initial consonants, an id prefix, a rep, and a command name (typer's part).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_book import make_csv

BIN = Path(sys.executable).parent
HANDOVER = str(BIN / "handover")
BASELINE = "python -c pass"
CASES = {
    "baseline: python -c pass": BASELINE,
    "customer, Hangul prefix (note 김)": "handover note 김",
    "customer, initials (brief ㄱㅁ)": "handover brief ㄱㅁ",
    "customer, id prefix (brief gim-m)": "handover brief gim-m",
    "rep (note 김민수 --by s)": "handover note 김민수 --by s",
    "item, customer id (resolve gim-m)": "handover resolve gim-m",
    "item, one customer's (item due 김민수#)": "handover item due 김민수#",
    "command name (typer: handover no)": "handover no",
}


def tab(line: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one Tab."""
    words = line.split(" ")
    environ = env | {
        "_HANDOVER_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    command = [sys.executable, "-c", "pass"] if line == BASELINE else [HANDOVER]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=environ, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=25_000)
    parser.add_argument(
        "--team",
        type=Path,
        help="time an existing, indexed team folder instead of generating one "
        "(its index is found through $XDG_CACHE_HOME, as the commands find it)",
    )
    options = parser.parse_args()
    if options.team is not None:
        env = dict(os.environ) | {"HANDOVER_DIR": str(options.team)}
        count = sum(1 for _ in (options.team / "customers").iterdir())
        report(f"{options.team} ({count} customers)", env)
        return
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        env = dict(os.environ)
        env.setdefault("GIT_AUTHOR_NAME", "bench")
        env.setdefault("GIT_AUTHOR_EMAIL", "sylee@example.com")
        env.setdefault("GIT_COMMITTER_NAME", "bench")
        env.setdefault("GIT_COMMITTER_EMAIL", "sylee@example.com")
        env["XDG_CACHE_HOME"] = str(root / "cache")

        def handover(*args: str) -> None:
            subprocess.run([HANDOVER, *args], env=env, check=True, capture_output=True)

        team = root / "team"
        handover("init", str(team), "--team", "bench")
        env["HANDOVER_DIR"] = str(team)
        for rep in ("sylee", "jpark"):
            handover("rep", "add", rep, "--name", rep, "--email", f"{rep}@example.com")
        book = root / "book.csv"
        make_csv(book, options.customers)
        handover("import", str(book), "--json")
        handover("reindex")
        report(f"{options.customers} customers", env)


def report(team: str, env: dict[str, str]) -> None:
    """Every case, 15 Tabs each, printed with the baseline measured in the same run."""
    print(f"{team}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, line in CASES.items():
        runs = [tab(line, env) for _ in range(15)]
        walls = sorted(w for w, _ in runs)
        cpus = sorted(c for _, c in runs)
        print(
            f"{label}: wall median {statistics.median(walls) * 1000:.0f} ms "
            f"(slowest {walls[-1] * 1000:.0f}), CPU median "
            f"{statistics.median(cpus) * 1000:.0f} ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
