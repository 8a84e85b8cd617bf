"""What `handover report` answers, as models with a versioned JSON shape (docs/report.md).

Every figure carries the counts it was computed from; the period is stated once, at the top.
Days are decimal days (two places) measured from the records' times.
"""

from __future__ import annotations

import datetime as dt

from handover.domain.views import View

REPORT_VERSION = 1
"""The version of the JSON shape; a field removed or renamed bumps it."""


class Waits(View):
    """Response time of a set of requests, complaints or questions."""

    resolved: int  # resolved in the period (the resolution that stands at its end)
    median_days: float | None  # opening to resolution, of those resolved
    p90_days: float | None
    open: int  # still open at the end of the period, whenever opened
    open_median_days: float | None  # how long those have been open at the end
    open_oldest_days: int | None
    reopened: int  # of the resolved and the open, how many were reopened at least once


class PartWaits(View):
    start: dt.date
    end: dt.date
    resolved: int
    median_days: float | None


class ResponseFigures(View):
    kinds: list[str]
    all: Waits
    by_kind: dict[str, Waits]
    by_rep: dict[str, Waits]
    by_part: list[PartWaits]


class PromiseFigures(View):
    due: int  # promises due in the period (by the due date standing at its end)
    kept_on_time: int
    kept_late: int
    late_median_days: float | None
    late_max_days: int | None
    broken: int  # overdue and open at the end of the period
    due_last_day: int  # due on the period's last day, still open: not broken yet
    renegotiated: int  # of those due, how many had their due date changed
    kept_on_time_share: float | None  # kept on time / (on time + late + broken)
    without_due: int  # promises opened in the period without a due date
    broken_refs: list[str]


class RecoveryFigures(View):
    resolved: int  # complaints resolved in the period
    recovered: int  # the customer had a moment rated 3 or more at or after the resolution
    not_recovered: int  # moments since, none rated 3 or more
    silent: int  # no moment since, for more than health.silence_days
    waiting: int  # no moment since yet, within health.silence_days
    recovered_refs: list[str]
    silent_refs: list[str]


class HealthPoint(View):
    """Health of the customers in scope at the end of one week or month, as of that day."""

    day: dt.date
    customers: int
    zero: int  # health 0
    low: int  # 1 to 49
    middle: int  # 50 to 99
    full: int  # 100


class RepContact(View):
    rep: str
    moments: int
    per_week: float
    channels: dict[str, int]
    by_part: list[int]


class ContactFigures(View):
    moments: int
    weeks: float
    channels: dict[str, int]
    reps: list[RepContact]
    customers: int  # in scope at the end of the period
    silent: int  # last moment more than health.silence_days before the end
    never: int  # no moment at all by the end
    silence_days: int


class PartRatings(View):
    start: dt.date
    end: dt.date
    rated: int
    zeros: int


class RatingFigures(View):
    moments: int
    rated: int
    unrated: int
    counts: dict[int, int]  # rating 0–4 → moments
    zero_share: float | None  # zeros / rated
    by_part: list[PartRatings]


class Scope(View):
    team: str
    rep: str | None
    kind: str | None
    since: dt.date
    until: dt.date
    by: str
    parts: int
    customers: int  # customers read (after --kind; --rep narrows each figure as it says)
    rep_names: dict[str, str]  # every rep of handover.yaml, id → name


class Report(View):
    report_version: int = REPORT_VERSION
    scope: Scope
    response: ResponseFigures
    promises: PromiseFigures
    recovery: RecoveryFigures
    health: list[HealthPoint]
    contact: ContactFigures
    ratings: RatingFigures
