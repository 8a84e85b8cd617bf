"""A customer's history, and what changed since someone last looked.

The records say who recorded what and when; git says who changed the hand-edited profile
and when. `history` merges both, newest first. `brief --since` compares the folder with an
earlier state (a git ref, or a date) so a successor can read a brief as a diff.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from handover.core.workspace import Workspace
from handover.domain import dates
from handover.domain.views import (
    ItemState,
    MomentView,
    View,
    item_states,
    moment_views,
    rep_label,
    replay_items,
)
from handover.errors import HandoverError, UsageError
from handover.format import yamlio
from handover.format.models import (
    Assignment,
    Correction,
    DueChange,
    Moment,
    Record,
    Remembering,
    Reopening,
    Rep,
    Resolution,
    TeamConfig,
    Transfer,
)
from handover.format.store import NOTES_DIR, StoredRecord
from handover.git.repo import Commit
from handover.i18n import _

# --- field-level differences of a profile ---------------------------------------------------


class FieldChange(View):
    """One field of a profile that differs: a value replaced, or list items added/removed."""

    field: str
    before: Any = None
    after: Any = None
    added: list[Any] = Field(default_factory=list)
    removed: list[Any] = Field(default_factory=list)


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def diff_fields(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Differences between two plain YAML trees, as dotted field paths (``contacts.mobile``)."""
    if _key(old) == _key(new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in [*new, *(k for k in old if k not in new)]:
            changes += diff_fields(old.get(key), new.get(key), f"{prefix}{key}.")
        return changes
    field = prefix.rstrip(".") or "(document)"
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)) and (old or new):
        before = {_key(item): item for item in old or []}
        after = {_key(item): item for item in new or []}
        added = [item for key, item in after.items() if key not in before]
        removed = [item for key, item in before.items() if key not in after]
        if added or removed:
            return [FieldChange(field=field, added=added, removed=removed)]
        return [FieldChange(field=field, before=old, after=new)]  # the same items, reordered
    return [FieldChange(field=field, before=old, after=new)]


def _plain(raw: bytes | None, path: Path) -> Any:
    """A YAML file's data, or None when absent or unreadable (history must not stop there)."""
    if raw is None:
        return None
    try:
        return yamlio.to_plain(yamlio.load(yamlio.decode(raw, path), path))
    except HandoverError:
        return None


# --- history ----------------------------------------------------------------------------------

EventSource = Literal["record", "profile", "uncommitted"]


class HistoryEvent(View):
    at: dt.datetime
    source: EventSource
    kind: str
    who: str | None
    who_label: str
    what: str
    fields: list[FieldChange] = Field(default_factory=list)
    note: str | None = None
    commit: str | None = None
    author: str | None = None


class History(View):
    customer: str
    name: str
    events: list[HistoryEvent]
    more: int = 0
    """How many older events --limit left off (after --since)."""


def _rep_by_email(config: TeamConfig, email: str) -> Rep | None:
    wanted = email.strip().lower()
    return next((rep for rep in config.reps if rep.email.lower() == wanted), None)


def _item_refs(
    customer_id: str, records: Sequence[StoredRecord], today: dt.date
) -> dict[tuple[int, str], str]:
    return {(i.number, i.opened_in): i.ref for i in item_states(customer_id, records, today)}


def _opened_label(ref: str | None, number: int) -> str:
    """`#3` while the number is the customer's only #3; the qualified reference once not."""
    return ref if ref is not None and "@" in ref else f"#{number}"


def describe(
    record: Record,
    refs: dict[tuple[int, str], str],
    moved: Sequence[str] = (),
    note_id: str = "",
) -> str:
    """One line saying what a record did, as a person would say it; `moved` are the open
    items a transfer gave to the new owner. An item whose number two clones both chose is
    named as everywhere else (`gim-minsu#9@c1a65d`), never by the bare number."""
    if isinstance(record, Moment):
        parts = [f"{record.channel}: {record.summary}"]
        if record.opens:
            parts.append(
                "opened "
                + ", ".join(
                    f"{_opened_label(refs.get((i.number, note_id)), i.number)} {i.kind}"
                    for i in record.opens
                )
            )
        if record.resolves:
            parts.append(
                "resolved "
                + ", ".join(refs.get((r.item, r.opened_in), f"#{r.item}") for r in record.resolves)
            )
        return " · ".join(" ".join(part.split()) for part in parts)
    if isinstance(record, Resolution):
        return f"resolved {refs.get((record.item, record.opened_in), f'#{record.item}')}: " + (
            " ".join(record.how.split())
        )
    if isinstance(record, Reopening):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        return f"reopened {ref}" + (f": {record.why}" if record.why else "")
    if isinstance(record, Assignment):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        return f"assigned {ref} to {record.to}" + (f": {record.reason}" if record.reason else "")
    if isinstance(record, DueChange):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        why = f": {record.reason}" if record.reason else ""
        return f"due date of {ref} renegotiated to {record.due.isoformat()}{why}"
    if isinstance(record, Transfer):
        why = f" ({record.reason})" if record.reason else ""
        items = f" · open items now held by {record.to}: {', '.join(moved)}" if moved else ""
        return f"transfer: {record.from_} → {record.to}{why}{items}"
    if isinstance(record, Correction):
        changed = record.changes.model_dump(mode="json", include=record.changes.model_fields_set)
        shown = ", ".join(f"{key} → {value}" for key, value in changed.items())
        return f"corrected note {record.note}: {shown}"
    if isinstance(record, Remembering):
        return "remembered: " + "; ".join(" ".join(fact.split()) for fact in record.facts)
    data = record.model_dump(mode="json", exclude={"kind", "at", "by"}, exclude_none=True)
    return f"{record.kind}: " + ", ".join(f"{k} {v}" for k, v in data.items())


