"""git's index settings for a large team, measured: what adding one note to the index costs.

Usage: python benchmarks/index_settings.py BIG SMALL [--rounds 4] [--per-round 3] [SETTING ...]

For each setting (index version, split index, untracked cache, index.threads) BIG's index is
rewritten in that form (not timed; with the untracked cache, one plain `git status` fills
it), then `git update-index --add` of one new note file is timed in BIG and in SMALL, and one
plain `git status` in BIG. The settings take turns, the order reversed every other round, so
a busy minute weighs on each alike. CPU is user + system of git. BIG's git config is changed:
use a copy (`cp -al`; the files are only read, the new ones are deleted afterwards), and put
back the settings you want when done (the last setting measured stays).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

# name: (index.version, core.splitIndex, core.untrackedCache, index.threads or None)
SETTINGS = {
    "v4-split-uc": ("4", "true", "true", None),  # what init/sync give a large folder
    "v2-split-uc": ("2", "true", "true", None),
    "v4-split": ("4", "true", "false", None),
    "v2-split": ("2", "true", "false", None),
    "v4-uc": ("4", "false", "true", None),  # feature.manyFiles on git 2.39
    "v2": ("2", "false", "false", None),  # git's defaults
    "v4-split-uc-threads": ("4", "true", "true", "true"),
}


def timed(cmd: Sequence[str], cwd: Path, stdin: bytes | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one git command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def use(folder: Path, name: str) -> None:
    """Give ``folder`` the setting and rewrite its index in that form."""
    version, split, untracked, threads = SETTINGS[name]
    git(folder, "config", "index.version", version)
    git(folder, "config", "core.splitIndex", split)
    git(folder, "config", "core.untrackedCache", untracked)
    if threads:
        git(folder, "config", "index.threads", threads)
    else:
        subprocess.run(["git", "config", "--unset", "index.threads"], cwd=folder)
    git(
        folder,
        "update-index",
        "--index-version",
        version,
        "--split-index" if split == "true" else "--no-split-index",
        "--untracked-cache" if untracked == "true" else "--no-untracked-cache",
    )
    if untracked == "true":
        git(folder, "status", "--porcelain")  # fills the cache (`-uall` would not use it)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("big", type=Path)
    parser.add_argument("small", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per-round", type=int, default=3)
    parser.add_argument("settings", nargs="*", help=f"some of: {', '.join(SETTINGS)} (all)")
    args = parser.parse_intermixed_args(argv)
    names: list[str] = args.settings or list(SETTINGS)
    if unknown := [name for name in names if name not in SETTINGS]:
        parser.error(f"no such setting: {', '.join(unknown)}")
    customer = {
        folder: sorted(path.name for path in (folder / "customers").iterdir())[3]
        for folder in (args.big, args.small)
    }
    numbers = itertools.count()
    made: list[tuple[Path, str]] = []

    def add_one(folder: Path) -> float:
        name = f"customers/{customer[folder]}/bench-{os.getpid()}-{next(numbers)}.yaml"
        (folder / name).write_text("kind: moment\n", encoding="utf-8")
        made.append((folder, name))
        return timed(["git", "update-index", "--add", "--", name], folder)[1]

    added: dict[str, list[float]] = {name: [] for name in names}
    status: dict[str, list[float]] = {name: [] for name in names}
    small: list[float] = []
    try:
        for round_number in range(args.rounds):
            for name in names if round_number % 2 == 0 else names[::-1]:
                use(args.big, name)
                status[name].append(timed(["git", "status", "--porcelain"], args.big)[1])
                add_one(args.big)  # the first write after the rewrite may split the index
                for _ in range(args.per_round):
                    added[name].append(add_one(args.big))
                    small.append(add_one(args.small))
            print(f"round {round_number + 1}: load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        for folder, name in made:
            subprocess.run(["git", "update-index", "--force-remove", name], cwd=folder)
            (folder / name).unlink(missing_ok=True)
    floor = statistics.median(small)
    print(f"\nSMALL: `update-index --add` of one file {floor:.4f} s CPU\n")
    print("| setting | `update-index --add` CPU | minus SMALL's | plain `git status` CPU |")
    print("| --- | ---: | ---: | ---: |")
    for name in names:
        cost = statistics.median(added[name])
        print(
            f"| {name} | {cost:.3f} s | {cost - floor:.3f} s | "
            f"{statistics.median(status[name]):.2f} s |"
        )


if __name__ == "__main__":
    main()
