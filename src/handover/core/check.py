"""`handover check`: validate a team folder like a compiler, every problem in one run.

A whole folder is checked customer by customer, in file order: each customer's files, then
the rules over its notes together, after which its notes are let go, so memory stays that of
one customer however large the team. Two worker processes share the customers of a large
team (parsing is CPU-bound); the problems come back in the same order as from one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from handover.core.check_files import Checker
from handover.core.check_problems import Problem, problem_of
from handover.core.codeowners import LOCATIONS as CODEOWNERS_LOCATIONS
from handover.errors import DataError, FolderError, NotFoundError, UsageError
from handover.format.layout import CONFIG_FILE, CUSTOMERS_DIR, NOTES_DIR, PROFILE_FILE
from handover.format.store import TeamFolder
from handover.git.repo import Git
from handover.i18n import _

__all__ = ["Problem", "check_folder", "paths_changed_since"]

PARALLEL_FROM = 400  # customers to check before a second process pays for itself
BATCH = 64


def check_folder(folder: TeamFolder, paths: list[Path] | None = None) -> list[Problem]:
    """Every problem of the folder (or of ``paths`` in it), in file order."""
    if paths and any(_absolute(p) == folder.config_path for p in paths):
        paths = None  # reps or vocabulary changed: any file may be affected
    checker = Checker(folder)
    checker.complete = not paths
    checker.check_config()
    targets: list[Path] = []
    if paths:
        for given in paths:
            absolute = given if given.is_absolute() else Path.cwd() / given
            if not absolute.exists() and not given.is_absolute():
                absolute = folder.root / given  # relative to --dir, as people mean it
            if not absolute.exists() and not absolute.is_symlink():
                raise NotFoundError(
                    _("{path} does not exist in {root}", path=given, root=folder.root)
                )
            if _is_repository_codeowners(folder, absolute):
                checker.codeowners_named = True  # the repository's, outside a subfolder team
                continue
            folder.safe(absolute)
            targets.extend(_walk(absolute) if absolute.is_dir() else [absolute])
        for path in targets:
            _check_path(checker, path)
        checker.finish(set(checker.notes) | set(checker.owners))
    else:
        for customer_id in folder.customer_ids():
            if (folder.customers_dir / customer_id).is_symlink():
                continue  # reported with its files, or below if it leads nowhere
            if not checker.has_customer(customer_id):
                checker.report(
                    folder.customer_dir(customer_id),
                    _("customer folder without {file}", file=PROFILE_FILE),
                    hint=_("add a profile with `handover add`, or remove the folder"),
                )
        _check_every_customer(checker)
    problems = checker.all_problems()
    problems += [problem_of(error) for error in _teamwork_problems(checker, targets)]
    return problems


def _check_path(
    checker: Checker, path: Path, *, linked: bool = True, parts: tuple[str, ...] | None = None
) -> None:
    """One file's own problems; ``linked`` False when no folder on its way is a symlink (so
    it cannot lead outside the team folder, and is read without resolving its path), and
    ``parts`` its path in the folder when the caller knows it."""
    folder = checker.folder
    try:
        if linked:
            folder.safe(path)
        if parts is None:
            parts = folder.relative(path).parts
        if parts == (CONFIG_FILE,):
            if checker.config is None:
                checker.check_config()
            return
        if len(parts) < 2 or parts[0] != CUSTOMERS_DIR:
            return  # not part of the format: READMEs, CI files, schemas
        customer_id = parts[1]
        shown = Path(*parts)
        if len(parts) == 3 and parts[2] == PROFILE_FILE:
            checker.check_profile(path, customer_id, shown, linked=linked)
        elif len(parts) == 5 and parts[2] == NOTES_DIR:
            checker.check_note(path, customer_id, parts[3], shown, linked=linked)
        else:
            checker.report(
                path,
                _("unexpected file in a customer folder"),
                hint=_(
                    "a customer folder holds {profile} and {notes}",
                    profile=PROFILE_FILE,
                    notes=f"{NOTES_DIR}/YYYY/*.yaml",
                ),
            )
    except FolderError as error:
        checker.report(path, error.message, hint=error.hint)


def _entries(directory: str) -> list[os.DirEntry[str]]:
    """A folder's entries by name, hidden ones left out; none if it cannot be listed."""
    try:
        with os.scandir(directory) as found:
            return sorted((e for e in found if e.name[0] != "."), key=lambda e: e.name)
    except OSError:
        return []


def _tree(
    entry: os.DirEntry[str], parts: tuple[str, ...], linked: bool
) -> Iterator[tuple[Path, tuple[str, ...], bool]]:
    """The files under an entry in path order (what `_walk` yields), with their path in the
    folder and whether each may lead through a symlink; symlinked folders are yielded, not
    entered."""
    parts = (*parts, entry.name)
    if entry.is_symlink():
        yield Path(entry.path), parts, True
    elif entry.is_dir():
        for child in _entries(entry.path):
            yield from _tree(child, parts, linked)
    else:
        yield Path(entry.path), parts, linked


