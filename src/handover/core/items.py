"""Open items by their reference (`gim-minsu#3`): finding one, resolving and reopening it by new
records.

Nothing here edits an old file: every change is a new record, so two reps closing different
items of one customer in two clones merge without a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handover.core.names import customer_names, resolve_customer
from handover.core.transaction import Change, transaction
from handover.core.workspace import Workspace
from handover.domain.views import ItemState, item_states
from handover.errors import AmbiguousItemError, HandoverError, NotFoundError, UsageError
from handover.format.files import StoredRecord
from handover.format.records import Reopening, Resolution
from handover.format.validation import option_error
from handover.i18n import _

_REF = re.compile(r"^(?P<customer>.+?)?#(?P<number>\d+)(?:@(?P<token>[0-9A-Za-z-]+))?$")


@dataclass(frozen=True)
class ItemRef:
    """An item reference as typed: `gim-minsu#3`, `민수#3`, `#3`, or `gim-minsu#3@c1a65d` (the
    number qualified by the opening note's token, when two clones chose the same number)."""

    typed: str
    customer: str | None
    number: int
    token: str | None


def parse_ref(ref: str) -> ItemRef:
    match = _REF.match(ref.strip())
    if match is None:
        raise UsageError(
            _("'{ref}' is not an item reference", ref=ref),
            hint=_("write it like gim-minsu#3 (see `handover open`)"),
        )
    customer = match.group("customer")
    return ItemRef(ref.strip(), customer, int(match.group("number")), match.group("token"))


def same_customer(ws: Workspace, ref: str, customer_id: str) -> None:
    """Refuse a reference whose customer part names someone else: it would close the wrong
    item (the number alone is only unique within one customer)."""
    parsed = parse_ref(ref if "#" in ref else f"#{ref}")
    if parsed.customer is None:
        return
    named = resolve_customer(ws.folder, parsed.customer)
    if named == customer_id:
        return
    find_item(ws, ws.folder.records(named, []), named, ref)  # no such item: say so, not "of"
    names = customer_names(ws.folder, [named, customer_id])
    raise UsageError(
        _(
            "{ref} is an item of {owner} ({owner_id}), not of {name} ({customer}): nothing written",
            ref=parsed.typed,
            owner=names.get(named, named),
            owner_id=named,
            name=names.get(customer_id, customer_id),
            customer=customer_id,
        ),
        hint=_('to close it, `handover resolve {ref} "…"`', ref=parsed.typed),
    )


def _opening_token(opened_in: str) -> str:
    return opened_in.rsplit("-", 1)[-1]


def find_item(
    ws: Workspace, records: Sequence[StoredRecord], customer_id: str, ref: str
) -> ItemState:
    """The one item a reference names; a number two clones both chose names neither until
    it is qualified (`#3@c1a65d`), so a reference a rep was shown never means another item."""
    parsed = parse_ref(ref if "#" in ref else f"#{ref}")
    items = item_states(customer_id, records, ws.today())
    numbered = [item for item in items if item.number == parsed.number]
    if (token := parsed.token) is not None:
        numbered = [
            item
            for item in numbered
            if item.opened_in == token or _opening_token(item.opened_in).startswith(token)
        ]
    if len(numbered) == 1:
        return numbered[0]
    wanted = f"{customer_id}#{parsed.number}" + (f"@{parsed.token}" if parsed.token else "")
    if numbered:
        raise AmbiguousItemError(
            wanted,
            [
                f"{item.ref} {item.kind}: {item.text} (opened by {item.opened_by} "
                f"{item.opened_at:%Y-%m-%d %H:%M}, {item.status})"
                for item in numbered
            ],
        )
    known = ", ".join(i.ref for i in items) or _("none")
    raise NotFoundError(
        _("no item {ref} (items of this customer: {known})", ref=wanted, known=known)
    )


def find_open_item(
    ws: Workspace, records: Sequence[StoredRecord], customer_id: str, ref: str
) -> ItemState:
    item = find_item(ws, records, customer_id, ref)
    if item.status != "open":
        raise UsageError(
            _("{ref} is already resolved", ref=item.ref),
            hint=_("`handover reopen {ref}`", ref=item.ref),
        )
    return item


@dataclass(frozen=True)
class ItemChange:
    customer: str
    name: str
    item: ItemState
    path: Path
    commit: str | None


def locate(ws: Workspace, ref: str) -> tuple[str, list[StoredRecord]]:
    customer = parse_ref(ref).customer
    if customer is None:
        raise UsageError(
            _("'{ref}' does not name a customer", ref=ref), hint=_("write it like gim-minsu#3")
        )
    customer_id = resolve_customer(ws.folder, customer)
    unreadable: list[HandoverError] = []
    records = ws.folder.records(customer_id, unreadable)
    ws.left_out(unreadable)
    return customer_id, records


def resolve_item(ws: Workspace, ref: str, how: str, *, by: str | None) -> ItemChange:
    with transaction(ws) as change:
        done = _change_item(ws, change, ref, Resolution, by=by, how=how)
    return replace(done, commit=change.commit)


def reopen_item(ws: Workspace, ref: str, why: str | None, *, by: str | None) -> ItemChange:
    with transaction(ws) as change:
        done = _change_item(ws, change, ref, Reopening, by=by, why=why)
    return replace(done, commit=change.commit)


def _change_item(
    ws: Workspace,
    change: Change,
    ref: str,
    model: type[Resolution | Reopening],
    *,
    by: str | None,
    **text: Any,
) -> ItemChange:
    """Close or reopen an item with a new record naming it exactly (number and note)."""
    customer_id, records = locate(ws, ref)
    item = find_item(ws, records, customer_id, ref)
    resolving = model is Resolution
    if resolving and item.status != "open":
        raise UsageError(
            _("{ref} is already resolved", ref=item.ref),
            hint=_("`handover reopen {ref}`", ref=item.ref),
        )
    if not resolving and item.status == "open":
        raise UsageError(_("{ref} is open already", ref=item.ref))
    record = validated(
        model,
        kind="resolve" if resolving else "reopen",
        at=ws.now(),
        by=ws.current_rep(by).id,
        item=item.number,
        opened_in=item.opened_in,
        **text,
    )
    how = f" — {str(text.get('how', '')).strip()[:60]}" if resolving else ""
    change.message = f"{'resolve' if resolving else 'reopen'}: {item.ref}{how}"
    profile, problem = ws.folder.readable_profile(customer_id)  # the name, valid or not
    ws.left_out([problem] if problem else [])
    path = ws.folder.write_record(customer_id, record)
    return ItemChange(customer_id, profile.name, item, path, None)


def validated(model: Any, **fields: Any) -> Any:
    """A record from what a person typed, or the first thing refused as a usage error."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise option_error(exc, as_option=False) from None
