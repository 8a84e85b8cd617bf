"""Health at the end of each week or month as of that day, contact and ratings.

A past day's health is computed by `handover.health`'s own scoring functions from the records
written up to that day: open items aged to it, the last rating and the planned contact as they
stood, days since the last moment. So the last point of a period ending today equals what
`handover health` shows today.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from handover.domain.health import (
    FACTOR_OF_KIND,
    contact_score,
    item_score,
    last_rating_score,
    silence_score,
)
from handover.domain.report.basics import CustomerLine, Part
from handover.domain.report.items import Window
from handover.domain.report.results import (
    ContactFigures,
    HealthPoint,
    PartRatings,
    RatingFigures,
    RepContact,
)
from handover.domain.report.timeline import Timeline
from handover.format.models import CHANNELS, RATING_MAX, RATING_MIN, HealthSettings


def health_on(timeline: Timeline, day: int, settings: HealthSettings) -> int:
    """The health percent at the end of `day`, as `health.assess` would have given it."""
    worst: dict[str, float] = {}
    for item in timeline.items:
        if item.opened_day > day:
            continue
        is_open, since, due = True, item.opened_day, item.due
        for event in item.events:
            if event.day > day:
                break
            if event.action == "resolve":
                is_open = False
            elif event.action == "reopen":
                is_open, since = True, event.day
            elif event.action == "due":
                due = event.value
        if not is_open:
            continue
        overdue = day - due if due is not None and day > due else None
        factor = FACTOR_OF_KIND[item.kind]
        score = item_score(factor, day - since, overdue, settings)
        if score is not None and score < worst.get(factor, 1.0):
            worst[factor] = score
    moments = timeline.moments
    seen = bisect.bisect_right(moments.day, day)
    plan = moments.plan[seen - 1] if seen else None
    scores = [
        *worst.values(),
        last_rating_score(moments.rated[seen - 1] if seen else None),
        contact_score(day - plan if plan is not None else 0, settings),
        silence_score(day - moments.day[seen - 1] if seen else None, settings),
    ]
    result = 1.0
    for score in scores:
        if score is not None:
            result *= score
    return round(result * 100)


def health_points(
    customers: Sequence[CustomerLine],
    parts: Sequence[Part],
    rep: str | None,
    settings: HealthSettings,
) -> list[HealthPoint]:
    points: list[HealthPoint] = []
    for part in parts:
        day = part.end.toordinal()
        counts = [0, 0, 0, 0]  # zero, low, middle, full
        total = 0
        for customer in customers:
            if not customer.known_on(day) or (rep is not None and customer.owner_on(day) != rep):
                continue
            total += 1
            percent = health_on(customer.timeline, day, settings)
            counts[0 if percent == 0 else 1 if percent < 50 else 2 if percent < 100 else 3] += 1
        points.append(HealthPoint(day=part.end, customers=total, zero=counts[0], low=counts[1],
                                  middle=counts[2], full=counts[3]))  # fmt: skip
    return points


def _moments_in(
    customers: Sequence[CustomerLine], window: Window
) -> list[tuple[int, str, str, int | None]]:
    """(day, by, channel, rating) of every moment in the period written by the rep in scope."""
    found: list[tuple[int, str, str, int | None]] = []
    for customer in customers:
        moments = customer.timeline.moments
        first = bisect.bisect_left(moments.day, window.since)
        last = bisect.bisect_right(moments.day, window.until)
        for i in range(first, last):
            if window.rep is None or moments.by[i] == window.rep:
                found.append((moments.day[i], moments.by[i], moments.channel[i], moments.rating[i]))
    return found


def _part_index(parts: Sequence[Part]) -> tuple[list[int], int]:
    return [p.start.toordinal() for p in parts], len(parts)


def contact(
    customers: Sequence[CustomerLine],
    window: Window,
    parts: Sequence[Part],
    silence_days: int,
) -> ContactFigures:
    moments = _moments_in(customers, window)
    starts, count = _part_index(parts)
    weeks = (window.until - window.since + 1) / 7
    rep_channels: dict[str, dict[str, int]] = {}
    rep_parts: dict[str, list[int]] = {}
    channels = dict.fromkeys(CHANNELS, 0)
    for day, by, channel, _ in moments:
        if by not in rep_channels:
            rep_channels[by], rep_parts[by] = dict.fromkeys(CHANNELS, 0), [0] * count
        rep_channels[by][channel] += 1
        rep_parts[by][bisect.bisect_right(starts, day) - 1] += 1
        channels[channel] += 1
    rows = [
        RepContact(
            rep=rep,
            moments=sum(rep_parts[rep]),
            per_week=round(sum(rep_parts[rep]) / weeks, 2),
            channels=rep_channels[rep],
            by_part=rep_parts[rep],
        )
        for rep in sorted(rep_channels)
    ]
    in_scope = silent = never = 0
    for customer in customers:
        if not customer.known_on(window.until):
            continue
        if window.rep is not None and customer.owner_on(window.until) != window.rep:
            continue
        in_scope += 1
        days = customer.timeline.moments.day
        seen = bisect.bisect_right(days, window.until)
        if not seen:
            never += 1
        elif window.until - days[seen - 1] > silence_days:
            silent += 1
    return ContactFigures(
        moments=len(moments),
        weeks=round(weeks, 2),
        channels=channels,
        reps=rows,
        customers=in_scope,
        silent=silent,
        never=never,
        silence_days=silence_days,
    )


def ratings(
    customers: Sequence[CustomerLine], window: Window, parts: Sequence[Part]
) -> RatingFigures:
    moments = _moments_in(customers, window)
    starts, count = _part_index(parts)
    counts = dict.fromkeys(range(RATING_MIN, RATING_MAX + 1), 0)
    rated_by_part = [0] * count
    zeros_by_part = [0] * count
    for day, _, _, rating in moments:
        if rating is None:
            continue
        counts[rating] += 1
        where = bisect.bisect_right(starts, day) - 1
        rated_by_part[where] += 1
        zeros_by_part[where] += rating == 0
    rated = sum(counts.values())
    return RatingFigures(
        moments=len(moments),
        rated=rated,
        unrated=len(moments) - rated,
        counts=counts,
        zero_share=round(counts[0] / rated, 4) if rated else None,
        by_part=[
            PartRatings(start=p.start, end=p.end, rated=rated_by_part[i], zeros=zeros_by_part[i])
            for i, p in enumerate(parts)
        ],
    )
