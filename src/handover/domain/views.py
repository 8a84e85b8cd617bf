"""What people see about a customer, derived from its records; the files stay the truth.

Pure functions over models: no I/O. Records are ordered by (time, note id) before anything is
derived, so any order of reading (or of merging clones) gives the same view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from handover.format.files import StoredRecord
from handover.format.profile import NeverForget, Profile, fact_text
from handover.format.records import (
    Assignment,
    Correction,
    DueChange,
    ItemOpening,
    Moment,
    Remembering,
    Reopening,
    Resolution,
    Transfer,
)
from handover.format.team_config import Rep


class View(BaseModel):
    """A derived result: built by the core, shown by the renderer, dumped as JSON."""

    model_config = ConfigDict(frozen=True, defer_build=True)


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
    corrected: bool = False


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


class ItemFacts(View):
    """What an item is and where it stands, independent of today's date."""

    ref: str
    customer: str
    number: int
    kind: str
    text: str
    opened_at: dt.datetime
    opened_in: str
    opened_by: str
    owner: str  # who is responsible: the writer, then whoever an assignment or transfer names
    due: dt.date | None
    status: Literal["open", "resolved"]
    due_before: list[dt.date] = []  # earlier due dates, renegotiated with `handover item due`
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None
    how: str | None = None


class ItemBase(ItemFacts):
    """An item's date-independent facts: what the index stores, and what ages into a state."""

    since: dt.datetime


class ItemState(ItemFacts):
    """One request, complaint, promise or question, and where it stands today."""

    age_days: int
    overdue_days: int | None = None


def never_forget(profile: Profile, records: Sequence[StoredRecord]) -> list[NeverForget]:
    """The profile's own never-forget list, then the facts records added, oldest first; a
    fact already listed (a person may have copied it into the profile) is shown once."""
    return never_forget_with(profile, remembered(records))


def remembered(records: Sequence[StoredRecord]) -> list[str]:
    """Every fact the records added, oldest first (the index keeps these, so a changed
    profile is re-indexed without reading its customer's notes)."""
    return [
        fact
        for stored in ordered(records)
        if isinstance(stored.record, Remembering)
        for fact in stored.record.facts
    ]


def never_forget_with(profile: Profile, added: Sequence[str]) -> list[NeverForget]:
    """`never_forget` from the facts the records added (`remembered`)."""
    facts: list[NeverForget] = list(profile.never_forget)
    seen = {_fact_key(fact_text(fact)) for fact in facts}
    for fact in added:
        if _fact_key(fact) not in seen:
            seen.add(_fact_key(fact))
            facts.append(fact)
    return facts


def _fact_key(text: str) -> str:
    from handover.domain.text import match_form

    return " ".join(match_form(text).split())


def ordered(records: Sequence[StoredRecord]) -> list[StoredRecord]:
    return sorted(records, key=lambda r: (r.record.at, r.id))


def corrected_moments(records: Sequence[StoredRecord]) -> list[tuple[StoredRecord, Moment, bool]]:
    """Moments oldest first, each with every correction applied in the order written."""
    changes: dict[str, list[Correction]] = {}
    in_order = ordered(records)
    for stored in in_order:
        if isinstance(stored.record, Correction):
            changes.setdefault(stored.record.note, []).append(stored.record)
    result: list[tuple[StoredRecord, Moment, bool]] = []
    for stored in in_order:
        moment = stored.record
        if not isinstance(moment, Moment):
            continue
        for correction in changes.get(stored.id, []):
            update = correction.changes.model_dump(include=correction.changes.model_fields_set)
            moment = moment.model_copy(update=update)
        result.append((stored, moment, stored.id in changes))
    return result


def moment_view(stored: StoredRecord, moment: Moment, corrected: bool = False) -> MomentView:
    return MomentView(
        id=stored.id,
        at=moment.at,
        by=moment.by,
        channel=moment.channel,
        summary=moment.summary,
        topics=moment.topics,
        materials=moment.materials,
        questions=moment.questions,
        rating=moment.rating,
        next_contact=moment.next_contact,
        corrected=corrected,
    )


CorrectedMoments = list[tuple[StoredRecord, Moment, bool]]
"""`corrected_moments`' result, passed on by a caller that needs it more than once."""


def moment_views(
    records: Sequence[StoredRecord], corrected: CorrectedMoments | None = None
) -> list[MomentView]:
    moments = corrected_moments(records) if corrected is None else corrected
    return [moment_view(s, m, c) for s, m, c in moments]


