"""The stamp of a customer's notes, by which a refresh knows they did not change.

A pull that changes every profile (a new owner for a whole book, a field renamed) leaves the
600,000 notes as they were; reading them again is nearly all of the refresh. So each customer
row keeps a key of its notes: a hash of every note file's name and stat (modification and
change time in nanoseconds, size, inode), taken from the open file before it was read, and of
the health settings its timeline was built with. A customer whose key is unchanged keeps its
notes' rows and has only its profile read again (`reuse`).

The change time cannot be set back by `touch` or an editor, and any write or rename moves it,
so a note edited in place with its old size and modification time restored still changes
the key. A key taken within two seconds of a change (`RACY_NS`) is never trusted, nor is one
of a customer whose notes pass through a symlink or could not all be opened: those are read
again every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from handover.format.layout import CUSTOMERS_DIR, NOTES_DIR
from handover.index.staleness import RACY_NS

NEVER = "-"
"""The key of notes that are always read again (a symlink on the way, a file not opened, a
stat moments old)."""

NoteFile = tuple[str, Path, str, bool]
"""(file name, its year folder as messages name it, its path, whether a symlink is on the way)."""


def note_files(notes: str, customer_id: str) -> list[NoteFile]:
    """Every note file of a plain notes folder, in the order they are read (by name)."""
    found: list[NoteFile] = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for year in os.scandir(notes):
            if not year.is_dir():
                continue
            linked = year.is_symlink()
            shown = Path(CUSTOMERS_DIR, customer_id, NOTES_DIR, year.name)
            for entry in os.scandir(year.path):
                name = entry.name
                if name.endswith(".yaml") and not name.startswith("."):
                    found.append((name, shown, entry.path, linked or entry.is_symlink()))
    found.sort()
    return found


def stat_text(status: os.stat_result) -> str:
    return f"{status.st_mtime_ns}.{status.st_ctime_ns}.{status.st_size}.{status.st_ino}"


def key_of(settings: str, stamps: Sequence[tuple[str, os.stat_result]], racy_after: int) -> str:
    """The key of notes whose (year/name, stat) are ``stamps``, with health ``settings``."""
    parts = [settings]
    for name, status in stamps:
        if status.st_mtime_ns >= racy_after or status.st_ctime_ns >= racy_after:
            return NEVER  # changed moments ago: a later change may keep the same times
        parts.append(f"{name} {stat_text(status)}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def racy_from_now() -> int:
    """Stats from this time on are too recent to trust (file times are coarser than the clock)."""
    import time

    return time.time_ns() - RACY_NS


def current_key(customers: str, customer_id: str, settings: str, racy_after: int) -> str:
    """The key the customer's notes have now, from a stat of each file (no file is read).

    The same files in the same order as `note_files`, without its paths: 600,000 of these
    after a pull, so each year folder is opened once and its notes are listed and stat-ed
    relative to it (the kernel walks one name, not the whole path)."""
    notes = f"{customers}/{customer_id}/{NOTES_DIR}"
    if _is_link(f"{customers}/{customer_id}") or _is_link(notes):
        return NEVER
    found: list[tuple[str, str, os.stat_result]] = []
    try:
        with os.scandir(notes) as years:
            for year in years:
                if not year.is_dir():
                    continue
                if year.is_symlink():
                    return NEVER
                folder = os.open(year.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
                try:
                    for entry in os.scandir(folder):
                        name = entry.name
                        if name.endswith(".yaml") and not name.startswith("."):
                            if entry.is_symlink():
                                return NEVER
                            found.append((name, year.name, os.stat(name, dir_fd=folder)))
                finally:
                    os.close(folder)
    except (FileNotFoundError, NotADirectoryError):
        pass  # no notes (yet): the key of none
    except OSError:
        return NEVER
    found.sort(key=lambda file: (file[0], file[1]))
    return key_of(
        settings, [(f"{year}/{name}", status) for name, year, status in found], racy_after
    )


def _is_link(path: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False
