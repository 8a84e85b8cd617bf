"""CODEOWNERS from the profiles' owners, so the git host asks the right rep to review.

`handover codeowners` writes one line per customer folder, ``/customers/<id>/ @handle``,
inside a marked block; lines outside the block are the team's own and are kept. `check`
reports a block that no longer matches the owners (after a transfer, a new customer, a rep
who left), so a stale file cannot silently send reviews to the wrong person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from handover.core.workspace import Workspace
from handover.errors import DataError, HandoverError, Location
from handover.format import yamlio
from handover.format.models import Rep, TeamConfig
from handover.format.store import CUSTOMERS_DIR, TeamFolder

LOCATIONS = ("CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS")
"""Where git hosts look for the file; the first that exists is kept up to date."""

BEGIN = "# BEGIN handover: each customer's folder is reviewed by its owner (handover codeowners)"
END = "# END handover"
HEADER = """\
# Who reviews changes to what. The block below is written by `handover codeowners` from the
# owners in customers/*/profile.yaml and the reps' handles in handover.yaml: do not edit it
# by hand, run `handover codeowners` after a transfer. Lines outside the block are yours.
"""
HINT = "run `handover codeowners` to write it from the current owners, and commit it"

_OWNER_LINE = re.compile(r"^owner:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#.*)?$", re.M)


def owner_of(folder: TeamFolder, customer_id: str) -> str | None:
    """A profile's owner from its `owner:` line (fast at 25,000 profiles), else by parsing."""
    path = folder.profile_path(customer_id)
    try:
        text = folder.read(path).decode("utf-8")
    except (OSError, UnicodeDecodeError, HandoverError):
        return None
    if match := _OWNER_LINE.search(text):
        return match.group(2)
    try:
        tree = yamlio.to_plain(yamlio.load(yamlio.decode(text.encode(), path), path))
    except HandoverError:
        return None
    owner = tree.get("owner") if isinstance(tree, dict) else None
    return owner if isinstance(owner, str) else None


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


def customers_pattern(git_prefix: Path) -> str:
    """``/customers/`` from the repository root (the team folder may be a subfolder)."""
    base = "" if str(git_prefix) == "." else f"{git_prefix.as_posix()}/"
    return f"/{base}{CUSTOMERS_DIR}/"


def pattern(git_prefix: Path, customer_id: str) -> str:
    return f"{customers_pattern(git_prefix)}{customer_id}/"


def codeowners_path(folder: TeamFolder) -> Path | None:
    return next((folder.root / n for n in LOCATIONS if (folder.root / n).is_file()), None)


@dataclass(frozen=True)
class Block:
    """The handover block of a CODEOWNERS file: customer id -> (owners, line number)."""

    entries: dict[str, tuple[str, int]]
    others: dict[str, int]  # lines in the block that are not a customer's
    end_line: int


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
        line = lines[number].strip()
        if not line or line.startswith("#"):
            continue
        path, _, owners = line.partition(" ")
        customer_id = path.removeprefix(prefix).rstrip("/")
        if path.startswith(prefix) and "/" not in customer_id:
            entries[customer_id] = (" ".join(owners.split()), number + 1)
        else:
            others[path] = number + 1
    return Block(entries=entries, others=others, end_line=end + 1)


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool
    assigned: int
    unassigned: dict[str, int]  # reason -> number of customers
    commit: str | None


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
    """Rewrite the handover block (the rest of the file is kept) and commit if it changed."""
    from handover.core.transaction import transaction

    with transaction(ws) as change:
        written = _write_codeowners(ws)
        change.message = f"codeowners: {written.assigned} customer folders and their reviewers"
    return replace(written, commit=change.commit)


def _write_codeowners(ws: Workspace) -> Written:
    folder = ws.folder
    config = folder.config()
    prefix = ws.git.prefix
    path = codeowners_path(folder) or folder.root / LOCATIONS[0]
    block, unassigned = render_block(folder, config, prefix)
    old = path.read_bytes().decode("utf-8") if path.exists() else None
    if old is None:
        new = HEADER + "\n" + block
    elif BEGIN in old.splitlines():
        lines = old.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.rstrip("\r\n") == BEGIN)
        end = next(
            (i for i in range(start, len(lines)) if lines[i].rstrip("\r\n") == END), len(lines) - 1
        )
        new = "".join(lines[:start]) + block + "".join(lines[end + 1 :])
    else:  # a team's own file: the block goes last, so it wins for customer folders
        new = old + ("" if old.endswith("\n") or not old else "\n") + "\n" + block
    changed = new != old
    assigned = block.count("\n") - 2  # every line but the two markers
    if changed:
        folder.write_file(path, new.encode("utf-8"))
    return Written(
        path=path,
        changed=changed,
        assigned=assigned,
        unassigned=dict(unassigned),
        commit=None,
    )


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
        text = folder.read(path).decode("utf-8")
    except (OSError, UnicodeDecodeError, HandoverError):
        return []
    block = read_block(text, folder, git_prefix)
    if block is None:
        return []  # the team writes its CODEOWNERS by hand: not ours to judge
    shown = folder.relative(path)
    problems: list[DataError] = []
    for customer_id, owner in sorted(owners.items()):
        wanted, why = assigned_handle(config, owner)
        entry = block.entries.get(customer_id)
        where = pattern(git_prefix, customer_id)
        if entry is None and wanted is not None:
            problems.append(
                DataError(
                    f"CODEOWNERS is out of date: no reviewer for {where} (owner {owner}, {wanted})",
                    location=Location(shown, block.end_line, 1),
                    hint=HINT,
                )
            )
        elif entry is not None and entry[0] != (wanted or ""):
            should = wanted or f"nobody: {why}"
            problems.append(
                DataError(
                    f"CODEOWNERS is out of date: {where} is reviewed by {entry[0]}, "
                    f"should be {should}",
                    location=Location(shown, entry[1], 1),
                    hint=HINT,
                )
            )
    if complete:
        for customer_id, (_, line) in sorted(block.entries.items()):
            if customer_id not in owners and not folder.has_customer(customer_id):
                problems.append(
                    DataError(
                        f"CODEOWNERS is out of date: customer '{customer_id}' does not exist",
                        location=Location(shown, line, 1),
                        hint=HINT,
                    )
                )
    return problems