def _check_every_customer(checker: Checker) -> None:
    """Each customer's files and then its notes' rules, in two processes for a large team."""
    folder = checker.folder
    customers = folder.customers_dir
    if not customers.exists():
        return
    linked = customers.resolve() != folder.root / CUSTOMERS_DIR
    entries = _entries(str(customers))
    jobs = min(2, os.cpu_count() or 1)
    if jobs <= 1 or len(entries) < PARALLEL_FROM or not hasattr(os, "fork"):
        _check_entries(checker, entries, linked)
        return
    from handover.index.workers import in_processes

    global _worker
    _worker = (checker, entries, linked)  # what each forked worker starts with
    chunks = [range(i, min(i + BATCH, len(entries))) for i in range(0, len(entries), BATCH)]
    try:
        for found, links, owners, holders, owner_ids in in_processes(
            _check_batch, chunks, jobs=jobs
        ):
            checker.problems += found
            checker.link_problems += links
            checker.owner_problems += owners
            checker.holder_problems += holders
            checker.owner_ids |= owner_ids
    finally:
        _worker = None


def _check_entries(checker: Checker, entries: Sequence[os.DirEntry[str]], linked: bool) -> None:
    for entry in entries:
        for path, parts, path_linked in _tree(entry, (CUSTOMERS_DIR,), linked):
            _check_path(checker, path, linked=path_linked, parts=parts)
        checker.finish([entry.name])


_worker: tuple[Checker, list[os.DirEntry[str]], bool] | None = None
_Batch = tuple[list[Problem], list[Problem], list[Problem], list[Problem], dict[str, str]]


def _check_batch(batch: range) -> _Batch:
    """In a worker: the problems of a batch of customers, as the parent's checker sorts them."""
    assert _worker is not None
    parent, entries, linked = _worker
    checker = Checker(parent.folder)
    checker.config, checker.rep_ids = parent.config, parent.rep_ids
    _check_entries(checker, [entries[i] for i in batch], linked)
    return (
        checker.problems,
        checker.link_problems,
        checker.owner_problems,
        checker.holder_problems,
        checker.owner_ids,
    )


def _walk(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_symlink() or not path.is_dir():  # FIFOs and devices too: to be refused
            yield path


def _is_repository_codeowners(folder: TeamFolder, path: Path) -> bool:
    from handover.core.codeowners import codeowners_path

    if path.name != "CODEOWNERS" or folder.root in path.resolve().parents:
        return False
    found = codeowners_path(folder)
    return found is not None and found.resolve() == path.resolve()


def _absolute(path: Path) -> Path:
    return (path if path.is_absolute() else Path.cwd() / path).resolve()


def _teamwork_problems(checker: Checker, targets: list[Path]) -> list[DataError]:
    """A CODEOWNERS block or schemas that no longer match the folder (see `codeowners`)."""
    from handover.core.codeowners import all_owners, codeowners_path, codeowners_problems
    from handover.core.schemas import SCHEMA_DIR, schema_problems

    folder = checker.folder
    resolved = {path.resolve() for path in targets}
    named = {folder.relative(path).parts[:1] for path in resolved}
    errors = schema_problems(folder) if checker.complete or (SCHEMA_DIR,) in named else []
    path = codeowners_path(folder)
    if path is None or checker.config is None:
        return errors
    whole = checker.complete or checker.codeowners_named or path.resolve() in resolved
    owners = all_owners(folder) if whole and not checker.complete else checker.owner_ids
    prefix = Git(folder.root).prefix
    errors += codeowners_problems(folder, checker.config, prefix, owners, complete=whole)
    return errors


def paths_changed_since(folder: TeamFolder, git: Git, ref: str) -> list[Path] | None:
    """What `check --since REF` checks: None means everything.

    The comparison starts at the merge base of REF and HEAD (a branch's own changes, as a pull
    request shows them) and ends at the working tree, new files included. A changed
    handover.yaml or a deleted profile can break any file, so either means a full check; a
    deleted note can break links of its customer, so that customer is checked whole.
    """
    if not git.is_repository:
        raise UsageError(_("--since needs a team folder inside a git repository"))
    if git.head() is None:
        return None  # nothing committed yet: every file is new
    sha = git.rev_parse(ref)
    if sha is None:
        raise UsageError(
            _("--since: '{ref}' is not a commit, branch or tag here", ref=ref),
            hint=_("fetch it first (git fetch origin), or name a branch, tag or commit"),
        )
    base = git.merge_base(sha, "HEAD") or sha
    paths: set[Path] = set()
    for change in git.changed_since(base):
        if not change.path.is_relative_to(folder.root):
            if change.status != "D" and _is_repository_codeowners(folder, change.path):
                paths.add(change.path)  # the repository's CODEOWNERS, above a subfolder team
            continue  # outside the team folder (it is a subfolder of the repository)
        parts = folder.relative(change.path).parts
        hidden = any(part.startswith(".") for part in parts)
        if hidden and "/".join(parts) not in CODEOWNERS_LOCATIONS:
            continue
        if parts == (CONFIG_FILE,):
            return None
        if change.status != "D":
            paths.add(change.path)
        elif len(parts) == 3 and parts[0] == CUSTOMERS_DIR and parts[2] == PROFILE_FILE:
            return None
        elif len(parts) > 3 and parts[0] == CUSTOMERS_DIR and folder.has_customer(parts[1]):
            paths.add(folder.customer_dir(parts[1]))
    return sorted(paths)
