"""Answers for commands on one customer, from the index as it is (never refreshed here)."""

from __future__ import annotations

import sqlite3
import time
from typing import NamedTuple

from handover.format.store import TeamFolder
from handover.index.location import index_path
from handover.index.schema import SCHEMA_VERSION
from handover.index.search_text import normalize
from handover.index.staleness import RACY_NS, dir_stamp


class Candidates(NamedTuple):
    """Who the index says `query` may be: ``exact`` when it is the one customer whose indexed
    name is the query itself (an exact name wins over every partial match), else every
    customer whose indexed name or id contains it."""

    ids: list[str]
    exact: bool


def name_candidates(folder: TeamFolder, query: str, initials: str | None) -> Candidates | None:
    """Ids whose indexed name or id could match `query`, without refreshing anything.

    None when there is no index yet or the set of customers changed since it was refreshed;
    the caller then reads every name. Names are verified from the files by the caller (a hand
    edit the index has not seen yet has the last word).
    """
    path = index_path(folder.root)
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        row = db.execute("SELECT value FROM meta WHERE key = 'customers'").fetchone()
        now = dir_stamp(str(folder.customers_dir), time.time_ns() - RACY_NS)
        if row is None or row[0] != now or now in ("?", "-"):
            return None  # customers were added or removed since the last refresh
        wanted = normalize(query)
        if initials:
            sql = "SELECT id FROM customers WHERE instr(initials, ?) > 0 OR norm_name = ?"
            return Candidates(sorted(row[0] for row in db.execute(sql, (initials, wanted))), False)
        exact = db.execute("SELECT id FROM customers WHERE norm_name = ?", (wanted,)).fetchall()
        if len(exact) == 1:  # `brief 김민수`: one row by `customers_norm_name`, not 25,000 scanned
            return Candidates([exact[0][0]], True)
        sql = "SELECT id FROM customers WHERE instr(norm_name, ?) > 0 OR instr(id, ?) > 0"
        return Candidates(sorted(row[0] for row in db.execute(sql, (wanted, wanted))), False)
    except sqlite3.Error:
        return None
    finally:
        db.close()
