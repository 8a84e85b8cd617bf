"""Long output through a pager on a terminal, the way git does it.

The pager is `$HANDOVER_PAGER`, else `$PAGER`, else `less -FRX` (`-F` quits at once when the
text fits on one screen, `-R` shows colour, `-X` leaves the text on the screen). An empty
value or `cat` means no pager; so do `--no-pager` and output that is not a terminal (a pipe
or a file never sees a pager).

Like git's `LESS=FRX`, `LESSCHARSET=utf-8` is set when the user set none: the text is UTF-8,
and where the user's locale is not installed (`LANG=ko_KR.UTF-8` on a bare server) less would
otherwise show Hangul as `<EA><B9><80>`.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_PAGER = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to start, or None when the user asked for none or it is not installed."""
    for name in ("HANDOVER_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            break
    else:
        command = DEFAULT_PAGER
    if not command or command == "cat":
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


@contextlib.contextmanager
def paged(no_pager: bool = False) -> Iterator[Console]:
    """A console that writes into the pager when stdout is a terminal, else to stdout."""
    from handover.cli.context import console

    command = None if no_pager or not sys.stdout.isatty() else pager_command(os.environ)
    if command is None:
        yield console()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # git's defaults when the user set none
    env.setdefault("LESSCHARSET", "utf-8")  # what we write, even where the locale is missing
    env.setdefault("LV", "-c")
    width = shutil.get_terminal_size().columns
    sys.stdout.flush()
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    assert process.stdin is not None
    stream = io.TextIOWrapper(process.stdin, encoding="utf-8", errors="replace")
    out = _console_class()(file=stream, force_terminal=True, width=width, soft_wrap=True)
    try:
        yield out
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: not an error
    finally:
        with contextlib.suppress(BrokenPipeError, OSError):
            stream.close()
        _wait(process)


def _console_class() -> type[Console]:
    from handover.render.console import LiteralConsole

    class PagerConsole(LiteralConsole):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # rich would exit 1; here it only means the reader quit

    return PagerConsole


def _wait(process: subprocess.Popen[bytes]) -> None:
    """Wait for the pager; Ctrl-C belongs to the pager while it runs, as in git."""
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue
