"""A customer's history in the compact shape `handover report` reads from the index.

Built from the records by the same functions the views use (`corrected_moments`,
`item_histories`, `planned_contact`'s rule, `transfers`), and kept per customer in the index
in a compact binary form (`dumps`), so a year of a 25,000-customer team is read without
opening a file and without building a Python object per moment. Times are kept
twice: `ts` (seconds since the epoch, to measure waits) and `day` (the ordinal of the local date
the record was written on, which is what every "days" figure of the views counts).
"""

from __future__ import annotations

import marshal
import sys
from array import array
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from handover.domain.views import CorrectedMoments, corrected_moments, item_histories
from handover.format.files import StoredRecord
from handover.format.records import DueChange, Moment, Reopening, Resolution

TIMELINE_VERSION = 2  # 2: binary columns (1 was JSON)
NO_RATING = -1
"""An unrated moment in the stored form's byte columns (`rating_of` reads both forms)."""


class MomentColumns(NamedTuple):
    """Moments oldest first, one sequence per field; `rated` and `plan` are running values:
    the last rating and the planned next contact as they stood after each moment. Built from
    the records they are lists with None for "none"; read from the index they are arrays
    with NO_RATING and 0 (no date has ordinal 0): read them through `rating_of` and `plan_of`."""

    ts: Sequence[int]
    day: Sequence[int]
    by: Sequence[str]
    channel: Sequence[str]
    rating: Sequence[int | None]
    rated: Sequence[int | None]
    plan: Sequence[int | None]


def rating_of(value: int | None) -> int | None:
    """A stored rating, None when unrated (None or NO_RATING)."""
    return None if value is None or value < 0 else value


def plan_of(value: int | None) -> int | None:
    """A stored planned contact day, None when none was planned (None or 0)."""
    return value or None


class ItemEvent(NamedTuple):
    ts: int
    day: int
    action: str  # "resolve" or "reopen"; later record kinds add "due" and "assign"
    value: Any  # who resolved or reopened; the new due day; the new owner


EventRow = tuple[int, int, str, Any]
"""An `ItemEvent` as a plain tuple (ts, day, action, value): how the index keeps it."""


class ItemLine(NamedTuple):
    ref: str
    kind: str
    opened_ts: int
    opened_day: int
    owner: str
    due: int | None
    events: Sequence[EventRow]  # ItemEvents when built, plain tuples when read from the index


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


SegmentRow = tuple[int, int, int, int | None, str]
"""A `Segment` as a plain tuple (start, end, since, due, factor)."""

NEVER = 10**7  # a date ordinal after any date


class HealthSteps(NamedTuple):
    """A customer's health percent as a step function of the day, worked out when the index
    is built (`trends.health_steps`): `percents[i]` holds from `days[i]` until the next day
    listed. Valid only for the health settings it was computed with (`key`)."""

    key: str
    days: Sequence[int]
    percents: Sequence[int]


class Timeline(NamedTuple):
    moments: MomentColumns
    items: Sequence[ItemLine]
    transfers: Sequence[TransferLine]
    segments: Sequence[SegmentRow]  # Segments when built, plain tuples when read
    first_day: int | None  # the day of the first record: before it the team did not know them
    health: HealthSteps | None = None


def segments(items: Sequence[ItemLine]) -> list[Segment]:
    """Where each item stood, day by day, by the rules of `views.item_bases` applied to the
    records written up to each day (a day's last record decides how the day ends)."""
    from handover.domain.health import FACTOR_OF_KIND

    found: list[Segment] = []
    for item in items:
        factor = FACTOR_OF_KIND[item.kind]
        start, since, due, is_open = item.opened_day, item.opened_day, item.due, True
        for _, day, action, value in item.events:
            if action == "resolve" and is_open:
                found.append(Segment(start, day, since, due, factor))
                is_open = False
            elif action == "reopen":
                if is_open:
                    found.append(Segment(start, day, since, due, factor))
                start, since, is_open = day, day, True
            elif action == "due":
                if is_open:
                    found.append(Segment(start, day, since, due, factor))
                    start = day
                due = value
        if is_open:
            found.append(Segment(start, NEVER, since, due, factor))
    return [segment for segment in found if segment.start < segment.end]


def _first_day(moments: MomentColumns, moves: Sequence[TransferLine]) -> int | None:
    days = [*moments.day[:1], *(move.day for move in moves[:1])]
    return min(days) if days else None


