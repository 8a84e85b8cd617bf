"""Who owned a customer when, derived from its transfer records; the files stay the truth.

A profile says who owns a customer now; its transfer records say how it got there. Nothing
stores the history itself, so it can never disagree with the records it comes from.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from handover.domain.views import View, ordered
from handover.format.files import StoredRecord
from handover.format.records import Transfer
from handover.format.team_config import Rep


class OwnerPeriod(View):
    """One rep's time as owner; ``until`` is None for the owner now."""

    rep: str
    name: str
    since: dt.date | None
    until: dt.date | None
    reason: str | None = None  # why it ended: the reason of the transfer that ended it


def transfers(records: Sequence[StoredRecord]) -> list[Transfer]:
    """The transfer records, oldest first (by time, then note id, like every derived view)."""
    return chain([s.record for s in ordered(records) if isinstance(s.record, Transfer)])


def chain(moves: Sequence[Transfer]) -> list[Transfer]:
    """Transfers in time order, where two in the same second follow each other by owner
    (A → B before B → C): times have whole seconds and note ids are random after that."""
    result: list[Transfer] = []
    for _, same_second in itertools.groupby(moves, key=lambda move: move.at):
        group = list(same_second)
        while group:
            previous = result[-1].to if result else None
            following = next((m for m in group if m.from_ == previous), None)
            if following is None:  # start where no other move of the second leads
                targets = {m.to for m in group}
                following = next((m for m in group if m.from_ not in targets), group[0])
            group.remove(following)
            result.append(following)
    return result


def last_transfer(records: Sequence[StoredRecord]) -> Transfer | None:
    moves = transfers(records)
    return moves[-1] if moves else None


def ownership(
    owner: str, records: Sequence[StoredRecord], reps: Sequence[Rep]
) -> list[OwnerPeriod]:
    """Owners oldest first, the last being ``owner`` (the profile's); empty if never moved.

    The first owner's period starts at the customer's first record, the only date the folder
    knows for it; every later period starts at the transfer that began it.
    """
    moves = transfers(records)
    if not moves:
        return []
    names = {rep.id: rep.name for rep in reps}
    earlier = [stored.record.at for stored in records if stored.record.at < moves[0].at]
    since = min(earlier).date() if earlier else None
    periods: list[OwnerPeriod] = []
    for move in moves:
        periods.append(
            OwnerPeriod(
                rep=move.from_,
                name=names.get(move.from_, move.from_),
                since=since,
                until=move.at.date(),
                reason=move.reason,
            )
        )
        since = move.at.date()
    periods.append(OwnerPeriod(rep=owner, name=names.get(owner, owner), since=since, until=None))
    return periods


def history_line(periods: Sequence[OwnerPeriod]) -> str | None:
    """'owned by 박지훈 (2024-03 → 2026-11), now 이서연'; None when the customer never moved."""
    if len(periods) < 2:
        return None
    earlier = ", ".join(f"{period.name} ({span(period)})" for period in periods[:-1])
    from handover.i18n import _

    return _("owned by {earlier}, now {owner}", earlier=earlier, owner=periods[-1].name)


def span(period: OwnerPeriod) -> str:
    """'2024-03 → 2026-11'; an unknown start is left out ('→ 2026-11')."""
    start = f"{period.since:%Y-%m} " if period.since else ""
    from handover.i18n import _

    end = f" {period.until:%Y-%m}" if period.until else " " + _("now")
    return f"{start}→{end}"
