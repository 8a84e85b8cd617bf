"""The customer list: who they are, who owns them, and how long since anyone saw them.

Like the team's open items (`core.open_items`), it is answered from the facts the index
stores per customer (`index.team_rows`), with today's ages and health computed by the same
functions a summary uses, so both equal the views built from whole summaries
(`tests/test_index.py` compares them with a scan of the files) at a fraction of the cost.
"""

from __future__ import annotations

import datetime as dt
import json

from handover.core.summary import check_filters
from handover.core.workspace import Workspace
from handover.domain.hangul import ganada_key
from handover.domain.health import OpenItemInput, health_percent
from handover.domain.views import View
from handover.format.team_config import HealthSettings


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
    """Every customer (of a rep, of a kind), 가나다 by name, then by id."""
    from handover.index.db import open_index
    from handover.index.team_rows import customer_facts

    config = ws.folder.config()
    kind = check_filters(config, rep=rep, kind=kind)
    today = ws.today()
    index = open_index(ws.folder, for_rep=rep)  # one rep's list: that rep's files checked
    ws.left_out(index.unreadable())
    health = TodaysHealth(config.health, today)
    rows: list[CustomerRow] = []
    for facts in customer_facts(index.db, rep=rep, kind=kind):
        cid, name, ckind, organisation, owner, last_day, plan, count, last_rating, inputs = facts
        last = day(last_day)
        rows.append(
            CustomerRow(
                id=cid,
                name=name,
                kind=ckind,
                organisation=organisation,
                owner=owner,
                last_contact=last,
                days_since=None if last is None else (today - last).days,
                next_contact=day(plan),
                open_items=count,
                health=health.percent(cid, last_day, plan, last_rating, inputs),
            )
        )
    return sorted(rows, key=lambda row: ganada_key(row.name, row.id))  # as team_summaries


class TodaysHealth:
    """Each customer's health percent today, from the facts the index stores (computed once
    per customer: `open` asks for every open item)."""

    def __init__(self, settings: HealthSettings, today: dt.date) -> None:
        self.settings = settings
        self.today = today
        self.known: dict[str, int] = {}

    def percent(
        self,
        customer: str,
        last_day: str | None,
        plan: str | None,
        last_rating: int | None,
        inputs: str,
    ) -> int:
        found = self.known.get(customer)
        if found is None:
            items: list[OpenItemInput] = [
                (kind, dt.date.fromisoformat(since), day(due))
                for kind, since, due in json.loads(inputs)
            ]
            found = health_percent(
                items, last_rating, day(plan), day(last_day), self.settings, self.today
            )
            self.known[customer] = found
        return found


def day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)
