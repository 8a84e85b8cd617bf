"""One exception hierarchy for handover, each error carrying its exit code and an optional hint.

Domain code raises these; the single boundary in ``cli/app.py`` turns them into one line on
stderr (or a JSON object) and an exit code. Nothing here imports typer or rich. Every class
lives here (exit code in brackets where a class sets its own)::

    HandoverError [2]
    ├── UsageError: NotFoundError, AmbiguousError, AmbiguousItemError
    ├── AbortedError [1], NotReadyError [1]
    ├── DataError [3]: a file of the folder is invalid (path:line:column)
    ├── ImportRefused [3], TransferRefused [the most serious of its refusals']
    ├── FolderError [4]
    │   ├── FileStateError: UnsafePathError, UnreadableFileError
    │   └── LockTimeout, UnreadableFilesError
    ├── GitError [4]: Offline, UncommittedEditsError, SyncConflict
    ├── IndexUnusableError [4], MailError [4], WorkerDied [4]
    └── Interrupted [128 + the signal's number: 130 for Ctrl-C]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any


class ExitCode(IntEnum):
    """Documented exit codes (see the README's table)."""

    OK = 0
    PROBLEMS = 1  # `check` or `readiness` found problems
    USAGE = 2  # bad usage, customer not found or ambiguous
    INVALID_DATA = 3  # a file of the team folder is invalid
    STATE = 4  # git or the folder is in a state we cannot work with
    BUG = 70  # an unexpected error: a bug in handover (see --debug)
    HANGUP = 129  # SIGHUP (the terminal closed): 128 + the signal's number
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    TERMINATED = 143  # kill (SIGTERM)


class HandoverError(Exception):
    """Base of every error a user can cause; never a bug."""

    exit_code: ExitCode = ExitCode.USAGE
    details: tuple[str, ...] = ()
    """Lines printed before the error line, e.g. every bad row of an import."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def to_dict(self) -> dict[str, object]:
        return {"error": self.message, "hint": self.hint, "exit_code": int(self.exit_code)}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole, without calling ``__init__`` again (most subclasses take other
        arguments than the message): a worker process's error reaches the parent as it was."""
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(kind: type[HandoverError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class UsageError(HandoverError):
    """The command line asks for something that cannot be done as asked."""


class NotFoundError(UsageError):
    """A customer, rep, note or item named on the command line does not exist."""


class AmbiguousError(UsageError):
    """A name part matches more than one customer (or rep); the candidates are listed."""

    def __init__(self, query: str, candidates: list[str], what: str = "customers") -> None:
        shown = ", ".join(candidates[:8]) + (" …" if len(candidates) > 8 else "")
        from handover.i18n import _

        facts: dict[str, object] = {"query": query, "count": len(candidates), "shown": shown}
        super().__init__(
            (
                _("'{query}' matches {count} reps: {shown}", **facts)
                if what == "reps"
                else _("'{query}' matches {count} customers: {shown}", **facts)
            ),
            hint=_("use the id or more of the name"),
        )
        self.candidates = candidates


def _count(count: int) -> str:
    return {2: "two", 3: "three"}.get(count, str(count))


class AmbiguousItemError(UsageError):
    """An item number two clones both chose: each candidate is listed with its text and author,
    and the qualified reference that names it alone."""

    def __init__(self, ref: str, candidates: list[str]) -> None:
        number = ref.rsplit("#", 1)[-1].split("@")[0]
        super().__init__(
            f"{ref} is ambiguous: {_count(len(candidates))} items have number {number}: "
            + "; ".join(candidates),
            hint="name one by the reference shown first, e.g. " + candidates[0].split(" ")[0],
        )
        self.candidates = candidates


class Interrupted(HandoverError):
    """Ctrl-C, kill or a closed terminal stopped a change: what became of it is the message
    (printed as is, without `error:`), and the exit code is 128 + the signal's number."""

    def __init__(self, message: str, *, signal_number: int) -> None:
        super().__init__(message)
        self.exit_code = ExitCode(128 + signal_number)


class AbortedError(HandoverError):
    """The user backed out (an unchanged editor template); nothing was written."""

    exit_code = ExitCode.PROBLEMS


@dataclass(frozen=True)
class Location:
    """Where in a file a problem is: 1-based line and column, as editors count them."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class DataError(HandoverError):
    """A file of the team folder is invalid: it names file, line, column and field."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(
        self,
        message: str,
        *,
        location: Location,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.location = location
        self.field = field

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its fields: the index build's worker processes send it back (by default
        an exception is rebuilt from its message alone, which this one refuses)."""
        rebuild = functools.partial(
            type(self), location=self.location, field=self.field, hint=self.hint
        )
        return rebuild, (self.message,)

    def __str__(self) -> str:
        field = f" ({self.field})" if self.field else ""
        return f"{self.location}: error: {self.message}{field}"

    def to_dict(self) -> dict[str, object]:
        return {
            "error": self.message,
            "path": str(self.location.path),
            "line": self.location.line,
            "column": self.location.column,
            "field": self.field,
            "hint": self.hint,
            "exit_code": int(self.exit_code),
        }


class FolderError(HandoverError):
    """The team folder is missing, unsafe (a symlink leaving it) or not as expected."""

    exit_code = ExitCode.STATE


def _first_files(files: list[str]) -> str:
    """The first five files named, and how many more: `a, b, c, d, e and 3 more`."""
    from handover.i18n import _

    shown = ", ".join(files[:5])
    if len(files) > 5:
        shown = _("{shown} and {count} more files", shown=shown, count=len(files) - 5)
    return shown


class LockTimeout(FolderError):
    """Another handover command kept the folder's lock longer than we were willing to wait."""


class UnreadableFilesError(FolderError):
    """Files this user may not read: git cannot tell whether they changed, so nothing syncs."""

    def __init__(self, files: list[str]) -> None:
        from handover.i18n import _

        super().__init__(
            _(
                "cannot read {files}: permission denied; nothing was synced",
                files=_first_files(files),
            ),
            hint=_(
                "give yourself read access (chmod u+r FILE, or ask who owns it), "
                "then run handover sync again"
            ),
        )
        self.files = files

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "files": self.files}


class FileStateError(FolderError):
    """One file of the folder handover cannot use as it is; named like a file error
    (`path: error: …`), exit 4."""

    def __init__(self, message: str, *, location: Location, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return super().to_dict() | {"path": str(self.location.path)}


class UnsafePathError(FileStateError):
    """A path of the folder that leads outside it (a symlink), or a file that is not a regular
    file (a FIFO, a device, a folder where a file belongs)."""


class UnreadableFileError(FileStateError):
    """A file the operating system will not let this user read (permission denied, …). A
    command about that customer stops (the folder's permissions need fixing first); team
    views leave it out with a warning."""


UNREADABLE: tuple[type[HandoverError], ...] = (DataError, FileStateError)
"""What makes one file unreadable without saying anything about the rest of the folder: team
views skip such a file with a warning, `check` reports it."""


def os_error(error: OSError, shown: object, *, doing: str = "read") -> FolderError:
    """What the operating system refused, as one line naming the path and what to do."""
    import errno

    from handover.i18n import _

    reason = error.strerror or str(error)
    hint = _("fix the file or folder named, then run the same command again")
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        hint = _("free some disk space (or raise the file size limit), then run it again")
    elif error.errno in (errno.EACCES, errno.EPERM) and doing == "write":
        hint = _(
            "give yourself write access to {path} and its folder (ls -ld shows who owns "
            "them), then run it again",
            path=shown,
        )
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = _(
            "give yourself access to {path} (ls -l shows who owns it), then run it again",
            path=shown,
        )
    elif error.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        hint = _("something else is where handover expects {path}: move it away", path=shown)
    if doing == "write":
        message = _("cannot write {path}: {reason}", path=shown, reason=reason)
    elif doing == "use":
        message = _("cannot use {path}: {reason}", path=shown, reason=reason)
    else:
        message = _("cannot read {path}: {reason}", path=shown, reason=reason)
    return FolderError(message, hint=hint)


def unreadable_file(error: OSError, shown: Path) -> UnreadableFileError:
    """A file the system refused to open or read, named like every file error."""
    from handover.i18n import _

    refused = os_error(error, shown)
    return UnreadableFileError(
        _("cannot be read: {reason}", reason=error.strerror or error),
        location=Location(shown),
        hint=refused.hint,
    )


class IndexUnusableError(HandoverError):
    """The index cannot be opened or written (cache folder not writable, disk full)."""

    exit_code = ExitCode.STATE


class WorkerDied(HandoverError):
    """A worker process of a large team's reading ended before its work was done (the
    out-of-memory killer, `kill -9`); the parent stops instead of waiting for it forever."""

    exit_code = ExitCode.STATE


class MailError(HandoverError):
    """The SMTP server could not be reached or refused the message."""

    exit_code = ExitCode.STATE


class GitError(HandoverError):
    """git refused or failed; the message is git's own."""

    exit_code = ExitCode.STATE


class Offline(GitError):
    """The remote cannot be reached right now; local work is unaffected."""


class UncommittedEditsError(GitError):
    """Files changed by hand and not committed: sync never commits a person's edit for them."""

    def __init__(self, files: list[str]) -> None:
        from handover.i18n import _

        super().__init__(
            _(
                "uncommitted changes that handover did not make: {files}; nothing was synced",
                files=_first_files(files),
            ),
            hint=_(
                "commit them (git commit -m '…' -- FILES) or set them aside (git stash), "
                "then run handover sync again"
            ),
        )
        self.files = files

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "files": self.files}


class SyncConflict(GitError):
    """Two clones edited the same lines of one file; the folder was restored as it was."""

    def __init__(self, files: list[str], target: str, hint: str) -> None:
        from handover.i18n import _

        super().__init__(
            _(
                "{files} changed both here and on {target}, on the same lines; "
                "sync stopped and left your folder exactly as it was",
                files=", ".join(files),
                target=target,
            ),
            hint=hint,
        )
        self.files = files

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "files": self.files}


