"""The brief: one screen a successor reads on day one."""

from __future__ import annotations

from handover.core.customers import customer_names
from handover.core.summary import summarize
from handover.core.workspace import Workspace
from handover.health import Health
from handover.models import NeverForget, Preferences
from handover.views import (
    ContactState,
    ItemState,
    MomentView,
    RelatedView,
    View,
    moment_views,
    related_views,
    rep_label,
)

RECENT_MOMENTS = 5


class Brief(View):
    id: str
    name: str
    kind: str
    organisation: str | None
    role: str | None
    owner: str
    owner_label: str
    health: Health
    open_items: list[ItemState]
    contact: ContactState
    never_forget: list[NeverForget]
    recent: list[MomentView]
    related: list[RelatedView]
    preferences: Preferences
    contacts: dict[str, str]
    tags: list[str]


def urgency(item: ItemState) -> tuple[int, int]:
    """Overdue first (most overdue first), then the oldest."""
    return (0, -(item.overdue_days or 0)) if item.overdue_days else (1, -item.age_days)


def build_brief(ws: Workspace, customer_id: str) -> Brief:
    folder = ws.folder
    config = folder.config()
    profile = folder.profile_model(customer_id)
    records = folder.records(customer_id)
    summary = summarize(profile, records, config.health, ws.today())
    views = moment_views(records)
    related = [r.customer for r in profile.related if r.customer]
    names = customer_names(folder, related) if related else {}
    return Brief(
        id=profile.id,
        name=profile.name,
        kind=profile.kind,
        organisation=profile.organisation,
        role=profile.role,
        owner=profile.owner,
        owner_label=rep_label(profile.owner, config.reps),
        health=summary.health,
        open_items=sorted(summary.open_items, key=urgency),
        contact=summary.contact,
        never_forget=profile.never_forget,
        recent=list(reversed(views[-RECENT_MOMENTS:])),
        related=related_views(profile, names),
        preferences=profile.preferences,
        contacts=profile.contacts,
        tags=profile.tags,
    )
