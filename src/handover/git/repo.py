"""The git subprocess wrapper. Every failure becomes a GitError carrying git's own message."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from handover.errors import GitError
from handover.git import failures
from handover.git.failures import Offline
from handover.git.hooks import commit_environment, hook_refusal
from handover.git.manyfiles import tune_for_many_files
from handover.git.plumbing import PlumbingCommit, plumbing_allowed
from handover.i18n import N_, _

__all__ = ["Change", "Commit", "Git", "Offline"]

# Output that names files is read with these, so paths come back unquoted and in UTF-8.
_PLAIN_PATHS = ("-c", "core.quotePath=false")
_RECORD = "\x1e"
_FIELD = "\x1f"
BULK_PATHS = 200  # more paths than this in one commit are staged by update-index
_LOG_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"


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
class Change:
    """A path changed since a ref: ``status`` is git's letter (A, M, D, ...)."""

    status: str
    path: Path


class Git:
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
        listed = self.run(
            "config", "-z", "--get-regexp", r"^(commit\.gpgsign|core\.filemode)$", check=False
        ).stdout
        config = {}
        for item in filter(str.strip, listed.split("\0")):
            key, _sep, value = item.partition("\n")
            config[key] = value
        if not plumbing_allowed(self.top_level, self.folder / hooks, config):
            return None
        if any(path.is_symlink() or "\n" in str(path) for path in paths):
            return None
        filemode = config.get("core.filemode", "true").lower() in ("true", "yes", "on", "1")
        env = commit_environment()
        self.ignored_folder_refusal_for(paths)
        return PlumbingCommit(self.top_level, env, filemode, self.git_dir / "index.lock")

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

    # --- where things are ---------------------------------------------------------------

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

    def remotes(self) -> list[str]:
        return self.run("remote").stdout.split()

    def upstream(self) -> str | None:
        """The branch this one tracks, e.g. ``origin/main``, if any."""
        result = self.run(
            "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}", check=False
        )
        if result.returncode != 0:
            return None
        return result.stdout.strip() or None

    def rev_parse(self, ref: str) -> str | None:
        """The commit a ref names, or None when it names none."""
        if not self.is_repository or ref.startswith("-"):
            return None
        result = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return result.stdout.strip() or None

    def merge_base(self, first: str, second: str) -> str | None:
        result = self.run("merge-base", first, second, check=False)
        return result.stdout.strip() or None

    def count(self, *revisions: str) -> int:
        return int(self.run("rev-list", "--count", *revisions).stdout.strip() or 0)

    # --- the working tree ---------------------------------------------------------------

    def status(self) -> list[Change]:
        """Uncommitted changes in the whole repository, untracked files one by one."""
        out = self.run(
            *_PLAIN_PATHS, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ":/"
        ).stdout
        entries = out.split("\0")
        changes: list[Change] = []
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
            changes.append(Change(status=status, path=self.root_path(name)))
        return changes

    def changed_since(self, ref: str) -> list[Change]:
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
            Change(status=code[:1], path=self.root_path(name))
            for code, name in zip(out[0::2], out[1::2], strict=False)
            if code and name
        ]
        return changes + self.status()

    # --- history ------------------------------------------------------------------------

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

    @property
    def prefix(self) -> Path:
        """The folder's path inside the repository (``.`` at the top)."""
        if self.top_level is None:
            return Path()
        return self.folder.resolve().relative_to(self.top_level.resolve())

    def last_commit_before(self, moment: dt.datetime) -> str | None:
        result = self.run(
            "rev-list", "-1", f"--before={moment.isoformat()}", "HEAD", "--", check=False
        )
        return result.stdout.strip() or None

    # --- sharing ------------------------------------------------------------------------

    def fetch(self, remote: str) -> None:
        """Fetch, telling 'cannot reach the remote' (Offline) from every other failure."""
        result = self.run("fetch", "--quiet", "--prune", remote, check=False)
        if result.returncode != 0:
            raise failures.remote_error(remote, result.stderr, self.remote_path(remote))

    def remote_path(self, remote: str) -> Path | None:
        """Where a remote on this computer lives (a path or file:// URL), else None."""
        url = self.run("remote", "get-url", remote, check=False).stdout.strip()
        return failures.local_path(url, self.folder)

    def push(self, remote: str, branch: str, *, set_upstream: bool) -> bool:
        """Push; False when the remote moved on meanwhile (fetch and rebase, then retry)."""
        args = ["push", "--quiet", "--porcelain"]
        if set_upstream:
            args.append("--set-upstream")
        result = self.run(*args, remote, f"HEAD:refs/heads/{branch}", check=False)
        if result.returncode == 0:
            return True
        text = result.stderr + result.stdout
        if "[rejected]" in text or "fetch first" in text or "non-fast-forward" in text:
            return False
        if _LOST_RACE.search(text):  # another clone's push updated the branch meanwhile
            return False
        if "[remote rejected]" in text:  # a hook or a branch protection on the git host
            lines = text.splitlines()
            host = [ln.removeprefix("remote:").strip() for ln in lines if ln.startswith("remote:")]
            host = [line for line in host if line]  # what the git host said, in its words
            rejected = text.split("[remote rejected]", 1)[1].splitlines()[0]
            why = rejected[rejected.find("(") + 1 : rejected.rfind(")")] or rejected.strip()
            reason = "; ".join(host) + f" ({why})" if host else why
            raise GitError(
                _(
                    "{remote} refused the push to {branch}: {reason}",
                    remote=remote,
                    branch=branch,
                    reason=reason,
                ),
                hint=_(
                    "if the branch is protected, work on your own branch and open a pull "
                    "request: git switch -c MY-BRANCH, then handover sync"
                ),
            )
        raise failures.remote_error(remote, text, self.remote_path(remote))

    def rebase(self, onto: str) -> subprocess.CompletedProcess[str]:
        """Rebase onto ``onto``, never stashing: the caller decides what a failure means."""
        return self.run(
            "-c",
            "rebase.autoStash=false",
            "-c",
            "rebase.autoSquash=false",
            "rebase",
            "--no-autostash",
            "--quiet",
            onto,
            check=False,
        )

    def conflicted(self) -> list[Path]:
        out = self.run(*_PLAIN_PATHS, "diff", "--name-only", "--diff-filter=U", "-z").stdout
        return [self.root_path(name) for name in out.split("\0") if name]

    def rebase_abort(self) -> None:
        self.run("rebase", "--abort")


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


_LOST_RACE = re.compile(
    r"cannot lock ref|failed to update ref|incorrect old value|failed to lock|"
    r"Unable to create .*\.lock|reference already exists",
    re.IGNORECASE,
)
