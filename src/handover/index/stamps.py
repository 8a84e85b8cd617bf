"""Every profile's stamp in one packed value, so that a team view tells "no profile changed"
with one `stat` per profile and one comparison of bytes.

A hand edit changes only the edited file's own stat (not its folder's), so every team view
must look at all 25,000 profiles. Reading 25,000 stored stamps back from SQLite as Python
strings and comparing them one by one cost as much as the stats themselves. Instead the index
keeps, in its `meta` table, the profiles' paths in one order and their stamps packed in the
same order (`PACK` per profile); the check stats the profiles in that order, packs what it
finds the same way (all in C: `map`, `attrgetter`, `Struct.pack`) and compares the two byte
strings. Only when they differ does it look for the customers that differ.

The packed stamps are made from the stamps the customers' rows were read with (never newer
than what was read), and a stamp that cannot be trusted (taken moments after a change, or of a
missing file) is packed as `UNTRUSTED`, which no real stat equals, so that customer is read
again. Being equal therefore means what comparing every row's stamp meant.
"""

from __future__ import annotations

import operator
import os
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import starmap

from handover.format.layout import PROFILE_FILE

PACK = struct.Struct("<qqQQ")
"""One profile's stat as the index compares it: mtime and ctime in ns, size, inode."""

UNTRUSTED = b"\xff" * PACK.size
"""A stamp no stat can equal (a size of 16 EiB): the customer is read again next time."""

PATHS_KEY = "profile_paths"
STAMPS_KEY = "profile_stamps"

_FIELDS = operator.attrgetter("st_mtime_ns", "st_ctime_ns", "st_size", "st_ino")
_SUFFIX = os.fsencode("/" + PROFILE_FILE)


def packed(stamp: str) -> bytes:
    """A stored stamp (`staleness.stat_stamp`, then ``|`` and the notes folders') packed."""
    if "?" in stamp:  # some part was taken moments after a change
        return UNTRUSTED
    fields = stamp.split("|", 1)[0].split(".")
    if len(fields) != 4:  # "-": no profile
        return UNTRUSTED
    try:
        return PACK.pack(*map(int, fields))
    except (ValueError, struct.error):
        return UNTRUSTED


def profile_paths(names: Iterable[str]) -> list[bytes]:
    """Each customer's profile, relative to the customers folder, as bytes (stat is quicker
    without encoding a str each time)."""
    return [os.fsencode(name) + _SUFFIX for name in names]


def name_of(path: bytes) -> str:
    return os.fsdecode(path[: -len(_SUFFIX)])


def stat_all(customers: str, paths: Sequence[bytes]) -> bytes | None:
    """The profiles' stats packed in the order of ``paths``; None if one cannot be read (a
    customer folder without its profile), for the caller to look at each."""
    try:
        folder = os.open(customers, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        stats = map(partial(os.stat, dir_fd=folder), paths)
        return b"".join(starmap(PACK.pack, map(_FIELDS, stats)))
    except OSError:
        return None
    finally:
        os.close(folder)


def differing(old: bytes, new: bytes) -> list[int]:
    """The positions whose packed stamps differ, found by halving (each half compared in C),
    so a few changes among 25,000 cost a few dozen comparisons."""
    size = PACK.size
    found: list[int] = []
    pending = [(0, len(new) // size)]
    while pending:
        start, end = pending.pop()
        if old[start * size : end * size] == new[start * size : end * size]:
            continue
        if end - start == 1:
            found.append(start)
            continue
        middle = (start + end) // 2
        pending += [(middle, end), (start, middle)]
    return sorted(found)


def stored(meta: dict[str, object]) -> tuple[list[bytes], bytes] | None:
    """The profiles' paths and packed stamps the index keeps, or None (none yet, or not of
    this shape)."""
    paths, stamps = meta.get(PATHS_KEY), meta.get(STAMPS_KEY)
    if not isinstance(paths, bytes) or not isinstance(stamps, bytes):
        return None
    names = paths.split(b"\0") if paths else []
    if len(stamps) != len(names) * PACK.size:
        return None
    return names, stamps


def load(db: sqlite3.Connection) -> tuple[list[bytes], bytes] | None:
    """`stored`, read from the index."""
    rows = db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (PATHS_KEY, STAMPS_KEY))
    return stored(dict(rows))


def kept_in(db: sqlite3.Connection) -> bool:
    """Whether the index keeps packed stamps, told without reading them (1.4 MB at 25,000
    customers): one rep's check reads them only when it has stamps to pack anew."""
    sql = "SELECT count(*) FROM meta WHERE key IN (?, ?)"
    return bool(db.execute(sql, (PATHS_KEY, STAMPS_KEY)).fetchone()[0] == 2)


def store(db: sqlite3.Connection, paths: Sequence[bytes], stamps: bytes) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [(PATHS_KEY, b"\0".join(paths)), (STAMPS_KEY, stamps)],
    )


def store_from_rows(db: sqlite3.Connection) -> None:
    """Pack every customer's stored stamp, in id order (after a full scan or a new build)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        rows = db.execute(
            "SELECT id, stamp FROM customers UNION ALL SELECT id, stamp FROM unreadable "
            "WHERE id NOT IN (SELECT id FROM customers) ORDER BY id"
        ).fetchall()
        store(db, profile_paths(name for name, _ in rows), b"".join(packed(s) for _, s in rows))
    finally:
        db.execute("COMMIT")


def replaced(paths: Sequence[bytes], stamps: bytes, new: dict[str, str]) -> bytes:
    """``stamps`` with the customers ``new`` (name → stored stamp) packed anew."""
    size = PACK.size
    position = {path: n for n, path in enumerate(paths)}
    result = bytearray(stamps)
    for name, stamp in new.items():
        at = position[profile_paths([name])[0]] * size
        result[at : at + size] = packed(stamp)
    return bytes(result)
