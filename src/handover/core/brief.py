"""The brief: one screen a successor reads on day one."""

from __future__ import annotations

from handover.core.customers import customer_names
from handover.core.workspace import Workspace
from handover.models import NeverForget, Preferences, Profile
from handover.views import (
    ContactState,
    MomentView,
    RelatedView,
    View,
    contact_state,
    moment_view,
    moments,
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
    contact: ContactState
    never_forget: list[NeverForget]
    recent: list[MomentView]
    related: list[RelatedView]
    preferences: Preferences
    contacts: dict[str, str]
    tags: list[str]


def build_brief(ws: Workspace, customer_id: str) -> Brief:
    folder = ws.folder
    config = folder.config()
    profile: Profile = folder.profile(customer_id).profile
    records = folder.records(customer_id)
    ordered = moments(records)
    names = customer_names(folder) if any(r.customer for r in profile.related) else {}
    return Brief(
        id=profile.id,
        name=profile.name,
        kind=profile.kind,
        organisation=profile.organisation,
        role=profile.role,
        owner=profile.owner,
        owner_label=rep_label(profile.owner, config.reps),
        contact=contact_state(ordered, ws.today()),
        never_forget=profile.never_forget,
        recent=[moment_view(r) for r in reversed(ordered[-RECENT_MOMENTS:])],
        related=related_views(profile, names),
        preferences=profile.preferences,
        contacts=profile.contacts,
        tags=profile.tags,
    )
