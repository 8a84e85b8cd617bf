"""The agenda as an iCalendar file a calendar app can import.

UIDs are stable (one per customer's planned contact, one per item), so importing a newer
export moves events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

UID_DOMAIN = "handover.local"


def agenda_calendar(entries: Sequence[Any], team: str, stamp: dt.datetime) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//handover//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"handover — {team}")
    for entry in entries:
        if entry.kind not in ("contact", "promise"):
            continue
        event = Event()
        if entry.kind == "contact":
            uid = f"contact-{entry.customer}@{UID_DOMAIN}"
            summary = f"Contact {entry.name}"
        else:
            uid = f"item-{entry.ref.replace('#', '-')}@{UID_DOMAIN}"
            summary = f"Promise due: {entry.name} — {entry.text.removeprefix('promise: ')}"
        event.add("uid", uid)
        event.add("summary", summary)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        description = f"{entry.ref or entry.customer}: {entry.text}"
        if entry.overdue_days:
            description += f" (overdue by {entry.overdue_days} days)"
        event.add("description", description)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
