"""A customer whose profile changed but whose notes did not is re-indexed from its profile
alone: its notes' rows (digest, timeline, open items, note and item documents) stay.

After a pull that changed every profile this is the difference between reading 25,000
profiles and reading 625,000 files. The rows that depend on the profile are the `customers`
columns `profile_columns` names, the profile's search document (which also lists the facts
the notes added, kept in `notes_part`) and the `unreadable` row (the profile's problem, then
the notes', also kept). Whether the notes changed is told by their key (`notes_key`), never
by a folder's time. Comparing keys (a stat per note) and reading profiles run in the build's
two processes; only this process writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from handover.errors import HandoverError
from handover.format.store import TeamFolder
from handover.index.build import (
    BATCH,
    Progress,
    error_dict,
    health_settings,
    in_workers,
    profile_doc,
    read_profile_part,
    settings_text,
)
from handover.index.fresh import profile_columns
from handover.index.notes_key import NEVER, current_key, racy_from_now
from handover.index.search_text import gram_text

Entry = tuple[str, str, str, str]
"""(customer, profile stamp, notes stamp, years): a customer to read, as `scan` gives it."""

Stale = Sequence[Entry]


@dataclass(frozen=True)
class ProfileRow:
    """What a changed profile puts into the index of a customer whose notes are as indexed."""

    entry: Entry
    key: str
    """The notes key the profile was read with."""
    columns: tuple[str, str, str | None, str, str, str]
    doc: str
    problems: list[dict[str, object]]


Asked = tuple[Entry, str, str]
"""(entry, the stored notes key, the stored notes part)."""


CHUNK = 400
"""Customers per statement (within SQLite's limit of parameters) and per batch of writes."""


def reindex_profiles(
    db: sqlite3.Connection,
    folder: TeamFolder,
    stale: Stale,
    progress: Progress | None,
    jobs: int | None,
) -> list[Entry]:
    """Re-index the profiles of those of ``stale`` whose notes are as indexed, in one
    transaction; returns the others, to be read whole."""
    whole: list[Entry] = []
    asked: list[Asked] = []
    for first in range(0, len(stale), CHUNK):
        chunk = stale[first : first + CHUNK]
        stored = dict(_rows(db, "SELECT id, notes_key, notes_part FROM customers", "id", chunk))
        for entry in chunk:
            key, part = stored.get(entry[0], (NEVER, ""))
            if key == NEVER:
                whole.append(entry)
            else:
                asked.append((entry, key, part))
    if not asked:
        return whole
    total = len(asked)
    pending: list[ProfileRow] = []
    db.execute("BEGIN IMMEDIATE")
    try:
        for done, row in enumerate(in_workers(folder, asked, jobs, profile_row), 1):
            if isinstance(row, ProfileRow):
                pending.append(row)
            else:
                whole.append(row)
            if len(pending) == CHUNK or done == total:
                whole += _write(db, pending)
                pending = []
            if progress is not None and (done % BATCH == 0 or done == total):
                progress(done, total)
    finally:
        db.execute("COMMIT")
    return whole


def _rows(
    db: sqlite3.Connection, select: str, column: str, entries: Sequence[Entry]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(customer, the other columns) of ``select`` for the customers of ``entries`` (whose
    id is ``column``)."""
    ids = [entry[0] for entry in entries]
    marks = ",".join("?" * len(ids))
    for found in db.execute(f"{select} WHERE {column} IN ({marks})", ids):
        yield found[0], tuple(found[1:])


def profile_row(folder: TeamFolder, asked: Asked) -> ProfileRow | Entry:
    """The profile's part of the index when the notes' key still holds; else the entry back."""
    entry, stored_key, notes_part = asked
    customers = str(folder.customers_dir)
    settings = settings_text(health_settings(folder))
    if current_key(customers, entry[0], settings, racy_from_now()) != stored_key:
        return entry
    try:
        profile, problems = read_profile_part(folder, entry[0])
        doc = profile_doc(profile, json.loads(notes_part)["facts"])
    except HandoverError:
        return entry  # as unreadable as a whole customer: the whole read says why
    columns = profile_columns(profile)
    return ProfileRow(entry, stored_key, columns, doc, [error_dict(p) for p in problems])


def _write(db: sqlite3.Connection, rows: Sequence[ProfileRow]) -> list[Entry]:
    """Write the rows, in a statement per table; returns the entries of customers that
    another command read again or forgot meanwhile (to be read whole)."""
    if not rows:
        return []
    now = dict(  # `+kind`: by each customer's few documents, not all 25,000 profiles
        _rows(
            db,
            "SELECT c.id, c.notes_key, c.notes_part, d.id, d.text FROM customers c "
            "JOIN docs d ON d.customer = c.id AND +d.kind = 'profile'",
            "c.id",
            [row.entry for row in rows],
        )
    )
    whole: list[Entry] = []
    written: list[tuple[Any, ...]] = []
    forget: list[tuple[int, str]] = []
    texts: list[tuple[str, int]] = []
    grams: list[tuple[int, str]] = []
    unreadable: list[tuple[str, ...]] = []
    for row in rows:
        customer_id, *stamps = row.entry
        found = now.get(customer_id)
        if found is None or found[0] != row.key:
            whole.append(row.entry)
            continue
        _, notes_part, doc_id, old_text = found
        written.append((*row.columns, *stamps, customer_id))
        if row.doc != old_text:
            forget.append((doc_id, gram_text(old_text)))
            texts.append((row.doc, doc_id))
            grams.append((doc_id, gram_text(row.doc)))
        errors = row.problems + json.loads(notes_part)["errors"]
        if errors:
            unreadable.append((customer_id, *stamps, json.dumps(errors)))
    db.executemany(
        "UPDATE customers SET name = ?, kind = ?, organisation = ?, owner = ?, norm_name = ?, "
        "initials = ?, stamp = ?, notes_stamp = ?, years = ? WHERE id = ?",
        written,
    )
    db.executemany("INSERT INTO grams(grams, rowid, g) VALUES ('delete', ?, ?)", forget)
    db.executemany("UPDATE docs SET text = ? WHERE id = ?", texts)
    db.executemany("INSERT INTO grams(rowid, g) VALUES (?, ?)", grams)
    db.executemany("DELETE FROM unreadable WHERE id = ?", [(w[-1],) for w in written])
    db.executemany("INSERT INTO unreadable VALUES (?,?,?,?,?)", unreadable)
    return whole
