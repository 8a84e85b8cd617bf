"""The tables of the list commands (list, open, agenda, health, search, history, moments).

Each function turns what the core returned into a `handover.tables.Table`; `print_table`
fits it to the terminal and streams it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from handover.domain.views import MomentView
from handover.format.models import RATING_LABELS
from handover.render.tables import Column, Fragment, Table


def health_style(percent: int) -> str:
    if percent == 0:
        return "bold white on red"
    return "red" if percent < 50 else "yellow" if percent < 80 else "green"


def rating_cell(rating: int | None) -> Fragment:
    if rating is None:
        return ("–", "dim")
    style = "bold red" if rating == 0 else "yellow" if rating <= 1 else "green"
    return (f"{rating} {RATING_LABELS[rating]}", style)


def moments_table(moments: Sequence[MomentView]) -> Table:
    table = Table(
        [
            Column("date"),
            Column("by"),
            Column("channel"),
            Column("rating"),
            Column("summary", role="text"),
        ],
        header_style="dim",
    )
    for moment in moments:
        table.add(
            moment.at.date().isoformat(),
            moment.by,
            moment.channel,
            rating_cell(moment.rating),
            moment.summary,
        )
    return table


def customers_table(rows: Sequence[Any], today: dt.date) -> Table:
    table = Table(
        [
            Column("customer", role="label"),
            Column("id"),
            Column("kind"),
            Column("owner"),
            Column("last contact"),
            Column("days", justify="right"),
        ]
    )
    for row in rows:
        days = "–" if row.days_since is None else str(row.days_since)
        style = "red" if row.days_since is None or row.days_since > 90 else ""
        table.add(
            row.name,
            row.id,
            row.kind,
            row.owner,
            row.last_contact.isoformat() if row.last_contact else "never",
            (days, style),
        )
    return table


def open_items_table(rows: Sequence[Any]) -> Table:
    table = Table(
        [
            Column("item"),
            Column("customer", role="label"),
            Column("kind"),
            Column("age", justify="right"),
            Column("due"),
            Column("rep"),
            Column("text", role="text"),
        ]
    )
    for row in rows:
        item = row.item
        due: Fragment = (item.due.isoformat() if item.due else "–", "")
        if item.overdue_days:
            due = (f"{due[0][5:]} +{item.overdue_days}d", "bold red")
        table.add(
            (item.ref, "bold"), row.name, item.kind, f"{item.age_days}d", due, item.owner, item.text
        )
    return table


def agenda_table(entries: Sequence[Any], today: dt.date) -> Table:
    table = Table([Column("when"), Column("customer", role="label"), Column("what", role="text")])
    for entry in entries:
        when: Fragment = (entry.day.isoformat(), "")
        if entry.kind == "zero":
            when = ("now", "bold white on red")
        elif entry.overdue_days:
            when = (f"{entry.day.isoformat()} overdue {entry.overdue_days}d", "bold red")
        elif entry.day == today:
            when = ("today", "yellow")
        what: list[Fragment] = [(entry.ref, "bold"), (" ", "")] if entry.ref else []
        table.add(when, entry.name, [*what, (entry.text, "")])
    return table


def health_table(summaries: Sequence[Any]) -> Table:
    table = Table(
        [
            Column("health", justify="right"),
            Column("customer", role="label"),
            Column("owner"),
            Column("why", role="text"),
        ]
    )
    for summary in summaries:
        health = summary.health
        reasons = "\n".join(f.reason for f in health.factors) or "–"
        table.add(
            (str(health.percent), health_style(health.percent)),
            summary.name,
            summary.owner,
            reasons,
        )
    return table


def search_table(hits: Sequence[Any]) -> Table:
    table = Table(
        [
            Column("customer", role="label"),
            Column("id"),
            Column("date"),
            Column("where"),
            Column("match", role="text"),
        ]
    )
    for hit in hits:
        snippet: list[Fragment] = []
        position = 0
        for start, end in hit.marks:
            snippet += [(hit.snippet[position:start], ""), (hit.snippet[start:end], "bold reverse")]
            position = end
        snippet.append((hit.snippet[position:], ""))
        where = hit.ref if hit.where in ("note", "item") and "#" in hit.ref else hit.where
        table.add(
            hit.name,
            hit.customer,
            hit.date.isoformat() if hit.date else "–",
            where,
            [f for f in snippet if f[0]],
        )
    return table


def history_table(history: Any, change_text: Any) -> Table:
    table = Table(
        [Column("when"), Column("who", role="label"), Column("what", role="text")],
        header_style="dim",
    )
    for event in history.events:
        what: list[Fragment] = [(event.what, "")]
        if event.source == "profile" and event.author and event.who is None:
            what.append((f" · {event.author}", "dim"))  # not a rep: say who git says
        for change in event.fields if event.source != "record" else []:
            what.append((f"\n  {change_text(change)}", "dim"))
        table.add(event.at.strftime("%Y-%m-%d %H:%M"), event.who or event.who_label, what)
    return table
