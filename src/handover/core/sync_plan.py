"""What `handover sync` would commit: the uncommitted changes of the clone, sorted into
handover's own work and a person's.

What counts as handover's own uncommitted work is known, not guessed: every write made with
``--no-commit`` (or whose commit failed) is journalled with the bytes' hash in the clone's git
directory; a file still holding those bytes is the tool's, anything else is a person's. A new
note file (its name says so) is the tool's too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handover.core.journal import file_digest, read_uncommitted
from handover.core.workspace import Workspace
from handover.format.layout import CUSTOMERS_DIR, NOTE_ID, NOTES_DIR
from handover.git.repo import PathChange

_NOTE_PATH = re.compile(
    rf"^{CUSTOMERS_DIR}/[a-z0-9][a-z0-9-]*/{NOTES_DIR}/\d{{4}}/"
    rf"{NOTE_ID}\.yaml$"
)


@dataclass(frozen=True)
class Plan:
    """The uncommitted changes of the repository, sorted into handover's own and the rest."""

    commits: list[tuple[str, list[Path]]]
    foreign: list[Path]  # tracked files changed by someone else: sync refuses
    untracked: list[Path]  # new files handover did not write: left alone


def plan_commits(ws: Workspace) -> Plan:
    """Which uncommitted files are handover's own (journalled bytes, or a new note file)."""
    folder = ws.folder
    changes: list[PathChange] = ws.git.status()
    entries = read_uncommitted(ws.git.git_dir / "handover")
    latest: dict[str, str] = {}
    for entry in entries:
        latest |= entry.files
    ours: set[str] = set()
    foreign: list[Path] = []
    untracked: list[Path] = []
    for change in changes:
        relative = folder.relative(change.path).as_posix()
        inside = not Path(relative).is_absolute()
        written = inside and relative in latest and file_digest(change.path) == latest[relative]
        new_note = inside and change.status == "?" and _NOTE_PATH.match(relative) is not None
        if written or new_note:
            ours.add(relative)
        elif change.status == "?":
            untracked.append(change.path)
        else:
            foreign.append(change.path)
    commits: list[tuple[str, list[Path]]] = []
    earlier: dict[str, list[str]] = {}  # path -> messages of actions whose commit waits for it
    done: set[str] = set()
    for index, entry in enumerate(entries):
        later = {path for other in entries[index + 1 :] for path in other.files}
        mine = [p for p in entry.files if p in ours and p not in done]
        for path in (p for p in mine if p in later):  # a later action changed it again
            earlier.setdefault(path, []).append(entry.message)
        paths = [p for p in mine if p not in later]
        if paths:
            folded = dict.fromkeys(m for p in paths for m in earlier.pop(p, []))
            message = entry.message + "".join(f"\n\nalso: {m}" for m in folded)
            commits.append((message, [folder.root / p for p in paths]))
            done.update(paths)
    notes = sorted(p for p in ours if p not in done and p not in latest)
    if notes:
        message = f"sync: {len(notes)} note(s) written without a commit"
        commits.append((message, [folder.root / p for p in notes]))
    return Plan(commits=commits, foreign=sorted(foreign), untracked=sorted(untracked))
