"""`handover amend`: a correction of an earlier moment, written as a new record that names the
fields it supersedes; the note itself is never rewritten."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handover.core.items import find_item, same_customer, validated
from handover.core.names import resolve_customer
from handover.core.transaction import Change, transaction
from handover.core.workspace import Workspace
from handover.errors import AmbiguousError, NotFoundError
from handover.format.files import StoredRecord
from handover.format.records import Correction, Moment, MomentChanges
from handover.i18n import _


@dataclass(frozen=True)
class Amended:
    customer: str
    note: str
    changes: MomentChanges
    path: Path
    commit: str | None


def find_note(records: Sequence[StoredRecord], query: str | None) -> StoredRecord:
    """A moment by a unique part of its id (the token is enough), or the latest one; `amend`
    also takes an item reference for the note that opened it."""
    moments = [r for r in records if isinstance(r.record, Moment)]
    if not moments:
        raise NotFoundError(_("this customer has no notes yet"))
    if query is None or query == "last":
        return max(moments, key=lambda r: (r.record.at, r.id))
    matches = [r for r in moments if query in r.id]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousError(query, [r.id for r in matches])
    raise NotFoundError(
        _("no note matching '{query}'", query=query), hint=_("see note ids with `brief --json`")
    )


def amend_note(
    ws: Workspace, customer: str, note: str | None, changes: dict[str, Any], *, by: str | None
) -> Amended:
    with transaction(ws) as change:
        done = _amend_note(ws, change, customer, note, changes, by=by)
    return replace(done, commit=change.commit)


def _amend_note(
    ws: Workspace,
    change: Change,
    customer: str,
    note: str | None,
    changes: dict[str, Any],
    *,
    by: str | None,
) -> Amended:
    from handover.format.channels import channel_or_fail

    customer_id = resolve_customer(ws.folder, customer)
    if changes.get("channel") is not None:
        changes = {**changes, "channel": channel_or_fail(changes["channel"])}
    records = ws.folder.records(customer_id)
    if note is not None and "#" in note:  # the note that opened an item: gim-minsu#3
        same_customer(ws, note, customer_id)
        opened_in = find_item(ws, records, customer_id, note).opened_in
        target = next(r for r in records if r.id == opened_in)
    else:
        target = find_note(records, note)
    rep = ws.current_rep(by)
    record: Correction = validated(
        Correction,
        kind="correction",
        at=ws.now(),
        by=rep.id,
        note=target.id,
        changes={k: v for k, v in changes.items() if v is not None},
    )
    path = ws.folder.write_record(customer_id, record)
    fields = ", ".join(sorted(record.changes.model_fields_set))
    change.message = f"amend: {customer_id} {target.id} — {fields}"
    return Amended(customer_id, target.id, record.changes, path, None)
