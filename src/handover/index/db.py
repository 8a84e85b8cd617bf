"""The team index: a SQLite cache of what the team views and search need, never the truth.

It lives outside the folder and outside git, in the user's cache folder
(``platformdirs.user_cache_dir("handover")``, so ``$XDG_CACHE_HOME/handover`` on Linux), one file
per team folder keyed by a hash of the folder's real path. Deleting it changes no answer: the
next team command rebuilds it from the files. Only the customers whose files changed
(`staleness`) are read again (`build`), so one new note costs the next command one customer's
files.

The index is split by job: `schema` (tables, opening), `build` (one customer's row),
`staleness` (what changed), `narrow` (what may have changed, told by git and stats, for the
team or one rep's views), `search_text` (bigrams), `lookups` (name lookup without a
refresh), and this module, which keeps the file consistent and answers the team views.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handover.errors import DataError, HandoverError, IndexUnusableError
from handover.format.store import TeamFolder
from handover.i18n import _
from handover.index import stamps
from handover.index.build import (
    BATCH,
    IndexedCustomer,
    Progress,
    error_dict,
    error_from,
    read_customer,
    read_many,
)
from handover.index.fresh import build_fresh, customer_values
from handover.index.location import index_path
from handover.index.lookups import name_candidates
from handover.index.narrow import (
    EVERY_CUSTOMER,
    HAND_KEY,
    Narrowed,
    hand_changed,
    hand_value,
    narrow,
    reps_seeing,
)
from handover.index.reuse import reindex_profiles
from handover.index.schema import CUSTOMER_VALUES, connect, delete
from handover.index.search_text import bigrams, gram_text, normalize
from handover.index.staleness import (
    RACY_NS,
    GitState,
    customer_folders,
    dir_stamp,
    git_changed,
    git_state,
    known_stamps,
    scan,
)

STATE = "('customers', 'git_head', 'git_index', 'git_uncommitted', 'hand_changed')"
"""The keys of `meta` a refresh compares (not the packed stamps: `narrow` reads them when it
needs them)."""

FRESH_FROM = 400
"""Customers to read again from which a new file is built instead (if they are at least half
of the index): inserting into empty tables beats forgetting and replacing row by row."""

__all__ = [
    "Refreshed",
    "TeamIndex",
    "bigrams",
    "index_path",
    "name_candidates",
    "normalize",
    "open_index",
]


@dataclass(frozen=True)
class Refreshed:
    """What bringing the index up to date did."""

    customers: int
    """Of the team (of the view, when one rep's check read nothing: `narrow`)."""
    read: int
    removed: int
    seconds: float
    notes_kept: int = 0
    """Of those read, customers whose notes were as indexed: only their profile was read."""


class TeamIndex:
    """One team folder's index file; every method keeps it consistent with the files."""

    def __init__(self, folder: TeamFolder, path: Path) -> None:
        self.folder = folder
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._next_doc = 1

    # connection and schema

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = connect(self.path, self.folder.root)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def delete(self) -> None:
        self.close()
        delete(self.path)

    # keeping it fresh

    def refresh(
        self,
        progress: Progress | None = None,
        *,
        jobs: int | None = None,
        for_rep: str | None = None,
    ) -> Refreshed:
        """Read again exactly the customers whose files changed since the last refresh.

        ``for_rep``: only that rep's view is asked for, so only the files of the customers it
        is made of are looked at (`narrow`): a few hundred instead of every profile.
        """
        started = time.perf_counter()
        racy_after = time.time_ns() - RACY_NS
        db = self.db
        meta: dict[str, Any] = dict(db.execute("SELECT key, value FROM meta WHERE key IN " + STATE))
        customers_dir = str(self.folder.customers_dir)
        listing = dir_stamp(customers_dir, racy_after)
        git = git_state(self.folder.root)
        state = {"customers": listing}
        if git is not None:
            state |= git_meta(git)
        narrowed = narrow(db, customers_dir, meta, listing, git, racy_after, for_rep)
        removed: list[str] = []
        kept: tuple[list[bytes], bytes] | None = None
        full = narrowed is None or narrowed is EVERY_CUSTOMER
        if narrowed is None or narrowed is EVERY_CUSTOMER:
            known = known_stamps(db)
            everyone = narrowed is EVERY_CUSTOMER  # each customer's notes key is compared
            stale, seen = scan(self.folder.customers_dir, {} if everyone else known, racy_after)
            removed = [name for name in known if name not in seen]
            customers, total = len(seen), len(known)
        else:
            stale, kept = narrowed.stale, narrowed.kept
            if kept is None and stale:  # one rep's check: read to pack those stamps anew
                kept = stamps.load(db)
            customers = total = narrowed.looked_at if kept is None else len(kept[0])
        named = self._named_by_git(meta, narrowed, git)
        by_hand = hand_changed(meta) - named - set(removed)
        state[HAND_KEY] = hand_value(by_hand)
        everyone = narrowed is EVERY_CUSTOMER
        unexplained = [] if everyone else [n for n, *_ in stale if n not in named]
        seen_by = reps_seeing(db, unexplained) if unexplained else {}  # none after a pull
        if removed:
            db.execute("BEGIN IMMEDIATE")
            for name in removed:
                self._forget(name)
            db.execute("COMMIT")
        # a changed profile whose notes are as indexed: the profile alone is read
        whole = reindex_profiles(db, self.folder, stale, progress, jobs) if stale else []
        if len(whole) >= FRESH_FROM and len(whole) * 2 >= total:
            return self._build_fresh(started, racy_after, state, progress, jobs)
        if whole:
            self._read_into(whole, progress, jobs)
        if seen_by:  # a customer a rep no longer sees, by a change no commit explains
            now_seen_by = reps_seeing(db, list(seen_by))
            left = {name for name, reps in seen_by.items() if reps - now_seen_by.get(name, set())}
            state[HAND_KEY] = hand_value(by_hand | left)
        for key, value in state.items():
            if meta.get(key) != value:
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        if full:
            if stale or removed or stamps.load(db) is None:
                stamps.store_from_rows(db)
        elif stale and kept is None:  # kept, but not of this shape: packed again from the rows
            stamps.store_from_rows(db)
        elif stale and kept is not None:
            paths, packed = kept
            now = {name: stamp for name, stamp, *_ in stale}
            stamps.store(db, paths, stamps.replaced(paths, packed, now))
        took = time.perf_counter() - started
        return Refreshed(customers, len(stale), len(removed), took, len(stale) - len(whole))

    @staticmethod
    def _named_by_git(
        meta: dict[str, Any], narrowed: Narrowed | None, git: GitState | None
    ) -> set[str]:
        """The customers git names as changed since the last refresh (a commit, a pull)."""
        if narrowed is not None:
            return set(narrowed.by_git)
        old_head = meta.get("git_head")  # a full scan: git may still name what a pull brought
        if git is None or old_head is None or git.head == old_head:
            return set()
        return git_changed(git, str(old_head)) or set()

    def rebuild(self, progress: Progress | None = None, *, jobs: int | None = None) -> Refreshed:
        """Read every customer again into a new index file, which then replaces the old one
        (a killed rebuild leaves the old index)."""
        started = time.perf_counter()
        racy_after = time.time_ns() - RACY_NS
        state = {"customers": dir_stamp(str(self.folder.customers_dir), racy_after)}
        git = git_state(self.folder.root)
        if git is not None:
            state |= git_meta(git)
        return self._build_fresh(started, racy_after, state, progress, jobs)

    def _build_fresh(
        self,
        started: float,
        racy_after: int,
        state: dict[str, str],
        progress: Progress | None,
        jobs: int | None,
    ) -> Refreshed:
        """Every customer read into a new file renamed into place (`fresh`): what a cold
        index, and a pull that changed most customers, cost the least this way."""
        names = customer_folders(self.folder.customers_dir)
        self.close()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            build_fresh(self.folder, self.path, names, racy_after, state, progress, jobs)
            stamps.store_from_rows(self.db)
        except sqlite3.Error as exc:
            raise IndexUnusableError(
                _("cannot use the index {path}: {reason}", path=self.path, reason=exc),
                hint=_("make the cache folder writable, or set $XDG_CACHE_HOME"),
            ) from None
        return Refreshed(len(names), len(names), 0, time.perf_counter() - started)

    def _read_into(
        self,
        stale: Sequence[tuple[str, str, str, str]],
        progress: Progress | None,
        jobs: int | None,
    ) -> None:
        db = self.db
        total = len(stale)
        done = 0
        rows = read_many(self.folder, [name for name, *_ in stale], jobs)
        stamps = {name: rest for name, *rest in stale}
        db.execute("BEGIN IMMEDIATE")
        self._next_doc = (db.execute("SELECT max(id) FROM docs").fetchone()[0] or 0) + 1
        try:
            for row in rows:
                if isinstance(row, str):  # a worker could not read it: read here, to raise
                    row = read_customer(self.folder, row)
                self._forget(row.id)  # also when another command indexed it meanwhile
                if isinstance(row, IndexedCustomer):
                    self._insert(row, *stamps[row.id])
                if row.unreadable:
                    errors = json.dumps([error_dict(e) for e in row.unreadable])
                    db.execute(
                        "INSERT INTO unreadable VALUES (?,?,?,?,?)",
                        (row.id, *stamps[row.id], errors),
                    )
                done += 1
                if done % 5000 == 0:
                    db.execute("COMMIT")
                    db.execute("BEGIN IMMEDIATE")
                if progress is not None and (done % BATCH == 0 or done == total):
                    progress(done, total)
        finally:
            db.execute("COMMIT")

    def _forget(self, customer_id: str) -> None:
        db = self.db
        for rowid, text in db.execute(
            "SELECT id, text FROM docs WHERE customer = ?", (customer_id,)
        ).fetchall():
            db.execute(
                "INSERT INTO grams(grams, rowid, g) VALUES ('delete', ?, ?)",
                (rowid, gram_text(text)),
            )
        db.execute("DELETE FROM docs WHERE customer = ?", (customer_id,))
        db.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
        db.execute("DELETE FROM digests WHERE id = ?", (customer_id,))
        db.execute("DELETE FROM open_items WHERE customer = ?", (customer_id,))
        db.execute("DELETE FROM unreadable WHERE id = ?", (customer_id,))
        db.execute("DELETE FROM timelines WHERE id = ?", (customer_id,))

    def _insert(self, row: IndexedCustomer, stamp: str, notes_stamp: str, years: str) -> None:
        db = self.db
        db.execute(
            f"INSERT INTO customers VALUES ({CUSTOMER_VALUES})",
            customer_values(row, stamp, notes_stamp, years),
        )
        db.execute("INSERT INTO digests VALUES (?, ?)", (row.id, row.digest))
        db.executemany(
            "INSERT INTO open_items VALUES (?, ?, ?)",
            [(row.id, holder, item) for holder, item in row.open_item_rows],
        )
        db.execute("INSERT INTO timelines VALUES (?, ?)", (row.id, row.timeline))
        first = self._next_doc
        self._next_doc += len(row.docs)
        db.executemany(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)",
            [(first + n, *doc) for n, doc in enumerate(row.docs)],
        )
        db.executemany(
            "INSERT INTO grams(rowid, g) VALUES (?, ?)",
            [(first + n, grams) for n, grams in enumerate(row.grams)],
        )

    # answers

    def summary_rows(
        self,
        *,
        rep: str | None = None,
        kind: str | None = None,
        with_open_items: bool = False,
        items_for: str | None = None,
        agenda_until: dt.date | None = None,
    ) -> list[tuple[str, str, str, str | None, str, str]]:
        """(id, name, kind, organisation, owner, digest) by id; the filters only narrow what
        cannot appear anyway (a customer without open items has no open item to list)."""
        sql = (
            "SELECT c.id, name, kind, organisation, owner, digest "
            "FROM customers c JOIN digests d ON d.id = c.id WHERE 1"
        )
        params: list[Any] = []
        if rep is not None:
            sql += " AND owner = ?"
            params.append(rep)
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if with_open_items:
            sql += " AND open_items > 0"
        if items_for is not None:  # owns the customer, or is responsible for an open item
            sql += " AND (owner = ? OR c.id IN (SELECT customer FROM open_items WHERE holder = ?))"
            params += [items_for, items_for]
        if agenda_until is not None:
            sql += " AND (open_items > 0 OR last_rating = 0 OR plan <= ?)"
            params.append(agenda_until.isoformat())
        return list(self.db.execute(sql + " ORDER BY c.id", params))

    def unreadable(self, ids: set[str] | None = None) -> list[DataError]:
        """Every file the last refresh could not read (of the customers ``ids``, if given),
        as `check` names it: what the team views leave out and warn about."""
        found: list[DataError] = []
        for customer_id, errors in self.db.execute("SELECT id, errors FROM unreadable ORDER BY id"):
            if ids is None or customer_id in ids:
                found += [error_from(item) for item in json.loads(errors)]
        return found

    def timeline_rows(self, *, kind: str | None = None) -> list[tuple[str, str, str, bytes]]:
        """(id, kind, owner, stored timeline) of every customer (of a kind), by id."""
        # timelines first (CROSS JOIN keeps the order): read in key order, nothing is sorted
        sql = (
            "SELECT t.id, c.kind, c.owner, t.timeline FROM timelines t "
            "CROSS JOIN customers c ON c.id = t.id"
        )
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE c.kind = ?"
            params.append(kind)
        return list(self.db.execute(sql + " ORDER BY t.id", params))

    def stats(self) -> dict[str, int]:
        db = self.db
        return {
            "customers": db.execute("SELECT count(*) FROM customers").fetchone()[0],
            "documents": db.execute("SELECT count(*) FROM docs").fetchone()[0],
        }


def git_meta(git: GitState) -> dict[str, str]:
    """What the index keeps of git's state, to compare at the next refresh (`narrow`)."""
    return {"git_head": git.head, "git_index": git.index, "git_uncommitted": git.uncommitted}


def open_index(
    folder: TeamFolder, *, refresh: bool = True, for_rep: str | None = None
) -> TeamIndex:
    """The folder's index, brought up to date with the files unless told otherwise (for one
    rep's view only, ``for_rep``: `TeamIndex.refresh`)."""
    index = TeamIndex(folder, index_path(folder.root))
    if refresh:
        index.refresh(for_rep=for_rep)
    return index


def refresh_if_built(folder: TeamFolder) -> None:
    """After a write that adds customers (`add`, `import`): bring an existing index up to date,
    so a Tab completes them at once (completion reads the index as it is, never refreshing
    it). With no index yet, completion reads the folder's names and the next command builds
    one. A failure here costs nothing the write did: the next command refreshes again."""
    from handover.index.location import index_path

    if index_path(folder.root).is_file():
        with contextlib.suppress(HandoverError, OSError, sqlite3.Error):
            index = open_index(folder)
            index.close()