@dataclass(frozen=True)
class Refusal:
    """Why one customer of a transfer cannot move."""

    customer: str
    why: str
    exit_code: int = int(ExitCode.USAGE)

    def __str__(self) -> str:
        return f"{self.customer}: {self.why}"


class TransferRefused(HandoverError):
    """A transfer refused as a whole (all or nothing); every customer that cannot move is
    named. The exit code is the most serious of theirs (3 when a file is invalid)."""

    def __init__(self, refusals: list[Refusal], total: int) -> None:
        from handover.i18n import _

        shown = "; ".join(str(r) for r in refusals)
        super().__init__(
            _(
                "nothing transferred: {count} of {total} cannot move: {shown}",
                count=len(refusals),
                total=total,
                shown=shown,
            ),
            hint=_(
                "a transfer is all or nothing: fix or leave out these customers and run it again"
            ),
        )
        self.refusals = refusals
        self.exit_code = ExitCode(max(r.exit_code for r in refusals))

    def to_dict(self) -> dict[str, object]:
        refused = [
            {"customer": r.customer, "why": r.why, "exit_code": r.exit_code} for r in self.refusals
        ]
        return super().to_dict() | {"refused": refused}


class NotReadyError(HandoverError):
    """A book whose readiness is under the pass mark, at `rep leave`; --force overrides."""

    exit_code = ExitCode.PROBLEMS


class ImportRefused(HandoverError):
    """An import with bad rows writes nothing; every bad row is named as FILE:ROW:COLUMN."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[str], *, rows: int | None = None) -> None:
        rows = len(problems) if rows is None else rows
        from handover.i18n import _

        cells = _(" ({count} bad cells)", count=len(problems)) if len(problems) != rows else ""
        super().__init__(
            _("nothing imported: {rows} bad row(s){cells}", rows=rows, cells=cells),
            hint=_("fix them and run again, or pass --skip-bad to import the good rows"),
        )
        self.details = tuple(problems)

    def to_dict(self) -> dict[str, object]:
        return super().to_dict() | {"problems": list(self.details)}
