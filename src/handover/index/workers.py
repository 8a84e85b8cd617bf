"""Worker processes for the CPU-bound reading of a large team: the index build and `check`.

multiprocessing's Pool waits forever for a task whose worker died (the out-of-memory killer,
`kill -9`): it starts another worker, and the lost task is never done. So the parent watches
the workers it started, and fails with one line when one has ended. Pool's other wait
forever, an error a worker raised that cannot be rebuilt in the parent (its result thread
dies), is closed in the worker: such an error comes back as one that can. Ctrl-C is the
parent's alone: it ends the workers, as any other way out of the pool does; `kill` and a
closed terminal, which reach the parent alone, end them before it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from handover.errors import WorkerDied
from handover.i18n import _

A = TypeVar("A")
R = TypeVar("R")

WATCH_EVERY = 0.25  # seconds: how soon a dead worker is noticed while a result is awaited


def in_processes(
    run: Callable[[A], R],
    batches: Sequence[A],
    *,
    jobs: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``run(batch)`` of every batch, in order, in ``jobs`` worker processes (forked, where the
    system can: they start with what the parent has read)."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    tasks = [(run, batch) for batch in batches]
    with contextlib.ExitStack() as stack:
        with ctrl_c_waits_while_forking():
            before = set(multiprocessing.active_children())
            pool = stack.enter_context(
                context.Pool(
                    jobs, initializer=_start, initargs=(os.getpid(), initializer, initargs)
                )
            )
            workers = [p for p in multiprocessing.active_children() if p not in before]
        stack.enter_context(_killed_with(workers))
        results = pool.imap(_call, tasks)
        while True:
            try:
                result = results.next(timeout=WATCH_EVERY)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                _fail_if_one_ended(workers)
                continue
            _fail_if_one_ended(workers)  # also while the others' results keep coming
            yield result


@contextlib.contextmanager
def _killed_with(workers: Sequence[Any]) -> Iterator[None]:
    """`kill` (SIGTERM) or a closed terminal (SIGHUP) ends handover at once, as it always did,
    and now its workers first: they would finish their batch, find the parent gone, and print
    a traceback each. Where the signal has another handler (a change's, `nohup`), it is left
    to it: a change ends the pool as it unwinds."""

    def end(number: int, frame: object) -> None:
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.terminate()
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    ending = (signal.SIGTERM, signal.SIGHUP) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)
    previous = {}
    try:
        for number in ending:
            if signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, end)
    except ValueError:  # not the main thread: signals are not ours to change
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _fail_if_one_ended(workers: Sequence[Any]) -> None:
    """A worker ends only when the pool does: one that ended before took its batch with it."""
    for worker in workers:
        code = worker.exitcode
        if code is None:
            continue
        message = (
            _(
                "a worker process was killed by {signal} before it had finished; "
                "nothing was changed",
                signal=_signal_name(-code),
            )
            if code < 0
            else _(
                "a worker process ended with exit code {code} before it had finished; "
                "nothing was changed",
                code=code,
            )
        )
        raise WorkerDied(
            message,
            hint=_(
                "the system may have run out of memory (it then ends the largest process): "
                "run the command again with fewer programs open"
            ),
        )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time signal
        return f"signal {number}"


def _start(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    ignore_ctrl_c()
    for number in (signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])):
        signal.signal(number, signal.SIG_DFL)  # the pool ends its workers by SIGTERM, at once
    end_with(parent)
    if initializer is not None:
        initializer(*initargs)


def _call(task: tuple[Callable[[A], R], A]) -> R:
    """In a worker: one batch. An error the parent could not rebuild (one whose class takes
    other arguments than it keeps) is raised as a RuntimeError that names it."""
    run, batch = task
    try:
        return run(batch)
    except Exception as error:
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:
            raise RuntimeError(f"{type(error).__name__}: {error}") from None
        raise


PR_SET_PDEATHSIG = 1
"""prctl(2): the signal this process gets when the thread that forked it ends (Linux)."""


def end_with(parent: int) -> None:
    """In a worker: `kill -9` of handover (no moment to end its workers) ends the worker too,
    by the system, instead of leaving it to finish its batch, find handover gone and print a
    traceback. Linux only; elsewhere the worker ends as before."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # handover was killed before the line above
        os._exit(1)


def ignore_ctrl_c() -> None:
    """In a worker: Ctrl-C reaches the whole foreground group, but only the parent answers it
    (exit 130) and ends the pool; a worker that took it would print a traceback.
    A Ctrl-C that came while the worker was forked is pending (`ctrl_c_waits_while_forking`):
    ignoring it before unblocking discards it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def ctrl_c_waits_while_forking() -> Iterator[None]:
    """Ctrl-C is held (blocked, not lost) while a pool forks its workers, so none takes it
    before `ignore_ctrl_c`; the parent gets it when this ends, with the pool already in its
    `with`, which ends the workers."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