def planned_contact(views: Sequence[MomentView]) -> dt.date | None:
    """The next contact still planned: a moment on or after the planned day fulfils it."""
    plan: dt.date | None = None
    for moment in views:
        if moment.next_contact is not None:
            plan = moment.next_contact
        elif plan is not None and moment.at.date() >= plan:
            plan = None
    return plan


def contact_at(
    last: MomentView | None, plan: dt.date | None, moments: int, today: dt.date
) -> ContactState:
    """The contact state on `today` from its date-independent parts (what the index keeps)."""
    return ContactState(
        last=last,
        days_since_last=(today - last.at.date()).days if last else None,
        next_contact=plan,
        days_until_next=(plan - today).days if plan else None,
        moments=moments,
    )


def item_states(
    customer_id: str, records: Sequence[StoredRecord], today: dt.date
) -> list[ItemState]:
    """Every item of a customer, from the moments that opened them and the records since."""
    return [item_at(base, today) for base in item_bases(customer_id, records)]


def item_at(base: ItemBase, today: dt.date) -> ItemState:
    """An item's state on `today`: its age and how overdue it is."""
    end = base.resolved_at.date() if base.resolved_at else today
    overdue = (today - base.due).days if base.status == "open" and base.due else None
    return ItemState(
        **base.model_dump(exclude={"since"}),
        age_days=(end - base.since.date()).days,
        overdue_days=overdue if overdue is not None and overdue > 0 else None,
    )


class ItemHistory(NamedTuple):
    """One item as its records tell it: the opening and every later record about it, in order
    (resolutions, moments that resolve it, reopenings, due changes). The report reads this."""

    ref: str
    opening: StoredRecord
    moment: Moment
    item: ItemOpening
    events: list[StoredRecord]


def item_histories(customer_id: str, records: Sequence[StoredRecord]) -> list[ItemHistory]:
    """Every item of a customer with its events, by number (then opening note)."""
    opened: dict[tuple[int, str], tuple[StoredRecord, Moment, int]] = {}
    events: dict[tuple[int, str], list[StoredRecord]] = {}
    for stored in ordered(records):
        record = stored.record
        if isinstance(record, Moment):
            for index, item in enumerate(record.opens):
                opened[(item.number, stored.id)] = (stored, record, index)
            for link in record.resolves:
                events.setdefault((link.item, link.opened_in), []).append(stored)
        elif isinstance(record, Resolution | Reopening | DueChange):
            events.setdefault((record.item, record.opened_in), []).append(stored)
    labels = _labels(customer_id, list(opened))
    return [
        ItemHistory(labels[key], stored, moment, moment.opens[index], events.get(key, []))
        for key, (stored, moment, index) in sorted(opened.items())
    ]


def item_bases(customer_id: str, records: Sequence[StoredRecord]) -> list[ItemBase]:
    """Every item of a customer without reference to today: the part the index stores."""
    return replay_items(customer_id, records)[0]


