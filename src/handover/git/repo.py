"""The git subprocess wrapper. Every failure becomes a GitError carrying git's own message."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from handover.errors import GitError
from handover.git import failures, manyfiles
from handover.git.base import _PLAIN_PATHS, BULK_PATHS, GitBase  # noqa: F401
from handover.git.history import Commit, GitHistory, PathChange
from handover.git.hooks import commit_environment, hook_refusal
from handover.git.manyfiles import tune_for_many_files
from handover.git.plumbing import PlumbingCommit, plumbing_allowed
from handover.git.remote import GitRemote
from handover.i18n import N_, _

__all__ = ["Commit", "Git", "PathChange"]


class Git(GitHistory, GitRemote):
    """git, run in the team folder: committing, the index, and what git is in the middle of."""

    def init(self) -> None:
        self.run("init", "--quiet")
        self.__dict__.pop("top_level", None)

    def tune_for_many_files(self) -> list[str]:
        """git's settings for many files, on a folder that has many (see ``manyfiles``)."""
        if self.top_level is None:
            return []
        return tune_for_many_files(self.top_level, self.git_dir)

    def commit(self, paths: Sequence[Path], message: str) -> str | None:
        """Commit exactly ``paths`` (other staged work is left alone); returns the new commit.

        If git refuses (a hook, no identity) or the command is interrupted, the index entries
        of ``paths`` are put back as they were, so nothing is left staged.
        """
        if not self.is_repository or not paths:
            return None
        plumbing = self.plumbing_commit(paths)
        if plumbing is not None:
            return plumbing.commit(self.root_names(paths), message) or self.head()
        bulk = len(paths) > BULK_PATHS
        if bulk:  # resolving 10,000 paths one by one costs seconds; they are the folder's own
            base = self.folder.resolve()
            names = [os.path.relpath(path, base) for path in paths]
        else:
            names = [str(path.resolve()) for path in paths]
        before = self.head()
        entries = self.bulk_index_entries(names) if bulk else self.index_entries(names)
        try:
            nothing_staged = self.run("diff", "--cached", "--quiet", check=False).returncode == 0
            if bulk and nothing_staged:
                # `git add` matches every pathspec against every path: minutes at 10,000
                # files. update-index takes the list as plain paths, in one pass (our own
                # files; a folder git ignores is refused first, as `git add` would).
                self.ignored_folder_refusal(names[0])
                listing = "".join(f"{name}\0" for name in names)
                self.run("update-index", "--add", "--remove", "-z", "--stdin", input=listing)
            else:
                added = self.run("add", "--", *names, check=False)
                if added.returncode != 0 and "ignored by one of your .gitignore" in added.stderr:
                    raise GitError(
                        _(
                            "git ignores {folder} (a .gitignore of the repository at {top} "
                            "lists it), so nothing handover writes can be committed",
                            folder=self.folder,
                            top=self.top_level,
                        ),
                        hint=_(
                            "see which line: git check-ignore -v {name}; remove that line, "
                            "or make the team folder its own repository (git init in it)",
                            name=names[0],
                        ),
                    )
                if added.returncode != 0:
                    self.run("add", "--", *names)  # raises with git's own message
            arguments = ["commit", "--quiet", "-m", message]
            if not nothing_staged:  # leave other staged work alone; `-- PATHS` rehashes the tree
                arguments += ["--", *names]
            done = self.run(*arguments, check=False, env=commit_environment())
            if done.returncode != 0:
                hook = Path(self.run("rev-parse", "--git-path", "hooks/pre-commit").stdout.strip())
                refused = hook_refusal(done.stdout + done.stderr, self.folder / hook)
                if refused is not None:
                    raise refused
                self.run(*arguments)  # git's own failure, reported as usual
        except BaseException:
            if self.head() == before:
                with contextlib.suppress(GitError):  # the disk that stopped git may stop this
                    self.restore_index(names, entries)  # nothing left staged
            raise
        return self.run("rev-parse", "HEAD").stdout.strip()

    def plumbing_commit(self, paths: Sequence[Path]) -> PlumbingCommit | None:
        """The fast commit for this repository, or None where `git commit` must run: a commit
        hook or signing is configured, nothing is committed yet, or a path is unusual (a
        symlink, a line break in its name)."""
        if self.top_level is None or self.head() is None:
            return None
        hooks = Path(self.run("rev-parse", "--git-path", "hooks").stdout.strip())
        keys = (
            *_COMMIT_SETTINGS,
            *(key.lower() for key in (*manyfiles.SETTINGS, "index.skipHash")),
        )
        wanted = "^(" + "|".join(key.replace(".", r"\.") for key in keys) + ")$"
        listed = self.run("config", "-z", "--get-regexp", wanted, check=False).stdout
        config = {}
        for item in filter(str.strip, listed.split("\0")):
            key, _sep, value = item.partition("\n")
            config[key] = value
        untuned = not any(key.lower() in config for key in manyfiles.SETTINGS)
        split = _true(config.get("core.splitindex", "false"))
        if untuned and manyfiles.index_entries(self.git_dir / "index") >= manyfiles.MANY_FILES:
            self.tune_for_many_files()  # a fresh clone of a large folder, at its first note
        elif split:  # before any git writes this index (see manyfiles)
            manyfiles.keep_split_index_whole(self.top_level, config.get("index.skiphash"))
        if not plumbing_allowed(self.top_level, self.folder / hooks, config):
            return None
        if any(path.is_symlink() or "\n" in str(path) for path in paths):
            return None
        filemode = _true(config.get("core.filemode", "true"))
        env = commit_environment()
        self.ignored_folder_refusal_for(paths)
        commit = PlumbingCommit(self.top_level, env, filemode, self.git_dir / "index.lock")
        percent = config.get("splitindex.maxpercentchange")
        commit.reshare = split and manyfiles.split_index_overgrown(self.git_dir, percent)
        return commit

    def root_names(self, paths: Sequence[Path]) -> list[str]:
        """Paths as git names them: relative to the repository's top, '/'-separated."""
        assert self.top_level is not None
        top = str(self.top_level.resolve())
        base = self.folder.resolve()
        relative = os.path.relpath(base, top)
        names = []
        for path in paths:
            inside = os.path.relpath(path if path.is_absolute() else base / path, base)
            if inside.startswith(".."):  # not under the folder: resolve it the slow way
                inside = os.path.relpath(path.resolve(), base)
            names.append(Path(os.path.normpath(Path(relative) / inside)).as_posix())
        return names

    def ignored_folder_refusal_for(self, paths: Sequence[Path]) -> None:
        """`git add`'s refusal of paths .gitignore lists, for files new to git."""
        new = [str(path) for path in paths if path.exists()]
        listing = "".join(f"{name}\0" for name in new)
        ignored = self.run(
            "check-ignore", "--no-index", "-z", "--stdin", input=listing, check=False
        )
        if ignored.returncode == 0 and ignored.stdout.strip("\0"):
            first = ignored.stdout.split("\0")[0]
            tracked = self.run("ls-files", "-z", "--", first).stdout
            if not tracked:  # git add takes a tracked file, ignored or not
                self.ignored_folder_refusal(first)

    def ignored_folder_refusal(self, name: str) -> None:
        """The refusal `git add` would give for a team folder the repository ignores."""
        if self.run("check-ignore", "-q", "--", name, check=False).returncode == 0:
            raise GitError(
                _(
                    "git ignores {folder} (a .gitignore of the repository at {top} lists it), "
                    "so nothing handover writes can be committed",
                    folder=self.folder,
                    top=self.top_level,
                ),
                hint=_(
                    "see which line: git check-ignore -v {name}; remove that line, "
                    "or make the team folder its own repository (git init in it)",
                    name=name,
                ),
            )

    def bulk_index_entries(self, names: Sequence[str]) -> str:
        """index_entries for thousands of names: one listing, filtered here (git would match
        every name against every entry)."""
        wanted = set(names)
        listing = self.run("ls-files", "--stage", "-z").stdout
        return "".join(
            f"{entry}\0"
            for entry in listing.split("\0")
            if entry and entry.partition("\t")[2] in wanted
        )

    def index_entries(self, names: Sequence[str]) -> str:
        """The index lines of ``names`` (``git ls-files -s``), to put back with restore_index."""
        return self.run("ls-files", "--stage", "-z", "--", *names).stdout

    def restore_index(self, names: Sequence[str], entries: str) -> None:
        self.run("update-index", "--force-remove", "--", *names, check=False)
        if entries:
            lines = "\n".join(line for line in entries.split("\0") if line) + "\n"
            subprocess.run(
                ["git", "update-index", "--index-info"],
                cwd=self.folder,
                input=lines.encode("utf-8"),
                capture_output=True,
                check=False,
            )

    def head(self) -> str | None:
        if not self.is_repository:
            return None
        result = self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False)
        return result.stdout.strip() or None

    def in_progress(self) -> str | None:
        """The operation a person (or a crash) left unfinished: rebase, merge, cherry-pick."""
        for name, operation, _finish in _UNFINISHED:
            if (self.git_dir / name).exists():
                return operation
        return None

    def unfinished(self) -> tuple[str, str] | None:
        """What git is in the middle of, and how a person finishes it; None when nothing."""
        if not self.is_repository:
            return None
        for name, operation, finish in _UNFINISHED:
            if (self.git_dir / name).exists():
                return operation, finish
        if self.run("symbolic-ref", "--quiet", "HEAD", check=False).returncode != 0:
            return "detached HEAD", failures.detached_hint(self.branch_left())
        return None

    def branch_left(self) -> str | None:
        """The branch a detached HEAD came from: the last `checkout: moving from BRANCH` of
        the reflog, else the remote's default branch, else init.defaultBranch, else the only
        branch there is; None when none of them names a branch of this clone."""

        def exists(name: str) -> bool:
            found = self.run("show-ref", "--verify", "--quiet", f"refs/heads/{name}", check=False)
            return bool(name) and found.returncode == 0

        moves = self.run("reflog", "show", "-n", "100", "--format=%gs", "HEAD", check=False)
        for line in moves.stdout.splitlines():
            if line.startswith("checkout: moving from "):
                name = line.removeprefix("checkout: moving from ").rsplit(" to ", 1)[0]
                if exists(name):
                    return name
        for remote in self.remotes():
            default = self.run(
                "symbolic-ref", "--quiet", "--short", f"refs/remotes/{remote}/HEAD", check=False
            ).stdout.strip()
            if default and exists(default.removeprefix(f"{remote}/")):
                return default.removeprefix(f"{remote}/")
        configured = self.run("config", "init.defaultBranch", check=False).stdout.strip()
        if exists(configured):
            return configured
        branches = self.run("for-each-ref", "--format=%(refname:short)", "refs/heads").stdout
        return branches.split()[0] if len(branches.split()) == 1 else None

    def branch(self) -> str | None:
        result = self.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return result.stdout.strip() or None


