"""`handover agenda`: what a rep must do on or before a day, zero-health customers first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from handover.core.open_items import holds
from handover.core.summary import team_summaries
from handover.core.workspace import Workspace
from handover.domain import words
from handover.domain.hangul import ganada_key
from handover.domain.health import zero_day
from handover.domain.summary import CustomerSummary
from handover.domain.views import ItemState, View
from handover.format.team_config import HealthSettings
from handover.i18n import _


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
    summaries = team_summaries(ws, items_for=rep, agenda_until=until, rep_view=True)
    return agenda(summaries, ws.today(), days=days, settings=settings, rep=rep)
