"""CODEOWNERS from the profiles' owners, so the git host asks the right rep to review.

`handover codeowners` writes one line per customer folder, ``/customers/<id>/ @handle``,
inside a marked block of the repository's own CODEOWNERS (in ``.github/``, at its root or in
``docs/``, the first that exists as GitHub looks: a git host reads no other), with paths from
the repository root, escaped as the
host parses them. Lines outside the block are the team's own and are kept; the block stays
last, because on a git host the last matching line wins. `check` reports a block that no
longer matches the owners (after a transfer, a new customer, a rep who left) and a line of the
team's after the block that overrides it, so a stale file cannot silently send reviews to the
wrong person.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from handover.core.workspace import Workspace
from handover.errors import DataError, FolderError, HandoverError, Location
from handover.format.files import read_bounded
from handover.format.layout import CUSTOMERS_DIR
from handover.format.store import TeamFolder
from handover.format.team_config import Rep, TeamConfig
from handover.git.repo import Git
from handover.i18n import N_, _

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
"""Where git hosts look for the file in a repository, in GitHub's order (GitLab reads the root,
``docs/``, then ``.gitlab/``); the first that exists is the one kept up to date and checked."""
NEW_LOCATION = "CODEOWNERS"
"""Where a repository without one gets it: the root, which every git host reads."""

BEGIN = "# BEGIN handover: each customer's folder is reviewed by its owner (handover codeowners)"
END = "# END handover"
HEADER = """\
# Who reviews changes to what. The block below is written by `handover codeowners` from the
# owners in customers/*/profile.yaml and the reps' handles in handover.yaml: do not edit it
# by hand, run `handover codeowners` after a transfer. Lines outside the block are yours.
"""
HINT = N_("run `handover codeowners` to write it from the current owners, and commit it")
OVERRIDE_HINT = N_(
    "move the line above `# BEGIN handover`, or run `handover codeowners`, which keeps its "
    "block last"
)
_SPECIAL = re.compile(r"([ \t#*?\[\]\\!])")
_TOKEN = re.compile(r"(?:\\.|[^\s\\])+")


def owner_of(folder: TeamFolder, customer_id: str) -> str | None:
    """A profile's owner, from its `owner:` line when plain (fast at 25,000 profiles)."""
    try:
        return folder.profile_field(customer_id, "owner")
    except (OSError, UnicodeDecodeError, HandoverError):
        return None


def all_owners(folder: TeamFolder) -> dict[str, str]:
    owners: dict[str, str] = {}
    for customer_id in folder.customer_ids():
        owner = owner_of(folder, customer_id)
        if owner is not None:
            owners[customer_id] = owner
    return owners


def handle_text(rep: Rep) -> str | None:
    """``@user`` for a user name; ``@org/team`` and e-mail addresses are written as given."""
    if rep.handle is None:
        return None
    handle = rep.handle.strip()
    return handle if "@" in handle else f"@{handle}"


def assigned_handle(config: TeamConfig, owner: str) -> tuple[str | None, str | None]:
    """The handle that reviews an owner's customers, or why there is none."""
    rep = config.rep(owner)
    if rep is None:
        return None, f"owner '{owner}' is not a rep"
    if rep.status == "left":
        return None, f"owner {owner} has left the team"
    handle = handle_text(rep)
    return (handle, None) if handle else (None, f"owner {owner} has no handle")


def escape(path: str) -> str:
    """A path as CODEOWNERS spells it: a space, ``#`` or glob character gets a backslash."""
    return _SPECIAL.sub(r"\\\1", path)


def rule_tokens(line: str) -> list[str]:
    """A CODEOWNERS line split where git hosts split it: on whitespace that is not escaped."""
    return _TOKEN.findall(line)


def customers_pattern(git_prefix: Path) -> str:
    """``/customers/`` from the repository root (the team folder may be a subfolder)."""
    base = "" if str(git_prefix) == "." else f"{escape(git_prefix.as_posix())}/"
    return f"/{base}{CUSTOMERS_DIR}/"


def pattern(git_prefix: Path, customer_id: str) -> str:
    return f"{customers_pattern(git_prefix)}{customer_id}/"


def repository_root(folder: TeamFolder) -> Path:
    """Where the git host looks for CODEOWNERS: the repository's top, not the team folder."""
    top = Git(folder.root).top_level
    return top.resolve() if top is not None else folder.root


def codeowners_path(folder: TeamFolder, root: Path | None = None) -> Path | None:
    base = root or repository_root(folder)
    return next((base / n for n in LOCATIONS if (base / n).is_file()), None)


def shown_path(folder: TeamFolder, path: Path) -> Path:
    """The file as people see it from the team folder (``../.github/CODEOWNERS``)."""
    return Path(os.path.relpath(path, folder.root))