# what the fast commit reads of git's config (besides git's settings for many files)
_COMMIT_SETTINGS = ("commit.gpgsign", "core.filemode", "splitindex.maxpercentchange")


def _true(value: str) -> bool:
    """git's spelling of a true boolean setting."""
    return value.lower() in ("true", "yes", "on", "1")


_UNFINISHED = (
    (
        "rebase-merge",
        "rebase",
        N_(
            "resolve the files git status lists, git add them, git rebase --continue "
            "(or git rebase --abort to go back to before the rebase)",
        ),
    ),
    (
        "rebase-apply",
        "rebase",
        N_(
            "resolve the files git status lists, git add them, git rebase --continue "
            "(or git rebase --abort to go back to before the rebase)",
        ),
    ),
    (
        "MERGE_HEAD",
        "merge",
        N_(
            "resolve the files git status lists, git add them, git commit "
            "(or git merge --abort to go back to before the merge)",
        ),
    ),
    (
        "CHERRY_PICK_HEAD",
        "cherry-pick",
        N_(
            "resolve the files git status lists, git add them, git cherry-pick --continue "
            "(or git cherry-pick --abort)",
        ),
    ),
    (
        "REVERT_HEAD",
        "revert",
        N_(
            "resolve the files git status lists, git add them, git revert --continue "
            "(or git revert --abort)",
        ),
    ),
    ("BISECT_LOG", "bisect", N_("finish it with git bisect reset")),
)
