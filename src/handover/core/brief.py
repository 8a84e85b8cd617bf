"""The brief: one screen a successor reads on day one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import Field

from handover.core.last_good import readable_or_last_good
from handover.core.names import customer_names
from handover.core.summary import summarize
from handover.core.workspace import Workspace
from handover.domain.health import Health
from handover.domain.ownership import OwnerPeriod, ownership
from handover.domain.views import (
    ContactState,
    ItemState,
    MomentView,
    RelatedView,
    View,
    moment_views,
    never_forget,
    related_views,
    rep_label,
    urgency,
)
from handover.format.files import StoredRecord
from handover.format.profile import NeverForget, Preferences, Profile
from handover.format.team_config import TeamConfig

RECENT_MOMENTS = 5
UNKNOWN_OWNER = "unknown"  # what a profile whose owner cannot be read is given


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
    ownership: list[OwnerPeriod] = Field(default_factory=list)  # oldest first, from transfers
    shown_from: dt.datetime | None = None  # the profile did not parse: its facts as committed


def build_brief(ws: Workspace, customer_id: str) -> Brief:
    folder = ws.folder
    profile, problem, shown_from = readable_or_last_good(ws, customer_id)
    unreadable = [problem] if problem else []
    records = folder.records(customer_id, unreadable)
    ws.left_out(unreadable)
    related = [r.customer for r in profile.related if r.customer]
    names = customer_names(folder, related) if related else {}
    brief = brief_of(profile, records, folder.config(), ws.today(), names)
    return brief.model_copy(update={"shown_from": shown_from}) if shown_from else brief


def brief_of(
    profile: Profile,
    records: Sequence[StoredRecord],
    config: TeamConfig,
    today: dt.date,
    names: Mapping[str, str],
    *,
    recent: int = RECENT_MOMENTS,
) -> Brief:
    """The brief from what was read already, so a pack of a whole book reads each file once."""
    summary = summarize(profile, records, config.health, today)
    views = moment_views(records)
    return Brief(
        id=profile.id,
        name=profile.name,
        kind=profile.kind,
        organisation=profile.organisation,
        role=profile.role,
        owner=profile.owner,
        owner_label=_owner_label(profile.owner, config),
        health=summary.health,
        open_items=sorted(summary.open_items, key=urgency),
        contact=summary.contact,
        never_forget=never_forget(profile, records),
        recent=list(reversed(views[-recent:])),
        related=related_views(profile, dict(names)),
        preferences=profile.preferences,
        contacts=profile.contacts,
        tags=profile.tags,
        ownership=ownership(profile.owner, records, config.reps),
    )


def _owner_label(owner: str, config: TeamConfig) -> str:
    """The owner as people know them; a profile whose owner line cannot be read says so."""
    if owner == UNKNOWN_OWNER and not any(rep.id == owner for rep in config.reps):
        from handover.i18n import _

        return _("unknown (the profile's owner line cannot be read)")
    return rep_label(owner, config.reps)