def read_codeowners(folder: TeamFolder, path: Path) -> str:
    """The repository's CODEOWNERS, which may lie above a subfolder team: inside the
    repository after resolving links, a regular file, size-capped, UTF-8."""
    root = repository_root(folder)
    shown = shown_path(folder, path)
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise FolderError(
            _("{path} leads outside the repository (to {target})", path=shown, target=resolved),
            hint=_("replace the symlink with the file itself"),
        )
    raw = read_bounded(path, shown)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(
            _("{path} is not UTF-8 text (byte {offset})", path=shown, offset=error.start),
            location=Location(shown),
            hint=_("save it as UTF-8"),
        ) from None


def _is_rule(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


@dataclass(frozen=True)
class Block:
    """The handover block of a CODEOWNERS file: customer id -> (owners, line number)."""

    entries: dict[str, tuple[str, int]]
    others: dict[str, int]  # lines in the block that are not a customer's
    end_line: int
    rules_after: int  # the team's rule lines after the block, which win over it


def read_block(text: str, folder: TeamFolder, git_prefix: Path) -> Block | None:
    lines = text.splitlines()
    if BEGIN not in lines:
        return None
    start = lines.index(BEGIN)
    end = lines.index(END, start) if END in lines[start:] else len(lines)
    prefix = customers_pattern(git_prefix)
    entries: dict[str, tuple[str, int]] = {}
    others: dict[str, int] = {}
    for number in range(start + 1, end):
        if not _is_rule(lines[number]):
            continue
        path, *owners = rule_tokens(lines[number])
        customer_id = path.removeprefix(prefix).rstrip("/")
        if path.startswith(prefix) and "/" not in customer_id:
            entries[customer_id] = (" ".join(owners), number + 1)
        else:
            others[path] = number + 1
    after = sum(1 for line in lines[end + 1 :] if _is_rule(line))
    return Block(entries=entries, others=others, end_line=end + 1, rules_after=after)


def overriding_lines(
    text: str, block: Block, git_prefix: Path, folder: TeamFolder
) -> list[tuple[int, str, int]]:
    """The team's lines after the block that win over it for some customer folder, as git
    hosts match them: (line number, pattern, how many customer folders). Each customer's real
    files are matched (and a profile and a note it may get), so `*.yaml`, `**/profile.yaml`
    or `customers/**` count as much as `*`."""
    if not block.rules_after:
        return []
    from codeowners import CodeOwners

    lines = text.splitlines()
    after = CodeOwners("\n" * block.end_line + "\n".join(lines[block.end_line :]))
    base = "" if str(git_prefix) == "." else f"{git_prefix.as_posix()}/"
    counts: Counter[tuple[int, str]] = Counter()
    for customer_id in block.entries:
        winners: set[tuple[int, str]] = set()
        for inside in _customer_files(folder, customer_id):
            _owners, number, path, _comment = after.matching_line(
                f"{base}{CUSTOMERS_DIR}/{customer_id}/{inside}"
            )
            if number is not None and path is not None:
                winners.add((number, path))
        counts.update(winners)
    return [(number, path, count) for (number, path), count in sorted(counts.items())]


_EVERY_CUSTOMER_HAS = ("profile.yaml", "notes/2026/note.yaml", "x")
"""Files a customer folder has or will get, matched even before they exist."""


def _customer_files(folder: TeamFolder, customer_id: str) -> list[str]:
    """The customer's files (relative to its folder), as a git host would see them."""
    found = set(_EVERY_CUSTOMER_HAS)
    try:
        top = folder.customer_dir(customer_id)
    except HandoverError:  # a line naming no folder of ours: the usual files stand for it
        return sorted(found)
    for where, dirs, files in os.walk(top):  # symlinked folders are not followed
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = Path(where).relative_to(top)
        found.update((relative / name).as_posix() for name in files)
    return sorted(found)


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool
    assigned: int
    unassigned: dict[str, int]  # reason -> number of customers
    commit: str | None
    moved_below: int = 0  # the team's lines the block was moved below, so that it wins


def render_block(
    folder: TeamFolder, config: TeamConfig, git_prefix: Path
) -> tuple[str, Counter[str]]:
    lines = [BEGIN]
    unassigned: Counter[str] = Counter()
    for customer_id, owner in sorted(all_owners(folder).items()):
        handle, why = assigned_handle(config, owner)
        if handle is None:
            unassigned[why or "no owner"] += 1
            continue
        lines.append(f"{pattern(git_prefix, customer_id)} {handle}")
    lines.append(END)
    return "\n".join(lines) + "\n", unassigned


def write_codeowners(ws: Workspace) -> Written:
    """Rewrite the handover block of the repository's CODEOWNERS (the rest of the file is
    kept), last in the file, and commit if it changed."""
    from handover.core.transaction import transaction

    with transaction(ws) as change:
        written = _write_codeowners(ws)
        change.message = f"codeowners: {written.assigned} customer folders and their reviewers"
    return replace(written, commit=change.commit)


def _write_codeowners(ws: Workspace) -> Written:
    folder = ws.folder
    config = folder.config()
    prefix = ws.git.prefix
    root = repository_root(folder)
    path = codeowners_path(folder, root) or root / NEW_LOCATION
    block, unassigned = render_block(folder, config, prefix)
    old = read_codeowners(folder, path) if path.exists() or path.is_symlink() else None
    moved = 0
    if old is None:
        new = HEADER + "\n" + block
    elif BEGIN in old.splitlines():
        lines = old.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.rstrip("\r\n") == BEGIN)
        end = next(
            (i for i in range(start, len(lines)) if lines[i].rstrip("\r\n") == END), len(lines) - 1
        )
        before, after = "".join(lines[:start]), "".join(lines[end + 1 :])
        moved = sum(1 for line in lines[end + 1 :] if _is_rule(line))
        if moved:  # the last matching line wins: the team's lines go above the block
            new = before + after + ("" if after.endswith("\n") else "\n") + "\n" + block
        else:
            new = before + block + after
    else:  # a team's own file: the block goes last, so it wins for customer folders
        new = old + ("" if old.endswith("\n") or not old else "\n") + "\n" + block
    changed = new != old
    assigned = block.count("\n") - 2  # every line but the two markers
    if changed:
        _write(folder, root, path, new.encode("utf-8"))
    return Written(
        path=path,
        changed=changed,
        assigned=assigned,
        unassigned=dict(unassigned),
        commit=None,
        moved_below=moved,
    )


