"""The index file's tables and how it is opened: a cache, so a file of another schema version,
or a damaged one, is replaced by a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from handover.errors import IndexUnusableError
from handover.i18n import _

SCHEMA_VERSION = 14  # 9: a customer with a broken profile is kept (what can be read of it);
# 10: what `list` and `open` show, stored (last_day, health_inputs, the open_items table);
# 11: the report's timelines as binary columns with health steps (domain/report/timeline.py);
# 12: each customer's notes key and what its profile columns need from the notes (notes_key.py);
# 13: indexes for one rep's views (customers by owner, open items by holder) and search's
# profile documents in one place (docs_profiles); 14: digests and timelines in rowid tables
# (in a WITHOUT ROWID table a row over ~1 KB spills to overflow pages: 113 MB for 47 MB of
# digests, 79 MB for 32 MB of timelines at 25,000 customers, all of it written by a reindex)

TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE customers(
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    organisation TEXT,
    owner TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    initials TEXT NOT NULL,
    open_items INTEGER NOT NULL,
    item_owners TEXT NOT NULL,
    last_rating INTEGER,
    plan TEXT,
    last_day TEXT,
    health_inputs TEXT NOT NULL,
    stamp TEXT NOT NULL,
    notes_stamp TEXT NOT NULL,
    years TEXT NOT NULL,
    notes_key TEXT NOT NULL,
    notes_part TEXT NOT NULL
);
CREATE TABLE digests(id TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE open_items(customer TEXT NOT NULL, holder TEXT NOT NULL, item TEXT NOT NULL);
CREATE TABLE unreadable(
    id TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    notes_stamp TEXT NOT NULL,
    years TEXT NOT NULL,
    errors TEXT NOT NULL
);
CREATE TABLE timelines(id TEXT PRIMARY KEY, timeline BLOB NOT NULL);
CREATE TABLE docs(
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    ts INTEGER,
    day TEXT,
    by TEXT,
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE grams USING fts5(
    g, content='', tokenize='ascii', detail=none, columnsize=0
);
"""

INDEXES = """
CREATE INDEX docs_customer ON docs(customer);
CREATE INDEX docs_kind ON docs(kind);
CREATE INDEX docs_ts ON docs(ts);
CREATE INDEX open_items_customer ON open_items(customer);
CREATE INDEX open_items_holder ON open_items(holder);
CREATE INDEX customers_owner ON customers(owner);
CREATE INDEX customers_norm_name ON customers(norm_name);
CREATE INDEX docs_profiles ON docs(customer, kind, ref, day, by, text) WHERE kind = 'profile';
"""
"""Created after the rows when the index is built from nothing (`fresh`): faster than kept
sorted row by row. `docs_profiles` holds every column search reads of the profile documents
(25,000 among 600,000 notes), so reading them all, which a common word needs, reads a few MB
in order instead of one page of the documents table per profile. `customers_norm_name` finds
`brief 김민수` in one row instead of scanning 25,000 (~6 ms); an index built before it came
(schema 13 still) scans, with the same answer, until it is next built."""

SCHEMA = TABLES + INDEXES

CUSTOMER_VALUES = ",".join("?" * 18)
"""The `customers` table's placeholders, one per column."""


def connect(path: Path, root: Path) -> sqlite3.Connection:
    """Open the index of the folder at ``root``; one of another schema version, or damaged, is
    replaced by a new one (it is only a cache)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexUnusableError(
            _(
                "cannot create the index folder {folder}: {reason}",
                folder=path.parent,
                reason=exc.strerror,
            ),
            hint=_("make the cache folder writable, or set $XDG_CACHE_HOME"),
        ) from None
    for attempt in (1, 2):
        try:
            return _open(path, root)
        except sqlite3.DatabaseError as exc:
            if attempt == 2:
                raise IndexUnusableError(
                    _("cannot use the index {path}: {reason}", path=path, reason=exc),
                    hint=_("delete it (it is only a cache) and try again"),
                ) from None
            delete(path)
    raise AssertionError("unreachable")


def _open(path: Path, root: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        db.close()
        delete(path)
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        db.execute("INSERT INTO meta VALUES ('root', ?)", (str(root),))
    db.execute("PRAGMA synchronous=OFF")  # a cache: a crash costs a rebuild, no data
    db.execute("PRAGMA cache_size=-65536")
    return db


def delete(path: Path) -> None:
    """Remove the index file and its write-ahead log."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
