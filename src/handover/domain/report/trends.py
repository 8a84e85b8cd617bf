"""Health at the end of each week or month as of that day, contact and ratings.

A past day's health is computed by `handover.health`'s own scoring functions from the records
written up to that day: open items aged to it, the last rating and the planned contact as they
stood, days since the last moment. So the last point of a period ending today equals what
`handover health` shows today.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from handover.domain.health import (
    SILENCE_SCORE,
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
from handover.domain.report.timeline import NEVER, HealthSteps, Timeline, plan_of, rating_of
from handover.format.channels import CHANNELS
from handover.format.fields import RATING_MAX, RATING_MIN
from handover.format.team_config import HealthSettings


def health_on(timeline: Timeline, day: int, settings: HealthSettings) -> int:
    """The health percent at the end of `day`, as `health.assess` would have given it."""
    return health_series(timeline, [day], settings)[0]


def health_series(timeline: Timeline, days: Sequence[int], settings: HealthSettings) -> list[int]:
    """The health percent at the end of each of `days` (ascending), in one pass: each open
    stretch of an item is weighed only on the days it covers (found by bisection)."""
    moments = timeline.moments
    moment_days, rated, plans = moments.day, moments.rated, moments.plan
    worst: list[dict[str, float] | None] = [None] * len(days)
    for start, end, since, due, factor in timeline.segments:
        for where in range(bisect.bisect_left(days, start), bisect.bisect_left(days, end)):
            day = days[where]
            overdue = day - due if due is not None and day > due else None
            cost = item_score(factor, day - since, overdue, settings)
            if cost is None:
                continue
            costs = worst[where]
            if costs is None:
                worst[where] = {factor: cost}
            elif cost < costs.get(factor, 1.0):
                costs[factor] = cost
    count = len(moment_days)
    seen = 0
    rating_cost: float | None = None
    result: list[int] = []
    for where, day in enumerate(days):
        if seen < count and moment_days[seen] <= day:
            while seen < count and moment_days[seen] <= day:
                seen += 1
            rating_cost = last_rating_score(rating_of(rated[seen - 1]))
        score = 1.0
        costs = worst[where]
        if costs is not None:
            for cost in costs.values():
                score *= cost
        if seen:
            plan = plans[seen - 1]
            if rating_cost is not None:
                score *= rating_cost
            if plan and plan < day:
                score *= contact_score(day - plan, settings) or 1.0
            silence = silence_score(day - moment_days[seen - 1], settings)
            if silence is not None:
                score *= silence
        else:
            score *= SILENCE_SCORE  # no moment recorded yet
        result.append(round(score * 100))
    return result


def settings_key(settings: HealthSettings) -> str:
    """What stored health steps were computed with: steps of other settings are not used."""
    return settings.model_dump_json()


def health_steps(timeline: Timeline, settings: HealthSettings) -> Timeline:
    """The timeline with the health of every day as a step function, for the index: health
    changes only on a day some record was written or some threshold of the health rules is
    crossed (an item aged past its limit, a due date or planned contact passed by its grace,
    a silence grown past `silence_days`), so `health_series` on those days, and only those,
    gives every day's health. A test checks it against `health_series` day by day."""
    candidates = {1}  # day 1: before anything was recorded
    silence = settings.silence_days + 1
    for day in timeline.moments.day:
        candidates.update((day, day + silence))
    late = settings.contact_overdue_days + 1
    for stored in timeline.moments.plan:
        plan = plan_of(stored)
        if plan is not None:
            candidates.update((plan + 1, plan + late))
    limits = (settings.complaint_days, settings.request_days, 2 * settings.request_days)
    for start, end, since, due, _ in timeline.segments:
        candidates.update((start, end))
        candidates.update(since + limit + 1 for limit in limits)  # `health.item_score`'s ages
        if due is not None:
            candidates.update((due + 1, due + settings.promise_grace_days + 1))
    days = sorted(day for day in candidates if day < NEVER)
    kept: list[int] = []
    percents: list[int] = []
    for day, percent in zip(days, health_series(timeline, days, settings), strict=True):
        if not percents or percents[-1] != percent:
            kept.append(day)
            percents.append(percent)
    return timeline._replace(health=HealthSteps(settings_key(settings), kept, percents))


BAND = [0, *([1] * 49), *([2] * 50), 3]
"""The band of each health percent: 0, 1–49, 50–99, 100."""


def health_points(
    customers: Sequence[CustomerLine],
    parts: Sequence[Part],
    rep: str | None,
    settings: HealthSettings,
) -> list[HealthPoint]:
    ends = [part.end.toordinal() for part in parts]
    counts = [[0, 0, 0, 0] for _ in parts]  # zero, low, middle, full
    key = settings_key(settings)
    for customer in customers:
        first = customer.timeline.first_day
        known = range(0 if first is None else bisect.bisect_left(ends, first), len(ends))
        wanted = known if rep is None else [i for i in known if customer.owner_on(ends[i]) == rep]
        if not wanted:
            continue
        steps = customer.timeline.health
        if steps is not None and steps.key == key:  # read from the index: look the days up
            found, percents = steps.days, steps.percents
            for index in wanted:
                counts[index][BAND[percents[bisect.bisect_right(found, ends[index]) - 1]]] += 1
            continue
        scores = health_series(customer.timeline, [ends[i] for i in wanted], settings)
        for index, percent in zip(wanted, scores, strict=True):
            counts[index][BAND[percent]] += 1
    return [
        HealthPoint(day=part.end, customers=sum(c), zero=c[0], low=c[1], middle=c[2], full=c[3])
        for part, c in zip(parts, counts, strict=True)
    ]


