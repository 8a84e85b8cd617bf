"""One customer's derived state (contact, items, health), and the same for the whole team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handover.core.workspace import Workspace
from handover.domain import words
from handover.domain.hangul import ganada_key
from handover.domain.summary import CustomerSummary, Digest, digest, summary_at
from handover.errors import NotFoundError, UsageError
from handover.format.fields import CUSTOMER_KINDS
from handover.format.files import StoredRecord
from handover.format.profile import Profile
from handover.format.team_config import HealthSettings, TeamConfig
from handover.i18n import _


def summarize(
    profile: Profile,
    records: Sequence[StoredRecord],
    settings: HealthSettings,
    today: dt.date,
) -> CustomerSummary:
    return summary_at(profile, digest(profile.id, records), settings, today)


def check_filters(config: TeamConfig, *, rep: str | None, kind: str | None) -> str | None:
    """A misspelt --rep or --kind is an error, not an empty (and misleading) answer; returns the
    kind as the files spell it, so `--kind 의사` (the word tables show) means `doctor`."""
    if rep is not None and config.rep(rep) is None:
        known = ", ".join(r.id for r in config.reps)
        raise NotFoundError(_("unknown rep '{rep}'", rep=rep), hint=_("reps: {known}", known=known))
    if kind is not None:
        kind = words.canonical(words.CUSTOMER_KINDS, kind)
    if kind is not None and kind not in CUSTOMER_KINDS:
        raise UsageError(
            _("unknown customer kind '{kind}'", kind=kind),
            hint=_("use one of {kinds}", kinds=", ".join(map(words.customer_kind, CUSTOMER_KINDS))),
        )
    return kind


def team_summaries(
    ws: Workspace,
    *,
    rep: str | None = None,
    kind: str | None = None,
    with_open_items: bool = False,
    items_for: str | None = None,
    agenda_until: dt.date | None = None,
    rep_view: bool = False,
) -> list[CustomerSummary]:
    """Every customer's summary, from the index (refreshed first from whatever changed).

    `with_open_items`, `items_for` and `agenda_until` only skip customers that cannot appear in
    the open items (of a rep) or the agenda, so callers get the same answers as from every
    customer. `rep_view`: this is one rep's view (`health --rep`, `agenda --rep`), so the
    refresh looks only at the files of that rep's customers (`TeamIndex.refresh(for_rep=)`).
    """
    from handover.index.db import open_index

    config = ws.folder.config()
    of_rep = rep if rep is not None else items_for
    kind = check_filters(config, rep=of_rep, kind=kind)
    today = ws.today()
    index = open_index(ws.folder, for_rep=of_rep if rep_view else None)
    ws.left_out(index.unreadable())
    rows = index.summary_rows(
        rep=rep,
        kind=kind,
        with_open_items=with_open_items,
        items_for=items_for,
        agenda_until=agenda_until,
    )
    summaries = [
        summary_at(
            {"id": cid, "name": name, "kind": ckind, "organisation": org, "owner": owner},
            Digest.model_validate_json(facts),
            config.health,
            today,
        )
        for cid, name, ckind, org, owner, facts in rows
    ]
    return sorted(summaries, key=lambda s: ganada_key(s.name, s.id))  # 가나다, ties by id


def scan_summaries(
    ws: Workspace, *, rep: str | None = None, kind: str | None = None
) -> list[CustomerSummary]:
    """Every customer's summary read from the files: the truth the index must agree with."""
    folder = ws.folder
    config = folder.config()
    kind = check_filters(config, rep=rep, kind=kind)
    today = ws.today()
    result: list[CustomerSummary] = []
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile
        if (rep and profile.owner != rep) or (kind and profile.kind != kind):
            continue
        result.append(summarize(profile, folder.records(customer_id), config.health, today))
    return sorted(result, key=lambda s: ganada_key(s.name, s.id))  # as team_summaries
