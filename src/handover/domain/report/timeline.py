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
from handover.format.models import Moment, Reopening, Resolution
from handover.format.store import StoredRecord

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


class Timeline(NamedTuple):
    moments: MomentColumns
    items: list[ItemLine]
    transfers: list[TransferLine]

    @property
    def first_day(self) -> int | None:
        """The day of the customer's first record: before it, the team did not know them."""
        days = [*self.moments.day[:1], *(i.opened_day for i in self.items[:1])]
        days += [t.day for t in self.transfers[:1]]
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
    return Timeline(moments, items, moves)


def _event(record: Moment | Resolution | Reopening, action: str, value: Any) -> ItemEvent:
    return ItemEvent(int(record.at.timestamp()), record.at.date().toordinal(), action, value)


def dumps(timeline: Timeline) -> str:
    return json.dumps(
        [TIMELINE_VERSION, list(timeline.moments), timeline.items, timeline.transfers],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def loads(text: str) -> Timeline:
    _, moments, items, moves = json.loads(text)
    return Timeline(
        MomentColumns(*moments),
        [
            ItemLine(ref, kind, ts, day, owner, due, [ItemEvent(*e) for e in events])
            for ref, kind, ts, day, owner, due, events in items
        ],
        [TransferLine(*move) for move in moves],
    )
