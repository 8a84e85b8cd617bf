"""How long `check --since` and `sync` take on a large team folder.

Generates a folder of CUSTOMERS customers with NOTES notes each (25,000 x 24 = 600,000 notes
by default, the size the product brief names), commits it, makes a bare remote and a second
clone, and times the real `handover` command as a rep would run it:

    python benchmarks/teamwork.py /tmp/big            # full size; needs ~4 GB and some minutes
    python benchmarks/teamwork.py /tmp/small --customers 2000 --notes 10

The folder is kept, so the commands can be timed again by hand afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPS = ("sylee", "jpark", "mchoi", "hkang", "dwilson")
HANDOVER = shutil.which("handover") or str(Path(sys.executable).with_name("handover"))
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "sylee@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "sylee@example.com",
    "HANDOVER_REP": "sylee",
}

CONFIG = """\
format: 1
team: Benchmark team
reps:
""" + "".join(
    f"  - id: {rep}\n    name: {rep.title()}\n    email: {rep}@example.com\n    handle: {rep}-gh\n"
    for rep in REPS
)

PROFILE = """\
id: {id}
name: Customer {n}
kind: doctor
organisation: Clinic {clinic}
owner: {owner}
contacts:
  mobile: "010-{a:04d}-{b:04d}"
never_forget:
  - prefers mornings
tags: [bench]
"""

NOTE = """\
kind: moment
at: '{at}'
by: {by}
channel: visit
summary: Discussed dosing and samples for patient group {n}
topics:
- dosage
rating: {rating}
"""


def sh(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, env=ENV, check=True, capture_output=True, text=True).stdout


def timed(label: str, *args: str, cwd: Path, expect: int = 0) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{label}: exit {done.returncode}\n{done.stdout}{done.stderr}")
    print(f"{seconds:8.2f} s  {label}  ({' '.join(args[1:])})", flush=True)
    return seconds


def generate(root: Path, customers: int, notes: int) -> None:
    rng = random.Random(7)
    (root / "customers").mkdir(parents=True)
    (root / "handover.yaml").write_text(CONFIG, encoding="utf-8")
    (root / ".gitignore").write_text(".handover/\n.*.tmp\n", encoding="utf-8")
    start = dt.datetime(2024, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    for n in range(customers):
        customer = root / "customers" / f"customer-{n:05d}"
        customer.mkdir()
        owner = REPS[n % len(REPS)]
        (customer / "profile.yaml").write_text(
            PROFILE.format(
                id=customer.name,
                n=n,
                clinic=n % 700,
                owner=owner,
                a=rng.randrange(10_000),
                b=rng.randrange(10_000),
            ),
            encoding="utf-8",
        )
        for k in range(notes):
            at = start + dt.timedelta(days=k * 45, minutes=n % 600)
            by = REPS[(n + k) % len(REPS)]
            utc = at.astimezone(dt.UTC)
            year = customer / "notes" / f"{at.year:04d}"
            year.mkdir(parents=True, exist_ok=True)
            name = f"{utc:%Y%m%dT%H%M%SZ}-{by}-{rng.getrandbits(24):06x}.yaml"
            (year / name).write_text(
                NOTE.format(at=at.isoformat(), by=by, n=n, rating=rng.randrange(5)),
                encoding="utf-8",
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("where", type=Path)
    parser.add_argument("--customers", type=int, default=25_000)
    parser.add_argument("--notes", type=int, default=24)
    options = parser.parse_args()
    where: Path = options.where
    if where.exists():
        raise SystemExit(f"{where} exists; give a new folder")
    a, b, remote = where / "a", where / "b", where / "remote.git"

    start = time.perf_counter()
    generate(a, options.customers, options.notes)
    total = options.customers * options.notes
    seconds = time.perf_counter() - start
    print(f"{seconds:8.2f} s  generated {options.customers} customers, {total} notes")
    start = time.perf_counter()
    sh("git", "init", "--quiet", "--initial-branch=main", cwd=a)
    sh("git", "add", "-A", cwd=a)
    sh("git", "commit", "--quiet", "-m", "the team's three years", cwd=a)
    sh("git", "clone", "--quiet", "--bare", str(a), str(remote), cwd=where)
    sh("git", "remote", "add", "origin", str(remote), cwd=a)
    sh("git", "fetch", "--quiet", "origin", cwd=a)
    sh("git", "branch", "--quiet", "--set-upstream-to=origin/main", cwd=a)
    sh("git", "clone", "--quiet", str(remote), str(b), cwd=where)
    print(f"{time.perf_counter() - start:8.2f} s  git add, commit, bare remote, second clone")

    print("check --since, one new note (what pre-commit and a rep see):")
    timed("note", HANDOVER, "note", "customer-00042", "-s", "bench", "--no-commit", cwd=a)
    timed("check --since HEAD", HANDOVER, "check", "--since", "HEAD", cwd=a)
    print("check --since, a day of the team's work (800 notes, one commit):")
    day = time.perf_counter()
    rng = random.Random(11)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    for n in range(800):  # written directly: the cost of 800 `handover note` runs is not the point
        customer = a / "customers" / f"customer-{(n * 31) % options.customers:05d}"
        by = REPS[n % len(REPS)]
        year = customer / "notes" / f"{now.year:04d}"
        year.mkdir(parents=True, exist_ok=True)
        name = f"{now:%Y%m%dT%H%M%SZ}-{by}-{rng.getrandbits(24):06x}.yaml"
        (year / name).write_text(
            NOTE.format(at=now.isoformat(), by=by, n=n, rating=3), encoding="utf-8"
        )
    sh("git", "add", "-A", cwd=a)
    sh("git", "commit", "--quiet", "-m", "a day", cwd=a)
    print(f"{time.perf_counter() - day:8.2f} s  (writing and committing the day)")
    timed("check --since HEAD~1", HANDOVER, "check", "--since", "HEAD~1", cwd=a)
    timed("check --since origin/main", HANDOVER, "check", "--since", "origin/main", cwd=a)

    print("sync:")
    timed("sync a (push the day)", HANDOVER, "sync", cwd=a)
    timed("note in b", HANDOVER, "note", "customer-00007", "-s", "from b", "--no-commit", cwd=b)
    timed("sync b (commit, rebase on the day, push)", HANDOVER, "sync", cwd=b)
    timed("sync a (receive b's note)", HANDOVER, "sync", cwd=a)
    timed("sync a (nothing to do)", HANDOVER, "sync", cwd=a)
    timed("git status (for comparison)", "git", "status", "--porcelain", cwd=a)


if __name__ == "__main__":
    main()
