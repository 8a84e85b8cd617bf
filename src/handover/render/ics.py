"""Calendar events as an iCalendar file a calendar app can import or subscribe to.

UIDs are stable (one per customer's planned contact, one per item) and carry the team, so
importing a newer export moves or cancels events instead of duplicating them. RFC 5545 TEXT
allows no control character but tab and newline: any other (an escape sequence in a note) is
written out visibly (``\\x1b``), never passed to the calendar app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.core.calendar import CalendarEvent


def agenda_calendar(
    events: Sequence[CalendarEvent],
    team: str,
    stamp: dt.datetime,
    *,
    alarm: dt.timedelta | None = None,
) -> bytes:
    from icalendar import Alarm, Calendar, Event

    from handover.format.text import visible

    calendar = Calendar()
    calendar.add("prodid", "-//handover//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", visible(f"handover — {team}"))
    for entry in events:
        event = Event()
        event.add("uid", entry.uid)
        event.add("summary", visible(entry.summary))
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("sequence", entry.sequence)
        event.add("status", entry.status)
        event.add("description", visible(entry.description))
        if alarm is not None and entry.status != "CANCELLED":  # nothing left to remind of
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", visible(entry.summary))
            reminder.add("trigger", -alarm)
            event.add_component(reminder)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
