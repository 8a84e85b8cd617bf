"""Open items: resolving, reopening and correcting by new records, and the team's views of them.

Nothing here edits an old file: every change is a new record, so two reps closing different
items of one customer in two clones merge without a conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from handover.core.customers import customer_names, resolve_customer
from handover.core.summary import team_summaries
from handover.core.transaction import Change, transaction
from handover.core.workspace import Workspace
from handover.domain import words
from handover.domain.hangul import ganada_key
from handover.domain.health import zero_day
from handover.domain.summary import CustomerSummary
from handover.domain.views import ItemState, View, item_states, urgency
from handover.errors import (
    AmbiguousError,
    AmbiguousItemError,
    HandoverError,
    NotFoundError,
    UsageError,
)
from handover.format.models import (
    ITEM_KINDS,
    Correction,
    HealthSettings,
    Moment,
    MomentChanges,
    Reopening,
    Resolution,
)
from handover.format.store import StoredRecord
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
    record = _validated(
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


def _validated(model: Any, **fields: Any) -> Any:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or model.__name__.lower()
        raise UsageError(f"{field}: {str(first['msg']).removeprefix('Value error, ')}") from None


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
    from handover.format.models import channel_or_fail

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
    record: Correction = _validated(
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


# --- team views -----------------------------------------------------------------------------


class OpenRow(View):
    """An open item with the customer it belongs to, for the team views."""

    item: ItemState
    name: str
    health: int


def open_items(
    summaries: Sequence[CustomerSummary],
    *,
    rep: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    older_than: int | None = None,
) -> list[OpenRow]:
    if kind is not None and kind not in ITEM_KINDS:
        raise UsageError(
            _("unknown item kind '{kind}'", kind=kind),
            hint=_("use one of {values}", values=", ".join(ITEM_KINDS)),
        )
    rows = [
        OpenRow(item=item, name=summary.name, health=summary.health.percent)
        for summary in summaries
        for item in summary.open_items
        if holds(rep, summary, item)
        and (kind is None or item.kind == kind)
        and (not overdue or item.overdue_days)
        and (older_than is None or item.age_days > older_than)
    ]
    return sorted(
        rows,
        key=lambda row: (
            *urgency(row.item),
            ganada_key(row.name, row.item.customer),
            row.item.number,
        ),
    )


def holds(rep: str | None, summary: CustomerSummary, item: ItemState) -> bool:
    """Whether `rep`'s views (`open`, `agenda`, `digest`) show `item`: the rep holds it (wrote
    it, or was given it by an assignment or transfer), or owns its customer. One rule, so the
    three never disagree."""
    return rep is None or item.owner == rep or summary.owner == rep


def team_open_items(ws: Workspace, **filters: Any) -> list[OpenRow]:
    summaries = team_summaries(ws, with_open_items=True, items_for=filters.get("rep"))
    return open_items(summaries, **filters)


class AgendaEntry(View):
    """Something a rep must do on or before a day; `zeroes_on` is the day it zeroes the
    customer's health if nothing is done (a complaint, a promise)."""

    day: dt.date
    kind: Literal["contact", "promise", "item", "zero"]
    customer: str
    name: str
    text: str
    ref: str | None = None
    overdue_days: int | None = None
    health: int
    zeroes_on: dt.date | None = None


def agenda(
    summaries: Sequence[CustomerSummary],
    today: dt.date,
    *,
    days: int,
    settings: HealthSettings,
    rep: str | None = None,
) -> list[AgendaEntry]:
    """Zero-health customers first, then what is overdue, then what comes due within `days`.

    For a `rep`: the items the rep holds (`holds`, as `open --rep`), and the customer-level
    entries (zero health, planned contact) of the customers the rep owns.

    Warn before zero: every open complaint is listed from the day it is logged, and every
    promise due within `due_soon_days` whatever `days` says, each with the day it zeroes."""
    horizon = today + dt.timedelta(days=days)
    soon = today + dt.timedelta(days=max(days, settings.due_soon_days))
    entries: list[AgendaEntry] = []
    for summary in summaries:
        health = summary.health.percent

        def add(summary: CustomerSummary = summary, **fields: Any) -> None:
            common = {"customer": summary.id, "name": summary.name}
            entries.append(AgendaEntry.model_validate(common | fields))

        owns = rep is None or summary.owner == rep
        if health == 0 and owns:
            add(
                day=today,
                kind="zero",
                text=_("health 0 — {reason}", reason=summary.health.reason),
                health=0,
            )
        planned = summary.contact.next_contact
        if planned is not None and planned <= horizon and owns:
            late = (today - planned).days
            add(
                day=planned,
                kind="contact",
                text=_("planned contact"),
                overdue_days=late if late > 0 else None,
                health=health,
            )
        for item in summary.open_items:
            if not holds(rep, summary, item):
                continue
            zeroes = zero_day(item, settings, today)
            facts: dict[str, Any] = {"ref": item.ref, "overdue_days": item.overdue_days}
            facts["health"] = health
            if item.kind == "complaint" and zeroes is not None:
                when = min(item.due or zeroes, zeroes)
                day = when if item.overdue_days else max(when, today)
                add(
                    day=day,
                    kind="item",
                    text=f"{words.item_kind('complaint')}: {item.text}",
                    zeroes_on=zeroes,
                    **facts,
                )
            elif item.due is not None and item.due <= (soon if item.kind == "promise" else horizon):
                kind = "promise" if item.kind == "promise" else "item"
                add(
                    day=item.due,
                    kind=kind,
                    text=f"{words.item_kind(item.kind)}: {item.text}",
                    zeroes_on=zeroes,
                    **facts,
                )
            elif item.due is None and item.age_days > _threshold(item, settings):
                text = _(
                    "{kind} open {days}: {text}",
                    kind=words.item_kind(item.kind),
                    days=words.days(item.age_days),
                    text=item.text,
                )
                add(day=today, kind="item", text=text, ref=item.ref, health=health)
    order = {"zero": 0, "promise": 1, "item": 2, "contact": 3}
    return sorted(
        entries,
        key=lambda e: (
            e.kind != "zero",
            e.day,
            order[e.kind],
            e.health,
            ganada_key(e.name, e.customer),
            e.ref or "",
        ),
    )


def _threshold(item: ItemState, settings: HealthSettings) -> int:
    return settings.complaint_days if item.kind == "complaint" else settings.request_days


def rep_agenda(ws: Workspace, *, rep: str | None, days: int) -> list[AgendaEntry]:
    settings = ws.folder.config().health
    until = ws.today() + dt.timedelta(days=days)
    summaries = team_summaries(ws, items_for=rep, agenda_until=until)
    return agenda(summaries, ws.today(), days=days, settings=settings, rep=rep)


def health_ranking(summaries: Sequence[CustomerSummary]) -> list[CustomerSummary]:
    """Zeros first, then the lowest; ties in 가나다 order of names, then by id."""
    return sorted(summaries, key=lambda s: (s.health.score, ganada_key(s.name, s.id)))
