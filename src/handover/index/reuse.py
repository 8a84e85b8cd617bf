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
from dataclasses import dataclass

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
from handover.index.fresh import Stale, profile_columns
from handover.index.notes_key import NEVER, current_key, racy_from_now
from handover.index.search_text import gram_text

Entry = tuple[str, str, str, str]
"""(customer, profile stamp, notes stamp, years), as `fresh.Stale`."""


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
    for entry in stale:
        found = db.execute(
            "SELECT notes_key, notes_part FROM customers WHERE id = ?", (entry[0],)
        ).fetchone()
        if found is None or found[0] == NEVER:
            whole.append(entry)
        else:
            asked.append((entry, found[0], found[1]))
    if not asked:
        return whole
    total = len(asked)
    db.execute("BEGIN IMMEDIATE")
    try:
        for done, row in enumerate(in_workers(folder, asked, jobs, profile_row), 1):
            if not isinstance(row, ProfileRow):
                whole.append(row)
            elif not _write(db, row):
                whole.append(row.entry)
            if progress is not None and (done % BATCH == 0 or done == total):
                progress(done, total)
    finally:
        db.execute("COMMIT")
    return whole


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


def _write(db: sqlite3.Connection, row: ProfileRow) -> bool:
    customer_id, *stamps = row.entry
    found = db.execute(  # `+kind`: by the customer's few documents, not all 25,000 profiles
        "SELECT c.notes_key, c.notes_part, d.id, d.text FROM customers c "
        "JOIN docs d ON d.customer = c.id AND +d.kind = 'profile' WHERE c.id = ?",
        (customer_id,),
    ).fetchone()
    if found is None or found[0] != row.key:
        return False  # forgotten or read again meanwhile by another command: read whole
    _, notes_part, doc_id, old_text = found
    db.execute(
        "UPDATE customers SET name = ?, kind = ?, organisation = ?, owner = ?, norm_name = ?, "
        "initials = ?, stamp = ?, notes_stamp = ?, years = ? WHERE id = ?",
        (*row.columns, *stamps, customer_id),
    )
    if row.doc != old_text:
        db.execute(
            "INSERT INTO grams(grams, rowid, g) VALUES ('delete', ?, ?)",
            (doc_id, gram_text(old_text)),
        )
        db.execute("UPDATE docs SET text = ? WHERE id = ?", (row.doc, doc_id))
        db.execute("INSERT INTO grams(rowid, g) VALUES (?, ?)", (doc_id, gram_text(row.doc)))
    db.execute("DELETE FROM unreadable WHERE id = ?", (customer_id,))
    errors = row.problems + json.loads(notes_part)["errors"]
    if errors:
        db.execute(
            "INSERT INTO unreadable VALUES (?,?,?,?,?)",
            (customer_id, *stamps, json.dumps(errors)),
        )
    return True
