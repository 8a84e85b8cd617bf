"""One change of the team folder: one lock, a journal written ahead, one commit, or nothing.

Every command that writes does it inside ``with transaction(ws, message) as change:``

1. it refuses to start while git is in the middle of something (a rebase, a merge, a
   cherry-pick, a bisect, a detached HEAD): the way out git offers would discard the work;
2. it takes the team folder's lock (one change at a time per clone, a bounded wait) and
   settles what a killed command left behind (see ``journal``);
3. each file is journalled (its bytes before, the hash of the bytes after) before it is
   written, so a ``kill -9`` at any moment leaves nothing, or what ``sync`` commits;
4. on success it commits exactly the files it wrote, once, with ``message``;
5. on any exception, Ctrl-C or SIGTERM, every file is put back and the index too.

Like sqlite-utils' ``Database.atomic()``, a change opened inside another joins it: the
outer one commits. Like pipx's install transaction, failure undoes what was done so far.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from handover import errors
from handover.core import journal as journal_module
from handover.core.journal import Journal, Uncommitted
from handover.core.lock import team_lock, timeout_from
from handover.core.workspace import Workspace
from handover.errors import FolderError, GitError, HandoverError, Interrupted
from handover.format.files import atomic_write
from handover.i18n import N_, _

ENV_PAUSE = "HANDOVER_TEST_PAUSE_AT"  # "write:3", "written": tests kill a command there
ENV_PAUSED = "HANDOVER_TEST_PAUSED"  # a file touched when the pause begins
ENV_CRASH = "HANDOVER_TEST_CRASH_AT"  # "write:2": tests make a bug happen there
UNDONE = N_("nothing recorded, every file put back")


def state_dir(ws: Workspace) -> Path:
    """Where the lock and journals live: the clone's git directory, never the shared folder."""
    if ws.git.is_repository:
        return ws.git.git_dir / "handover"
    return ws.folder.root / ".handover"


def refuse_if_git_is_busy(ws: Workspace) -> None:
    busy = ws.git.unfinished()
    if busy is None:
        return
    operation, finish = busy
    where = ws.git.top_level or ws.folder.root
    if operation == "detached HEAD":
        message = _(
            "{where} has a detached HEAD (no branch checked out): "
            "handover writes nothing until it is finished",
            where=where,
        )
    else:
        message = _(
            "a git {operation} is unfinished in {where}: "
            "handover writes nothing until it is finished",
            operation=operation,
            where=where,
        )
    raise GitError(message, hint=_(finish))


class Change:
    """The files one command writes, journalled before each write, committed once."""

    def __init__(self, ws: Workspace, message: str) -> None:
        self.ws = ws
        self.message = message
        self.commit: str | None = None
        self.undone_message = _(UNDONE)
        self._journal: Journal | None = None
        self._writes = 0
        self._head: str | None = None
        self._committing = False
        self._durable = True
        self._folders_seen: set[str] = set()

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Thousands of files in one change (an import): each is written without its own
        fsync, and everything is flushed once at the end, before the commit. An fsync per file
        would be most of an import of 10,000 customers; the journal still precedes each write,
        so a killed import is undone all the same."""
        self._durable = False
        try:
            yield
        finally:
            self._durable = True
            if hasattr(os, "sync"):
                os.sync()

    @property
    def paths(self) -> list[Path]:
        touched = self._journal.touched if self._journal else {}
        return [self.ws.folder.root / name for name in touched]

    def write(self, path: Path, data: bytes, *, exclusive: bool = False) -> None:
        folder = self.ws.folder
        relative = folder.relative(path).as_posix()
        if self._journal is None:
            self._journal = Journal.open(state_dir(self.ws))
        self._journal.before_mkdir(self._missing_folders(path))
        before: bytes | None = None
        if not exclusive:
            with contextlib.suppress(FileNotFoundError):
                before = path.read_bytes()
        new = relative not in self._journal.touched
        self._journal.before_write(relative, before, data)
        self._writes += 1
        pause_point("write", self._writes, self.ws)
        try:
            atomic_write(path, data, exclusive=exclusive, durable=self._durable)
        except FileExistsError:
            if new:
                self._journal.forget(relative)
            raise

    def _missing_folders(self, path: Path) -> list[str]:
        """The folders above ``path`` (inside the team folder) that the write will create,
        outermost first; a file where a folder belongs is refused. A folder seen to exist is
        remembered for the rest of the change (the lock keeps others out), so 10,000 profiles
        do not stat ``customers/`` 10,000 times."""
        folder = self.ws.folder
        try:
            parts = path.parent.relative_to(folder.root).parts
        except ValueError:  # outside the team folder (the repository's CODEOWNERS)
            parts = ()
        missing: list[str] = []
        for depth in range(1, len(parts) + 1):
            name = "/".join(parts[:depth])
            if name in self._folders_seen:
                continue
            directory = folder.root / name
            if directory.is_dir():
                self._folders_seen.add(name)
            elif directory.exists():
                raise FolderError(
                    _("{name} is a file where handover keeps a folder", name=name),
                    hint=_(
                        "move {name} away (it is not handover's), then run the same command again",
                        name=name,
                    ),
                )
            else:
                missing.append(name)
        return missing

    def finish(self) -> None:
        """Every file is written: commit them (or leave them to sync with --no-commit)."""
        if self._journal is None:
            return
        journal = self._journal
        if not journal.touched:
            journal.close(remove=True)
            return
        journal.written(self.message)
        pause_point("written", 1, self.ws)
        git = self.ws.git
        if git.is_repository and self.ws.commit:
            self._head = git.head()
            self._committing = True
            self.commit = git.commit(self.paths, self.message)
        elif git.is_repository:
            files = {name: entry.after for name, entry in journal.touched.items()}
            journal_module.add_uncommitted(state_dir(self.ws), Uncommitted(self.message, files))
        journal.close(remove=True)

    def roll_back(self, cause: BaseException) -> None:
        journal = self._journal
        if journal is None:
            return
        if self._committing and self.ws.git.head() != self._head:
            journal.close(remove=True)  # the commit was made before the interruption
            self.commit = self.ws.git.head()
            return
        failed = journal_module.undo(
            self.ws.folder.root, list(journal.touched.values()), journal.new_dirs
        )
        journal.close(remove=not failed)
        if failed:
            raise FolderError(
                _(
                    "the command failed ({cause}) and could not put back: {files}",
                    cause=cause,
                    files=", ".join(failed),
                ),
                hint=_("restore them with `git checkout -- FILE` (new files: delete them)"),
            ) from cause
        if isinstance(cause, HandoverError) and journal.touched:
            cause.message = f"{self.undone_message}: {cause.message}"


@contextlib.contextmanager
def transaction(ws: Workspace, message: str = "") -> Iterator[Change]:
    """Open a change of the team folder (or join the one already open)."""
    current = ws.folder.change
    if isinstance(current, Change):
        yield current
        return
    refuse_if_git_is_busy(ws)
    with exclusive(ws):
        change = Change(ws, message)
        ws.folder.change = change
        try:
            with _signals_as_interrupt() as signals:
                try:
                    yield change
                    change.finish()
                except BaseException as error:
                    with signals.held():  # a second Ctrl-C cannot stop the putting back
                        change.roll_back(error)
                    stopped = getattr(error, "signal_number", signals.pending)
                    if isinstance(error, KeyboardInterrupt) or stopped is not None:
                        raise Interrupted(
                            _interrupted(change), signal_number=stopped or signal.SIGINT
                        ) from error
                    if isinstance(error, OSError):
                        raise os_error(ws, error, change.undone_message) from error
                    if not isinstance(error, HandoverError):  # a bug: still say what became
                        error.add_note(_crashed(change))  # of the change (cli prints it)
                    raise
        finally:
            ws.folder.change = None


@contextlib.contextmanager
def exclusive(ws: Workspace) -> Iterator[None]:
    """Hold the team folder's lock, after settling what killed commands left behind."""
    shown = str(ws.git.top_level or ws.folder.root)
    with team_lock(state_dir(ws), timeout=timeout_from(ws.environ), shown=shown):
        recover(ws)
        yield


