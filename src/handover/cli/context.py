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
    ws = Workspace.open(root, commit=commit)
    if names_language(root):
        from handover import i18n

        i18n.use_team_language(ws.folder.config().language)
    return ws


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
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_json(value: Any) -> None:
    from handover.render.terminal import to_json

    sys.stdout.write(to_json(value) + "\n")
