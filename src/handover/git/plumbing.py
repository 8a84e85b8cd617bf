"""A commit of a few files without `git commit`, for folders of hundreds of thousands of files.

`git commit` looks at every tracked file before it commits (the "preload index" and refresh:
an lstat of each of 625,000 files, seconds), and `git add` then `git commit` each read and
rewrite the whole index. A commit of one note needs none of that: only the trees on the paths
that changed. So, when nothing in the repository expects `git commit` to run (no commit hooks,
no signing; see ``plumbing_allowed``), a change is committed with git's own plumbing:

    blobs   git hash-object -w --stdin-paths   (.gitattributes and filters apply, as in `add`)
    trees   git cat-file --batch                (HEAD's trees on the changed paths, each by
                                                 the id its parent names)
            git hash-object -t tree -w --stdin-paths
                                                (those trees changed, made here in git's own
                                                 format; git checks each and must name it
                                                 with the id computed here)
    commit  git commit-tree -p OLD TREE
    ref     git update-ref HEAD NEW OLD         (a compare-and-swap: a HEAD that moved meanwhile
                                                 is refused, and the commit is built again on it)
    index   git update-index --add --remove     (the index agrees with HEAD for those paths)

The tree is HEAD's plus exactly these paths, so other work a person staged stays staged and
out of the commit, as with `git commit -- PATHS`.

The trees are made here rather than by `git mktree`, which parses, sorts and checks all 25,000
entries of a flat `customers/` folder on every commit (a third of a second at that size); here
only the changed entry moves (``trees``), and the ids of parents are known before anything is
written.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from handover.errors import GitError
from handover.git import failures
from handover.git.trees import FOLDER_MODE, MalformedTree, Tree, TreeReader, object_id
from handover.i18n import _

# The hooks `git commit` runs; a repository with any of them commits through `git commit`.
COMMIT_HOOKS = ("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit")
CAS_ATTEMPTS = 5  # a HEAD moved by someone's own `git commit` meanwhile: build on it again
INDEX_ATTEMPTS = 20  # another git command holding index.lock: wait this many times 50 ms
_MOVED = re.compile(r"is at [0-9a-f]+ but expected|cannot lock ref|unable to lock", re.I)
_BUSY_INDEX = re.compile(r"index\.lock", re.I)
_CRITICAL = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def plumbing_allowed(top_level: Path, hooks_dir: Path, config: dict[str, str]) -> bool:
    """True when `git commit` would do nothing a plumbing commit leaves out: no commit hook
    (in .git/hooks or core.hooksPath) and no signed commits."""
    if config.get("commit.gpgsign", "false").lower() in ("true", "yes", "on", "1"):
        return False
    hooks = hooks_dir if hooks_dir.is_absolute() else top_level / hooks_dir
    return not any(os.access(hooks / name, os.X_OK) for name in COMMIT_HOOKS)


def cleaned_message(message: str) -> str:
    """The message as `git commit -m` stores it (its "whitespace" clean-up): no trailing
    spaces, no leading or trailing blank lines, runs of blank lines made one."""
    lines = [line.rstrip() for line in message.splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept) + "\n" if kept else ""


class PlumbingCommit:
    """Commit ``names`` (paths relative to the repository root, '/'-separated) on HEAD."""

    def __init__(
        self, top_level: Path, env: dict[str, str], filemode: bool, index_lock: Path | None = None
    ) -> None:
        self.top = top_level
        self.env = env
        self.filemode = filemode
        self.index_lock = index_lock or top_level / ".git" / "index.lock"
        self.hash_size = 20  # bytes of an object id: SHA-1's, or SHA-256's (32) once seen
        self.reshare = False  # a split index grown too big: git writes a new shared index

    def _git(
        self, *args: str, input: bytes | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        writes_index = args[0] in failures.INDEX_WRITERS
        lock_was_there = writes_index and self.index_lock.exists()
        done = subprocess.run(
            ["git", *args],
            cwd=self.top,
            input=input,
            capture_output=True,
            env=self.env,
            check=False,
        )
        if done.returncode < 0:  # a signal stopped it (a file size limit): its lock is ours
            removed = writes_index and not lock_was_there and self.index_lock.exists()
            if removed:
                self.index_lock.unlink(missing_ok=True)
            raise failures.killed(args[0], -done.returncode, self.index_lock, removed)
        if check and done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(
                _(
                    "git {command} failed: {why}",
                    command=args[0],
                    why=said[-1] if said else done.returncode,
                )
            )
        return done

    def commit(self, names: Sequence[str], message: str) -> str | None:
        """The new commit, or None when the files are already committed as they are."""
        old = self._head()
        blobs = self._hash(names)
        text = cleaned_message(message)
        for _attempt in range(CAS_ATTEMPTS):
            tree, unchanged = self._tree(old, blobs)
            if unchanged:
                self._update_index(names)  # the index agrees with HEAD for these paths
                return None
            new = self._git("commit-tree", tree, "-p", old, "-F", "-", input=text.encode())
            sha = new.stdout.decode().strip()
            subject = text.split("\n", 1)[0]
            with _signals_held():  # HEAD and the index move together, or neither does
                moved = self._git(
                    "update-ref", "-m", f"commit: {subject}", "HEAD", sha, old, check=False
                )
                if moved.returncode == 0:
                    self._index_after_commit(names, sha, old)
                    break
            if not _MOVED.search(moved.stderr.decode("utf-8", "replace")):
                raise GitError(
                    _(
                        "git {command} failed: {why}",
                        command="update-ref",
                        why=moved.stderr.decode().strip(),
                    )
                )
            old = self._head()  # someone committed meanwhile: the change goes on top of theirs
        else:
            raise GitError(
                _(
                    "HEAD kept moving while handover committed (another git command is "
                    "committing in this clone)"
                ),
                hint=_("wait for it to finish and run the command again"),
            )
        self._git("maintenance", "run", "--auto", "--quiet", check=False)  # as `git commit` does
        return sha

    def _head(self) -> str:
        return self._git("rev-parse", "--verify", "-q", "HEAD").stdout.decode().strip()

    def _hash(self, names: Sequence[str]) -> dict[bytes, tuple[bytes, bytes] | None]:
        """Each path's (mode, blob id), written to the object store; None for a deleted path."""
        present = [name for name in names if os.path.lexists(self.top / name)]
        listing = "".join(f"{name}\n" for name in present).encode()
        out = self._git("hash-object", "-w", "--stdin-paths", input=listing).stdout.split()
        blobs: dict[bytes, tuple[bytes, bytes] | None] = {os.fsencode(name): None for name in names}
        for name, sha in zip(present, out, strict=True):
            mode = os.lstat(self.top / name).st_mode
            executable = self.filemode and bool(mode & stat.S_IXUSR)
            blobs[os.fsencode(name)] = (b"100755" if executable else b"100644", sha)
        return blobs

    def _tree(self, old: str, blobs: dict[bytes, tuple[bytes, bytes] | None]) -> tuple[str, bool]:
        """HEAD's tree with ``blobs`` put in: its id, and whether it equals HEAD's."""
        directories = {b""}
        for name in blobs:
            parts = name.split(b"/")[:-1]
            directories.update(b"/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
        trees = self._read_trees(old, sorted(directories))
        changed = False
        for name, blob in blobs.items():
            directory, _slash, base = name.rpartition(b"/")
            tree = trees[directory]
            changed |= tree.remove(base) if blob is None else tree.put(base, *blob)
        if not changed:
            return old, True
        written: list[tuple[bytes, bytes]] = []  # (content, id) of each tree, children first
        for directory in sorted(directories, key=lambda d: -d.count(b"/") - (d != b"")):
            tree = trees[directory]
            body = tree.body()
            if directory:
                parent, _slash, base = directory.rpartition(b"/")
                if len(tree):
                    written.append((body, object_id(b"tree", body, self.hash_size)))
                    trees[parent].put(base, FOLDER_MODE, written[-1][1])
                else:
                    trees[parent].remove(base)  # git keeps no empty folders
        written.append((body, object_id(b"tree", body, self.hash_size)))  # the root: last
        self._write_trees(written)
        return written[-1][1].decode(), False

    def _write_trees(self, trees: Sequence[tuple[bytes, bytes]]) -> None:
        """Store the trees with one `git hash-object`, which checks their format; an id git
        computes differently from ours means a tree made wrong here, and nothing is committed."""
        git_dir = self.index_lock.parent
        paths = [git_dir / f"handover-tree-{os.getpid()}-{n}" for n in range(len(trees))]
        listing = b"".join(os.fsencode(path) + b"\n" for path in paths)
        if listing.count(b"\n") != len(paths):  # a line break in the git folder's own path
            said = []
            for body, _id in trees:
                done = self._git("hash-object", "-t", "tree", "-w", "--stdin", input=body)
                said.append(done.stdout.strip())
        else:
            try:
                for path, (body, _id) in zip(paths, trees, strict=True):
                    path.write_bytes(body)
                command = ("hash-object", "-t", "tree", "-w", "--no-filters", "--stdin-paths")
                said = self._git(*command, input=listing).stdout.split()
            finally:
                for path in paths:
                    path.unlink(missing_ok=True)
        if said != [tree_id for _body, tree_id in trees]:
            why = f"tree ids {b' '.join(said).decode()}"
            raise GitError(_("git {command} failed: {why}", command="hash-object", why=why))

    def _read_trees(self, old: str, directories: Sequence[bytes]) -> dict[bytes, Tree]:
        """HEAD's trees of ``directories`` (empty where HEAD has none), level by level, each
        by the id its parent names (see ``TreeReader``)."""
        levels: dict[int, list[bytes]] = {}
        for directory in directories:
            levels.setdefault(directory.count(b"/") + (directory != b""), []).append(directory)
        trees: dict[bytes, Tree] = {}
        with TreeReader(self.top, self.env) as reader:
            for depth in sorted(levels):  # the root first: it says how long an id is
                asked: list[tuple[bytes, bytes]] = []
                for directory in levels[depth]:
                    if not directory:
                        asked.append((directory, f"{old}^{{tree}}".encode()))
                        continue
                    parent, _slash, base = directory.rpartition(b"/")
                    entry = trees[parent].get(base)
                    if entry is None or entry[0] != FOLDER_MODE:  # none, or a file to be a folder
                        trees[directory] = Tree(hash_size=self.hash_size)
                    else:
                        asked.append((directory, entry[1]))
                answers = reader.ask([name for _directory, name in asked])
                for (directory, _name), answer in zip(asked, answers, strict=True):
                    trees[directory] = self._tree_of(answer)
            reader.close()
        return trees

    def _tree_of(self, answer: tuple[bytes, bytes, bytes] | None) -> Tree:
        """cat-file's answer as a Tree: empty when there is none or it is not a tree."""
        if answer is None or answer[1] != b"tree":
            return Tree(hash_size=self.hash_size)
        self.hash_size = len(answer[0]) // 2
        try:
            return Tree(answer[2], self.hash_size)
        except MalformedTree:
            why = f"{answer[0].decode()} is not a tree git can read"
            raise GitError(_("git {command} failed: {why}", command="cat-file", why=why)) from None

    def _index_after_commit(self, names: Sequence[str], new: str, old: str) -> None:
        """Update the index for ``names``; if git's index stays locked, HEAD goes back."""
        try:
            self._update_index(names)
        except GitError:
            self._git("update-ref", "-m", "handover: commit undone", "HEAD", old, new, check=False)
            raise

    def _update_index(self, names: Sequence[str]) -> None:
        listing = "".join(f"{name}\0" for name in names).encode()
        command = ["update-index", "--add", "--remove", "-z", "--stdin"]
        if self.reshare:  # see manyfiles: git moves every entry back to the shared index
            command.insert(1, "--split-index")
        for attempt in range(INDEX_ATTEMPTS):
            done = self._git(*command, input=listing, check=False)
            if done.returncode == 0:
                return
            said = done.stderr.decode("utf-8", "replace")
            if _BUSY_INDEX.search(said) and attempt == INDEX_ATTEMPTS - 1:
                raise failures.index_lock_held("update-index", self.index_lock, self.top)
            if not _BUSY_INDEX.search(said):
                raise GitError(
                    _(
                        "git {command} failed: {why}",
                        command="update-index",
                        why=said.strip().splitlines()[-1] if said else "",
                    ),
                    hint=_("another git command is running in this folder; wait and retry")
                    if _BUSY_INDEX.search(said)
                    else None,
                )
            time.sleep(0.05)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and kill wait until HEAD and the index agree again (they arrive just after)."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _CRITICAL)
    except (AttributeError, ValueError, OSError):  # no signal masks (Windows)
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