def customer_history(
    ws: Workspace, customer_id: str, *, since: str | None = None, limit: int | None = None
) -> History:
    """Records and profile commits (hand edits included, with their git author), newest first;
    with ``since`` only from that day on, with ``limit`` only the newest that many."""
    cutoff = None
    if since is not None:
        try:
            day = dates.parse_since(since, ws.today())
        except ValueError as exc:
            raise UsageError(
                f"--since: {exc}", hint="use 2026-11-01, yesterday, 7d or 3일 전"
            ) from None
        cutoff = dt.datetime.combine(day, dt.time(), ws.now().tzinfo)
    folder = ws.folder
    config = folder.config()
    profile_path = folder.profile_path(customer_id)
    name = folder.profile(customer_id).profile.name
    records = folder.records(customer_id)
    refs = _item_refs(customer_id, records, ws.today())
    moved = replay_items(customer_id, records)[1]
    git = ws.git
    added: dict[str, Commit] = {}
    if git.is_repository and git.head() is not None:
        notes = folder.customer_dir(customer_id) / NOTES_DIR
        for adding in git.log("--diff-filter=A", "--", str(notes)):
            for path in adding.paths:
                added.setdefault(Path(path).stem, adding)
    events: list[HistoryEvent] = []
    for stored in records:
        record = stored.record
        commit = added.get(stored.id)
        events.append(
            HistoryEvent(
                at=record.at,
                source="record",
                kind=record.kind,
                who=record.by,
                who_label=rep_label(record.by, config.reps),
                what=describe(record, refs, moved.get(stored.id, ()), stored.id),
                note=stored.id,
                commit=commit.sha if commit else None,
                author=f"{commit.author} <{commit.email}>" if commit else None,
            )
        )
    events += _profile_events(ws, profile_path, config)
    events.sort(  # what is not committed yet is the newest state, whatever the clock says
        key=lambda e: (e.source == "uncommitted", e.at, e.source != "record", e.note or ""),
        reverse=True,
    )
    if cutoff is not None:
        events = [e for e in events if e.source == "uncommitted" or e.at >= cutoff]
    more = max(0, len(events) - limit) if limit is not None else 0
    return History(customer=customer_id, name=name, events=events[:limit], more=more)


def _profile_events(ws: Workspace, path: Path, config: TeamConfig) -> list[HistoryEvent]:
    """Every commit that touched the profile (following renames), and any uncommitted edit."""
    git = ws.git
    if not git.is_repository or git.head() is None:
        return []
    shown = ws.folder.relative(path)
    commits = git.log("--follow", "--", str(path))
    versions = [_plain(git.show(c.sha, git.root_path(c.paths[0])), shown) for c in commits]
    events: list[HistoryEvent] = []
    for index, commit in enumerate(commits):
        before = versions[index + 1] if index + 1 < len(versions) else None
        rep = _rep_by_email(config, commit.email)
        fields = diff_fields(before, versions[index])
        if before is None:
            what, kind = _("added the profile ({subject})", subject=commit.subject), "added"
        elif fields:
            changed = ", ".join(change.field for change in fields)
            what = _("changed {fields} ({subject})", fields=changed, subject=commit.subject)
            kind = "edit"
        else:
            what = _(
                "edited comments or layout, no field changed ({subject})", subject=commit.subject
            )
            kind = "edit"
        events.append(
            HistoryEvent(
                at=commit.at,
                source="profile",
                kind=kind,
                who=rep.id if rep else None,
                who_label=rep_label(rep.id, config.reps) if rep else commit.author,
                what=what,
                fields=fields if before is not None else [],
                commit=commit.sha,
                author=f"{commit.author} <{commit.email}>",
            )
        )
    current = _plain(ws.folder.read(path) if path.exists() else None, shown)
    fields = diff_fields(versions[0] if versions else None, current)
    if fields and versions:
        events.append(
            HistoryEvent(
                at=dt.datetime.fromtimestamp(int(path.stat().st_mtime)).astimezone(),
                source="uncommitted",
                kind="edit",
                who=None,
                who_label="(not committed)",
                what="changed " + ", ".join(change.field for change in fields) + ", not committed",
                fields=fields,
            )
        )
    return events


# --- what changed since -----------------------------------------------------------------------


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
            f"--since: '{since}' is neither a date nor a git ref",
            hint="use a date (2026-11-01, 7d, 3일 전, 지난주) or a ref (origin/main, a tag)",
        ) from None
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None
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
    old = _plain(git.show(base, profile.file.path), profile.file.path) if base else None
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