def _write(folder: TeamFolder, root: Path, path: Path, data: bytes) -> None:
    """Through the open change; the repository's own file may be above a subfolder team."""
    if folder.root in path.resolve().parents or folder.change is None:
        folder.write_file(path, data)
        return
    if root.resolve() not in path.resolve().parents:
        raise FolderError(
            _("{path} leads out of the repository", path=path), hint=_("remove the symlink")
        )
    folder.change.write(path, data)


def codeowners_problems(
    folder: TeamFolder,
    config: TeamConfig,
    git_prefix: Path,
    owners: dict[str, str],
    *,
    complete: bool,
) -> list[DataError]:
    """Where the CODEOWNERS block disagrees with ``owners`` (customer id -> rep id). A
    ``complete`` check also reports entries for customers that no longer exist."""
    path = codeowners_path(folder)
    if path is None:
        return []
    try:
        text = read_codeowners(folder, path)
    except HandoverError as error:  # said once, as a problem: the rest is still checked
        return [
            DataError(error.message, location=Location(shown_path(folder, path)), hint=error.hint)
        ]
    block = read_block(text, folder, git_prefix)
    if block is None:
        return []  # the team writes its CODEOWNERS by hand: not ours to judge
    shown = shown_path(folder, path)
    problems: list[DataError] = [
        DataError(
            _(
                "`{rule}` comes after handover's block and overrides it for {count} customer "
                "folder(s) (on a git host the last matching line wins)",
                rule=rule,
                count=count,
            ),
            location=Location(shown, number, 1),
            hint=_(OVERRIDE_HINT),
        )
        for number, rule, count in overriding_lines(text, block, git_prefix, folder)
    ]
    for customer_id, owner in sorted(owners.items()):
        wanted, why = assigned_handle(config, owner)
        entry = block.entries.get(customer_id)
        where = pattern(git_prefix, customer_id)
        if entry is None and wanted is not None:
            problems.append(
                DataError(
                    _(
                        "CODEOWNERS is out of date: no reviewer for {where} (owner {owner}, "
                        "{wanted})",
                        where=where,
                        owner=owner,
                        wanted=wanted,
                    ),
                    location=Location(shown, block.end_line, 1),
                    hint=_(HINT),
                )
            )
        elif entry is not None and entry[0] != (wanted or ""):
            should = wanted or _("nobody: {why}", why=why)
            problems.append(
                DataError(
                    _(
                        "CODEOWNERS is out of date: {where} is reviewed by {reviewer}, "
                        "should be {should}",
                        where=where,
                        reviewer=entry[0],
                        should=should,
                    ),
                    location=Location(shown, entry[1], 1),
                    hint=_(HINT),
                )
            )
    if complete:
        for customer_id, (_reviewers, line) in sorted(block.entries.items()):
            if customer_id not in owners and not folder.has_customer(customer_id):
                problems.append(
                    DataError(
                        _(
                            "CODEOWNERS is out of date: customer '{customer}' does not exist",
                            customer=customer_id,
                        ),
                        location=Location(shown, line, 1),
                        hint=_(HINT),
                    )
                )
    return problems
