"""A customer whose profile changed but whose notes did not is re-indexed from its profile
alone: its notes' rows (digest, timeline, open items, note and item documents) stay.

After a pull that changed every profile this is the difference between reading 25,000
profiles and reading 625,000 files. The rows that depend on the profile are the `customers`
columns `profile_columns` names, the profile's search document (which also lists the facts
the notes added, kept in `notes_part`) and the `unreadable` row (the profile's problem, then
the notes', also kept). Whether the notes changed is told by their key (`notes_key`), never
by a folder's time.
"""

from __future__ import annotations

import json
import sqlite3

from handover.errors import HandoverError
from handover.format.store import TeamFolder
from handover.index.build import (
    BATCH,
    Progress,
    error_dict,
    health_settings,
    profile_doc,
    read_profile_part,
    settings_text,
)
from handover.index.fresh import Stale, profile_columns
from handover.index.notes_key import NEVER, current_key, racy_from_now
from handover.index.search_text import gram_text


def notes_unchanged(
    db: sqlite3.Connection, folder: TeamFolder, stale: Stale
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    """``stale`` split into (customers to read whole, customers whose notes are as indexed)."""
    settings = settings_text(health_settings(folder))
    racy_after = racy_from_now()
    customers = str(folder.customers_dir)
    whole: list[tuple[str, str, str, str]] = []
    same: list[tuple[str, str, str, str]] = []
    for entry in stale:
        found = db.execute("SELECT notes_key FROM customers WHERE id = ?", (entry[0],)).fetchone()
        stored = NEVER if found is None else found[0]
        if stored != NEVER and stored == current_key(customers, entry[0], settings, racy_after):
            same.append(entry)
        else:
            whole.append(entry)
    return whole, same


def reindex_profiles(
    db: sqlite3.Connection,
    folder: TeamFolder,
    stale: Stale,
    progress: Progress | None,
) -> list[tuple[str, str, str, str]]:
    """Re-index the profiles of ``stale`` (customers whose notes are as indexed) in one
    transaction; returns those that must be read whole after all (changed meanwhile)."""
    whole: list[tuple[str, str, str, str]] = []
    total = len(stale)
    db.execute("BEGIN IMMEDIATE")
    try:
        for done, (customer_id, stamp, notes_stamp, years) in enumerate(stale, 1):
            if not _reindex_profile(db, folder, customer_id, (stamp, notes_stamp, years)):
                whole.append((customer_id, stamp, notes_stamp, years))
            if progress is not None and (done % BATCH == 0 or done == total):
                progress(done, total)
    finally:
        db.execute("COMMIT")
    return whole


def _reindex_profile(
    db: sqlite3.Connection, folder: TeamFolder, customer_id: str, stamps: tuple[str, str, str]
) -> bool:
    found = db.execute(
        "SELECT c.notes_part, d.id, d.text FROM customers c "
        "JOIN docs d ON d.customer = c.id AND d.kind = 'profile' WHERE c.id = ?",
        (customer_id,),
    ).fetchone()
    if found is None:
        return False
    notes_part, doc_id, old_text = found
    part = json.loads(notes_part)
    try:
        profile, problems = read_profile_part(folder, customer_id)
        text = profile_doc(profile, part["facts"])
    except HandoverError:
        return False  # as unreadable as a whole customer: the whole read says why
    db.execute(
        "UPDATE customers SET name = ?, kind = ?, organisation = ?, owner = ?, norm_name = ?, "
        "initials = ?, stamp = ?, notes_stamp = ?, years = ? WHERE id = ?",
        (*profile_columns(profile), *stamps, customer_id),
    )
    if text != old_text:
        db.execute(
            "INSERT INTO grams(grams, rowid, g) VALUES ('delete', ?, ?)",
            (doc_id, gram_text(old_text)),
        )
        db.execute("UPDATE docs SET text = ? WHERE id = ?", (text, doc_id))
        db.execute("INSERT INTO grams(rowid, g) VALUES (?, ?)", (doc_id, gram_text(text)))
    db.execute("DELETE FROM unreadable WHERE id = ?", (customer_id,))
    errors = [error_dict(error) for error in problems] + part["errors"]
    if errors:
        db.execute(
            "INSERT INTO unreadable VALUES (?,?,?,?,?)",
            (customer_id, *stamps, json.dumps(errors)),
        )
    return True
