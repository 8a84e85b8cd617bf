"""Which customers changed since the index last looked, told without reading files.

In a git folder, `git diff` between the commit the index last saw and HEAD names the customers
whose notes or profiles arrived or changed (a pull, a note committed here), and each profile's
stat shows a hand edit (all compared in one go, packed: `stamps`). Where git cannot say (no
repository, customers added or removed, git's index changed without a new commit) every
customer's stamp is compared: the profile's stat and the modification time of ``notes/`` and
of each ``notes/<year>/`` folder (notes are only ever added as new files, so a new note
changes its year folder's time). A stamp taken within two seconds of a change is not trusted
(file times are coarser than the clock), so such a customer is read again next time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from handover.format.layout import CUSTOMERS_DIR, NOTES_DIR, PROFILE_FILE

RACY_NS = 2_000_000_000


def stat_stamp(path: str, racy_after: int | None) -> str:
    try:
        st = os.stat(path)  # noqa: PTH116 - a str path: 25,000 of these per refresh
    except OSError:
        return "-"
    if racy_after is not None and st.st_mtime_ns >= racy_after:
        return "?"  # changed moments ago: a later change may keep the same time
    return f"{st.st_mtime_ns}.{st.st_ctime_ns}.{st.st_size}.{st.st_ino}"


def dir_stamp(path: str, racy_after: int) -> str:
    try:
        st = os.stat(path)  # noqa: PTH116 - a str path: 25,000 of these per refresh
    except OSError:
        return "-"
    if st.st_mtime_ns >= racy_after:
        return "?"
    return str(st.st_mtime_ns)


def _years(notes: str) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(notes) if e.is_dir() and e.name[0] != ".")
    except OSError:
        return []


def customer_stamp(
    base: str, before: tuple[str, str, str] | None, racy_after: int
) -> tuple[str, str, str]:
    """(stamp, notes folder stamp, years) of one customer folder."""
    notes = f"{base}/{NOTES_DIR}"
    stamp = stat_stamp(f"{base}/{PROFILE_FILE}", racy_after)
    notes_stamp = dir_stamp(notes, racy_after)
    if before is not None and before[1] == notes_stamp and notes_stamp != "?":
        years = before[2].split(" ") if before[2] else []
    else:
        years = _years(notes)
    stamp += "|" + " ".join(f"{y}:{dir_stamp(f'{notes}/{y}', racy_after)}" for y in years)
    return stamp, notes_stamp, " ".join(years)


UNCOMMITTED = "handover/uncommitted.jsonl"
"""In git's folder: what handover wrote with `--no-commit`, for `sync` to commit (one JSON
object a line, its ``files`` keyed by path in the team folder: `core.journal`)."""


@dataclass(frozen=True)
class GitState:
    """Where the folder sits in its repository, and what git (and handover's `--no-commit`)
    last did there."""

    toplevel: Path
    prefix: str
    head: str
    index: str
    git_dir: Path
    uncommitted: str
    """The stamp of `UNCOMMITTED` ("-": none)."""


def git_state(root: Path) -> GitState | None:
    """HEAD and the stamp of git's index, read from files (no git process); None outside git."""
    for top in (root, *root.parents):
        dotgit = top / ".git"
        try:
            if dotgit.is_dir():
                gitdir = dotgit
            elif dotgit.is_file():
                pointer = dotgit.read_text(encoding="utf-8").strip()
                if not pointer.startswith("gitdir: "):
                    return None
                gitdir = (top / pointer[8:]).resolve()
            else:
                continue
            common = gitdir
            if (gitdir / "commondir").is_file():
                common = (gitdir / (gitdir / "commondir").read_text().strip()).resolve()
            head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
            if head.startswith("ref: "):
                head = _ref(gitdir, common, head[5:])
            index = stat_stamp(str(gitdir / "index"), None)  # git replaces it on every write
        except OSError:
            return None
        prefix = root.relative_to(top).as_posix()
        uncommitted = stat_stamp(str(gitdir / UNCOMMITTED), None)  # replaced on every change
        prefix = "" if prefix == "." else prefix + "/"
        return GitState(top, prefix, head, index, gitdir, uncommitted)
    return None


def _ref(gitdir: Path, common: Path, ref: str) -> str:
    for place in (gitdir, common):
        with contextlib.suppress(OSError):
            return (place / ref).read_text(encoding="utf-8").strip()
    with contextlib.suppress(OSError):
        for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    return f"unborn {ref}"


def git_changed(git: GitState, since: str) -> set[str] | None:
    """The customers whose files differ between commit `since` and HEAD; None if git can't say."""
    import subprocess

    if since.startswith("unborn") or git.head.startswith("unborn"):
        return None
    where = f"{git.prefix}{CUSTOMERS_DIR}/"
    try:
        done = subprocess.run(
            ["git", "diff", "--name-only", "-z", "--no-renames", since, git.head, "--", where],
            cwd=git.toplevel,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return {name[len(where) :].split("/", 1)[0] for name in names if name.startswith(where)}


def uncommitted_customers(git: GitState) -> set[str] | None:
    """The customers whose files handover wrote with `--no-commit` and no commit has taken
    yet (`UNCOMMITTED`); None if the list cannot be read."""
    import json

    try:
        lines = (git.git_dir / UNCOMMITTED).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    except (OSError, UnicodeDecodeError):
        return None
    where = f"{CUSTOMERS_DIR}/"
    customers: set[str] = set()
    try:
        for line in lines:
            for path in json.loads(line)["files"]:
                if path.startswith(where):
                    customers.add(path[len(where) :].split("/", 1)[0])
    except (ValueError, TypeError, KeyError):
        return None
    return customers


Known = dict[str, tuple[str, str, str]]
"""(stamp, notes folder stamp, years) the index holds, per customer."""


def known_stamps(db: sqlite3.Connection, only: AbstractSet[str] | None = None) -> Known:
    """The stamps the index holds for every customer (of ``only``), readable or not."""
    sql = (
        "SELECT id, stamp, notes_stamp, years FROM customers WHERE {0} UNION ALL "
        "SELECT id, stamp, notes_stamp, years FROM unreadable "
        "WHERE id NOT IN (SELECT id FROM customers) AND {0}"
    )
    if only is None:
        rows = db.execute(sql.format("1")).fetchall()
    else:
        wanted, rows = sorted(only), []
        for first in range(0, len(wanted), 400):  # within SQLite's limit of parameters
            chunk = wanted[first : first + 400]
            marks = "id IN (" + ",".join("?" * len(chunk)) + ")"
            rows += db.execute(sql.format(marks), chunk * 2).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def customer_folders(customers: Path) -> list[str]:
    """Every customer folder's name (what `scan` stamps), sorted."""
    names: list[str] = []
    with contextlib.suppress(FileNotFoundError), os.scandir(customers) as entries:
        names = [e.name for e in entries if e.name[0] != "." and e.is_dir()]
    return sorted(names)


def scan(
    customers: Path, known: Known, racy_after: int
) -> tuple[list[tuple[str, str, str, str]], set[str]]:
    """Every customer folder's stamp (the profile's, and each notes folder's time): the
    customers whose stamp differs from ``known``, and every customer seen."""
    stale: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    with contextlib.suppress(FileNotFoundError), os.scandir(customers) as entries:
        for entry in entries:
            name = entry.name
            if name[0] == "." or not entry.is_dir():
                continue
            seen.add(name)
            before = known.get(name)
            stamp = customer_stamp(entry.path, before, racy_after)
            if before is None or before[0] != stamp[0] or "?" in stamp[0]:
                stale.append((name, *stamp))
    return stale, seen