def os_error(ws: Workspace, error: OSError, undone: str) -> FolderError:
    """An operating system's refusal as a folder error: the path, the reason, what to do."""
    where = ws.folder.relative(Path(error.filename)) if error.filename else ws.folder.root
    refused = errors.os_error(error, where, doing="write")
    refused.message = f"{undone}: {refused.message}"
    return refused


def recover(ws: Workspace) -> None:
    """Settle the journals of commands that died (call while holding the lock)."""
    directory = state_dir(ws)
    for found in journal_module.read_left_behind(directory):
        if found.message is not None:
            if ws.git.is_repository:
                files = {entry.path: entry.after for entry in found.touched}
                journal_module.add_uncommitted(directory, Uncommitted(found.message, files))
            found.path.unlink(missing_ok=True)
            continue
        failed = journal_module.undo(ws.folder.root, found.touched, found.new_dirs)
        if failed:
            raise FolderError(
                _(
                    "a handover command that was killed left {files} half-changed, "
                    "and they cannot be put back",
                    files=", ".join(failed),
                ),
                hint=_(
                    "restore them with `git checkout -- FILE`, then delete {journal}",
                    journal=found.path,
                ),
            )
        found.path.unlink(missing_ok=True)


def _interrupted(change: Change) -> str:
    if change.commit is not None:
        return _("interrupted after the commit: recorded in {commit}", commit=change.commit[:7])
    return _("interrupted: nothing recorded, every file put back")


def _crashed(change: Change) -> str:
    if change.commit is not None:
        return _("the change was committed before the error ({commit})", commit=change.commit[:7])
    return _("nothing recorded, every file put back")


class _Stop(KeyboardInterrupt):
    """A signal that stops a change, carrying which one (SIGINT, SIGTERM, SIGHUP)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


class _Signals:
    """The stopping signals while a change is open: each raises ``_Stop`` in the block, and
    is only noted (``pending``) while the change is being put back."""

    STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None

    def handle(self, number: int, frame: FrameType | None) -> None:
        if self.holding:
            self.pending = self.pending or number
            return
        raise _Stop(number)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[_Signals]:
    """Ctrl-C, SIGTERM and SIGHUP undo the change (and say so) instead of stopping half-way."""
    signals = _Signals()
    try:
        previous = {
            number: signal.signal(number, signals.handle)
            for number in _Signals.STOPPING
            if signal.getsignal(number) is not signal.SIG_IGN  # `nohup`, a background job
        }
    except ValueError:  # not the main thread: leave signals alone
        yield signals
        return
    try:
        yield signals
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def pause_point(name: str, count: int, ws: Workspace) -> None:
    """Stop here for a while when a test asks to (``HANDOVER_TEST_PAUSE_AT=write:3``), or
    fail as a bug would (``HANDOVER_TEST_CRASH_AT=write:2``)."""
    if ws.environ.get(ENV_CRASH) == f"{name}:{count}":
        raise RuntimeError(f"{ENV_CRASH}={name}:{count}")
    wanted = ws.environ.get(ENV_PAUSE)
    if not wanted:
        return
    point, _, number = wanted.partition(":")
    if point != name or count != int(number or 1):
        return
    marker = ws.environ.get(ENV_PAUSED)
    if marker:
        Path(marker).write_text(f"{os.getpid()}\n", encoding="utf-8")
    time.sleep(60)
