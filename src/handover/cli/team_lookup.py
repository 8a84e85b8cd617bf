"""The team folder a command line names, found without starting the app: shell completion
and the language of help and usage errors need it before typer loads (one module both
import, so neither imports the other)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def team_root(words: list[str], environ: Mapping[str, str], cwd: Path) -> Path | None:
    """--dir, $HANDOVER_DIR, or the nearest folder with handover.yaml, as commands find it."""
    for index, word in enumerate(words):
        if word == "--dir" and index + 1 < len(words):
            return Path(words[index + 1]).expanduser()
        if word.startswith("--dir="):
            return Path(word.removeprefix("--dir=")).expanduser()
    if environ.get("HANDOVER_DIR"):
        return Path(environ["HANDOVER_DIR"]).expanduser()
    for folder in (cwd, *cwd.parents):
        if (folder / "handover.yaml").is_file():
            return folder
    return None
