"""The team folder's write lock: one change at a time per clone, released even by a kill -9.

An advisory ``flock`` on a file in the clone's git directory. The kernel drops it when the
process ends however it ends, so a killed command never leaves a stale lock behind. Waiting is
bounded: after ``HANDOVER_LOCK_TIMEOUT`` seconds (default 60) the command gives up and names
the command holding the lock.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from handover.errors import LockTimeout
from handover.i18n import _

ENV_TIMEOUT = "HANDOVER_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
LOCK_FILE = "lock"


def timeout_from(environ: Mapping[str, str]) -> float:
    try:
        return max(0.0, float(environ.get(ENV_TIMEOUT, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextlib.contextmanager
def team_lock(directory: Path, *, timeout: float, shown: str) -> Iterator[None]:
    """Hold the lock in ``directory`` for the block; ``shown`` names the folder in messages."""
    import fcntl

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        _(
                            "another handover command is writing in {folder} ({holder}); "
                            "gave up after {seconds} s",
                            folder=shown,
                            holder=_holder(path),
                            seconds=f"{timeout:g}",
                        ),
                        hint=_(
                            "wait for it to finish and run the command again "
                            "(${variable} sets how long to wait)",
                            variable=ENV_TIMEOUT,
                        ),
                    ) from None
                time.sleep(0.01 + random.random() * 0.04)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()} {' '.join(sys.argv[1:2])}\n".encode())
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        pid, _space, command = path.read_text(encoding="utf-8").strip().partition(" ")
        return f"pid {int(pid)}, handover {command}".rstrip()
    return _("a command still running")
