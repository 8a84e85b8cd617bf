"""A rep leaves: their whole book moves to a successor in one change, their open items on other
reps' customers follow, and handover.yaml marks them as left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import Field
from ruamel.yaml.scalarstring import ScalarString

from handover.core.transaction import transaction
from handover.core.transfer import (
    TransferResult,
    commit_message,
    dry_moves,
    plan_moves,
    preview,
    who,
    write_batch,
)
from handover.core.transfer_plan import Wanted, rep_or_fail
from handover.core.workspace import Workspace
from handover.domain.views import ItemState
from handover.errors import NotReadyError, UsageError
from handover.format.records import Assignment
from handover.i18n import _

# --- a rep leaves ---------------------------------------------------------------------------


def mark_left(rep_id: str) -> Callable[[Any], None]:
    """Set `status: left` on the rep in handover.yaml, keeping comments and key order."""

    def change(tree: Any) -> None:
        for entry in tree.get("reps") or []:
            if entry.get("id") == rep_id:
                if "status" in entry:
                    old = entry["status"]
                    entry["status"] = type(old)("left") if isinstance(old, ScalarString) else "left"
                else:
                    keys = list(entry)
                    after = next(
                        (k for k in ("territory", "email", "name", "id") if k in keys), keys[-1]
                    )
                    entry.insert(keys.index(after) + 1, "status", "left")
                return

    return change


class LeaveResult(TransferResult):
    rep: str
    successor: str
    readiness: int | None  # the book's score; None when the rep owned nothing
    forced: bool
    reassigned: list[str] = Field(default_factory=list)  # items held on others' customers


def leave(
    ws: Workspace,
    rep_id: str,
    successor: str,
    *,
    force: bool = False,
    minimum: int | None = None,
    reason: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> LeaveResult:
    """`handover rep leave`: mark the rep as left and move what they own, in one commit,
    only once the book is ready (or with --force)."""
    settled = Leaving(force=force, minimum=minimum, reason=reason, by=by, dry_run=dry_run)
    if dry_run:
        return _leave(ws, rep_id, successor, settled)
    with transaction(ws) as change:
        done = _leave(ws, rep_id, successor, settled)
    return done.model_copy(update={"commit": change.commit})


@dataclass(frozen=True)
class Leaving:
    """How `leave` was asked to go: the options `_leave` works from."""

    force: bool
    minimum: int | None
    reason: str | None
    by: str | None
    dry_run: bool


def _leave(ws: Workspace, rep_id: str, successor: str, how: Leaving) -> LeaveResult:
    """The work of `leave`, inside its change (or with nothing written, for a dry run)."""
    force, minimum, reason, by, dry_run = how.force, how.minimum, how.reason, how.by, how.dry_run
    from handover.core.book import Book, Entry
    from handover.core.readiness import assess_book

    folder = ws.folder
    config = folder.config()
    rep = rep_or_fail(config, rep_id, "rep leave")
    heir = rep_or_fail(config, successor, "--successor")
    if heir.id == rep.id:
        raise UsageError(_("a rep cannot be their own successor"))
    if heir.status == "left":
        raise UsageError(_("the successor {rep} has left the team", rep=heir.id))
    actor = who(ws, by)
    owned: list[Entry] = []
    for customer_id in folder.customer_ids():
        profile, problem = folder.readable_profile(customer_id)
        if problem is not None:  # its owner cannot be rewritten: stop if it may be this rep's
            if profile.owner in (rep.id, "unknown"):
                raise problem
            ws.left_out([problem])
            continue
        if profile.owner == rep.id:
            owned.append(Entry(profile, folder.records(customer_id)))
    if rep.status == "left" and not owned:
        raise UsageError(
            _("{rep} has left already and owns no customers: nothing to do", rep=rep.id)
        )
    wanted_score = config.readiness.pass_score if minimum is None else minimum
    book_score: int | None = None
    if owned:
        book = Book(scope=rep.id, rep=rep, entries=owned)
        ready = assess_book(book, config.readiness, config.health, ws.today())
        book_score = ready.score
        if ready.score < wanted_score and not force:
            raise NotReadyError(
                _(
                    "{name} ({rep})'s book is not ready to hand over: readiness {score} is "
                    "under {wanted} ({customers} customers, {gaps} with gaps)",
                    name=rep.name,
                    rep=rep.id,
                    score=ready.score,
                    wanted=wanted_score,
                    customers=len(ready.customers),
                    gaps=sum(1 for c in ready.customers if c.gaps),
                ),
                hint=_(
                    "see `handover readiness --rep {rep}` and fill the gaps, "
                    "or pass --force to hand over as it is",
                    rep=rep.id,
                ),
            )
    why = reason or f"{rep.name} ({rep.id}) left the team"
    wanted = [Wanted(entry.profile.id, heir.id, why) for entry in owned]
    planned = plan_moves(ws, wanted, from_rep=rep.id) if wanted else []
    at = ws.now().replace(microsecond=0)
    title = f"rep leave: {rep.name} ({rep.id}) → {heir.name} ({heir.id})"
    if planned:
        title += f", {len(planned)} customer{'s' if len(planned) != 1 else ''}"
    message = commit_message(planned, title) if planned else title
    extra = [] if rep.status == "left" else [(folder.config_path, mark_left(rep.id))]
    common: dict[str, Any] = {
        "by": actor.id,
        "at": at,
        "message": message,
        "rep": rep.id,
        "successor": heir.id,
        "readiness": book_score,
        "forced": force and book_score is not None and book_score < wanted_score,
        "config_diff": [line for path, change in extra for line in preview(folder, path, change)],
    }
    held = held_elsewhere(ws, rep.id, {entry.profile.id for entry in owned})
    common["reassigned"] = [item.ref for item in held]
    if dry_run:
        return LeaveResult(moves=dry_moves(folder, planned), dry_run=True, **common)
    moves = write_batch(ws, planned, by=actor.id, at=at, message=message, extra=extra)
    for item in held:  # the book's own items follow its transfer records
        record = Assignment(
            kind="assign",
            at=at,
            by=actor.id,
            item=item.number,
            opened_in=item.opened_in,
            to=heir.id,
            reason=why,
        )
        folder.write_record(item.customer, record)
    return LeaveResult(moves=moves, dry_run=False, **common)


def held_elsewhere(ws: Workspace, rep_id: str, book: set[str]) -> list[ItemState]:
    """Open items a rep holds on customers outside their book (a promise made covering for
    a colleague): a leaving rep's successor takes them over with `assign` records."""
    from handover.core.summary import team_summaries

    return [
        item
        for summary in team_summaries(ws, with_open_items=True, items_for=rep_id)
        if summary.id not in book
        for item in summary.open_items
        if item.owner == rep_id
    ]
