"""A customer's derived state from its records: the part that does not read files.

`Digest` is what the index stores per customer; `summary_at` turns it into today's summary with
the same functions the file scan uses, so both paths give the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.domain.health import Health, assess
from handover.domain.views import (
    ContactState,
    CorrectedMoments,
    ItemBase,
    ItemState,
    MomentView,
    View,
    contact_at,
    item_at,
    item_bases,
    moment_views,
    planned_contact,
)
from handover.format.files import StoredRecord
from handover.format.profile import Profile
from handover.format.team_config import HealthSettings


class CustomerSummary(View):
    id: str
    name: str
    kind: str
    organisation: str | None
    owner: str
    contact: ContactState
    items: list[ItemState]
    health: Health

    @property
    def open_items(self) -> list[ItemState]:
        return [item for item in self.items if item.status == "open"]


class Digest(View):
    """Everything a summary needs from a customer's records that does not depend on today.

    The index stores one per customer; ages, overdue days and health are computed from it at
    query time by the same functions the file scan uses, so both give the same answers.
    """

    last: MomentView | None
    last_rated: MomentView | None
    plan: dt.date | None
    moments: int
    items: list[ItemBase]


def digest(
    customer_id: str, records: Sequence[StoredRecord], corrected: CorrectedMoments | None = None
) -> Digest:
    views = moment_views(records, corrected)
    rated = [m for m in views if m.rating is not None]
    return Digest(
        last=views[-1] if views else None,
        last_rated=rated[-1] if rated else None,
        plan=planned_contact(views),
        moments=len(views),
        items=item_bases(customer_id, records),
    )


def summary_at(
    profile: Profile | dict[str, str | None],
    facts: Digest,
    settings: HealthSettings,
    today: dt.date,
) -> CustomerSummary:
    """A customer's summary on `today` from its profile fields and its digest."""
    fields = (
        profile
        if isinstance(profile, dict)
        else {
            "id": profile.id,
            "name": profile.name,
            "kind": profile.kind,
            "organisation": profile.organisation,
            "owner": profile.owner,
        }
    )
    contact = contact_at(facts.last, facts.plan, facts.moments, today)
    items = [item_at(base, today) for base in facts.items]
    rated = [facts.last_rated] if facts.last_rated is not None else []
    return CustomerSummary.model_validate(
        {
            **fields,
            "contact": contact,
            "items": items,
            "health": assess(items, rated, contact, settings, today),
        }
    )
