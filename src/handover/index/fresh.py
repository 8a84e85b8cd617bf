"""An index built from nothing (`reindex`, a first team command, a pull that changed most
customers): written to a temporary file and renamed into place, so a killed build leaves the
old index as it was.

A fresh file needs no care a live one does: no journal (the file is not the index until the
rename), no other reader, no rows to forget first. So rows go in by `executemany` in one
transaction and the b-tree indexes are created after the rows. Parsing is done by
`build.read_many` (two processes from `PARALLEL_FROM` customers); only the parent writes.

Whatever the parent does after the last customer runs on one core while the other is idle, so
the search table is filled while the workers still read: its bigrams go straight into FTS5,
which keeps them in memory within the transaction and writes sorted segments as it goes. (A
staging table read into FTS5 at the end cost 2.6 s of CPU more after the last customer, and
0.5-1 s more in all; creating the b-tree indexes before the rows cost more than it took off
the end: benchmarks/RESULTS.md, "Cold reindex, round 5".)
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import os
import signal
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from handover.format.store import TeamFolder
from handover.index.build import (
    BATCH,
    IndexedCustomer,
    Progress,
    Stamps,
    UnreadableCustomer,
    error_dict,
    read_customer,
    read_many_stamped,
)
from handover.index.schema import CUSTOMER_VALUES, INDEXES, SCHEMA_VERSION, TABLES, delete

FLUSH_EVERY = 256
"""Customers whose rows are gathered before one `executemany` per table."""


def customer_values(
    row: IndexedCustomer, stamp: str, notes_stamp: str, years: str
) -> tuple[Any, ...]:
    """The `customers` table's row of one customer."""
    return (
        row.id,
        *profile_columns(row),
        row.open_items,
        row.item_owners,
        row.last_rating,
        row.plan,
        row.last_day,
        row.health_inputs,
        stamp,
        notes_stamp,
        years,
        row.notes_key,
        row.notes_part,
    )


def profile_columns(profile: Any) -> tuple[str, str, str | None, str, str, str]:
    """(name, kind, organisation, owner, norm_name, initials): the `customers` columns read
    from the profile alone."""
    from handover.domain.romanize import initial_consonants
    from handover.index.search_text import normalize

    name = profile.name
    initials = initial_consonants(name).replace(" ", "")
    return name, profile.kind, profile.organisation, profile.owner, normalize(name), initials


def building_path(path: Path) -> Path:
    """The temporary file a build of ``path`` writes (one per process)."""
    return path.with_name(f"{path.name}.building-{os.getpid()}")


def build_fresh(
    folder: TeamFolder,
    path: Path,
    names: Sequence[str],
    racy_after: int,
    meta: dict[str, str],
    progress: Progress | None,
    jobs: int | None,
) -> None:
    """Write an index of exactly the customers ``names`` to a new file, then rename it to
    ``path``; on any failure (or a kill) ``path`` is untouched. Each customer's stamps are
    taken just before its files are read (stamps from ``racy_after`` on are never trusted)."""
    _remove_abandoned(path)
    target = building_path(path)
    delete(target)
    with _removed_if_killed(target):
        try:
            db = sqlite3.connect(target, isolation_level=None)
            collecting = gc.isenabled()
            gc.disable()  # rows arrive by the hundred thousand and die by reference counting
            try:
                _fill(db, folder, names, racy_after, meta, progress, jobs)
            finally:
                db.close()
                if collecting:
                    gc.enable()
            # The old file's log must not be read as the new one's. A process that still has
            # the old file open keeps its own log: SQLite (since 3.16) neither checkpoints nor
            # deletes the log of a file renamed over or unlinked while open (pager.c,
            # databaseIsUnmoved), so its closing never removes the new file's log (test_index.py
            # checks it).
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            target.replace(path)
        finally:
            delete(target)