class Moments(NamedTuple):
    """Every moment in the period written by the rep in scope, as four columns: its day, who
    wrote it, the channel and the rating as stored (read it with `rating_of`). Columns, not a
    tuple per moment, so the figures count them with `Counter` in C."""

    day: list[int]
    by: list[str]
    channel: list[str]
    rating: list[int | None]


def moments_in(customers: Sequence[CustomerLine], window: Window) -> Moments:
    found = Moments([], [], [], [])
    for customer in customers:
        moments = customer.timeline.moments
        first = bisect.bisect_left(moments.day, window.since)
        last = bisect.bisect_right(moments.day, window.until)
        if first == last:
            continue
        if window.rep is None:
            found.day.extend(moments.day[first:last])
            found.by.extend(moments.by[first:last])
            found.channel.extend(moments.channel[first:last])
            found.rating.extend(moments.rating[first:last])
            continue
        rows = zip(
            moments.day[first:last],
            moments.by[first:last],
            moments.channel[first:last],
            moments.rating[first:last],
            strict=True,
        )
        for day, by, channel, rating in rows:
            if by == window.rep:
                found.day.append(day)
                found.by.append(by)
                found.channel.append(channel)
                found.rating.append(rating)
    return found


def _parts_of(days: Sequence[int], parts: Sequence[Part], window: Window) -> Iterator[int]:
    """The index of the part each day (of the window) falls in: one bisection per day of the
    window, then a list look-up per moment."""
    starts = [p.start.toordinal() for p in parts]
    part_at = [
        bisect.bisect_right(starts, day) - 1 for day in range(window.since, window.until + 1)
    ]
    return map(part_at.__getitem__, map(window.since.__rsub__, days))


def contact(
    customers: Sequence[CustomerLine],
    window: Window,
    parts: Sequence[Part],
    silence_days: int,
    moments: Moments | None = None,
) -> ContactFigures:
    """Moments per rep and channel (`moments`: `moments_in` of the same arguments, if the
    caller has it already), and the customers silent at the end."""
    moments = moments_in(customers, window) if moments is None else moments
    count = len(parts)
    weeks = (window.until - window.since + 1) / 7
    rep_channels: dict[str, dict[str, int]] = {}
    rep_parts: dict[str, list[int]] = {}
    for rep in dict.fromkeys(moments.by):
        rep_channels[rep], rep_parts[rep] = dict.fromkeys(CHANNELS, 0), [0] * count
    for (rep, channel), n in Counter(zip(moments.by, moments.channel, strict=True)).items():
        rep_channels[rep][channel] += n
    for (rep, where), n in Counter(
        zip(moments.by, _parts_of(moments.day, parts, window), strict=True)
    ).items():
        rep_parts[rep][where] += n
    channels = dict.fromkeys(CHANNELS, 0)
    for channel, n in Counter(moments.channel).items():
        channels[channel] += n
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
    until = window.until
    for customer in customers:
        line = customer.timeline
        if line.first_day is not None and line.first_day > until:  # not yet known (known_on)
            continue
        if window.rep is not None and customer.owner_on(until) != window.rep:
            continue
        in_scope += 1
        days = line.moments.day
        seen = bisect.bisect_right(days, until)
        if not seen:
            never += 1
        elif until - days[seen - 1] > silence_days:
            silent += 1
    return ContactFigures(
        moments=len(moments.day),
        weeks=round(weeks, 2),
        channels=channels,
        reps=rows,
        customers=in_scope,
        silent=silent,
        never=never,
        silence_days=silence_days,
    )


def ratings(
    customers: Sequence[CustomerLine],
    window: Window,
    parts: Sequence[Part],
    moments: Moments | None = None,
) -> RatingFigures:
    moments = moments_in(customers, window) if moments is None else moments
    counts = dict.fromkeys(range(RATING_MIN, RATING_MAX + 1), 0)
    rated_by_part = [0] * len(parts)
    zeros_by_part = [0] * len(parts)
    by_part = Counter(zip(_parts_of(moments.day, parts, window), moments.rating, strict=True))
    for (where, stored), n in by_part.items():
        rating = rating_of(stored)
        if rating is None:
            continue
        counts[rating] += n
        rated_by_part[where] += n
        if rating == 0:
            zeros_by_part[where] += n
    rated = sum(counts.values())
    return RatingFigures(
        moments=len(moments.day),
        rated=rated,
        unrated=len(moments.day) - rated,
        counts=counts,
        zero_share=round(counts[0] / rated, 4) if rated else None,
        by_part=[
            PartRatings(start=p.start, end=p.end, rated=rated_by_part[i], zeros=zeros_by_part[i])
            for i, p in enumerate(parts)
        ],
    )
