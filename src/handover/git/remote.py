"""The shared remote: fetch, push, rebase onto a teammate's work, and what failed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from handover.errors import GitError
from handover.git import failures
from handover.git.base import _PLAIN_PATHS, GitBase
from handover.i18n import _

_LOST_RACE = re.compile(
    r"cannot lock ref|failed to update ref|incorrect old value|failed to lock|"
    r"Unable to create .*\.lock|reference already exists",
    re.IGNORECASE,
)


class GitRemote(GitBase):
    """Talking to the team's remote (sync's part of git)."""

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
