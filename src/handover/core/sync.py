"""`handover sync`: share this clone's work with the team through git, and take theirs.

Notes and records are new files with unique names, so rebasing them onto the remote never
conflicts. Only two people editing the same lines of one hand-edited file can; then sync puts
the folder back exactly as it was and names the file, instead of leaving a half-done rebase
for a rep who has never heard of one.
What sync commits is handover's own work only (core/sync_plan.py); a person's uncommitted
edit stops it.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from handover.core.journal import write_uncommitted
from handover.core.sync_plan import Plan, plan_commits
from handover.core.workspace import Workspace
from handover.domain.views import View
from handover.errors import (
    FolderError,
    GitError,
    Offline,
    SyncConflict,
    UncommittedEditsError,
    UnreadableFilesError,
)
from handover.git.repo import Git
from handover.i18n import _

PUSH_ATTEMPTS = 12  # a push that lost a race is retried: fetch, rebase, push again
RETRY_PAUSE = 0.15  # seconds, times the attempt number, with jitter: clones spread out


def _unreadable(path: Path) -> bool:
    """A file git lists as changed only because it cannot open it (chmod 000, another owner)."""
    try:
        with path.open("rb"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False


class SyncResult(View):
    branch: str
    remote: str | None
    target: str | None
    committed: list[str]
    received: int
    sent: int
    offline: str | None
    untracked: list[str]


def sync(ws: Workspace) -> SyncResult:
    """Commit handover's own work, rebase onto the remote, push; restore on any conflict."""
    git = ws.git
    if not git.is_repository:
        raise FolderError(
            _(
                "{root} is not in a git repository: there is nothing to sync",
                root=ws.folder.root,
            ),
            hint=_("git init, then git remote add origin URL (or clone the team's repository)"),
        )
    ws.folder.config()  # a team folder, and a valid one, before touching anything
    busy = git.in_progress()
    if busy is not None:
        raise GitError(
            _(
                "a {operation} is unfinished in this repository; sync does not touch it",
                operation=busy,
            ),
            hint=_(
                "finish it (git status says how) or undo it (git {operation} --abort), then sync",
                operation=busy,
            ),
        )
    branch = git.branch()
    if branch is None:
        from handover.git.failures import detached_hint

        raise GitError(
            _("not on a branch (detached HEAD); nothing was synced"),
            hint=detached_hint(git.branch_left()),
        )
    from handover.core.transaction import exclusive

    with exclusive(ws):  # no note commits while sync commits and rebases
        git.tune_for_many_files()
        return _sync(ws, branch)


def _sync(ws: Workspace, branch: str) -> SyncResult:
    git = ws.git
    plan = plan_commits(ws)
    unreadable = [path for path in plan.foreign if _unreadable(path)]
    if unreadable:
        raise UnreadableFilesError([_shown(ws, path) for path in unreadable])
    if plan.foreign:
        raise UncommittedEditsError([_shown(ws, path) for path in plan.foreign])
    committed = [message.split("\n", 1)[0] for message, _paths in plan.commits]
    for message, paths in plan.commits:
        git.commit(paths, message)
    write_uncommitted(git.git_dir / "handover", [])
    try:
        return _share(ws, branch, committed, plan)
    except GitError as error:
        if committed:  # say so: the folder's files are as they were, and now committed
            error.message += _(" (first committed here: {commits})", commits="; ".join(committed))
        raise


def _share(ws: Workspace, branch: str, committed: list[str], plan: Plan) -> SyncResult:
    git = ws.git
    if git.head() is None:
        raise GitError(
            _("nothing is committed in this repository yet, so there is nothing to share"),
            hint=_("commit the folder first: git add -A && git commit -m 'team folder'"),
        )
    remote, remote_branch = _remote_of(git, branch)
    result = SyncResult(
        branch=branch,
        remote=remote,
        target=None if remote is None else f"{remote}/{remote_branch}",
        committed=committed,
        received=0,
        sent=0,
        offline=None,
        untracked=[_shown(ws, path) for path in plan.untracked],
    )
    if remote is None:
        return result
    return _exchange(ws, result, remote, remote_branch, tracking=git.upstream() is not None)


