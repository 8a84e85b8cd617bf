"""The customer list: who they are, who owns them, and how long since anyone saw them."""

from __future__ import annotations

import datetime as dt

from handover.core.workspace import Workspace
from handover.errors import NotFoundError
from handover.views import View, contact_state


class CustomerRow(View):
    id: str
    name: str
    kind: str
    organisation: str | None
    owner: str
    last_contact: dt.date | None
    days_since: int | None
    next_contact: dt.date | None


def list_customers(ws: Workspace, *, rep: str | None, kind: str | None) -> list[CustomerRow]:
    folder = ws.folder
    config = folder.config()
    if rep is not None and config.rep(rep) is None:
        raise NotFoundError(f"unknown rep '{rep}'")
    today = ws.today()
    rows: list[CustomerRow] = []
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile
        if (rep and profile.owner != rep) or (kind and profile.kind != kind):
            continue
        state = contact_state(folder.records(customer_id), today)
        rows.append(
            CustomerRow(
                id=profile.id,
                name=profile.name,
                kind=profile.kind,
                organisation=profile.organisation,
                owner=profile.owner,
                last_contact=state.last.at.date() if state.last else None,
                days_since=state.days_since_last,
                next_contact=state.next_contact,
            )
        )
    return rows
