"""How long `check --since` and `sync` take on a large team folder.

Generates a folder of CUSTOMERS customers with NOTES notes each (25,000 x 24 = 600,000 notes
by default, the size the product brief names), commits it, makes a bare remote and a second
clone, and times the real `handover` command as a rep would run it:

    python benchmarks/teamwork.py /tmp/big            # full size; needs ~4 GB and some minutes
    python benchmarks/teamwork.py /tmp/small --customers 2000 --notes 10
    python benchmarks/teamwork.py /tmp/big --reuse     # time again, without generating

The folder is kept: `--reuse` times the commands again in it.
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


def setup(where: Path, customers: int, notes: int) -> None:
    """The folder in clone a, a bare remote, and a second clone b."""
    a, b, remote = where / "a", where / "b", where / "remote.git"
    start = time.perf_counter()
    generate(a, customers, notes)
    seconds = time.perf_counter() - start
    print(f"{seconds:8.2f} s  generated {customers} customers, {customers * notes} notes")
    start = time.perf_counter()
    sh("git", "init", "--quiet", "--initial-branch=main", cwd=a)
    sh("git", "add", "-A", cwd=a)
    sh("git", "commit", "--quiet", "-m", "the team's three years", cwd=a)
    sh("git", "clone", "--quiet", "--bare", str(a), str(remote), cwd=where)
    sh("git", "remote", "add", "origin", str(remote), cwd=a)
    sh("git", "fetch", "--quiet", "origin", cwd=a)
    sh("git", "branch", "--quiet", "--set-upstream-to=origin/main", cwd=a)
    sh("git", "clone", "--quiet", str(remote), str(b), cwd=where)
    sh("git", "status", "--porcelain", cwd=b)  # a fresh checkout's first status refreshes it
    print(f"{time.perf_counter() - start:8.2f} s  git add, commit, bare remote, second clone")


def write_day(a: Path, customers: int) -> None:
    """800 notes (a team's day) across 800 customers, written directly, in one commit."""
    rng = random.Random(11)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    for n in range(800):
        customer = a / "customers" / f"customer-{(n * 31) % customers:05d}"
        by = REPS[n % len(REPS)]
        year = customer / "notes" / f"{now.year:04d}"
        year.mkdir(parents=True, exist_ok=True)
        name = f"{now:%Y%m%dT%H%M%SZ}-{by}-{rng.getrandbits(24):06x}.yaml"
        (year / name).write_text(
            NOTE.format(at=now.isoformat(), by=by, n=n, rating=3), encoding="utf-8"
        )
    sh("git", "add", "-A", cwd=a)
    sh("git", "commit", "--quiet", "-m", "a day", cwd=a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("where", type=Path)
    parser.add_argument("--customers", type=int, default=25_000)
    parser.add_argument("--notes", type=int, default=24)
    parser.add_argument("--reuse", action="store_true", help="time again in an existing folder")
    options = parser.parse_args()
    where: Path = options.where
    a, b = where / "a", where / "b"
    if not options.reuse:
        if where.exists():
            raise SystemExit(f"{where} exists; give a new folder, or --reuse it")
        setup(where, options.customers, options.notes)
    hn = HANDOVER
    timed("git status, for comparison", "git", "status", "--porcelain", cwd=a)
    print("one note, committed, then checked:")
    timed("note", hn, "note", "customer-00042", "-s", "bench", cwd=a)
    timed("check --since HEAD~1", hn, "check", "--since", "HEAD~1", cwd=a)
    timed("note, not committed", hn, "note", "customer-00043", "-s", "b", "--no-commit", cwd=a)
    timed("check --since HEAD", hn, "check", "--since", "HEAD", cwd=a)
    print("a day of the team's work (800 notes in one commit), checked:")
    write_day(a, options.customers)
    timed("check --since HEAD~1", hn, "check", "--since", "HEAD~1", cwd=a)
    print("sync:")
    timed("sync a: commit 1, push the day", hn, "sync", cwd=a)
    timed("note in b", hn, "note", "customer-00007", "-s", "from b", cwd=b)
    timed("sync b: fetch the day, rebase onto it, push", hn, "sync", cwd=b)
    timed("sync a: receive b's note", hn, "sync", cwd=a)
    timed("sync a: nothing to do", hn, "sync", cwd=a)


if __name__ == "__main__":
    main()
