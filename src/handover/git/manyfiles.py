"""git's settings for folders of many files, given by `init` and `sync` to large folders only.

At 625,000 tracked files git's index is 90 MB, read and rewritten whole by every command that
stages anything. Three of git's own settings fix most of that:

- ``core.splitIndex``: changes go to a small index file beside a shared one, so an index write
  is a few MB instead of 90;
- ``index.version 4``: paths are prefix-compressed (the folder's paths share long prefixes),
  a third smaller to read;
- ``core.untrackedCache``: `git status` remembers which folders had no new files.

Small folders keep git's defaults: their index is read in milliseconds anyway, and a split
index is not read by every git tool (libgit2 and JGit, inside some editors and git GUIs,
refuse it), so the settings are worth it only where git is slow without them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

MANY_FILES = 5_000  # tracked files from which a folder gets the settings
SETTINGS = {"core.splitIndex": "true", "index.version": "4", "core.untrackedCache": "true"}


def tracked_files(index: Path) -> int:
    """How many entries git's index holds, from its header (no need to read 90 MB)."""
    try:
        with index.open("rb") as handle:
            header = handle.read(12)
    except OSError:
        return 0
    if len(header) < 12 or header[:4] != b"DIRC":
        return 0
    return int.from_bytes(header[8:12], "big")


def tune_for_many_files(top_level: Path, git_dir: Path) -> list[str]:
    """Give a folder of ``MANY_FILES`` tracked files or more git's settings for many files;
    returns the settings it set. A setting the repository already has (any value: someone
    chose it) is left alone, and a folder once tuned is not looked at again."""

    def config(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "config", *args], cwd=top_level, capture_output=True, text=True, check=False
        )

    unset = [key for key in SETTINGS if config("--get", key).returncode != 0]
    if not unset or tracked_files(git_dir / "index") < MANY_FILES:
        return []
    for key in unset:
        config(key, SETTINGS[key])
    # rewrite the index in the new form now, rather than on someone's next commit
    subprocess.run(
        ["git", "update-index", "--split-index", "--index-version", "4", "--untracked-cache"],
        cwd=top_level,
        capture_output=True,
        check=False,
    )
    return unset
