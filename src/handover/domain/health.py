"""Health by the multiplication rule: named factors between 0 and 1, multiplied.

One unanswered complaint or broken promise zeroes a customer however good the rest is
(100 × 100 × 0 = 0), and every factor says in one line what pulled it down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.domain.views import ContactState, ItemState, MomentView, View
from handover.domain.words import days, item_kind
from handover.format.team_config import HealthSettings
from handover.i18n import _


class Factor(View):
    name: str
    score: float
    reason: str


class Health(View):
    score: float
    percent: int
    factors: list[Factor]
    open_items: int = 0

    @property
    def worst(self) -> Factor | None:
        return min(self.factors, key=lambda f: f.score) if self.factors else None

    @property
    def reason(self) -> str:
        """What pulled health down, or why nothing did: never "nothing open" while an item is."""
        worst = self.worst
        if worst is not None:
            return worst.reason
        if self.open_items:
            return _("{count} open, nothing overdue", count=self.open_items)
        return _("nothing open, nothing overdue")

    def headline(self) -> str:
        """'0 — complaint gim-minsu#4 unanswered for 12 days', or '100 — nothing open, …'."""
        return f"{self.percent} — {self.reason}"


def zero_day(item: ItemState, settings: HealthSettings, today: dt.date) -> dt.date | None:
    """The day an open item zeroes its customer's health by the rules below: a complaint
    once older than `complaint_days`, a promise once overdue by more than `promise_grace_days`.
    None for requests and questions (they cost, but never zero) and for closed items."""
    if item.status != "open":
        return None
    if item.kind == "complaint":
        since = today - dt.timedelta(days=item.age_days)
        return since + dt.timedelta(days=settings.complaint_days + 1)
    if item.kind == "promise" and item.due is not None:
        return item.due + dt.timedelta(days=settings.promise_grace_days + 1)
    return None


def item_score(
    name: str, age_days: int, overdue_days: int | None, settings: HealthSettings
) -> float | None:
    """What one open item costs its factor (`complaints`, `promises` or `requests`); None
    when it costs nothing. `handover report` scores past days with this same function."""
    if name == "complaints":
        return 0.0 if age_days > settings.complaint_days else 0.5
    if name == "promises":
        if overdue_days is None:
            return None
        return 0.0 if overdue_days > settings.promise_grace_days else 0.5
    if overdue_days is not None:
        return 0.5
    if age_days > 2 * settings.request_days:
        return 0.4
    if age_days > settings.request_days:
        return 0.7
    return None


FACTOR_OF_KIND = {
    "complaint": "complaints",
    "promise": "promises",
    "request": "requests",
    "question": "requests",
}


def last_rating_score(rating: int | None) -> float | None:
    """A last rated moment of 0 zeroes health, a 1 costs; anything better costs nothing."""
    if rating is None or rating > 1:
        return None
    return 0.0 if rating == 0 else 0.7


def contact_score(late_days: int, settings: HealthSettings) -> float | None:
    """A planned contact `late_days` overdue (0 or less: not overdue)."""
    if late_days <= 0:
        return None
    return 0.5 if late_days > settings.contact_overdue_days else 0.8


SILENCE_SCORE = 0.6


def silence_score(days_since_last: int | None, settings: HealthSettings) -> float | None:
    """No moment yet, or none for longer than `silence_days`."""
    if days_since_last is None or days_since_last > settings.silence_days:
        return SILENCE_SCORE
    return None


def _items_factor(name: str, items: Sequence[ItemState], settings: HealthSettings) -> Factor | None:
    """The worst item of a kind decides its factor; its reason names the item and its age."""
    worst: Factor | None = None
    for item in items:
        score = item_score(name, item.age_days, item.overdue_days, settings)
        if score is None:
            continue
        if name == "complaints" and item.age_days <= 0:
            reason = _("complaint {ref} unanswered since today", ref=item.ref)
        elif name == "complaints":
            reason = _(
                "complaint {ref} unanswered for {days}", ref=item.ref, days=_days(item.age_days)
            )
        elif name == "promises":
            reason = _(
                "promise {ref} overdue by {days}", ref=item.ref, days=_days(item.overdue_days or 0)
            )
        elif item.overdue_days is not None:
            reason = _(
                "{kind} {ref} overdue by {days}",
                kind=item_kind(item.kind),
                ref=item.ref,
                days=_days(item.overdue_days),
            )
        else:
            reason = _(
                "{kind} {ref} open for {days}",
                kind=item_kind(item.kind),
                ref=item.ref,
                days=_days(item.age_days),
            )
        if worst is None or score < worst.score:
            more = len(items) - 1
            if more > 0:
                reason = _("{reason} (+{more} more open)", reason=reason, more=more)
            worst = Factor(name=name, score=score, reason=reason)
    return worst


def _days(count: int) -> str:
    return days(count)


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
        factor = _items_factor(name, [i for i in open_items if i.kind in kinds], settings)
        if factor is not None:
            factors.append(factor)
    rated = [m for m in moments if m.rating is not None]
    last_score = last_rating_score(rated[-1].rating) if rated else None
    if last_score is not None:
        last = rated[-1]
        reason = (
            _("last moment on {day} went badly (0), no better one since", day=last.at.date())
            if last.rating == 0
            else _("last moment on {day} was poor (1), no better one since", day=last.at.date())
        )
        factors.append(Factor(name="last moment", score=last_score, reason=reason))
    if contact.next_contact is not None:
        late = (today - contact.next_contact).days
        plan_score = contact_score(late, settings)
        if plan_score is not None:
            factors.append(
                Factor(
                    name="next contact",
                    score=plan_score,
                    reason=_("planned contact overdue by {days}", days=_days(late)),
                )
            )
    if silence_score(contact.days_since_last, settings) is not None:
        reason = (
            _("no moment recorded yet")
            if contact.days_since_last is None
            else _("no contact for {days}", days=_days(contact.days_since_last))
        )
        factors.append(Factor(name="silence", score=SILENCE_SCORE, reason=reason))
    score = 1.0
    for factor in factors:
        score *= factor.score
    factors.sort(key=lambda f: f.score)
    return Health(
        score=score, percent=round(score * 100), factors=factors, open_items=len(open_items)
    )


OpenItemInput = tuple[str, dt.date, dt.date | None]
"""An open item as its customer's health needs it: (kind, the day it opened, due)."""


def health_percent(
    open_items: Sequence[OpenItemInput],
    last_rating: int | None,
    plan: dt.date | None,
    last_day: dt.date | None,
    settings: HealthSettings,
    today: dt.date,
) -> int:
    """`assess(...).percent` from the few facts it depends on, without building the factors
    and their reasons: what `list` and `open` show for thousands of customers (the index
    stores these facts). The same score functions, multiplied in `assess`'s order, so the two
    always agree (`tests/test_index.py` compares them with a scan of the files)."""
    score = 1.0
    for name in ("complaints", "promises", "requests"):
        worst: float | None = None
        for kind, since, due in open_items:
            if FACTOR_OF_KIND[kind] != name:
                continue
            late = (today - due).days if due is not None else 0
            item = item_score(name, (today - since).days, late if late > 0 else None, settings)
            if item is not None and (worst is None or item < worst):
                worst = item
        if worst is not None:
            score *= worst
    for factor in (
        last_rating_score(last_rating),
        contact_score((today - plan).days, settings) if plan is not None else None,
        silence_score(None if last_day is None else (today - last_day).days, settings),
    ):
        if factor is not None:
            score *= factor
    return round(score * 100)
