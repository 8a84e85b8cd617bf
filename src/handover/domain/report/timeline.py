"""A customer's history in the compact shape `handover report` reads from the index.

Built from the records by the same functions the views use (`corrected_moments`,
`item_histories`, `planned_contact`'s rule, `transfers`), and kept per customer in the index
as JSON, so a year of a 25,000-customer team is read without opening a file. Times are kept
twice: `ts` (seconds since the epoch, to measure waits) and `day` (the ordinal of the local date
the record was written on, which is what every "days" figure of the views counts).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from handover.domain.views import corrected_moments, item_histories
from handover.format.files import StoredRecord
from handover.format.records import DueChange, Moment, Reopening, Resolution

TIMELINE_VERSION = 1


class MomentColumns(NamedTuple):
    """Moments oldest first, one list per field; `rated` and `plan` are running values: the
    last rating and the planned next contact as they stood after each moment."""

    ts: list[int]
    day: list[int]
    by: list[str]
    channel: list[str]
    rating: list[int | None]
    rated: list[int | None]
    plan: list[int | None]


class ItemEvent(NamedTuple):
    ts: int
    day: int
    action: str  # "resolve" or "reopen"; later record kinds add "due" and "assign"
    value: Any  # who resolved or reopened; the new due day; the new owner


class ItemLine(NamedTuple):
    ref: str
    kind: str
    opened_ts: int
    opened_day: int
    owner: str
    due: int | None
    events: list[ItemEvent]


class TransferLine(NamedTuple):
    ts: int
    day: int
    from_: str
    to: str


class Segment(NamedTuple):
    """A stretch of days an item stood open with the same age origin and due date: open at
    the end of every day from `start` to before `end`. Health of a past day reads these."""

    start: int
    end: int  # NEVER while still open
    since: int  # the opening, or the last reopening: what its age counts from
    due: int | None
    factor: str  # the health factor it weighs on (`health.FACTOR_OF_KIND`)


NEVER = 10**7  # a date ordinal after any date


class Timeline(NamedTuple):
    moments: MomentColumns
    items: list[ItemLine]
    transfers: list[TransferLine]
    segments: list[Segment]
    first_day: int | None  # the day of the first record: before it the team did not know them


def segments(items: Sequence[ItemLine]) -> list[Segment]:
    """Where each item stood, day by day, by the rules of `views.item_bases` applied to the
    records written up to each day (a day's last record decides how the day ends)."""
    from handover.domain.health import FACTOR_OF_KIND

    found: list[Segment] = []
    for item in items:
        factor = FACTOR_OF_KIND[item.kind]
        start, since, due, is_open = item.opened_day, item.opened_day, item.due, True
        for event in item.events:
            if event.action == "resolve" and is_open:
                found.append(Segment(start, event.day, since, due, factor))
                is_open = False
            elif event.action == "reopen":
                if is_open:
                    found.append(Segment(start, event.day, since, due, factor))
                start, since, is_open = event.day, event.day, True
            elif event.action == "due":
                if is_open:
                    found.append(Segment(start, event.day, since, due, factor))
                    start = event.day
                due = event.value
        if is_open:
            found.append(Segment(start, NEVER, since, due, factor))
    return [segment for segment in found if segment.start < segment.end]


def _first_day(moments: MomentColumns, moves: Sequence[TransferLine]) -> int | None:
    days = [*moments.day[:1], *(move.day for move in moves[:1])]
    return min(days) if days else None


def build(customer_id: str, records: Sequence[StoredRecord]) -> Timeline:
    from handover.domain.ownership import transfers

    moments = MomentColumns([], [], [], [], [], [], [])
    rated: int | None = None
    plan: int | None = None
    for _, moment, _ in corrected_moments(records):
        day = moment.at.date().toordinal()
        if moment.next_contact is not None:  # the rule of views.planned_contact
            plan = moment.next_contact.toordinal()
        elif plan is not None and day >= plan:
            plan = None
        if moment.rating is not None:
            rated = moment.rating
        moments.ts.append(int(moment.at.timestamp()))
        moments.day.append(day)
        moments.by.append(moment.by)
        moments.channel.append(moment.channel)
        moments.rating.append(moment.rating)
        moments.rated.append(rated)
        moments.plan.append(plan)
    items: list[ItemLine] = []
    for ref, _, opening, item, history in item_histories(customer_id, records):
        events: list[ItemEvent] = []
        for stored in history:
            record = stored.record
            if isinstance(record, DueChange):  # `item due`: judged by the date standing
                events.append(_event(record, "due", record.due.toordinal()))
                continue
            action = "reopen" if isinstance(record, Reopening) else "resolve"
            assert isinstance(record, Moment | Resolution | Reopening)
            events.append(_event(record, action, record.by))
        items.append(
            ItemLine(
                ref=ref,
                kind=item.kind,
                opened_ts=int(opening.at.timestamp()),
                opened_day=opening.at.date().toordinal(),
                owner=item.owner or opening.by,
                due=item.due.toordinal() if item.due else None,
                events=events,
            )
        )
    moves = [
        TransferLine(int(t.at.timestamp()), t.at.date().toordinal(), t.from_, t.to)
        for t in transfers(records)
    ]
    return Timeline(moments, items, moves, segments(items), _first_day(moments, moves))


def _event(
    record: Moment | Resolution | Reopening | DueChange, action: str, value: Any
) -> ItemEvent:
    return ItemEvent(int(record.at.timestamp()), record.at.date().toordinal(), action, value)


def dumps(timeline: Timeline) -> str:
    return json.dumps(
        [TIMELINE_VERSION, list(timeline.moments), timeline.items, timeline.transfers],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def loads(text: str) -> Timeline:
    _, moments, rows, moves = json.loads(text)
    columns = MomentColumns(*moments)
    items = [
        ItemLine(ref, kind, ts, day, owner, due, [ItemEvent(*e) for e in events])
        for ref, kind, ts, day, owner, due, events in rows
    ]
    transfers = [TransferLine(*move) for move in moves]
    return Timeline(columns, items, transfers, segments(items), _first_day(columns, transfers))
