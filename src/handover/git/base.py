"""Running git: one subprocess call, its failures turned into GitErrors with git's own words."""

from __future__ import annotations

import shutil
import subprocess
from functools import cached_property
from pathlib import Path

from handover.errors import GitError
from handover.git import failures
from handover.i18n import _

# Output that names files is read with these, so paths come back unquoted and in UTF-8.
_PLAIN_PATHS = ("-c", "core.quotePath=false")
_RECORD = "\x1e"
_FIELD = "\x1f"
BULK_PATHS = 200  # more paths than this in one commit are staged by update-index
_LOG_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"


class GitBase:
    """git, run in the team folder. A folder outside any repository simply has no commits."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(
        self,
        *args: str,
        check: bool = True,
        env: dict[str, str] | None = None,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        if shutil.which("git") is None:
            raise GitError(_("git is not installed"), hint=_("install git, or pass --no-commit"))
        command = failures.subcommand(args)
        lock = self.git_dir / "index.lock" if command in failures.INDEX_WRITERS else None
        lock_was_there = lock is not None and lock.exists()
        result = subprocess.run(
            ["git", *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            env=env,
            input=input,
        )
        if result.returncode < 0:  # a signal stopped it: never an answer, whatever `check` says
            removed = False
            if lock is not None and not lock_was_there and lock.exists():
                lock.unlink(missing_ok=True)  # made by the child that just died: ours
                removed = True
            raise failures.killed(command, -result.returncode, lock, removed)
        if check and result.returncode != 0:
            output = result.stderr or result.stdout
            if lock is not None and "index.lock" in output and "File exists" in output:
                raise failures.index_lock_held(command, lock, self.top_level)
            why = failures.reason(output) or str(result.returncode)
            raise GitError(
                _("git {command} failed: {why}", command=command, why=why),
                hint=failures.hint_for(output),
            )
        return result

    @cached_property
    def top_level(self) -> Path | None:
        if shutil.which("git") is None:
            return None
        result = self.run("rev-parse", "--show-toplevel", check=False)
        return Path(result.stdout.strip()) if result.returncode == 0 else None

    @property
    def is_repository(self) -> bool:
        return self.top_level is not None

    def root_path(self, name: str) -> Path:
        """A path git printed relative to the repository root, made absolute."""
        if self.top_level is None:
            raise GitError(_("{folder} is not in a git repository", folder=self.folder))
        return self.top_level / name

    @cached_property
    def git_dir(self) -> Path:
        """This clone's (or worktree's) own git directory: per clone, never committed."""
        found = Path(self.run("rev-parse", "--git-dir").stdout.strip())
        return found if found.is_absolute() else self.folder / found
