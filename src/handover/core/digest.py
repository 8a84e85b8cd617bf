"""`handover digest`: the morning mail of a rep, what to act on today.

Four lists, each from the same summaries the team views use (so the digest never disagrees
with `agenda`, `open` or `health`): today's agenda (zeros, what is overdue or due today),
promises past their due date, complaints about to zero health, and customers going silent.
"""

from __future__ import annotations

import datetime as dt

from pydantic import computed_field

from handover.core.agenda import AgendaEntry, agenda
from handover.core.open_items import holds
from handover.core.summary import team_summaries
from handover.core.workspace import Workspace
from handover.domain.views import ItemState, View

SOON_DAYS = 2
"""A complaint this many days (or fewer) from zeroing health is "about to zero"."""
SILENT_MARGIN_DAYS = 30
"""A customer this close to `health.silence_days` without contact is "going silent"."""


class DigestItem(View):
    customer: str
    name: str
    ref: str
    text: str
    age_days: int
    overdue_days: int | None = None
    zero_in_days: int | None = None


class SilentCustomer(View):
    customer: str
    name: str
    days_since_last: int | None
    last_contact: dt.date | None


class MorningDigest(View):
    """What a rep (or the team) must act on today; ``version`` names this JSON shape."""

    version: int = 1
    team: str
    rep: str | None
    rep_name: str | None
    today: dt.date
    agenda: list[AgendaEntry]
    overdue_promises: list[DigestItem]
    complaints_about_to_zero: list[DigestItem]
    going_silent: list[SilentCustomer]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def to_act_on(self) -> int:
        """How many things the lists hold, each once: an item under two headings (an overdue
        promise is on today's agenda too) counts once, as does each customer-level entry (a
        zeroed customer, a planned contact, a customer going silent)."""
        things: set[tuple[str, str]] = set()
        for entry in self.agenda:
            things.add(("item", entry.ref) if entry.ref else (entry.kind, entry.customer))
        things |= {("item", item.ref) for item in self.overdue_promises}
        things |= {("item", item.ref) for item in self.complaints_about_to_zero}
        things |= {("silent", customer.customer) for customer in self.going_silent}
        return len(things)

    @property
    def empty(self) -> bool:
        lists = (self.agenda, self.overdue_promises, self.complaints_about_to_zero)
        return not any(lists) and not self.going_silent


def morning_digest(ws: Workspace, *, rep: str | None) -> MorningDigest:
    config = ws.folder.config()
    settings = config.health
    today = ws.today()
    summaries = team_summaries(ws, items_for=rep, rep_view=True)
    promises: list[DigestItem] = []
    complaints: list[DigestItem] = []
    silent: list[SilentCustomer] = []
    for summary in summaries:
        for item in summary.open_items:
            if not holds(rep, summary, item):
                continue
            if item.kind == "promise" and item.overdue_days:
                promises.append(_item(summary.name, item, overdue=item.overdue_days))
            left = settings.complaint_days - item.age_days
            if item.kind == "complaint" and 0 <= left <= SOON_DAYS:
                complaints.append(_item(summary.name, item, zero_in=left))
        if rep is not None and summary.owner != rep:
            continue  # going silent is the customer's owner's to act on
        contact = summary.contact
        quiet = contact.days_since_last
        threshold = max(settings.silence_days - SILENT_MARGIN_DAYS, 1)
        if contact.next_contact is None and (quiet is None or quiet >= threshold):
            last = contact.last.at.date() if contact.last is not None else None
            silent.append(
                SilentCustomer(
                    customer=summary.id,
                    name=summary.name,
                    days_since_last=quiet,
                    last_contact=last,
                )
            )
    promises.sort(key=lambda i: (-(i.overdue_days or 0), i.ref))
    complaints.sort(key=lambda i: (i.zero_in_days or 0, i.ref))
    silent.sort(key=lambda c: (-(c.days_since_last or 10**6), c.customer))
    rep_row = config.rep(rep) if rep else None
    today_agenda = agenda(summaries, today, days=0, settings=settings, rep=rep)
    return MorningDigest(
        team=config.team,
        rep=rep,
        rep_name=rep_row.name if rep_row else None,
        today=today,
        agenda=[e for e in today_agenda if e.day <= today],
        overdue_promises=promises,
        complaints_about_to_zero=complaints,
        going_silent=silent,
    )


def _item(
    name: str, item: ItemState, *, overdue: int | None = None, zero_in: int | None = None
) -> DigestItem:
    return DigestItem(
        customer=item.customer,
        name=name,
        ref=item.ref,
        text=item.text,
        age_days=item.age_days,
        overdue_days=overdue,
        zero_in_days=zero_in,
    )
