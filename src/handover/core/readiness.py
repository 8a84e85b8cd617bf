"""Readiness: what knowledge is still missing from a book while its rep is still here.

Each gap is a thing the outgoing rep can do today, named in those words ("add at least one
never-forget fact for 김민수"). Unlike health, readiness adds up: every gap costs its weight
from `handover.yaml` (defaults in the model), and a customer's score is the share of the
weight it does not lose. The book's score is the mean of its customers'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from pydantic import Field

from handover.core.book import Book, select_book
from handover.core.summary import summarize
from handover.core.workspace import Workspace
from handover.domain import words
from handover.domain.text import match_form
from handover.domain.views import View, item_states, moment_views, never_forget
from handover.errors import DataError, HandoverError
from handover.format.files import StoredRecord
from handover.format.layout import PROFILE_FILE
from handover.format.profile import ConfirmedFact, Profile
from handover.format.team_config import HealthSettings, ReadinessSettings, ReadinessWeights
from handover.i18n import N_, _, ngettext

GAPS: dict[str, str] = {
    "unparsable_profile": N_("a profile file that does not parse"),
    "never_forget": N_("no never-forget fact"),
    "recent_moment": N_("no moment in the last {recent_days} days"),
    "due_dates": N_("open items with no due date"),
    "promise_context": N_("open promises whose note gives no context"),
    "related": N_("no related people"),
    "preferences": N_("no contact preferences"),
    "next_contact": N_("no next contact planned"),
    "stale_facts": N_("never-forget facts not confirmed for {confirm_days} days"),
}
"""Every kind of gap, in the order they are checked; keys are the weights' names."""


class Gap(View):
    gap: str
    weight: int
    action: str  # what to do today, naming the customer


class CustomerReadiness(View):
    id: str
    name: str
    owner: str
    score: int
    gaps: list[Gap]


class GapCount(View):
    gap: str
    label: str
    weight: int
    customers: int


class HeldItem(View):
    """An open item whose holder has left the team: nobody is keeping it."""

    ref: str
    customer: str
    name: str
    kind: str
    text: str
    holder: str
    action: str


class Readiness(View):
    scope: str
    rep: str | None
    today: dt.date
    score: int
    min: int | None
    passed: bool | None
    summary: list[GapCount]
    customers: list[CustomerReadiness]  # least ready first
    settings: ReadinessSettings
    held_by_left: list[HeldItem] = Field(
        default_factory=list
    )  # reported, not scored: `item assign` fixes each


def _profile_file(customer_id: str) -> str:
    return f"customers/{customer_id}/{PROFILE_FILE}"


def _days(count: int) -> str:
    return words.days(count)


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bare(text: str) -> str:
    """Letters and digits only, for comparing a summary with the promise it opened."""
    return "".join(ch for ch in match_form(text) if ch.isalnum())


def _fix_rejected(rejected: Sequence[HandoverError], name: str) -> Callable[[str], str]:
    """The advice for a field that was written but left out as invalid: fix it there (empty
    when `field` is not one of those rejected). Each rejected field has its own advice, so
    a second bad field is not taken for knowledge never written."""
    by_field: dict[str, DataError] = {}
    for error in rejected:
        if isinstance(error, DataError):
            by_field.setdefault((error.field or "").split(".")[0], error)

    def advice(field: str) -> str:
        error = by_field.get(field)
        if error is None:
            return ""
        return _(
            "fix {field}: of {name} at {where}: it cannot be read ({why}), so none of it "
            "shows — handover check",
            field=field,
            name=name,
            where=error.location,
            why=error.message,
        )

    return advice


PENALTIES = frozenset({"unparsable_profile"})
"""Gaps that cost their weight on top: a file to fix, not knowledge every customer must hold."""


