"""Health by the multiplication rule: named factors between 0 and 1, multiplied.

One unanswered complaint or broken promise zeroes a customer however good the rest is
(100 × 100 × 0 = 0), and every factor says in one line what pulled it down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.domain.views import ContactState, ItemState, MomentView, View
from handover.domain.words import days, item_kind
from handover.format.models import HealthSettings
from handover.i18n import _


class Factor(View):
    name: str
    score: float
    reason: str


class Health(View):
    score: float
    percent: int
    factors: list[Factor]

    @property
    def worst(self) -> Factor | None:
        return min(self.factors, key=lambda f: f.score) if self.factors else None

    def headline(self) -> str:
        """'0 — complaint gim-minsu#4 unanswered for 12 days', or '100 — nothing open'."""
        worst = self.worst
        reason = worst.reason if worst else _("nothing open")
        return f"{self.percent} — {reason}"


def _items_factor(
    name: str, items: Sequence[ItemState], settings: HealthSettings, today: dt.date
) -> Factor | None:
    """The worst item of a kind decides its factor; its reason names the item and its age."""
    worst: Factor | None = None
    for item in items:
        if name == "complaints":
            limit = settings.complaint_days
            score = 0.0 if item.age_days > limit else 0.5
            reason = _(
                "complaint {ref} unanswered for {days}", ref=item.ref, days=_days(item.age_days)
            )
        elif name == "promises":
            if item.overdue_days is None:
                continue
            score = 0.0 if item.overdue_days > settings.promise_grace_days else 0.5
            reason = _(
                "promise {ref} overdue by {days}", ref=item.ref, days=_days(item.overdue_days)
            )
        else:
            limit = settings.request_days
            if item.overdue_days is not None:
                score = 0.5
                reason = _(
                    "{kind} {ref} overdue by {days}",
                    kind=item_kind(item.kind),
                    ref=item.ref,
                    days=_days(item.overdue_days),
                )
            elif item.age_days > 2 * limit:
                score = 0.4
                reason = _open_for(item)
            elif item.age_days > limit:
                score = 0.7
                reason = _open_for(item)
            else:
                continue
        if worst is None or score < worst.score:
            more = len(items) - 1
            if more > 0:
                reason = _("{reason} (+{more} more open)", reason=reason, more=more)
            worst = Factor(name=name, score=score, reason=reason)
    return worst


def _days(count: int) -> str:
    return days(count)


def _open_for(item: ItemState) -> str:
    return _(
        "{kind} {ref} open for {days}",
        kind=item_kind(item.kind),
        ref=item.ref,
        days=_days(item.age_days),
    )


def assess(
    items: Sequence[ItemState],
    moments: Sequence[MomentView],
    contact: ContactState,
    settings: HealthSettings,
    today: dt.date,
) -> Health:
    """The customer's health and every factor below 1, worst first."""
    open_items = [i for i in items if i.status == "open"]
    factors: list[Factor] = []
    for name, kinds in (
        ("complaints", {"complaint"}),
        ("promises", {"promise"}),
        ("requests", {"request", "question"}),
    ):
        factor = _items_factor(name, [i for i in open_items if i.kind in kinds], settings, today)
        if factor is not None:
            factors.append(factor)
    rated = [m for m in moments if m.rating is not None]
    if rated and rated[-1].rating is not None and rated[-1].rating <= 1:
        last = rated[-1]
        score = 0.0 if last.rating == 0 else 0.7
        reason = (
            _("last moment on {day} went badly (0), no better one since", day=last.at.date())
            if last.rating == 0
            else _("last moment on {day} was poor (1), no better one since", day=last.at.date())
        )
        factors.append(Factor(name="last moment", score=score, reason=reason))
    if contact.next_contact is not None and contact.next_contact < today:
        late = (today - contact.next_contact).days
        score = 0.5 if late > settings.contact_overdue_days else 0.8
        factors.append(
            Factor(
                name="next contact",
                score=score,
                reason=_("planned contact overdue by {days}", days=_days(late)),
            )
        )
    if contact.days_since_last is None:
        factors.append(Factor(name="silence", score=0.6, reason=_("no moment recorded yet")))
    elif contact.days_since_last > settings.silence_days:
        factors.append(
            Factor(
                name="silence",
                score=0.6,
                reason=_("no contact for {days}", days=_days(contact.days_since_last)),
            )
        )
    score = 1.0
    for factor in factors:
        score *= factor.score
    factors.sort(key=lambda f: f.score)
    return Health(score=score, percent=round(score * 100), factors=factors)
