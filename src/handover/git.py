"""The git subprocess wrapper. Every failure becomes a GitError carrying git's own message."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from handover.errors import GitError


class Git:
    """git, run in the team folder. A folder outside any repository simply has no commits."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        if shutil.which("git") is None:
            raise GitError("git is not installed", hint="install git, or pass --no-commit")
        result = subprocess.run(
            ["git", *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        if check and result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            raise GitError(
                f"git {args[0]} failed: {message[-1] if message else result.returncode}",
                hint=_hint_for(result.stderr),
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

    def init(self) -> None:
        self.run("init", "--quiet")
        self.__dict__.pop("top_level", None)

    def commit(self, paths: Sequence[Path], message: str) -> str | None:
        """Commit exactly ``paths`` (other staged work is left alone); returns the new commit."""
        if not self.is_repository or not paths:
            return None
        names = [str(path) for path in paths]
        self.run("add", "--", *names)
        if self._only_staged(paths):
            # `commit -- paths` rebuilds a temporary index from HEAD: over a minute with
            # 600,000 files; when nothing else is staged, committing the index is the same
            self.run("commit", "--quiet", "-m", message)
        else:
            self.run("commit", "--quiet", "-m", message, "--", *names)
        return self.run("rev-parse", "HEAD").stdout.strip()

    def _only_staged(self, paths: Sequence[Path]) -> bool:
        """True when the staged changes are exactly (some of) `paths`, and HEAD exists."""
        if self.head() is None or self.top_level is None:
            return False
        staged = self.run("diff", "--cached", "--name-only", "-z", "--no-renames").stdout
        wanted = {path.resolve() for path in paths}
        return all(
            (self.top_level / name).resolve() in wanted for name in staged.split("\0") if name
        )

    def head(self) -> str | None:
        if not self.is_repository:
            return None
        result = self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False)
        return result.stdout.strip() or None


def _hint_for(stderr: str) -> str | None:
    if "Please tell me who you are" in stderr or "user.email" in stderr:
        return 'set who you are: git config --global user.name "…" and user.email "…"'
    if "index.lock" in stderr:
        return "another git command is running in this folder; wait and retry"
    return None
