"""What a command needs from its surroundings: the workspace and the output streams."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from handover.core.workspace import Workspace


def open_workspace(team_dir: Path | None, *, commit: bool = True) -> Workspace:
    from handover.core.workspace import Workspace
    from handover.format.paths import find_team_folder

    root = find_team_folder(team_dir, cwd=Path.cwd())
    return Workspace.open(root, commit=commit)


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_json(value: Any) -> None:
    from handover.render.terminal import to_json

    sys.stdout.write(to_json(value) + "\n")


SHEET_FORMATS = ("table", "csv", "xlsx")


def check_format(fmt: str) -> None:
    from handover.errors import UsageError

    if fmt not in SHEET_FORMATS:
        raise UsageError(f"--format: '{fmt}' is not one of {', '.join(SHEET_FORMATS)}")


def write_sheet(items: Any, fmt: str, output: Path | None, title: str) -> None:
    """The rows a view returned, as CSV or xlsx, to a file or standard output."""
    from handover.errors import UsageError
    from handover.render import sheets as tabular

    data = tabular.csv_bytes(items) if fmt == "csv" else tabular.xlsx_bytes(items, title)
    if output is not None:
        from handover.format.store import atomic_write

        atomic_write(output.resolve(), data)
        console(stderr=True).print(f"Wrote {len(items)} row(s) to {output}", style="dim")
        return
    if fmt == "xlsx" and sys.stdout.isatty():
        raise UsageError("an xlsx workbook is not for a terminal", hint="add -o FILE.xlsx")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
