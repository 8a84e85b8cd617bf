"""The brief: one screen a successor reads on day one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import Field

from handover.core.customers import customer_names
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
    profile, problem = folder.readable_profile(customer_id)  # what can be read, and why not all
    unreadable = [problem] if problem else []
    records = folder.records(customer_id, unreadable)
    ws.left_out(unreadable)
    older = _last_version_that_parses(ws, customer_id) if problem else None
    if older is not None:
        lines = folder.profile_lines(customer_id)
        profile = older[0].model_copy(update={key: getattr(profile, key) for key in lines})
    related = [r.customer for r in profile.related if r.customer]
    names = customer_names(folder, related) if related else {}
    brief = brief_of(profile, records, folder.config(), ws.today(), names)
    return brief.model_copy(update={"shown_from": older[1]}) if older else brief


def _last_version_that_parses(
    ws: Workspace, customer_id: str, *, tries: int = 20
) -> tuple[Profile, dt.datetime] | None:
    """When the profile does not parse at all (a hand edit left `[tue` open), its last
    committed version that does, so the brief still shows the facts people wrote there."""
    from handover.domain.profile_diff import plain_version
    from handover.format.validation import lenient_profile

    folder, git = ws.folder, ws.git
    path = folder.profile_path(customer_id)
    shown = folder.relative(path)
    if plain_version(folder.read(path), shown) is not None or not git.is_repository:
        return None  # it parses: the fields it holds are shown, each bad one left out
    if git.head() is None:
        return None
    for commit in git.log("--follow", "-n", str(tries), "--", str(path)):
        data = plain_version(git.show(commit.sha, git.root_path(commit.paths[0])), shown)
        if isinstance(data, dict):
            return lenient_profile(dict(data), customer_id), commit.at
    return None


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