def build(
    customer_id: str, records: Sequence[StoredRecord], corrected: CorrectedMoments | None = None
) -> Timeline:
    from handover.domain.ownership import transfers

    ts: list[int] = []
    days: list[int] = []
    by: list[str] = []
    channel: list[str] = []
    rating: list[int | None] = []
    rated_then: list[int | None] = []
    plans: list[int | None] = []
    rated: int | None = None
    plan: int | None = None
    for _, moment, _ in corrected_moments(records) if corrected is None else corrected:
        day = moment.at.date().toordinal()
        if moment.next_contact is not None:  # the rule of views.planned_contact
            plan = moment.next_contact.toordinal()
        elif plan is not None and day >= plan:
            plan = None
        if moment.rating is not None:
            rated = moment.rating
        ts.append(int(moment.at.timestamp()))
        days.append(day)
        by.append(moment.by)
        channel.append(moment.channel)
        rating.append(moment.rating)
        rated_then.append(rated)
        plans.append(plan)
    moments = MomentColumns(ts, days, by, channel, rating, rated_then, plans)
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


def dumps(timeline: Timeline) -> bytes:
    """The stored form: int columns as machine arrays (read back by one copy, and an int
    object is only made for a moment the report looks at), names as interned strings (stored
    once per customer, then referenced), items and transfers as tuples; segments and the first
    day precomputed. `marshal` holds only plain values (it runs no code on reading, unlike
    pickle); the native byte order and marshal's format are the machine's own, which suits a
    cache that never leaves it (the schema version rebuilds it after an upgrade).

    The bytes depend only on the values: marshal marks and back-references an object by its
    identity and reference count, which differ between processes (a parallel build must
    write what a serial one writes), so equal strings and ints are made one object first,
    held by `_canonical`'s memo while marshal runs."""
    m = timeline.moments
    memo: dict[tuple[type, object], object] = {}
    return marshal.dumps(
        _canonical(
            (
                TIMELINE_VERSION,
                array("q", m.ts).tobytes(),
                array("i", m.day).tobytes(),
                tuple(sys.intern(by) for by in m.by),
                tuple(sys.intern(channel) for channel in m.channel),
                _bytes(m.rating),
                _bytes(m.rated),
                array("i", [plan_of(p) or 0 for p in m.plan]).tobytes(),
                tuple((*item[:6], tuple(map(tuple, item.events))) for item in timeline.items),
                tuple(map(tuple, timeline.transfers)),
                tuple(map(tuple, timeline.segments)),
                timeline.first_day,
                None
                if timeline.health is None
                else (
                    timeline.health.key,
                    array("i", timeline.health.days).tobytes(),
                    array("b", timeline.health.percents).tobytes(),
                ),
            ),
            memo,
        )
    )


def _canonical(value: Any, memo: dict[tuple[type, object], object]) -> Any:
    """``value`` with every equal str and int the same object, kept alive by ``memo``."""
    kind = type(value)
    if kind is tuple:
        return tuple([_canonical(part, memo) for part in value])
    if kind is str or kind is int:
        return memo.setdefault((kind, value), value)
    return value


def _bytes(ratings: Sequence[int | None]) -> bytes:
    return array("b", [NO_RATING if r is None else r for r in ratings]).tobytes()


IntCode = Literal["b", "i", "q"]


def _column(code: IntCode, data: bytes) -> memoryview[int]:
    """A stored int column, read in place: no copy, an int object only where one is read."""
    return memoryview(data).cast(code)


def loads(blob: bytes) -> Timeline:
    """A timeline from its stored form (`dumps`)."""
    version, ts, day, by, channel, rating, rated, plan, items, moves, found, first, steps = (
        marshal.loads(blob)
    )
    if version != TIMELINE_VERSION:
        raise ValueError(f"timeline version {version}, expected {TIMELINE_VERSION}")
    columns = MomentColumns(  # `_column` written out: 175,000 calls fewer at 25,000 customers
        memoryview(ts).cast("q"),
        memoryview(day).cast("i"),
        by,
        channel,
        memoryview(rating).cast("b"),
        memoryview(rated).cast("b"),
        memoryview(plan).cast("i"),
    )
    return Timeline(
        columns,
        [*map(ItemLine._make, items)],
        [*map(TransferLine._make, moves)],
        found,
        first,
        None
        if steps is None
        else HealthSteps(steps[0], _column("i", steps[1]), _column("b", steps[2])),
    )
