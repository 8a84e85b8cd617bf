"""One customer's derived state (contact, items, health), and the same for the whole team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.core.workspace import Workspace
from handover.errors import NotFoundError, UsageError
from handover.health import Health, assess
from handover.models import CUSTOMER_KINDS, HealthSettings, Profile
from handover.store import StoredRecord
from handover.views import ContactState, ItemState, View, contact_state, item_states, moment_views


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


def summarize(
    profile: Profile,
    records: Sequence[StoredRecord],
    settings: HealthSettings,
    today: dt.date,
) -> CustomerSummary:
    views = moment_views(records)
    contact = contact_state(views, today)
    items = item_states(profile.id, records, today)
    return CustomerSummary(
        id=profile.id,
        name=profile.name,
        kind=profile.kind,
        organisation=profile.organisation,
        owner=profile.owner,
        contact=contact,
        items=items,
        health=assess(items, views, contact, settings, today),
    )


def team_summaries(
    ws: Workspace, *, rep: str | None = None, kind: str | None = None
) -> list[CustomerSummary]:
    """Every customer's summary, read from the files (the index answers this at scale)."""
    folder = ws.folder
    config = folder.config()
    if rep is not None and config.rep(rep) is None:
        known = ", ".join(r.id for r in config.reps)
        raise NotFoundError(f"unknown rep '{rep}'", hint=f"reps: {known}")
    if kind is not None and kind not in CUSTOMER_KINDS:
        raise UsageError(
            f"unknown customer kind '{kind}'", hint=f"use one of {', '.join(CUSTOMER_KINDS)}"
        )
    today = ws.today()
    result: list[CustomerSummary] = []
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile
        if (rep and profile.owner != rep) or (kind and profile.kind != kind):
            continue
        result.append(summarize(profile, folder.records(customer_id), config.health, today))
    return result
