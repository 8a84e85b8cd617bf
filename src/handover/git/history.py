"""What the repository says happened: status, changes since a ref, the log, files as they were."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from handover.git.base import _FIELD, _LOG_FORMAT, _PLAIN_PATHS, _RECORD, GitBase


@dataclass(frozen=True)
class Commit:
    """One commit as people read it in a history: who, when, what they said."""

    sha: str
    author: str
    email: str
    at: dt.datetime
    subject: str
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathChange:
    """A path changed since a ref: ``status`` is git's letter (A, M, D, ...)."""

    status: str
    path: Path


class GitHistory(GitBase):
    """Reading the repository's past and present state (no writes)."""

    def status(self) -> list[PathChange]:
        """Uncommitted changes in the whole repository, untracked files one by one.

        Asked as a plain `git status` (the whole repository, untracked folders as one line
        each), then only those folders are listed file by file: `--untracked-files=all`, or
        any pathspec, makes git walk every folder itself, without the untracked cache large
        folders keep (3.0 s of CPU against 1.6 s at 625,000 files)."""
        out = self.run(
            *_PLAIN_PATHS, "status", "--porcelain=v1", "-z", "--untracked-files=normal"
        ).stdout
        entries = out.split("\0")
        folders = [entry[3:] for entry in entries if entry[:3] == "?? " and entry.endswith("/")]
        if folders:
            listed = self.run(
                *_PLAIN_PATHS,
                "ls-files",
                "-z",
                "--others",
                "--exclude-standard",
                "--full-name",
                "--",
                *(f":(top,literal){folder}" for folder in folders),
            ).stdout
            collapsed = {f"?? {folder}" for folder in folders}
            inside = sorted(f"?? {name}" for name in listed.split("\0") if name)
            entries = [entry for entry in entries if entry not in collapsed] + inside
        changes: list[PathChange] = []
        index = 0
        while index < len(entries):
            entry = entries[index]
            index += 1
            if len(entry) < 4:
                continue
            code, name = entry[:2], entry[3:]
            if "R" in code or "C" in code:
                index += 1  # the source of a rename follows; the new name is what exists
            status = "?" if code == "??" else "D" if "D" in code else code.strip()[:1] or "M"
            changes.append(PathChange(status=status, path=self.root_path(name)))
        return changes

    def changed_since(self, ref: str) -> list[PathChange]:
        """Paths that differ from ``ref`` (committed, staged or not) and new files.

        Two cheap comparisons instead of `git diff REF`: that one compares a tree with the
        working tree file by file and takes minutes on 600,000 files, while ref-vs-index plus
        git status (index-vs-working-tree, untracked) take about a second each.
        """
        out = self.run(
            *_PLAIN_PATHS,
            "diff",
            "--cached",
            "--name-status",
            "--no-renames",
            "-z",
            ref,
            "--",
            ":/",
        ).stdout.split("\0")
        changes = [
            PathChange(status=code[:1], path=self.root_path(name))
            for code, name in zip(out[0::2], out[1::2], strict=False)
            if code and name
        ]
        return changes + self.status()

    def log(self, *args: str, names: bool = True) -> list[Commit]:
        """Commits as ``git log ARGS`` lists them, with the paths each touched (if ``names``)."""
        listing = ["--name-only"] if names else []
        out = self.run(*_PLAIN_PATHS, "log", _LOG_FORMAT, *listing, *args).stdout
        commits: list[Commit] = []
        for record in out.split(_RECORD):
            if not record.strip():
                continue
            head, _, names_text = record.partition("\n")
            sha, author, email, when, subject = head.split(_FIELD, 4)
            paths = tuple(name for name in names_text.splitlines() if name.strip())
            commits.append(
                Commit(sha, author, email, dt.datetime.fromisoformat(when), subject, paths)
            )
        return commits

    def show(self, ref: str, path: Path) -> bytes | None:
        """A file's bytes as of ``ref``, or None if it did not exist then.

        ``path`` is absolute, or relative to the folder.
        """
        if path.is_absolute() and self.top_level is not None:
            name = path.resolve().relative_to(self.top_level.resolve()).as_posix()
        else:
            name = "./" + path.as_posix()
        result = subprocess.run(
            ["git", "show", f"{ref}:{name}"], cwd=self.folder, capture_output=True, check=False
        )
        return result.stdout if result.returncode == 0 else None

    def files_at(self, ref: str, directory: Path) -> set[str]:
        """Names (relative to the folder) of the files under ``directory`` as of ``ref``."""
        if directory.is_absolute():
            directory = directory.resolve().relative_to(self.folder.resolve())
        out = self.run(
            *_PLAIN_PATHS,
            "ls-tree",
            "-r",
            "--name-only",
            "--full-tree",
            "-z",
            ref,
            "--",
            (self.prefix / directory).as_posix(),
        ).stdout
        prefix = self.prefix.as_posix()
        names = [name for name in out.split("\0") if name]
        if prefix != ".":
            names = [name.removeprefix(prefix + "/") for name in names]
        return set(names)

    def differs_from(self, ref: str, folders: Sequence[str], files: Sequence[str] = ()) -> bool:
        """Whether anything under ``folders`` or in ``files`` (relative to the folder) differs
        from ``ref``: a file's content (as `git add` would store it, filters applied), a file
        git would add that ``ref`` lacks, or one ``ref`` has that is gone.

        Asks git about these paths only: `git status` looks at every file of the repository
        (seconds at 600,000 files) and matches each against every path given (as slow again).
        Here `ls-tree` walks only the trees of these paths and `hash-object` reads only their
        files; the few new files are checked against .gitignore."""
        wanted = [*folders, *files]
        if not wanted:
            return False
        head = self.run(*_PLAIN_PATHS, "ls-tree", "-r", "-z", ref, "--", *wanted).stdout
        committed: dict[str, str] = {}
        for entry in head.split("\0"):
            if entry:
                meta, name = entry.split("\t", 1)
                committed[name] = meta.split()[2]
        on_disk = [name for name in files if (self.folder / name).is_file()]
        for folder in folders:
            for directory, subfolders, names in os.walk(self.folder / folder):
                subfolders.sort()
                relative = Path(directory).relative_to(self.folder).as_posix()
                on_disk += [f"{relative}/{name}" for name in sorted(names)]
        if len(on_disk) != len(committed):
            new = [name for name in on_disk if name not in committed]
            if any(name not in set(on_disk) for name in committed) or self._not_ignored(new):
                return True
            on_disk = [name for name in on_disk if name in committed]
        if not on_disk:
            return False
        top = self.prefix.as_posix()  # git reads these paths from its top level
        where = "" if top == "." else f"{top}/"
        listing = "".join(f"{where}{name}\n" for name in on_disk)
        ids = self.run("hash-object", "--stdin-paths", input=listing).stdout.split()
        return any(committed.get(name) != blob for name, blob in zip(on_disk, ids, strict=True))

    def _not_ignored(self, names: Sequence[str]) -> bool:
        """Whether git would add any of these files (not all are ignored)."""
        if not names:
            return False
        listing = "".join(f"{name}\n" for name in names)
        ignored = self.run("check-ignore", "--stdin", check=False, input=listing).stdout
        return len(set(ignored.splitlines())) < len(set(names))

    def last_commit_before(self, moment: dt.datetime) -> str | None:
        result = self.run(
            "rev-list", "-1", f"--before={moment.isoformat()}", "HEAD", "--", check=False
        )
        return result.stdout.strip() or None

    def count(self, *revisions: str) -> int:
        return int(self.run("rev-list", "--count", *revisions).stdout.strip() or 0)

    def merge_base(self, first: str, second: str) -> str | None:
        result = self.run("merge-base", first, second, check=False)
        return result.stdout.strip() or None

    def rev_parse(self, ref: str) -> str | None:
        """The commit a ref names, or None when it names none."""
        if not self.is_repository or ref.startswith("-"):
            return None
        result = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return result.stdout.strip() or None

    @property
    def prefix(self) -> Path:
        """The folder's path inside the repository (``.`` at the top)."""
        if self.top_level is None:
            return Path()
        return self.folder.resolve().relative_to(self.top_level.resolve())
