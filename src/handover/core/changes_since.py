"""`brief --since`: what changed since someone last looked. The folder is compared with an
earlier state (a git ref, or a date) so a successor can read a brief as a diff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from handover.core.workspace import Workspace
from handover.domain import dates
from handover.domain.profile_diff import FieldChange, diff_fields, plain_version
from handover.domain.views import ItemState, MomentView, View, item_states, moment_views
from handover.errors import UsageError
from handover.format import yamlio
from handover.format.files import StoredRecord
from handover.format.layout import NOTES_DIR
from handover.format.records import Correction, Remembering
from handover.i18n import _


class CorrectionView(View):
    note: str
    at: dt.datetime
    by: str
    changes: dict[str, Any]


class ChangesSince(View):
    """A brief as a diff: what is new or different since an earlier state of the folder."""

    customer: str
    name: str
    since: str
    base: str | None
    base_at: dt.datetime | None
    cutoff: dt.datetime | None
    profile_known: bool
    profile_added: bool
    profile: list[FieldChange]
    moments: list[MomentView]
    opened: list[ItemState]
    closed: list[ItemState]
    reopened: list[ItemState]
    corrections: list[CorrectionView]

    @property
    def empty(self) -> bool:
        return not (
            self.profile_added
            or self.profile
            or self.moments
            or self.opened
            or self.closed
            or self.reopened
            or self.corrections
        )


def resolve_since(ws: Workspace, since: str) -> tuple[str | None, dt.datetime | None]:
    """``since`` as (base commit, cutoff time): a git ref, or a date (start of that day)."""
    git = ws.git
    sha = git.rev_parse(since) if git.is_repository else None
    if sha is not None:
        return sha, None
    try:
        day = dates.parse_since(since, ws.today())
    except dates.UnreadableDate:
        raise UsageError(
            _("--since: '{since}' is neither a date nor a git ref", since=since),
            hint=_("use a date (2026-11-01, 7d, 3일 전, 지난주) or a ref (origin/main, a tag)"),
        ) from None
    except ValueError as exc:
        raise UsageError(_("{option}: {message}", option="--since", message=exc)) from None
    cutoff = dt.datetime.combine(day, dt.time(), ws.now().tzinfo)
    base = git.last_commit_before(cutoff) if git.is_repository and git.head() else None
    return base, cutoff


def _with_remembered(fields: list[FieldChange], new: Sequence[StoredRecord]) -> list[FieldChange]:
    """Facts remembered by new records join the profile's own never_forget additions."""
    facts = [f for r in new if isinstance(r.record, Remembering) for f in r.record.facts]
    if not facts:
        return fields
    for index, change in enumerate(fields):
        if change.field == "never_forget" and change.before is None and change.after is None:
            fields[index] = change.model_copy(update={"added": [*change.added, *facts]})
            return fields
    return [*fields, FieldChange(field="never_forget", added=facts)]


def changes_since(ws: Workspace, customer_id: str, since: str) -> ChangesSince:
    """New records (added after the ref, or dated on/after the date), items opened, closed or
    reopened by them, and profile fields that differ from the profile at that point."""
    folder = ws.folder
    git = ws.git
    base, cutoff = resolve_since(ws, since)
    profile = folder.profile(customer_id)
    records = folder.records(customer_id)
    if cutoff is None and base is not None:
        notes_dir = folder.customer_dir(customer_id) / NOTES_DIR
        known = {Path(name).stem for name in git.files_at(base, notes_dir)}
        new_ids = {r.id for r in records if r.id not in known}
    else:
        new_ids = {r.id for r in records if cutoff is not None and r.record.at >= cutoff}
    earlier = [r for r in records if r.id not in new_ids]
    today = ws.today()
    then = {(i.number, i.opened_in): i for i in item_states(customer_id, earlier, today)}
    now = item_states(customer_id, records, today)
    opened = [i for i in now if (i.number, i.opened_in) not in then]
    was = {key: item.status for key, item in then.items()}
    closed = [i for i in now if was.get((i.number, i.opened_in)) == "open" != i.status]
    reopened = [i for i in now if was.get((i.number, i.opened_in)) == "resolved" != i.status]
    moments = [m for m in moment_views(records) if m.id in new_ids]
    corrections = [
        CorrectionView(
            note=r.record.note,
            at=r.record.at,
            by=r.record.by,
            changes=r.record.changes.model_dump(
                mode="json", include=r.record.changes.model_fields_set
            ),
        )
        for r in records
        if r.id in new_ids and isinstance(r.record, Correction) and r.record.note not in new_ids
    ]
    profile_known = base is not None or (git.is_repository and git.head() is not None)
    old = plain_version(git.show(base, profile.file.path), profile.file.path) if base else None
    current = yamlio.to_plain(profile.file.tree)
    added = profile_known and old is None
    fields = [] if added or not profile_known else diff_fields(old, current)
    return ChangesSince(
        customer=customer_id,
        name=profile.profile.name,
        since=since,
        base=base,
        base_at=git.log("-1", base, names=False)[0].at if base else None,
        cutoff=cutoff,
        profile_known=profile_known,
        profile_added=added,
        profile=_with_remembered(fields, [r for r in records if r.id in new_ids]),
        moments=list(reversed(moments)),
        opened=opened,
        closed=closed,
        reopened=reopened,
        corrections=corrections,
    )