def _exchange(
    ws: Workspace, result: SyncResult, remote: str, remote_branch: str, *, tracking: bool
) -> SyncResult:
    """Fetch, rebase, push; again if someone pushed in between. Offline is not an error."""
    git = ws.git
    target = f"{remote}/{remote_branch}"
    received = sent = 0
    try:
        for attempt in range(PUSH_ATTEMPTS):
            if attempt:  # someone pushed first: wait a little, differently in every clone
                time.sleep(RETRY_PAUSE * attempt * (0.5 + random.random()))
            git.fetch(remote)
            exists = git.rev_parse(f"refs/remotes/{target}") is not None
            if exists:
                received += _rebase(ws, target)
            if exists:
                ahead = git.count(f"{target}..HEAD")
            else:  # a new branch: what the remote has on no branch yet
                ahead = git.count("HEAD", "--not", f"--remotes={remote}")
            if ahead == 0:
                break
            if git.push(remote, remote_branch, set_upstream=not tracking):
                sent += ahead
                if not tracking:
                    git.run("branch", f"--set-upstream-to={target}")
                break
        else:
            raise GitError(
                _("{target} kept moving while syncing; your work is committed here", target=target),
                hint=_("run handover sync again"),
            )
    except Offline as offline:
        return result.model_copy(
            update={"received": received, "sent": sent, "offline": offline.message}
        )
    return result.model_copy(update={"received": received, "sent": sent})


def _remote_of(git: Git, branch: str) -> tuple[str | None, str]:
    """The remote and branch to sync with: the upstream, else origin (or the only remote)."""
    configured = git.run("config", f"branch.{branch}.remote", check=False).stdout.strip()
    merge = git.run("config", f"branch.{branch}.merge", check=False).stdout.strip()
    if configured and configured != "." and merge.startswith("refs/heads/"):
        return configured, merge.removeprefix("refs/heads/")
    remotes = git.remotes()
    if "origin" in remotes:
        return "origin", branch
    if len(remotes) == 1:
        return remotes[0], branch
    if remotes:
        raise GitError(
            _(
                "several remotes ({remotes}) and no upstream for {branch}",
                remotes=", ".join(remotes),
                branch=branch,
            ),
            hint=_("choose one: git branch --set-upstream-to=REMOTE/{branch}", branch=branch),
        )
    return None, branch


def _rebase(ws: Workspace, target: str) -> int:
    """Replay local commits onto ``target``; on a conflict, undo everything and explain."""
    git = ws.git
    incoming = git.count(f"HEAD..{target}")
    if incoming == 0:
        return 0
    before = git.head()
    conflicts: list[Path] = []
    try:
        outcome = git.rebase(target)
        if outcome.returncode == 0:
            return incoming
        conflicts = git.conflicted()
    finally:
        if git.in_progress() == "rebase":
            git.rebase_abort()  # also on Ctrl-C: never leave the folder mid-rebase
    if git.head() != before:
        raise GitError(
            _("sync could not restore the folder after a failed rebase"),
            hint=_(
                "your work is in commit {commit}; ask for help before changing anything",
                commit=before,
            ),
        )
    if not conflicts:
        message = (outcome.stderr or outcome.stdout).strip().splitlines()
        raise GitError(
            _(
                "git rebase onto {target} failed: {reason}; your folder is as it was",
                target=target,
                reason=message[-1] if message else outcome.returncode,
            ),
            hint=_("an untracked file may be in the way of an incoming one: move it, then sync"),
        )
    files = [_shown(ws, path) for path in conflicts]
    raise SyncConflict(files, target, _conflict_hint(ws, target, conflicts))


def _conflict_hint(ws: Workspace, target: str, conflicts: list[Path]) -> str:
    git = ws.git
    path = conflicts[0]
    name = ws.folder.relative(path).as_posix()
    theirs = git.log("-1", f"HEAD..{target}", "--", str(path))
    ours = git.log("-1", f"{target}..HEAD", "--", str(path))
    who = ""
    if theirs and ours:
        who = _(
            "{author} changed it in {theirs} ({their_subject}), you in {ours} ({our_subject}). ",
            author=theirs[0].author,
            theirs=theirs[0].sha[:7],
            their_subject=theirs[0].subject,
            ours=ours[0].sha[:7],
            our_subject=ours[0].subject,
        )
    return who + _(
        "See both sides: git diff HEAD...{target} -- {name}. To merge by hand: "
        "git rebase {target}, edit the file to keep both changes (remove the <<<<<<< ======= "
        ">>>>>>> lines), git add it, git rebase --continue, handover check, handover sync",
        target=target,
        name=name,
    )


def _shown(ws: Workspace, path: Path) -> str:
    return ws.folder.relative(path).as_posix()
