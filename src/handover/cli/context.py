"""What a command needs from its surroundings: the workspace and the output streams."""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from handover.format.output import output_path
from handover.i18n import _, ngettext

if TYPE_CHECKING:
    from rich.console import Console

    from handover.core.workspace import Workspace


P = ParamSpec("P")
R = TypeVar("R")

_opened: ContextVar[list[Workspace] | None] = ContextVar("handover_workspaces", default=None)


def open_workspace(team_dir: Path | None, *, commit: bool = True) -> Workspace:
    from handover.core.workspace import Workspace
    from handover.format.folder_lookup import find_team_folder

    root = find_team_folder(team_dir, cwd=Path.cwd())
    ws = Workspace.open(root, commit=commit)
    if names_language(root):
        from handover import i18n

        i18n.use_team_language(ws.folder.config().language)
    opened = _opened.get()
    if opened is not None:
        opened.append(ws)
    return ws


def open_team_view(team_dir: Path | None) -> Workspace:
    """The workspace of a team view (`list`, `open`, `agenda`, `health`): the team's settings
    come from the index while `handover.yaml` is unchanged (`index.team_settings`)."""
    from handover.index.team_settings import use_kept_settings

    ws = open_workspace(team_dir)
    use_kept_settings(ws.folder)
    return ws


def warn_left_out(ws: Workspace, *, strict_option: bool = False) -> None:
    """One line on stderr per file that could not be read, as `check` names it, then what
    that means for this answer."""
    if not ws.unreadable:
        return
    from handover.format.text import visible

    lines = [str(e) + (_(" — hint: {hint}", hint=e.hint) if e.hint else "") for e in ws.unreadable]
    count = len(ws.unreadable)
    if strict_option:
        said = ngettext(
            "warning: {count} file could not be read in full; this answer holds what "
            "could be read (`handover check` names the same, --strict fails on them)",
            "warning: {count} files could not be read in full; this answer holds what "
            "could be read (`handover check` names the same, --strict fails on them)",
            count,
        )
    else:
        said = ngettext(
            "warning: {count} file could not be read in full; this answer holds what "
            "could be read (`handover check` names the same)",
            "warning: {count} files could not be read in full; this answer holds what "
            "could be read (`handover check` names the same)",
            count,
        )
    from handover.render.prose import fold, stderr_width

    lines.append(fold(visible(said), stderr_width()))  # prose wraps; `path:line:col:` lines never
    sys.stderr.write("".join(visible(line) + "\n" for line in lines))


def tolerates_unreadable(command: Callable[P, R]) -> Callable[P, R]:
    """For a team view, or a write that does not need the file: the answer is given from what
    can be read, each unreadable file is warned about on stderr after it, and the command's
    `--strict` turns them into exit 3."""
    return _after_answer(command, fail=False)


def shows_what_it_can(command: Callable[P, R]) -> Callable[P, R]:
    """For a view of one customer (`brief`): what can be read is shown, then the warnings, and
    the exit code is the first unreadable file's (3, or 4 for a link leading out), because the
    answer the user asked for is incomplete."""
    return _after_answer(command, fail=True)


def _after_answer(command: Callable[P, R], *, fail: bool) -> Callable[P, R]:
    strict_option = "strict" in inspect.signature(command).parameters

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        import typer

        token = _opened.set([])
        try:
            result = command(*args, **kwargs)
            workspaces = _opened.get() or []
        finally:
            _opened.reset(token)
        for ws in workspaces:
            warn_left_out(ws, strict_option=strict_option)
            if ws.unreadable and (fail or kwargs.get("strict")):
                raise typer.Exit(int(ws.unreadable[0].exit_code))
        return result

    return run


def names_language(root: Path) -> bool:
    """Whether handover.yaml names a language, read without parsing the file: the full
    config is read only when it does (most folders say nothing and pay nothing)."""
    try:
        with (root / "handover.yaml").open("rb") as file:
            head = file.read(65536)
    except OSError:
        return False
    return b"\nlanguage:" in head or head.startswith(b"language:")


def console(*, stderr: bool = False) -> Console:
    """Where a command prints: markup off, control characters shown (render/console.py)."""
    from handover.render.console import LiteralConsole

    return LiteralConsole(stderr=stderr, soft_wrap=True)


def print_json(value: Any) -> None:
    from handover.render.terminal import to_json

    sys.stdout.write(to_json(value) + "\n")


SHEET_FORMATS = ("table", "csv", "xlsx")


def check_format(fmt: str) -> None:
    from handover.errors import UsageError

    if fmt not in SHEET_FORMATS:
        raise UsageError(
            _(
                "--format: '{format}' is not one of {choices}",
                format=fmt,
                choices=", ".join(SHEET_FORMATS),
            )
        )


@contextlib.contextmanager
def quiet_when_the_reader_quits() -> Iterator[None]:
    """`handover report | head -1`: the reader closing the pipe is not an error. Exit 0
    without a word, as the views whose output fits the pipe do (click would say exit 1)."""
    import os

    try:
        yield
        sys.stdout.flush()  # what is still buffered meets the closed pipe here, not at exit
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
        raise SystemExit(0) from None


def output_target(ws: Workspace, output: Path | None, *, force: bool = True) -> Path | None:
    """Where `-o FILE` may write, checked before any work (the one guard every writing
    command shares, `TeamFolder.output_path`); None for standard output (no -o, or `-o -`)."""
    if output is None or str(output) == "-":
        return None
    return output_path(ws.folder.root, output, force=force)


def check_suffix(output: Path | None, fmt: str, suffixes: dict[str, str]) -> None:
    """`-o r.pdf` with a text format is a mistake, not a wish: refuse a file name whose
    suffix is another known format's (``suffixes`` maps suffix → format)."""
    from handover.errors import UsageError

    if output is None or str(output) == "-" or not output.suffix:
        return
    suffix = output.suffix.lower().lstrip(".")
    meant = suffixes.get(suffix)
    if meant != fmt:
        known = ", ".join(f".{s}" for s, f in suffixes.items() if f == fmt) or "-"
        raise UsageError(
            _(
                "{file} does not end like a {format} file (expected {suffixes})",
                file=output,
                format=fmt,
                suffixes=known,
            ),
            hint=_("name the file for its format, or give --format to match the name"),
        )


def write_sheet(ws: Workspace, items: Any, fmt: str, output: Path | None, title: str) -> None:
    """The rows a view returned, as CSV or xlsx, to a file or standard output."""
    from handover.errors import UsageError
    from handover.render import sheets as tabular

    target = output_target(ws, output)
    check_suffix(output, fmt, {"csv": "csv", "xlsx": "xlsx"})
    to_terminal = output is None and sys.stdout.isatty()
    if fmt == "csv":
        data = tabular.csv_bytes(items, for_terminal=to_terminal)
    else:
        data = tabular.xlsx_bytes(items, title)
    if target is not None:
        from handover.format.files import atomic_write

        atomic_write(target, data)
        console(stderr=True).print(
            ngettext(
                "Wrote {count} row to {path}",
                "Wrote {count} rows to {path}",
                len(items),
                path=output,
            ),
            style="dim",
        )
        return
    if fmt == "xlsx" and to_terminal:
        raise UsageError(_("an xlsx workbook is not for a terminal"), hint=_("add -o FILE.xlsx"))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
