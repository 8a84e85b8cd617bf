"""The team folder's files as bytes and trees: what a parsed file is, reading with a bound
(regular files only, size-capped, never blocking on a FIFO) and atomic writes (temporary file,
fsync, rename). No knowledge of the folder's layout: that is the store's."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handover.errors import (
    DataError,
    Location,
    NotFoundError,
    UnsafePathError,
    os_error,
    unreadable_file,
)
from handover.format.profile import Profile
from handover.format.records import Record
from handover.format.source import MAX_FILE_BYTES, SourceText
from handover.i18n import N_, _

_UNPARSED: Any = object()


class LoadedFile:
    """A YAML file as read: its path as shown, its text (with newline style) and its round-trip
    tree. A file read the fast way builds its tree only when something asks for it (an edit, a
    problem to point at): the round-trip loader costs milliseconds a file."""

    __slots__ = ("_tree", "path", "source")

    def __init__(self, path: Path, source: SourceText, tree: Any = _UNPARSED) -> None:
        self.path = path
        self.source = source
        self._tree = tree

    @property
    def tree(self) -> Any:
        if self._tree is _UNPARSED:
            from handover.format import (
                yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
            )

            self._tree = yamlio.load(self.source, self.path)
        return self._tree


@dataclass(frozen=True)
class ProfileDoc:
    profile: Profile
    file: LoadedFile


@dataclass(frozen=True)
class StoredRecord:
    """A record with the id people use to name it: the note file's name without `.yaml`."""

    id: str
    path: Path
    record: Record


# --- reading with a bound -----------------------------------------------------------------

_KINDS = {
    stat.S_IFIFO: N_("a FIFO (named pipe)"),
    stat.S_IFCHR: N_("a character device"),
    stat.S_IFBLK: N_("a block device"),
    stat.S_IFSOCK: N_("a socket"),
    stat.S_IFDIR: N_("a folder"),
}


def read_bounded(path: Path | str, shown: Path | None = None, *, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (`read_bounded_stat`)."""
    return read_bounded_stat(path, shown, limit=limit)[0]


def read_bounded_stat(
    path: Path | str, shown: Path | None = None, *, limit: int | None = None
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most ``limit`` bytes (the YAML limit by default).

    Every file handover reads comes through here, so a FIFO cannot make a command hang (it is
    opened without blocking, then refused), a device cannot be read without end, and a file
    over the limit is refused from its size, before it is read. ``shown`` is the path as the
    messages name it. Whether the path stays inside the folder is `TeamFolder.read`'s part.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise NotFoundError(_("{path} does not exist", path=_named(path, shown))) from None
    except IsADirectoryError:
        raise _not_regular(_named(path, shown), N_("a folder")) from None
    except NotADirectoryError as error:  # a file where one of its folders belongs
        raise os_error(error, _named(path, shown)) from None
    except OSError as error:  # permission denied, …
        raise unreadable_file(error, _named(path, shown)) from None
    try:
        status = os.fstat(descriptor)  # before the read: a later change shows in the stamp
        kind = stat.S_IFMT(status.st_mode)
        if kind != stat.S_IFREG:
            raise _not_regular(_named(path, shown), _KINDS.get(kind, N_("not a regular file")))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            except OSError as error:
                raise unreadable_file(error, _named(path, shown)) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    if size > limit:
        raise DataError(
            _("file is over the limit of {limit} bytes", limit=f"{limit:,}"),
            location=Location(_named(path, shown)),
            hint=_("a profile or note should be a few kilobytes; split or trim it"),
        )
    return b"".join(chunks), status


def _named(path: Path | str, shown: Path | None) -> Path:
    """The path a message names (built only for a message: the index reads notes by str)."""
    return shown if shown is not None else Path(path)


def _not_regular(shown: Path, kind: str) -> UnsafePathError:
    return UnsafePathError(
        _("expected a regular file, found {kind}", kind=_(kind)),
        location=Location(shown),
        hint=_("handover reads plain files only (git itself never stores FIFOs or devices)"),
    )


# --- writing ------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write all of ``data`` or nothing; keep the old file's permissions; never half a file.

    ``exclusive`` refuses to replace an existing file (notes are written once): the finished
    temporary file is hard-linked into place, which fails if the name is taken. ``durable``
    False leaves the flush to the caller (a batch of thousands flushes once, see
    `TeamFolder.batch`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    try:
        _write_through(temporary, path, data, mode, exclusive=exclusive, durable=durable)
    except OSError as error:  # named by the file people know, never by the temporary one
        if error.filename in (None, str(temporary)):
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise


def _write_through(
    temporary: Path, path: Path, data: bytes, mode: int, *, exclusive: bool, durable: bool
) -> None:
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            if durable:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        temporary.chmod(mode)
        if exclusive:
            os.link(temporary, path)  # fails if the name is taken: exclusive
            temporary.unlink()
        else:
            temporary.replace(path)
        if durable:
            _fsync_directory(path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
