"""What people see about a customer, derived from its records; the files stay the truth.

Pure functions over models: no I/O, so any order of reading the same records gives the same
view, and a view can always be rebuilt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from handover.models import Moment, Profile, Rep
from handover.store import StoredRecord


class View(BaseModel):
    """A derived result: built by the core, shown by the renderer, dumped as JSON."""

    model_config = ConfigDict(frozen=True)


class MomentView(View):
    id: str
    at: dt.datetime
    by: str
    channel: str
    summary: str
    topics: list[str]
    materials: list[str]
    questions: list[str]
    rating: int | None
    next_contact: dt.date | None


class RelatedView(View):
    relation: str
    name: str
    customer: str | None


class ContactState(View):
    last: MomentView | None
    days_since_last: int | None
    next_contact: dt.date | None
    days_until_next: int | None
    moments: int


def moment_view(stored: StoredRecord) -> MomentView:
    record = stored.record
    return MomentView(
        id=stored.id,
        at=record.at,
        by=record.by,
        channel=record.channel,
        summary=record.summary,
        topics=record.topics,
        materials=record.materials,
        questions=record.questions,
        rating=record.rating,
        next_contact=record.next_contact,
    )


def moments(records: Sequence[StoredRecord]) -> list[StoredRecord]:
    """Moments oldest first, by when they happened (not when they were written)."""
    return sorted(
        (r for r in records if isinstance(r.record, Moment)),
        key=lambda r: (r.record.at, r.id),
    )


def planned_contact(records: Sequence[StoredRecord]) -> dt.date | None:
    """The next contact still planned: a moment on or after the planned day fulfils it."""
    plan: dt.date | None = None
    for stored in moments(records):
        moment = stored.record
        if moment.next_contact is not None:
            plan = moment.next_contact
        elif plan is not None and moment.at.date() >= plan:
            plan = None
    return plan


def contact_state(records: Sequence[StoredRecord], today: dt.date) -> ContactState:
    ordered = moments(records)
    last = moment_view(ordered[-1]) if ordered else None
    plan = planned_contact(ordered)
    return ContactState(
        last=last,
        days_since_last=(today - last.at.date()).days if last else None,
        next_contact=plan,
        days_until_next=(plan - today).days if plan else None,
        moments=len(ordered),
    )


def rep_label(rep_id: str, reps: Sequence[Rep]) -> str:
    rep = next((r for r in reps if r.id == rep_id), None)
    if rep is None:
        return rep_id
    return f"{rep.name} ({rep.id}, left)" if rep.status == "left" else f"{rep.name} ({rep.id})"


def related_views(profile: Profile, names: dict[str, str]) -> list[RelatedView]:
    return [
        RelatedView(
            relation=related.relation,
            name=related.name or names.get(related.customer or "", related.customer or ""),
            customer=related.customer,
        )
        for related in profile.related
    ]