def replay_items(
    customer_id: str, records: Sequence[StoredRecord]
) -> tuple[list[ItemBase], dict[str, list[str]]]:
    """Every item of a customer, and for each transfer record the items it moved.

    Records apply in (time, id) order: a resolution or reopening sets the status, an
    assignment the holder, a due change the due date (the earlier ones are kept in
    `due_before`), and a transfer gives every item then open to the new owner."""
    opened: dict[tuple[int, str], tuple[StoredRecord, Moment, int]] = {}
    for stored in records:
        if isinstance(stored.record, Moment):
            for index, item in enumerate(stored.record.opens):
                opened[(item.number, stored.id)] = (stored, stored.record, index)
    state: dict[tuple[int, str], dict[str, Any]] = {}
    for key, (_, moment, index) in opened.items():
        item = moment.opens[index]
        state[key] = {
            "status": "open",
            "since": moment.at,
            "owner": item.owner or moment.by,
            "due": item.due,
            "due_before": [],
            "resolved_at": None,
            "resolved_by": None,
            "how": None,
        }
    present: set[tuple[int, str]] = set()
    moved: dict[str, list[tuple[int, str]]] = {}
    for stored in sorted(records, key=_transfers_last):
        record = stored.record
        if isinstance(record, Moment):
            present.update((item.number, stored.id) for item in record.opens)
            for link in record.resolves:
                _resolve(state.get((link.item, link.opened_in)), record, record.summary)
        elif isinstance(record, Resolution):
            _resolve(state.get((record.item, record.opened_in)), record, record.how)
        elif isinstance(record, Reopening) and (item_state := state.get(_key(record))):
            item_state |= {"status": "open", "since": record.at}
            item_state |= {"resolved_at": None, "resolved_by": None, "how": None}
        elif isinstance(record, Assignment) and (item_state := state.get(_key(record))):
            item_state["owner"] = record.to
        elif isinstance(record, DueChange) and (item_state := state.get(_key(record))):
            if item_state["due"] is not None:
                item_state["due_before"] = [*item_state["due_before"], item_state["due"]]
            item_state["due"] = record.due
        elif isinstance(record, Transfer):
            for key in sorted(present):
                if state[key]["status"] == "open" and state[key]["owner"] != record.to:
                    state[key]["owner"] = record.to
                    moved.setdefault(stored.id, []).append(key)
    labels = _labels(customer_id, list(opened))
    bases = [
        ItemBase(
            ref=labels[key],
            customer=customer_id,
            number=moment.opens[index].number,
            kind=moment.opens[index].kind,
            text=moment.opens[index].text,
            opened_at=moment.at,
            opened_in=stored.id,
            opened_by=moment.by,
            **state[key],
        )
        for key, (stored, moment, index) in opened.items()
    ]
    bases.sort(key=lambda s: (s.number, s.opened_in))
    return bases, {record: [labels[key] for key in keys] for record, keys in moved.items()}


def _transfers_last(stored: StoredRecord) -> tuple[dt.datetime, bool, dt.datetime, str]:
    """Record order, except that a transfer comes after what was written in its second
    (times are kept to the second, so a note written just before a transfer may tie it)."""
    at = stored.record.at.replace(microsecond=0)
    return (at, isinstance(stored.record, Transfer), stored.record.at, stored.id)


def _key(record: Resolution | Reopening | Assignment | DueChange) -> tuple[int, str]:
    return (record.item, record.opened_in)


def _resolve(item_state: dict[str, Any] | None, record: Moment | Resolution, how: str) -> None:
    if item_state is not None:
        item_state |= {"status": "resolved", "resolved_at": record.at, "resolved_by": record.by}
        item_state["how"] = how


def _labels(customer_id: str, keys: list[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """`gim-minsu#3`; when two clones chose the same number, neither keeps the bare number:
    each is `#3@<token of its note>`, so a reference a rep was shown never means another item."""
    labels: dict[tuple[int, str], str] = {}
    for number in {n for n, _ in keys}:
        same = sorted(k for k in keys if k[0] == number)
        if len(same) == 1:
            labels[same[0]] = f"{customer_id}#{number}"
            continue
        tokens = [note.rsplit("-", 1)[-1] for _, note in same]
        unique = len(set(tokens)) == len(tokens)
        for key, token in zip(same, tokens, strict=True):
            labels[key] = f"{customer_id}#{number}@{token if unique else key[1]}"
    return labels


def urgency(item: ItemState) -> tuple[int, int, int, int]:
    """Overdue first (most overdue first), then complaints, promises, requests, questions,
    each by due date (soonest first, undated last), then oldest first: the most urgent first,
    as `open` and `brief` promise."""
    rank = {"complaint": 0, "promise": 1, "request": 2, "question": 3}[item.kind]
    if item.overdue_days:
        return (0, -item.overdue_days, rank, -item.age_days)
    due = item.due.toordinal() if item.due is not None else dt.date.max.toordinal()
    return (1, rank, due, -item.age_days)


def next_item_number(records: Sequence[StoredRecord]) -> int:
    numbers = [
        item.number
        for stored in records
        if isinstance(stored.record, Moment)
        for item in stored.record.opens
    ]
    return max(numbers, default=0) + 1


def rep_label(rep_id: str, reps: Sequence[Rep]) -> str:
    rep = next((r for r in reps if r.id == rep_id), None)
    if rep is None:
        return rep_id
    if rep.status == "left":
        from handover.i18n import _

        return _("{name} ({id}, left)", name=rep.name, id=rep.id)
    return f"{rep.name} ({rep.id})"


def related_views(profile: Profile, names: dict[str, str]) -> list[RelatedView]:
    return [
        RelatedView(
            relation=related.relation,
            name=related.name or names.get(related.customer or "", related.customer or ""),
            customer=related.customer,
        )
        for related in profile.related
    ]