@contextlib.contextmanager
def _removed_if_killed(target: Path) -> Iterator[None]:
    """`kill` (SIGTERM) or a closed terminal (SIGHUP) during a build ends handover at once, as
    it always did, and now without leaving the unfinished file in the cache (the next build
    removed it; Ctrl-C already did). A signal with a handler of its own is left to it. The
    build's workers, forked meanwhile, put both back to their default (`workers`)."""

    def end(number: int, frame: object) -> None:
        delete(target)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    ending = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {}
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours to change
        for number in ending:
            if signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, end)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _fill(
    db: sqlite3.Connection,
    folder: TeamFolder,
    names: Sequence[str],
    racy_after: int,
    meta: dict[str, str],
    progress: Progress | None,
    jobs: int | None,
) -> None:
    db.execute("PRAGMA journal_mode=OFF")  # not the index until renamed: nothing to roll back
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA locking_mode=EXCLUSIVE")
    db.execute("PRAGMA cache_size=-131072")
    db.execute("PRAGMA temp_store=FILE")  # the index builds' sorts
    db.executescript(TABLES)
    db.execute("BEGIN")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("root", str(folder.root)), *meta.items()])
    rows = read_many_stamped(folder, names, racy_after, jobs)
    total = len(names)
    pending: list[tuple[Stamps, IndexedCustomer | UnreadableCustomer]] = []
    next_doc = 1
    for done, (stamps, row) in enumerate(rows, 1):
        pending.append((stamps, read_customer(folder, row) if isinstance(row, str) else row))
        if len(pending) >= FLUSH_EVERY:
            next_doc = _insert(db, pending, next_doc)
            pending = []
        if progress is not None and (done % BATCH == 0 or done == total):
            progress(done, total)
    documents = _insert(db, pending, next_doc) - 1
    if db.execute("SELECT max(id) FROM docs").fetchone()[0] != (documents or None):
        raise AssertionError("the documents' ids are not their bigrams' rowids")
    for statement in INDEXES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.execute("COMMIT")
    db.execute("PRAGMA locking_mode=NORMAL")
    db.execute("PRAGMA journal_mode=WAL")  # what every later open expects


def _insert(
    db: sqlite3.Connection,
    rows: Iterable[tuple[Stamps, IndexedCustomer | UnreadableCustomer]],
    next_doc: int,
) -> int:
    customers: list[tuple[Any, ...]] = []
    digests: list[tuple[str, str]] = []
    open_items: list[tuple[str, str, str]] = []
    timelines: list[tuple[str, bytes]] = []
    indexed: list[IndexedCustomer] = []
    unreadable: list[tuple[str, ...]] = []
    for (stamp, notes_stamp, years), row in rows:
        if isinstance(row, IndexedCustomer):
            indexed.append(row)
            customers.append(customer_values(row, stamp, notes_stamp, years))
            digests.append((row.id, row.digest))
            open_items += [(row.id, holder, item) for holder, item in row.open_item_rows]
            timelines.append((row.id, row.timeline))
        if row.unreadable:
            errors = json.dumps([error_dict(e) for e in row.unreadable])
            unreadable.append((row.id, stamp, notes_stamp, years, errors))
    db.executemany(f"INSERT INTO customers VALUES ({CUSTOMER_VALUES})", customers)
    db.executemany("INSERT INTO digests VALUES (?, ?)", digests)
    db.executemany("INSERT INTO open_items VALUES (?, ?, ?)", open_items)
    db.executemany("INSERT INTO timelines VALUES (?, ?)", timelines)
    # 600,000 documents: handed to SQLite as the workers made them, no tuple built per row
    # here. A fresh table numbers them 1, 2, … in this order (one more than the largest id),
    # which is what their bigrams' rowids count; `_fill` checks the two agree at the end.
    db.executemany(
        "INSERT INTO docs(customer, kind, ref, ts, day, by, text) VALUES (?,?,?,?,?,?,?)",
        itertools.chain.from_iterable(row.docs for row in indexed),
    )
    grams = itertools.chain.from_iterable(row.grams for row in indexed)
    documents = sum(len(row.grams) for row in indexed)
    db.executemany(
        "INSERT INTO grams(rowid, g) VALUES (?, ?)", zip(itertools.count(next_doc), grams)
    )
    db.executemany("INSERT INTO unreadable VALUES (?,?,?,?,?)", unreadable)
    return next_doc + documents


def _remove_abandoned(path: Path) -> None:
    """Delete what a killed build left (its process is gone)."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f"{path.name}.building-*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not _alive(int(pid)):
                leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
