"""The customer list and the team's open items: the views that show thousands of rows.

Both are answered from the facts the index stores per customer (`index.team_rows`) with
today's ages and health computed by the same functions a summary uses, so they equal the
views built from whole summaries (`tests/test_index.py` compares them with a scan of the
files) at a fraction of the cost.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from handover.core.summary import check_filters
from handover.core.workspace import Workspace
from handover.domain.hangul import ganada_key
from handover.domain.health import OpenItemInput, health_percent
from handover.domain.views import ItemBase, View, item_at
from handover.format.models import HealthSettings

if TYPE_CHECKING:
    from handover.core.items import OpenRow


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
    index = open_index(ws.folder)
    ws.left_out(index.unreadable())
    health = _Health(config.health, today)
    rows: list[CustomerRow] = []
    for facts in customer_facts(index.db, rep=rep, kind=kind):
        cid, name, ckind, organisation, owner, last_day, plan, count, last_rating, inputs = facts
        last = _day(last_day)
        rows.append(
            CustomerRow(
                id=cid,
                name=name,
                kind=ckind,
                organisation=organisation,
                owner=owner,
                last_contact=last,
                days_since=None if last is None else (today - last).days,
                next_contact=_day(plan),
                open_items=count,
                health=health.percent(cid, last_day, plan, last_rating, inputs),
            )
        )
    return sorted(rows, key=lambda row: ganada_key(row.name, row.id))  # as team_summaries


def team_open_rows(
    ws: Workspace,
    *,
    rep: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    older_than: int | None = None,
) -> list[OpenRow]:
    """`core.items.team_open_items` without building any customer's summary: the open items
    (of what `rep` holds or owns), most urgent first, with their customers' health."""
    from handover.core.items import OpenRow, open_items
    from handover.index.db import open_index
    from handover.index.team_rows import open_item_facts

    config = ws.folder.config()
    check_filters(config, rep=rep, kind=None)
    open_items([], kind=kind)  # the same refusal of an unknown item kind
    today = ws.today()
    index = open_index(ws.folder)
    ws.left_out(index.unreadable())
    health = _Health(config.health, today)
    rows: list[OpenRow] = []
    for item_json, cid, name, _owner, last_day, plan, last_rating, inputs in open_item_facts(
        index.db, rep=rep
    ):
        item = item_at(ItemBase.model_validate_json(item_json), today)
        if (
            (kind is None or item.kind == kind)
            and (not overdue or item.overdue_days)
            and (older_than is None or item.age_days > older_than)
        ):
            percent = health.percent(cid, last_day, plan, last_rating, inputs)
            rows.append(OpenRow(item=item, name=name, health=percent))
    return sorted(rows, key=_open_order)


def _open_order(row: OpenRow) -> tuple[Any, ...]:
    """`core.items.open_items`' order; ties (two clones' items of one number) as a summary
    lists them, by opening note."""
    from handover.domain.views import urgency

    item = row.item
    return (*urgency(item), ganada_key(row.name, item.customer), item.number, item.opened_in)


class _Health:
    """Each customer's health percent today, from the facts the index stores, once."""

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
                (kind, dt.date.fromisoformat(since), _day(due))
                for kind, since, due in json.loads(inputs)
            ]
            found = health_percent(
                items, last_rating, _day(plan), _day(last_day), self.settings, self.today
            )
            self.known[customer] = found
        return found


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)
