"""The agenda as calendar events that stay true when a calendar app imports them again.

A calendar keeps what it imported, so the file must say what changed: an overdue promise or
contact is an event today (not on its past date, where nobody looks), an item resolved and a
contact that took place without a new date are sent again as ``CANCELLED``, and every event's
``SEQUENCE`` grows whenever its date or status changes, so the newer version wins.

Nothing is stored between two exports. ``SEQUENCE`` is therefore computed from the day the
event last changed, counted from a fixed epoch: three times the days, plus 0 when an overdue
event moved to today, 1 when a record changed it (a new planned date, an opened item), 2 when
it was cancelled. It only grows as records are added and the days pass.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from handover.domain.romanize import slugify_name
from handover.domain.summary import CustomerSummary

EPOCH = dt.date(2020, 1, 1)
CANCELLED_FOR_DAYS = 90
"""How long a resolved item or a held contact is sent as cancelled (then it is dropped)."""


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: dt.date
    summary: str
    description: str
    sequence: int
    status: Literal["CONFIRMED", "CANCELLED"]


def uid_domain(team: str) -> str:
    """The team in every UID, so two teams' calendars never replace each other's events."""
    slug = slugify_name(team) or "team"
    return f"{slug}-{hashlib.sha1(team.encode()).hexdigest()[:6]}.handover"


def _sequence(changed: dt.date, how: Literal["overdue", "record", "cancelled"]) -> int:
    step = {"overdue": 0, "record": 1, "cancelled": 2}[how]
    return 3 * max((changed - EPOCH).days, 0) + step


def calendar_events(
    summaries: Sequence[CustomerSummary], team: str, today: dt.date, *, rep: str | None = None
) -> list[CalendarEvent]:
    """Planned contacts and items with a due date, overdue ones today, recent closes cancelled.

    For a `rep`, what `agenda --rep` shows: the items the rep holds (or whose customer the rep
    owns), and the planned contacts of the rep's own customers."""
    from handover.core.open_items import holds

    domain = uid_domain(team)
    recent = today - dt.timedelta(days=CANCELLED_FOR_DAYS)
    events: list[CalendarEvent] = []
    for customer in summaries:
        contact = customer.contact
        uid = f"contact-{customer.id}@{domain}"
        owns = rep is None or customer.owner == rep
        last_day = contact.last.at.date() if contact.last is not None else today
        if not owns:
            pass
        elif contact.next_contact is not None:
            overdue = (today - contact.next_contact).days
            title = f"Contact {customer.name}"
            if overdue > 0:
                title = f"Overdue {overdue}d: {title} (planned {contact.next_contact})"
            events.append(
                CalendarEvent(
                    uid=uid,
                    day=max(contact.next_contact, today),
                    summary=title,
                    description=f"{customer.id}: planned contact",
                    sequence=(
                        _sequence(today, "overdue")
                        if overdue > 0
                        else _sequence(last_day, "record")
                    ),
                    status="CONFIRMED",
                )
            )
        elif contact.last is not None and last_day >= recent:
            events.append(
                CalendarEvent(
                    uid=uid,
                    day=last_day,
                    summary=f"Contact {customer.name}",
                    description=f"{customer.id}: contacted on {last_day}, nothing planned",
                    sequence=_sequence(last_day, "cancelled"),
                    status="CANCELLED",
                )
            )
        for item in customer.items:
            if item.due is None or not holds(rep, customer, item):
                continue
            uid = f"item-{item.ref.replace('#', '-').replace('@', '-')}@{domain}"
            what = f"{item.kind} due: {customer.name} — {item.text}"
            if item.status == "resolved" and item.resolved_at is not None:
                closed = item.resolved_at.date()
                if closed >= recent:
                    events.append(
                        CalendarEvent(
                            uid=uid,
                            day=closed,
                            summary=what.capitalize(),
                            description=f"{item.ref}: resolved on {closed}: {item.how or ''}",
                            sequence=_sequence(closed, "cancelled"),
                            status="CANCELLED",
                        )
                    )
                continue
            overdue = item.overdue_days or 0
            title = what[0].upper() + what[1:]
            if overdue > 0:
                title = f"Overdue {overdue}d: {title} (due {item.due})"
            opened = max(item.opened_at.date(), EPOCH)
            events.append(
                CalendarEvent(
                    uid=uid,
                    day=max(item.due, today),
                    summary=title,
                    description=f"{item.ref}: {item.kind}: {item.text}",
                    sequence=(
                        _sequence(today, "overdue") if overdue > 0 else _sequence(opened, "record")
                    ),
                    status="CONFIRMED",
                )
            )
    return events
