"""git's index settings for a large team, measured: what adding one note to the index costs.

Usage: python benchmarks/index_settings.py BIG SMALL [--rounds 4] [--per-round 3]
           [--git LABEL=BINDIR ...] [SETTING ...]

For each git (``--git 2.47=/work/git-new/bin``, repeatable; the git on PATH by default) and
each setting (index version, split index, untracked cache, index.threads, index.skipHash) BIG's
index is
rewritten in that form (not timed; with the untracked cache, one plain `git status` fills
it), then `git update-index --add` of one new note file is timed in BIG and in SMALL, and one
plain `git status` in BIG. The settings take turns, the order reversed every other round, so
a busy minute weighs on each alike. CPU is user + system of git. BIG's git config is changed:
use a copy (`cp -al`; the files are only read, the new ones are deleted afterwards), and put
back the settings you want when done (the last setting measured stays).

index.skipHash (git 2.40 and later: no SHA-1 over the index when it is written) is measured
without a split index only: with both, git 2.47.3 names the shared index by the hash it did
not compute (``sharedindex.000…``) and the next `git status` stops on a BUG (see README,
*Large folders*). A git before 2.40 ignores the setting, so it measures the same as without.
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

# name: (index.version, core.splitIndex, core.untrackedCache, index.threads or None,
#        index.skipHash)
SETTINGS = {
    "v4-split-uc": ("4", "true", "true", None, "false"),  # what init/sync give a large folder
    "v2-split-uc": ("2", "true", "true", None, "false"),
    "v4-split": ("4", "true", "false", None, "false"),
    "v2-split": ("2", "true", "false", None, "false"),
    "v4-uc": ("4", "false", "true", None, "false"),  # feature.manyFiles on git 2.39
    "v2": ("2", "false", "false", None, "false"),  # git's defaults
    "v4-split-uc-threads": ("4", "true", "true", "true", "false"),
    "v4-uc-skiphash": ("4", "false", "true", None, "true"),  # feature.manyFiles on git >= 2.40
    "v4-skiphash": ("4", "false", "false", None, "true"),
    "v4-uc-skiphash-threads": ("4", "false", "true", "true", "true"),
}


def git_env(bindir: Path | None) -> dict[str, str]:
    """The environment that runs the git in ``bindir`` (installed with its own prefix, e.g.
    unpacked beside the system's git) instead of the one on PATH."""
    env = dict(os.environ)
    if bindir is not None:
        env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
        env["GIT_EXEC_PATH"] = str(bindir.parent / "libexec" / "git-core")
    return env


ENV: dict[str, str] = dict(os.environ)  # the git being measured (see main)


def timed(cmd: Sequence[str], cwd: Path, stdin: bytes | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one git command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=ENV)


def use(folder: Path, name: str) -> None:
    """Give ``folder`` the setting and rewrite its index in that form."""
    version, split, untracked, threads, skip_hash = SETTINGS[name]
    git(folder, "config", "index.skipHash", skip_hash)
    git(folder, "config", "index.version", version)
    git(folder, "config", "core.splitIndex", split)
    git(folder, "config", "core.untrackedCache", untracked)
    if threads:
        git(folder, "config", "index.threads", threads)
    else:
        subprocess.run(["git", "config", "--unset", "index.threads"], cwd=folder, env=ENV)
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
    global ENV
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("big", type=Path)
    parser.add_argument("small", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per-round", type=int, default=3)
    parser.add_argument(
        "--git",
        action="append",
        metavar="LABEL=BINDIR",
        help="also (or only) measure the git installed in BINDIR; repeat; 'system' is PATH's",
    )
    parser.add_argument("settings", nargs="*", help=f"some of: {', '.join(SETTINGS)} (all)")
    args = parser.parse_intermixed_args(argv)
    names: list[str] = args.settings or list(SETTINGS)
    if unknown := [name for name in names if name not in SETTINGS]:
        parser.error(f"no such setting: {', '.join(unknown)}")
    gits: dict[str, dict[str, str]] = {}
    for item in args.git or ["system="]:
        label, _sep, bindir = item.partition("=")
        gits[label] = git_env(Path(bindir) if bindir else None)
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

    pairs = [(label, name) for name in names for label in gits]
    added: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    status: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    small: dict[str, list[float]] = {label: [] for label in gits}
    try:
        for round_number in range(args.rounds):
            for label, name in pairs if round_number % 2 == 0 else pairs[::-1]:
                ENV = gits[label]
                use(args.big, name)
                status[label, name].append(timed(["git", "status", "--porcelain"], args.big)[1])
                add_one(args.big)  # the first write after the rewrite may split the index
                for _ in range(args.per_round):
                    added[label, name].append(add_one(args.big))
                    small[label].append(add_one(args.small))
            print(f"round {round_number + 1}: load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        ENV = dict(os.environ)
        for folder, name in made:
            subprocess.run(["git", "update-index", "--force-remove", name], cwd=folder)
            (folder / name).unlink(missing_ok=True)
    floors = {label: statistics.median(small[label]) for label in gits}
    print()
    for label, floor in floors.items():
        print(f"SMALL, git {label}: `update-index --add` of one file {floor:.4f} s CPU")
    print("\n| git | setting | `update-index --add` CPU | minus SMALL's | plain `git status` CPU |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, name in pairs:
        cost = statistics.median(added[label, name])
        print(
            f"| {label} | {name} | {cost:.3f} s | {cost - floors[label]:.3f} s | "
            f"{statistics.median(status[label, name]):.2f} s |"
        )


if __name__ == "__main__":
    main()
