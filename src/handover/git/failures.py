"""What a failed git child means, in words a rep can act on.

git's own message is kept, but the line that says *why* is chosen (its `fatal:` line, not
the last one), and the failures people meet get their own sentence: a git killed by a signal
(a file size limit, a full disk), an `index.lock` left behind, a remote that cannot be
reached, does not exist, or refuses who you are.
"""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

from handover.errors import GitError, Offline
from handover.i18n import _

INDEX_WRITERS = frozenset(
    {
        "add",
        "checkout",
        "cherry-pick",
        "commit",
        "merge",
        "mv",
        "read-tree",
        "rebase",
        "reset",
        "restore",
        "revert",
        "rm",
        "stash",
        "switch",
        "update-index",
    }
)
"""git commands that take the index lock (`.git/index.lock`) while they run."""


def subcommand(args: tuple[str, ...]) -> str:
    """The git command in ``args`` (`add` in `-c core.quotePath=false add …`)."""
    words = iter(args)
    for word in words:
        if word == "-c":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""


def reason(output: str) -> str:
    """The line of git's output that says why: its first `fatal:`/`error:` line, else the
    last line (git ends `Unable to create index.lock` with 'remove the file manually')."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    said = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), None)
    if said is None:
        return lines[-1] if lines else ""
    return said.removeprefix("fatal: ").removeprefix("error: ")


def killed(command: str, number: int, lock: Path | None, removed: bool) -> GitError:
    """A git child that a signal stopped: which one, why, and what became of its lock."""
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    why = signal.strsignal(number) or name
    message = _(
        "git {command} was stopped by {signal} ({why})", command=command, signal=name, why=why
    )
    if removed and lock is not None:
        message += _("; it left {lock} behind, which handover removed", lock=lock)
    if number == getattr(signal, "SIGXFSZ", -1):
        hint = _(
            "a file grew past the file size limit (`ulimit -f`) or the disk is full: free "
            "some space or raise the limit, then run the same command again"
        )
    else:
        hint = _("run the same command again")
    return GitError(message, hint=hint)


def index_lock_held(command: str, lock: Path, top: Path | None) -> GitError:
    """git refused because ``lock`` exists: another git is running, or one died and left it."""
    try:
        age = _age(time.time() - lock.stat().st_mtime)
    except OSError:  # it is gone already: the other git finished
        return GitError(
            _("git {command} found {lock} taken by another git", command=command, lock=lock),
            hint=_("it has finished now: run the same command again"),
        )
    return GitError(
        _(
            "git {command} cannot start: {lock} exists ({age} old): another git command is "
            "running in {folder}, or one was stopped and left it behind",
            command=command,
            lock=lock,
            age=age,
            folder=top or lock.parent.parent,
        ),
        hint=_(
            "if no git command is running (an editor, a GUI, `ps -C git`), remove it: "
            "rm '{lock}', then run the same command again",
            lock=lock,
        ),
    )


def _age(seconds: float) -> str:
    if seconds < 120:
        return _("{count} s", count=max(0, int(seconds)))
    if seconds < 7200:
        return _("{count} min", count=int(seconds // 60))
    return _("{count} h", count=int(seconds // 3600))


def detached_hint(branch: str | None) -> str:
    """How to leave a detached HEAD: back to the branch it came from, by name when known."""
    return _(
        "switch to your branch first (git switch {branch}, or git switch -c NEW-BRANCH to keep "
        "commits made here)",
        branch=branch or "BRANCH",
    )


def hint_for(stderr: str) -> str | None:
    if "Please tell me who you are" in stderr or "user.email" in stderr:
        return _('set who you are: git config --global user.name "…" and user.email "…"')
    return None


# --- remotes ----------------------------------------------------------------------------

_UNREACHABLE = re.compile(
    r"Could not resolve host|Could not resolve hostname|Connection refused|Connection timed "
    r"out|timed out|Network is unreachable|No route to host|unable to connect|Connection reset|"
    r"Failed to connect|Couldn't connect|Temporary failure in name resolution|"
    r"Name or service not known|Connection closed by remote host",
    re.IGNORECASE,
)
_AUTH = re.compile(
    r"Permission denied|Authentication failed|could not read Username|could not read Password|"
    r"terminal prompts disabled|returned error: 40[13]|access denied|Host key verification "
    r"failed|HTTP Basic: Access denied",
    re.IGNORECASE,
)
_MISSING = re.compile(
    r"does not appear to be a git repository|Repository not found|repository '.*' not found|"
    r"returned error: 404|No such file or directory|not a git repository|project you were "
    r"looking for could not be found",
    re.IGNORECASE,
)


def local_path(url: str, folder: Path) -> Path | None:
    """The folder a remote URL names on this computer (`/mnt/usb/team.git`, `../team.git`,
    `file:///…`), or None for a remote on another host (`https://…`, `git@host:team.git`)."""
    if url.startswith("file://"):
        return Path(url.removeprefix("file://"))
    if not url or "://" in url:
        return None
    before_slash = url.split("/", 1)[0]
    if ":" in before_slash and not re.match(r"^[A-Za-z]:$", before_slash):
        return None  # scp-like host:path (a Windows drive letter is a path)
    return folder / Path(url).expanduser()


def remote_error(remote: str, output: str, path: Path | None = None) -> GitError:
    """A failed fetch or push as one of: cannot reach the host (Offline: the work waits,
    committed here), no such repository, access refused, or git's own words. ``path`` is
    where a remote on this computer lives: when it is not there at all, it may be a drive
    that is not plugged in, which is as good as offline."""
    why = reason(output) or _("no answer")
    if _UNREACHABLE.search(output):
        return Offline(_("cannot reach {remote}: {why}", remote=remote, why=why))
    if path is not None and not path.exists():
        return Offline(
            _(
                "cannot reach {remote}: {path} is not there (a drive not plugged in, or a "
                "wrong address: git remote -v)",
                remote=remote,
                path=path,
            )
        )
    if _MISSING.search(output):
        return GitError(
            _("{remote} has no repository at its address: {why}", remote=remote, why=why),
            hint=_(
                "check the address (git remote -v); fix it with git remote set-url {remote} "
                "URL, then handover sync",
                remote=remote,
            ),
        )
    if _AUTH.search(output):
        return GitError(
            _("{remote} refused who you are: {why}", remote=remote, why=why),
            hint=_(
                "check your access to the repository (your SSH key, token or password, and "
                "that you were given access), then handover sync"
            ),
        )
    return GitError(
        _("git could not talk to {remote}: {why}", remote=remote, why=why),
        hint=hint_for(output),
    )
