"""Response time, promises and service recovery, from where each item stood at the end of
the period (records written after it are not seen, so a past period reads as it was)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from handover.domain.report.basics import CustomerLine, ItemOn, Part, days, item_on, median, p90
from handover.domain.report.results import (
    PartWaits,
    PromiseFigures,
    RecoveryFigures,
    ResponseFigures,
    Waits,
)
from handover.domain.report.timeline import ItemLine, rating_of

ANSWERED_KINDS = ("request", "complaint", "question")
"""What the customer waits for an answer to; promises are ours and measured by their due."""


@dataclass(frozen=True)
class Window:
    since: int  # date ordinals, both ends included
    until: int
    rep: str | None

    def has(self, day: int) -> bool:
        return self.since <= day <= self.until


def _in_scope(window: Window, state: ItemOn) -> bool:
    return window.rep is None or state.owner == window.rep


ItemRow = tuple[CustomerLine, ItemLine, ItemOn]


def item_states(customers: Sequence[CustomerLine], window: Window) -> list[ItemRow]:
    """Every item opened by the period's end, where it stood then, in the rep's scope: worked
    out once and shared by `response`, `promises` and `recovery`."""
    found: list[ItemRow] = []
    for customer in customers:
        for item in customer.timeline.items:
            state = item_on(item, window.until)
            if state is not None and _in_scope(window, state):
                found.append((customer, item, state))
    return found


def _items(
    customers: Sequence[CustomerLine],
    window: Window,
    kinds: Sequence[str],
    states: Sequence[ItemRow] | None,
) -> list[ItemRow]:
    rows = item_states(customers, window) if states is None else states
    return [row for row in rows if row[1].kind in kinds]


WaitRow = tuple[int | None, float, bool]
"""An answered item as the response figures count it, worked out once for all of them: its age
in whole days on the period's last day if open (else None), the days it waited for its
resolution (0 if open), whether it was reopened."""


def _waits(rows: Sequence[WaitRow]) -> Waits:
    waited = [value for age, value, _ in rows if age is None]
    open_ages = [age for age, _, _ in rows if age is not None]
    return Waits(
        resolved=len(waited),
        median_days=_round(median(waited)),
        p90_days=p90(waited),
        open=len(open_ages),
        open_median_days=median(open_ages),
        open_oldest_days=max(open_ages) if open_ages else None,
        reopened=sum(reopened for _, _, reopened in rows),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def response(
    customers: Sequence[CustomerLine],
    window: Window,
    parts: Sequence[Part],
    states: Sequence[ItemRow] | None = None,
) -> ResponseFigures:
    starts = [part.start.toordinal() for part in parts]
    waited: list[list[float]] = [[] for _ in parts]
    rows: list[WaitRow] = []
    of_kind: dict[str, list[WaitRow]] = {kind: [] for kind in ANSWERED_KINDS}
    of_rep: dict[str, list[WaitRow]] = {}
    for _, item, state in _items(customers, window, ANSWERED_KINDS, states):
        if state.open:
            row: WaitRow = (window.until - item.opened_day, 0.0, state.reopened > 0)
        elif state.resolved_day is not None and window.has(state.resolved_day):
            assert state.resolved_ts is not None
            row = (None, days(state.resolved_ts - item.opened_ts), state.reopened > 0)
            waited[bisect.bisect_right(starts, state.resolved_day) - 1].append(row[1])
        else:
            continue
        rows.append(row)
        of_kind[item.kind].append(row)
        of_rep.setdefault(state.owner, []).append(row)
    by_kind = {kind: _waits(found) for kind, found in of_kind.items()}
    by_rep = {rep: _waits(of_rep[rep]) for rep in sorted(of_rep)}
    by_part = [
        PartWaits(
            start=part.start,
            end=part.end,
            resolved=len(values),
            median_days=_round(median(values)),
        )
        for part, values in zip(parts, waited, strict=True)
    ]
    return ResponseFigures(
        kinds=list(ANSWERED_KINDS),
        all=_waits(rows),
        by_kind=by_kind,
        by_rep=by_rep,
        by_part=by_part,
    )


def promises(
    customers: Sequence[CustomerLine], window: Window, states: Sequence[ItemRow] | None = None
) -> PromiseFigures:
    on_time = late = broken = last_day = renegotiated = without_due = 0
    late_by: list[int] = []
    broken_refs: list[str] = []
    for _, item, state in _items(customers, window, ("promise",), states):
        if state.due is None:
            without_due += window.has(item.opened_day)
            continue
        if not window.has(state.due):
            continue
        renegotiated += state.renegotiated > 0
        if state.open:
            if state.due < window.until:
                broken += 1
                broken_refs.append(item.ref)
            else:
                last_day += 1
        elif state.resolved_day is not None and state.resolved_day <= state.due:
            on_time += 1
        elif state.resolved_day is not None:
            late += 1
            late_by.append(state.resolved_day - state.due)
    judged = on_time + late + broken
    return PromiseFigures(
        due=judged + last_day,
        kept_on_time=on_time,
        kept_late=late,
        late_median_days=median(late_by),
        late_max_days=max(late_by) if late_by else None,
        broken=broken,
        due_last_day=last_day,
        renegotiated=renegotiated,
        kept_on_time_share=round(on_time / judged, 4) if judged else None,
        without_due=without_due,
        broken_refs=sorted(broken_refs),
    )


def recovery(
    customers: Sequence[CustomerLine],
    window: Window,
    silence_days: int,
    states: Sequence[ItemRow] | None = None,
) -> RecoveryFigures:
    """Each complaint resolved in the period, by what its customer's moments did next, up to
    the period's end. A rating of 3 or more at or after the resolution recovers it (the moment
    that resolved it too); a rated resolving moment under 3, or any moment after it, is not
    recovered; only an unrated resolution with nothing since is silent or too early to say."""
    recovered: list[str] = []
    silent: list[str] = []
    not_recovered = waiting = 0
    for customer, item, state in _items(customers, window, ("complaint",), states):
        if state.open or state.resolved_day is None or not window.has(state.resolved_day):
            continue
        assert state.resolved_ts is not None
        moments = customer.timeline.moments
        first = bisect.bisect_left(moments.ts, state.resolved_ts)
        after = bisect.bisect_right(moments.ts, state.resolved_ts)
        last = bisect.bisect_right(moments.day, window.until)
        if any((moments.rating[i] or 0) >= 3 for i in range(first, last)):
            recovered.append(item.ref)
        elif after < last or any(
            rating_of(moments.rating[i]) is not None for i in range(first, after)
        ):
            not_recovered += 1  # a later moment, or the resolving one rated under 3
        elif window.until - state.resolved_day > silence_days:
            silent.append(item.ref)
        else:
            waiting += 1
    return RecoveryFigures(
        resolved=len(recovered) + not_recovered + len(silent) + waiting,
        recovered=len(recovered),
        not_recovered=not_recovered,
        silent=len(silent),
        waiting=waiting,
        recovered_refs=sorted(recovered),
        silent_refs=sorted(silent),
    )
