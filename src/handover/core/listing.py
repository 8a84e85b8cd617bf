"""The customer list: who they are, who owns them, and how long since anyone saw them."""

from __future__ import annotations

import datetime as dt

from handover.core.summary import team_summaries
from handover.core.workspace import Workspace
from handover.domain.views import View


class CustomerRow(View):
    id: str
    name: str
    kind: str
    organisation: str | None
    owner: str
    last_contact: dt.date | None
    days_since: int | None
    next_contact: dt.date | None
    open_items: int
    health: int


def list_customers(ws: Workspace, *, rep: str | None, kind: str | None) -> list[CustomerRow]:
    return [
        CustomerRow(
            id=summary.id,
            name=summary.name,
            kind=summary.kind,
            organisation=summary.organisation,
            owner=summary.owner,
            last_contact=summary.contact.last.at.date() if summary.contact.last else None,
            days_since=summary.contact.days_since_last,
            next_contact=summary.contact.next_contact,
            open_items=len(summary.open_items),
            health=summary.health.percent,
        )
        for summary in team_summaries(ws, rep=rep, kind=kind)
    ]
