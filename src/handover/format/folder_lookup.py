"""Which team folder a command works on: `--dir`, `$HANDOVER_DIR`, or the nearest folder
upward with handover.yaml. (The names of the files inside a folder are `format/layout.py`.)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from handover.errors import FolderError
from handover.format.layout import CONFIG_FILE
from handover.i18n import _

ENV_DIR = "HANDOVER_DIR"


def find_team_folder(
    explicit: Path | None, *, cwd: Path, environ: Mapping[str, str] = os.environ
) -> Path:
    """``--dir``, else ``$HANDOVER_DIR``, else the nearest folder upward with handover.yaml."""
    if explicit is not None:
        return _must_be_team_folder(explicit, "--dir")
    from_env = environ.get(ENV_DIR)
    if from_env:
        return _must_be_team_folder(Path(from_env), f"${ENV_DIR}")
    for folder in (cwd, *cwd.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise FolderError(
        _("no team folder here: no {file} in {cwd} or above", file=CONFIG_FILE, cwd=cwd),
        hint=_("run inside a team folder, pass --dir DIR, set $HANDOVER_DIR, or `handover init`"),
    )


def _must_be_team_folder(folder: Path, source: str) -> Path:
    if not (folder / CONFIG_FILE).is_file():
        raise FolderError(
            _(
                "{folder} ({source}) is not a team folder: it has no {file}",
                folder=folder,
                source=source,
                file=CONFIG_FILE,
            ),
            hint=_("create one with `handover init DIR`"),
        )
    return folder
