"""Note templates kept for `handover note --resume`: a failed one is never lost.

They live in the clone's own state folder (the git directory, never the shared team folder),
one per customer: `note-<customer>.yaml`.
"""

from __future__ import annotations

from pathlib import Path

from handover.core.transaction import state_dir
from handover.core.workspace import Workspace
from handover.errors import HandoverError, NotFoundError
from handover.i18n import _

PREFIX = "note-"


def folder(ws: Workspace) -> Path:
    return state_dir(ws) / "drafts"


def new_path(ws: Workspace, customer_id: str) -> Path:
    directory = folder(ws)
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{PREFIX}{customer_id}.yaml"


def keep(error: HandoverError, path: Path) -> None:
    """Keep a template that failed, and say how to reopen it; an abort keeps nothing."""
    if error.exit_code == 1:  # aborted on purpose (unchanged, empty summary)
        path.unlink(missing_ok=True)
        return
    error.hint = _("your note is kept: `handover note --resume` reopens it ({path})", path=path)


def kept_for(ws: Workspace, customer_id: str) -> Path | None:
    """The template kept for this customer, which a new `note -e` reopens rather than replaces."""
    path = folder(ws) / f"{PREFIX}{customer_id}.yaml"
    return path if path.is_file() else None


def latest(ws: Workspace, customer: str | None) -> Path:
    """The customer's kept template, or the newest of all."""
    found = sorted(folder(ws).glob(f"{PREFIX}*.yaml"), key=lambda p: p.stat().st_mtime)
    if customer is not None:
        from handover.core.names import resolve_customer

        wanted = resolve_customer(ws.folder, customer)
        found = [p for p in found if customer_of(p) == wanted]
    if not found:
        raise NotFoundError(
            _("no note template to resume"), hint=_("start one with `handover note NAME`")
        )
    return found[-1]


def customer_of(path: Path) -> str:
    return path.stem.removeprefix(PREFIX)