def customer_gaps(
    profile: Profile,
    records: Sequence[StoredRecord],
    settings: ReadinessSettings,
    health: HealthSettings,
    today: dt.date,
    unparsable: HandoverError | None = None,
    rejected: Sequence[HandoverError] = (),
) -> list[Gap]:
    """The knowledge missing for one customer, each as something to do today. A profile
    that does not parse is scored on its last committed version that does (`unparsable`
    says why it did not): the gap is the file, not the facts it holds. A field left out as
    invalid (`rejected`) is advised as the line to fix, not as knowledge never written."""
    weights = settings.weights
    name, cid = profile.name, profile.id
    summary = summarize(profile, records, health, today)
    open_items = summary.open_items
    gaps: list[tuple[str, str]] = []
    if unparsable is not None:
        where = str(unparsable.location) if isinstance(unparsable, DataError) else ""
        gaps.append(
            (
                "unparsable_profile",
                _(
                    "fix {where}: the profile of {name} does not parse ({why}); until then "
                    "every view reads its last committed version — handover check",
                    where=where or _profile_file(cid),
                    name=name,
                    why=unparsable.message,
                ),
            )
        )
    fix = _fix_rejected(rejected, name)
    if not never_forget(profile, records):
        gaps.append(
            (
                "never_forget",
                fix("never_forget")
                or _(
                    'add at least one never-forget fact for {name}: handover remember {id} "…"',
                    name=name,
                    id=cid,
                ),
            )
        )
    last = summary.contact.last
    if last is None or (today - last.at.date()).days > settings.recent_days:
        when = (
            _("no moment recorded yet")
            if last is None
            else _(
                "the last was {day}, {days} ago",
                day=last.at.date(),
                days=_days((today - last.at.date()).days),
            )
        )
        gaps.append(
            (
                "recent_moment",
                _(
                    "see or call {name} and log it ({when}): handover note {id}",
                    name=name,
                    when=when,
                    id=cid,
                ),
            )
        )
    undated = [item for item in open_items if item.due is None]
    if undated:
        refs = ", ".join(
            f"{item.ref} ({words.item_kind(item.kind)}: {_shorten(item.text, 30)})"
            for item in undated
        )
        gaps.append(
            (
                "due_dates",
                ngettext(
                    "agree a due date with {name} for {refs}, or resolve it: "
                    'handover resolve {ref} "…"',
                    "agree a due date with {name} for {refs}, or resolve them: "
                    'handover resolve {ref} "…"',
                    len(undated),
                    name=name,
                    refs=refs,
                    ref=undated[0].ref,
                ),
            )
        )
    moments = {view.id: view for view in moment_views(records)}
    for item in open_items:
        if item.kind != "promise":
            continue
        opened = moments.get(item.opened_in)
        said = opened.summary if opened else ""
        context = _bare(said).replace(_bare(item.text), "", 1)
        if len(context) < settings.context_chars:
            token = item.opened_in.rsplit("-", 1)[-1]
            gaps.append(
                (
                    "promise_context",
                    _(
                        "write down why {name} was promised '{promise}' ({ref}): its note says "
                        "only '{said}' — handover amend {id} {token} --summary \"…\"",
                        name=name,
                        promise=_shorten(item.text),
                        ref=item.ref,
                        said=_shorten(said),
                        id=cid,
                        token=token,
                    ),
                )
            )
            break  # one action per customer; the next shows once this one is fixed
    if not profile.related:
        gaps.append(
            (
                "related",
                fix("related")
                or _(
                    "name the people around {name} (colleagues, pharmacist, office manager) "
                    "under related: in {file}",
                    name=name,
                    file=_profile_file(cid),
                ),
            )
        )
    preferences = profile.preferences
    if not (
        preferences.best_days or preferences.best_time or preferences.channel or preferences.notes
    ):
        gaps.append(
            (
                "preferences",
                fix("preferences")
                or _(
                    "record when and how {name} likes to be contacted (best days, time, "
                    "channel) under preferences: in {file}",
                    name=name,
                    file=_profile_file(cid),
                ),
            )
        )
    if summary.contact.next_contact is None:
        gaps.append(
            (
                "next_contact",
                _(
                    "plan the next contact with {name}: handover note {id} … --next DATE",
                    name=name,
                    id=cid,
                ),
            )
        )
    stale = [
        fact
        for fact in profile.never_forget
        if isinstance(fact, ConfirmedFact)
        and fact.confirmed is not None
        and (today - fact.confirmed).days > settings.confirm_days
    ]
    if stale:
        fact = stale[0]
        assert fact.confirmed is not None
        more = _(" (and {more} more)", more=len(stale) - 1) if len(stale) > 1 else ""
        gaps.append(
            (
                "stale_facts",
                _(
                    "re-confirm with {name} that '{fact}' still holds{more} (confirmed {day}, "
                    "{days} ago), then update confirmed: in {file}",
                    name=name,
                    fact=_shorten(fact.fact),
                    more=more,
                    day=fact.confirmed,
                    days=_days((today - fact.confirmed).days),
                    file=_profile_file(cid),
                ),
            )
        )
    return [Gap(gap=key, weight=getattr(weights, key), action=action) for key, action in gaps]


