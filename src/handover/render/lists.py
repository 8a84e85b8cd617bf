"""The tables of the list commands (list, open, agenda, health, search, history, moments).

Each function turns what the core returned into a `handover.tables.Table`; `print_table`
fits it to the terminal and streams it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from handover.domain import words
from handover.domain.views import MomentView
from handover.i18n import _
from handover.render.tables import Column, Fragment, Table

if TYPE_CHECKING:
    from collections.abc import Callable

    from handover.core.agenda import AgendaEntry
    from handover.core.history import History
    from handover.core.listing import CustomerRow
    from handover.core.open_items import OpenRow
    from handover.core.search import Hit
    from handover.domain.profile_diff import FieldChange
    from handover.domain.summary import CustomerSummary


def health_style(percent: int) -> str:
    if percent == 0:
        return "bold white on red"
    return "red" if percent < 50 else "yellow" if percent < 80 else "green"


def rating_cell(rating: int | None) -> Fragment:
    if rating is None:
        return ("–", "dim")
    style = "bold red" if rating == 0 else "yellow" if rating <= 1 else "green"
    return (words.rating(rating), style)


def moments_table(moments: Sequence[MomentView]) -> Table:
    table = Table(
        [
            Column(_("date")),
            Column(_("by")),
            Column(_("channel")),
            Column(_("rating")),
            Column(_("summary"), role="text"),
        ],
        header_style="dim",
    )
    for moment in moments:
        table.add(
            moment.at.date().isoformat(),
            moment.by,
            words.channel(moment.channel),
            rating_cell(moment.rating),
            moment.summary,
        )
    return table


def customers_table(rows: Sequence[CustomerRow], today: dt.date) -> Table:
    table = Table(
        [
            Column(_("customer"), role="label"),
            Column(_("id")),
            Column(_("kind")),
            Column(_("owner")),
            Column(_("last contact")),
            Column(_("days"), justify="right"),
        ]
    )
    for row in rows:
        days = "–" if row.days_since is None else str(row.days_since)
        style = "red" if row.days_since is None or row.days_since > 90 else ""
        table.add(
            row.name,
            row.id,
            words.customer_kind(row.kind),
            row.owner,
            row.last_contact.isoformat() if row.last_contact else _("never"),
            (days, style),
        )
    return table


def open_items_table(rows: Sequence[OpenRow], today: dt.date) -> Table:
    table = Table(
        [
            Column(_("item")),
            Column(_("customer"), role="label"),
            Column(_("kind")),
            Column(_("age"), justify="right"),
            Column(_("due")),
            Column(_("rep")),
            Column(_("text"), role="text"),
        ]
    )
    for row in rows:
        item = row.item
        due: Fragment = (item.due.isoformat() if item.due else "–", "")
        if item.overdue_days:
            late = words.short_days(item.overdue_days)
            due = (f"{overdue_day_text(item.due, today)} +{late}", "bold red")
        table.add(
            (item.ref, "bold"),
            row.name,
            words.item_kind(item.kind),
            _("today") if item.age_days <= 0 else words.short_days(item.age_days),
            due,
            item.owner,
            item.text,
        )
    return table


def overdue_day_text(day: dt.date | None, today: dt.date) -> str:
    """'10-16' for this year's date, '2024-11-25' for an earlier year's: the days late beside it
    must not make an item years old look like this autumn's."""
    if day is None:
        return "–"
    return day.isoformat()[5:] if day.year == today.year else day.isoformat()


def agenda_table(entries: Sequence[AgendaEntry], today: dt.date) -> Table:
    table = Table(
        [Column(_("when")), Column(_("customer"), role="label"), Column(_("what"), role="text")]
    )
    for entry in entries:
        when: Fragment = (entry.day.isoformat(), "")
        if entry.kind == "zero":
            when = (_("now"), "bold white on red")
        elif entry.overdue_days:
            overdue = _("overdue {days}", days=words.short_days(entry.overdue_days))
            when = (f"{entry.day.isoformat()} {overdue}", "bold red")
        elif entry.day == today:
            when = (_("today"), "yellow")
        what: list[Fragment] = [(entry.ref, "bold"), (" ", "")] if entry.ref else []
        what.append((entry.text, ""))
        if entry.zeroes_on is not None:
            what.append((f" · {zero_text(entry.zeroes_on, today)}", ""))
        table.add(when, entry.name, what)
    return table


def zero_text(day: dt.date, today: dt.date) -> str:
    """'zeroes health on 2026-12-08, in 7 days': the warning before the rule bites."""
    if day > today:
        when = words.age((today - day).days)
        return _("zeroes health on {day}, {when}", day=day.isoformat(), when=when)
    return _("zeroed health on {day}", day=day.isoformat())


def health_table(summaries: Sequence[CustomerSummary]) -> Table:
    table = Table(
        [
            Column(_("health"), justify="right"),
            Column(_("customer"), role="label"),
            Column(_("owner")),
            Column(_("why"), role="text"),
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


def search_table(hits: Sequence[Hit]) -> Table:
    table = Table(
        [
            Column(_("customer"), role="label"),
            Column(_("id")),
            Column(_("date")),
            Column(_("where")),
            Column(_("match"), role="text"),
        ]
    )
    for hit in hits:
        snippet: list[Fragment] = []
        position = 0
        for start, end in hit.marks:
            snippet += [(hit.snippet[position:start], ""), (hit.snippet[start:end], "bold reverse")]
            position = end
        snippet.append((hit.snippet[position:], ""))
        where = (
            hit.ref if hit.where in ("note", "item") and "#" in hit.ref else words.place(hit.where)
        )
        if hit.status is not None:  # an item hit says whether it is still open
            where = f"{where} {words.item_status(hit.status)}"
        table.add(
            hit.name,
            hit.customer,
            hit.date.isoformat() if hit.date else "–",
            where,
            [f for f in snippet if f[0]],
        )
    return table


def history_table(
    history: History, change_text: Callable[[FieldChange], str], zone: dt.tzinfo | None
) -> Table:
    table = Table(
        [Column(_("when")), Column(_("who"), role="label"), Column(_("what"), role="text")],
        header_style="dim",
    )
    for event in history.events:
        what: list[Fragment] = [(event.what, "")]
        if event.source == "profile" and event.author and event.who is None:
            email = event.author.removeprefix(event.who_label).strip()  # the name is in its column
            what.append((f" · {email}", "dim"))  # not a rep: git's name, then its email here
        for change in event.fields if event.source != "record" else []:
            what.append((f"\n  {change_text(change)}", "dim"))
        when = event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")  # one zone for every row
        table.add(when, event.who or event.who_label, what)
    return table
