"""The write-ahead journal of a change: what a killed command leaves is undone, or committed.

Every change writes, before each file it touches, one line naming the file, its bytes before
(or that it did not exist) and the hash of the bytes about to be written; once every file is in
place, a last line with the commit message. The journal lives in the clone's git directory
(``handover/changes/``), never in the team folder, and is read only under the team lock, so a
journal found there belongs to a command that died:

- no last line: the command died while writing. Every file still holding what it wrote is put
  back (a new one removed), so the folder is as if the command never ran;
- a last line: every file was written, only the commit is missing. The change joins the list
  of handover's uncommitted work that ``handover sync`` commits with its own message.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handover.format.files import atomic_write

CHANGES_DIR = "changes"
UNCOMMITTED_FILE = "uncommitted.jsonl"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


@dataclass
class Touched:
    """One file a change wrote: its bytes before (None: it did not exist) and after."""

    path: str  # relative to the team folder, with /
    before: bytes | None
    after: str  # sha256 of what the change wrote


@dataclass(frozen=True)
class Uncommitted:
    """One action's files, written but not committed, and the message its commit would have."""

    message: str
    files: dict[str, str]  # path relative to the team folder -> sha256 of what handover wrote


@dataclass
class Journal:
    """The open journal of one running change (appended line by line, before each write)."""

    path: Path
    descriptor: int
    touched: dict[str, Touched] = field(default_factory=dict)
    new_dirs: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, directory: Path) -> Journal:
        changes = directory / CHANGES_DIR
        changes.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}.jsonl"
        path = changes / name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        return cls(path=path, descriptor=descriptor)

    def _line(self, data: dict[str, object]) -> None:
        line = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(line)
        while view:
            view = view[os.write(self.descriptor, view) :]

    def before_mkdir(self, relative: Sequence[str]) -> None:
        if relative:
            self._line({"dirs": list(relative)})
            self.new_dirs.extend(relative)

    def before_write(self, relative: str, before: bytes | None, data: bytes) -> None:
        """Record the file before it is written: the first ``before`` of a path is kept."""
        after = digest(data)
        known = self.touched.get(relative)
        original = before if known is None else known.before
        entry: dict[str, object] = {"path": relative, "after": after}
        entry["before"] = None if original is None else base64.b64encode(original).decode()
        self._line(entry)
        self.touched[relative] = Touched(relative, original, after)

    def forget(self, relative: str) -> None:
        """A write that did not happen (an exclusive name turned out taken)."""
        if self.touched.pop(relative, None) is not None:
            self._line({"forget": relative})

    def written(self, message: str) -> None:
        """Every file is in place: from here a crash leaves work for sync, not for undo."""
        self._line({"written": message})
        os.fsync(self.descriptor)

    def close(self, *, remove: bool) -> None:
        with contextlib.suppress(OSError):
            os.close(self.descriptor)
        if remove:
            self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Found:
    """A journal left by a command that died."""

    path: Path
    touched: list[Touched]
    new_dirs: list[str]
    message: str | None  # set when every file was written


def read_left_behind(directory: Path) -> list[Found]:
    """Journals of dead commands, oldest first (call only while holding the team lock)."""
    try:
        names = sorted(p for p in (directory / CHANGES_DIR).iterdir() if p.suffix == ".jsonl")
    except FileNotFoundError:
        return []
    found: list[Found] = []
    for path in names:
        touched: dict[str, Touched] = {}
        new_dirs: list[str] = []
        message: str | None = None
        try:
            lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            try:
                data = json.loads(line)
            except ValueError:
                continue  # a line cut short by the kill: the write it announced never began
            if not isinstance(data, dict):
                continue
            if "dirs" in data:
                new_dirs.extend(str(d) for d in data["dirs"])
            elif "forget" in data:
                touched.pop(str(data["forget"]), None)
            elif "written" in data:
                message = str(data["written"])
            elif "path" in data:
                relative = str(data["path"])
                raw = data.get("before")
                before = None if raw is None else base64.b64decode(str(raw))
                if relative in touched:
                    before = touched[relative].before
                touched[relative] = Touched(relative, before, str(data["after"]))
        found.append(Found(path, list(touched.values()), new_dirs, message))
    return found


def undo(root: Path, touched: Sequence[Touched], new_dirs: Sequence[str]) -> list[str]:
    """Put back every file that still holds what the change wrote; the paths that failed.

    A file someone changed since is left alone: it is theirs now.
    """
    failed: list[str] = []
    for entry in reversed(touched):
        path = root / entry.path
        _remove_temporaries(path)
        if file_digest(path) != entry.after:
            continue
        try:
            if entry.before is None:
                path.unlink()
            else:
                atomic_write(path, entry.before)
        except OSError:
            failed.append(entry.path)
    for name in sorted(new_dirs, key=lambda d: d.count("/"), reverse=True):
        with contextlib.suppress(OSError):
            (root / name).rmdir()  # only if it is empty again
    return failed


def _remove_temporaries(path: Path) -> None:
    """The ``.NAME.*.tmp`` a write killed half-way leaves next to its file."""
    with contextlib.suppress(OSError):
        for stray in path.parent.glob(f".{path.name}.*.tmp"):
            stray.unlink(missing_ok=True)


# --- the list of uncommitted work that sync commits ------------------------------------------


def read_uncommitted(directory: Path) -> list[Uncommitted]:
    try:
        lines = (directory / UNCOMMITTED_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    entries: list[Uncommitted] = []
    for line in lines:
        with contextlib.suppress(ValueError, TypeError, AttributeError, KeyError):
            data = json.loads(line)
            entries.append(Uncommitted(str(data["message"]), dict(data["files"])))
    return entries


def write_uncommitted(directory: Path, entries: Sequence[Uncommitted]) -> None:
    path = directory / UNCOMMITTED_FILE
    if not entries:
        path.unlink(missing_ok=True)
        return
    text = "".join(
        json.dumps({"message": e.message, "files": e.files}, ensure_ascii=False) + "\n"
        for e in entries
    )
    atomic_write(path, text.encode("utf-8"))


def add_uncommitted(directory: Path, entry: Uncommitted) -> None:
    if entry.files:
        write_uncommitted(directory, [*read_uncommitted(directory), entry])
