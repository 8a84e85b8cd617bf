"""One customer's derived state (contact, items, health), and the same for the whole team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.core.workspace import Workspace
from handover.errors import NotFoundError, UsageError
from handover.health import Health, assess
from handover.models import CUSTOMER_KINDS, HealthSettings, Profile, TeamConfig
from handover.store import StoredRecord
from handover.views import (
    ContactState,
    ItemBase,
    ItemState,
    MomentView,
    View,
    contact_at,
    item_at,
    item_bases,
    moment_views,
    planned_contact,
)


class CustomerSummary(View):
    id: str
    name: str
    kind: str
    organisation: str | None
    owner: str
    contact: ContactState
    items: list[ItemState]
    health: Health

    @property
    def open_items(self) -> list[ItemState]:
        return [item for item in self.items if item.status == "open"]


class Digest(View):
    """Everything a summary needs from a customer's records that does not depend on today.

    The index stores one per customer; ages, overdue days and health are computed from it at
    query time by the same functions the file scan uses, so both give the same answers.
    """

    last: MomentView | None
    last_rated: MomentView | None
    plan: dt.date | None
    moments: int
    items: list[ItemBase]


def digest(customer_id: str, records: Sequence[StoredRecord]) -> Digest:
    views = moment_views(records)
    rated = [m for m in views if m.rating is not None]
    return Digest(
        last=views[-1] if views else None,
        last_rated=rated[-1] if rated else None,
        plan=planned_contact(views),
        moments=len(views),
        items=item_bases(customer_id, records),
    )


def summary_at(
    profile: Profile | dict[str, str | None],
    facts: Digest,
    settings: HealthSettings,
    today: dt.date,
) -> CustomerSummary:
    """A customer's summary on `today` from its profile fields and its digest."""
    fields = (
        profile
        if isinstance(profile, dict)
        else {
            "id": profile.id,
            "name": profile.name,
            "kind": profile.kind,
            "organisation": profile.organisation,
            "owner": profile.owner,
        }
    )
    contact = contact_at(facts.last, facts.plan, facts.moments, today)
    items = [item_at(base, today) for base in facts.items]
    rated = [facts.last_rated] if facts.last_rated is not None else []
    return CustomerSummary.model_validate(
        {
            **fields,
            "contact": contact,
            "items": items,
            "health": assess(items, rated, contact, settings, today),
        }
    )


def summarize(
    profile: Profile,
    records: Sequence[StoredRecord],
    settings: HealthSettings,
    today: dt.date,
) -> CustomerSummary:
    return summary_at(profile, digest(profile.id, records), settings, today)


def check_filters(config: TeamConfig, *, rep: str | None, kind: str | None) -> None:
    """A misspelt --rep or --kind is an error, not an empty (and misleading) answer."""
    if rep is not None and config.rep(rep) is None:
        known = ", ".join(r.id for r in config.reps)
        raise NotFoundError(f"unknown rep '{rep}'", hint=f"reps: {known}")
    if kind is not None and kind not in CUSTOMER_KINDS:
        raise UsageError(
            f"unknown customer kind '{kind}'", hint=f"use one of {', '.join(CUSTOMER_KINDS)}"
        )


def team_summaries(
    ws: Workspace,
    *,
    rep: str | None = None,
    kind: str | None = None,
    with_open_items: bool = False,
    items_for: str | None = None,
    agenda_until: dt.date | None = None,
) -> list[CustomerSummary]:
    """Every customer's summary, from the index (refreshed first from whatever changed).

    `with_open_items`, `items_for` and `agenda_until` only skip customers that cannot appear in
    the open items (of a rep) or the agenda, so callers get the same answers as from every
    customer.
    """
    from handover.index import open_index

    config = ws.folder.config()
    check_filters(config, rep=rep, kind=kind)
    today = ws.today()
    rows = open_index(ws.folder).summary_rows(
        rep=rep,
        kind=kind,
        with_open_items=with_open_items,
        items_for=items_for,
        agenda_until=agenda_until,
    )
    return [
        summary_at(
            {"id": cid, "name": name, "kind": ckind, "organisation": org, "owner": owner},
            Digest.model_validate_json(facts),
            config.health,
            today,
        )
        for cid, name, ckind, org, owner, facts in rows
    ]


def scan_summaries(
    ws: Workspace, *, rep: str | None = None, kind: str | None = None
) -> list[CustomerSummary]:
    """Every customer's summary read from the files: the truth the index must agree with."""
    folder = ws.folder
    config = folder.config()
    check_filters(config, rep=rep, kind=kind)
    today = ws.today()
    result: list[CustomerSummary] = []
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile
        if (rep and profile.owner != rep) or (kind and profile.kind != kind):
            continue
        result.append(summarize(profile, folder.records(customer_id), config.health, today))
    return result
