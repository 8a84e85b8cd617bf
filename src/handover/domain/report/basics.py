"""The building blocks every figure of the report shares: the period, its parts, the
customers in it, percentiles, and where an item stood on a given day."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from handover.domain.report.timeline import ItemLine, Timeline

Granularity = Literal["week", "month"]
DAY_SECONDS = 86_400


class Part(NamedTuple):
    """One week (Monday to Sunday) or month of the period, cut to the period's ends."""

    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return self.start.isoformat()


@dataclass(frozen=True)
class CustomerLine:
    """A customer as the report sees it: who owns them now, their kind, their history."""

    id: str
    kind: str
    owner: str
    timeline: Timeline

    def owner_on(self, day: int) -> str:
        """The owner at the end of `day` (a date ordinal): the `from` of the first transfer
        after it, else the owner now."""
        for move in self.timeline.transfers:
            if move.day > day:
                return move.from_
        return self.owner

    def known_on(self, day: int) -> bool:
        """Whether the team knew this customer on `day`: from their first record on (a
        customer with no record at all is counted throughout: the folder holds no date)."""
        first = self.timeline.first_day
        return first is None or first <= day


def parts(since: dt.date, until: dt.date, by: Granularity) -> list[Part]:
    """The weeks or months from `since` to `until`, the first and last cut to them."""
    result: list[Part] = []
    start = since
    while start <= until:
        if by == "week":
            end = start + dt.timedelta(days=6 - start.weekday())
        else:
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        result.append(Part(start, min(end, until)))
        start = end + dt.timedelta(days=1)
    return result


def default_since(until: dt.date, by: Granularity) -> dt.date:
    """Twelve whole months ending with the month of `until`, or thirteen weeks (a quarter)."""
    if by == "week":
        return until - dt.timedelta(days=until.weekday() + 7 * 12)
    month = until.month - 11
    year = until.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by nearest rank: a wait that really happened, and 90 % of the
    waits were at most this long."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[math.ceil(0.9 * len(ordered)) - 1])


def days(seconds: float) -> float:
    return round(seconds / DAY_SECONDS, 2)


class ItemOn(NamedTuple):
    """Where an item stood at the end of a day: the views' rules (`item_bases`, `item_at`)
    applied to the records written up to that day."""

    open: bool
    since_day: int  # the opening, or the last reopening
    resolved_ts: int | None
    resolved_day: int | None
    resolved_by: str | None
    reopened: int  # reopenings so far
    due: int | None
    owner: str
    renegotiated: int  # due dates changed so far


def item_on(item: ItemLine, day: int) -> ItemOn | None:
    """None when the item was not opened yet on `day`."""
    if item.opened_day > day:
        return None
    is_open, since, reopened, renegotiated = True, item.opened_day, 0, 0
    resolved: tuple[int, int, str] | None = None
    due, owner = item.due, item.owner
    for ts, on, action, value in item.events:
        if on > day:
            break
        if action == "resolve":
            is_open, resolved = False, (ts, on, value)
        elif action == "reopen":
            is_open, since, resolved = True, on, None
            reopened += 1
        elif action == "due":
            due, renegotiated = value, renegotiated + 1
        elif action == "assign":
            owner = value
    return ItemOn(
        open=is_open,
        since_day=since,
        resolved_ts=resolved[0] if resolved else None,
        resolved_day=resolved[1] if resolved else None,
        resolved_by=resolved[2] if resolved else None,
        reopened=reopened,
        due=due,
        owner=owner,
        renegotiated=renegotiated,
    )
