"""`handover item assign` and `handover item due`: an open item given to another rep, or given
a new due date, each by a new record, so the history keeps who held it and what was promised.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handover.core.items import find_open_item, locate
from handover.core.names import customer_names
from handover.core.transaction import transaction
from handover.core.workspace import Workspace
from handover.domain import dates
from handover.domain.reps import find_rep
from handover.domain.views import ItemState
from handover.errors import UsageError
from handover.format.records import Assignment, DueChange
from handover.format.validation import option_error
from handover.i18n import _


@dataclass(frozen=True)
class ItemUpdate:
    """What changed about one item, for the confirmation line and `--json`."""

    customer: str
    name: str
    item: ItemState
    before: str | None  # the holder or the due date before the change
    after: str
    reason: str | None
    path: Path
    commit: str | None


def _record(model: type[Assignment] | type[DueChange], **fields: Any) -> Any:
    try:
        return model.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise option_error(exc) from None


def _writer(ws: Workspace, by: str | None) -> str:
    rep = ws.current_rep(by)
    if rep.status == "left":
        raise UsageError(_("rep '{rep}' has left the team and cannot change items", rep=rep.id))
    return rep.id


def assign_item(
    ws: Workspace, ref: str, to: str, *, reason: str | None, by: str | None
) -> ItemUpdate:
    """Give an open item to another active rep: an `assign` record, in one commit."""
    with transaction(ws) as change:
        customer_id, records = locate(ws, ref)
        item = find_open_item(ws, records, customer_id, ref)
        target = find_rep(ws.folder.config().reps, to, "--to")  # id, name, part or initials
        to = target.id
        if target.status == "left":
            raise UsageError(_("{rep} has left the team and cannot hold an item", rep=to))
        if item.owner == to:
            raise UsageError(_("{ref} is held by {rep} already", ref=item.ref, rep=to))
        writer = _writer(ws, by)
        record = _record(
            Assignment,
            kind="assign",
            at=ws.now(),
            by=writer,
            item=item.number,
            opened_in=item.opened_in,
            to=to,
            reason=reason,
        )
        change.message = f"item assign: {item.ref} {item.owner} → {to}"
        path = ws.folder.write_record(customer_id, record)
    name = customer_names(ws.folder, [customer_id]).get(customer_id, customer_id)
    return ItemUpdate(customer_id, name, item, item.owner, to, reason, path, change.commit)


def change_due(
    ws: Workspace, ref: str, when: str, *, reason: str | None, by: str | None
) -> ItemUpdate:
    """Renegotiate an open item's due date: a `due` record; the earlier date stays in history."""
    with transaction(ws) as change:
        customer_id, records = locate(ws, ref)
        item = find_open_item(ws, records, customer_id, ref)
        today = ws.today()
        try:
            due = dates.parse_date(when, today)
        except ValueError as exc:
            raise UsageError(_("{option}: {message}", option="DATE", message=exc)) from None
        if due < today:
            raise UsageError(
                _(
                    "{text} is {day}, in the past: a new due date is today or later",
                    text=repr(when),
                    day=due,
                ),
                hint=_(
                    'resolve it instead if it is done: handover resolve {ref} "…"', ref=item.ref
                ),
            )
        if due == item.due:
            raise UsageError(_("{ref} is due on {due} already", ref=item.ref, due=due))
        writer = _writer(ws, by)
        record = _record(
            DueChange,
            kind="due",
            at=ws.now(),
            by=writer,
            item=item.number,
            opened_in=item.opened_in,
            due=due,
            reason=reason,
        )
        was = item.due.isoformat() if item.due else "no date"
        change.message = f"item due: {item.ref} {was} → {due.isoformat()}"
        path = ws.folder.write_record(customer_id, record)
    name = customer_names(ws.folder, [customer_id]).get(customer_id, customer_id)
    before = item.due.isoformat() if item.due else None
    return ItemUpdate(customer_id, name, item, before, due.isoformat(), reason, path, change.commit)