def score(gaps: Sequence[Gap], weights: ReadinessWeights) -> int:
    """100 minus what the gaps cost, as a share of all the weights (so weights need not sum
    to 100); a kind of gap costs its weight once however often it occurs."""
    total: int = sum(v for key, v in weights.model_dump().items() if key not in PENALTIES)
    if total == 0:
        return 100
    lost = sum(int(getattr(weights, key)) for key in {gap.gap for gap in gaps})
    return max(0, round(100 * (total - lost) / total))


def assess_book(
    book: Book,
    settings: ReadinessSettings,
    health: HealthSettings,
    today: dt.date,
    *,
    minimum: int | None = None,
    left_reps: frozenset[str] = frozenset(),
) -> Readiness:
    customers: list[CustomerReadiness] = []
    held: list[HeldItem] = []
    for entry in book.entries:
        for item in item_states(entry.profile.id, entry.records, today):
            if item.status == "open" and item.owner in left_reps:
                held.append(
                    HeldItem(
                        ref=item.ref,
                        customer=entry.profile.id,
                        name=entry.profile.name,
                        kind=item.kind,
                        text=item.text,
                        holder=item.owner,
                        action=_("handover item assign {ref} --to REP", ref=item.ref),
                    )
                )
        gaps = customer_gaps(
            entry.profile, entry.records, settings, health, today, entry.unparsable, entry.rejected
        )
        customers.append(
            CustomerReadiness(
                id=entry.profile.id,
                name=entry.profile.name,
                owner=entry.profile.owner,
                score=score(gaps, settings.weights),
                gaps=gaps,
            )
        )
    customers.sort(key=lambda c: (c.score, c.name))
    book_score = round(sum(c.score for c in customers) / len(customers)) if customers else 100
    counts: dict[str, int] = {}
    for customer in customers:
        for gap in customer.gaps:
            counts[gap.gap] = counts.get(gap.gap, 0) + 1
    summary = [
        GapCount(
            gap=key,
            label=_(GAPS[key], **settings.model_dump()),
            weight=getattr(settings.weights, key),
            customers=counts[key],
        )
        for key in GAPS
        if key in counts
    ]
    summary.sort(key=lambda c: (-c.customers, -c.weight))
    return Readiness(
        scope=book.scope,
        rep=book.rep.id if book.rep else None,
        today=today,
        score=book_score,
        min=minimum,
        passed=None if minimum is None else book_score >= minimum,
        summary=summary,
        customers=customers,
        settings=settings,
        held_by_left=held,
    )


def readiness(
    ws: Workspace,
    *,
    rep: str | None = None,
    customers: Sequence[str] = (),
    everyone: bool = False,
    minimum: int | None = None,
) -> Readiness:
    """`handover readiness`: the gaps of a rep's book (or of named customers, or of the whole
    team) and its score."""
    config = ws.folder.config()
    book = select_book(ws, rep=rep, customers=customers, everyone=everyone)
    left = frozenset(r.id for r in config.reps if r.status == "left")
    return assess_book(
        book, config.readiness, config.health, ws.today(), minimum=minimum, left_reps=left
    )
