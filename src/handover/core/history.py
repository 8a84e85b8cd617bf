"""A customer's history (`handover history`): records and profile edits, newest first.

The records say who recorded what and when; git says who changed the hand-edited profile
and when. `history` merges both, newest first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from handover.core.workspace import Workspace
from handover.domain import dates, words
from handover.domain.profile_diff import FieldChange, diff_fields, shown_field
from handover.domain.views import View, item_states, rep_label, replay_items
from handover.errors import DataError, HandoverError, UsageError
from handover.format import yamlio
from handover.format.files import StoredRecord
from handover.format.layout import NOTES_DIR
from handover.format.records import (
    Assignment,
    Correction,
    DueChange,
    Moment,
    Record,
    Remembering,
    Reopening,
    Resolution,
    Transfer,
)
from handover.format.source import source_text
from handover.format.team_config import Rep, TeamConfig
from handover.git.repo import Commit
from handover.i18n import _

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
        parts = [f"{words.channel(record.channel)}: {record.summary}"]
        if record.opens:
            labels = [_opened_label(refs.get((i.number, note_id)), i.number) for i in record.opens]
            opened = ", ".join(
                f"{label} {words.item_kind(i.kind)}"
                for label, i in zip(labels, record.opens, strict=True)
            )
            parts.append(_("opened {items}", items=opened))
        if record.resolves:
            closed = ", ".join(
                refs.get((r.item, r.opened_in), f"#{r.item}") for r in record.resolves
            )
            parts.append(_("resolved {items}", items=closed))
        return " · ".join(" ".join(part.split()) for part in parts)
    if isinstance(record, Resolution):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        return _("resolved {ref}: {how}", ref=ref, how=" ".join(record.how.split()))
    if isinstance(record, Reopening):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        return _("reopened {ref}", ref=ref) + (f": {record.why}" if record.why else "")
    if isinstance(record, Assignment):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        assigned = _("assigned {ref} to {rep}", ref=ref, rep=record.to)
        return assigned + (f": {record.reason}" if record.reason else "")
    if isinstance(record, DueChange):
        ref = refs.get((record.item, record.opened_in), f"#{record.item}")
        why = f": {record.reason}" if record.reason else ""
        moved_to = _("due date of {ref} renegotiated to {day}", ref=ref, day=record.due.isoformat())
        return moved_to + why
    if isinstance(record, Transfer):
        why = f" ({record.reason})" if record.reason else ""
        items = (
            " · "
            + _("open items now held by {rep}: {items}", rep=record.to, items=", ".join(moved))
            if moved
            else ""
        )
        return _("transfer: {old} → {new}", old=record.from_, new=record.to) + why + items
    if isinstance(record, Correction):
        changed = record.changes.model_dump(mode="json", include=record.changes.model_fields_set)
        shown = ", ".join(f"{key} → {value}" for key, value in changed.items())
        return _("corrected note {note}: {fields}", note=record.note, fields=shown)
    if isinstance(record, Remembering):
        facts = "; ".join(" ".join(fact.split()) for fact in record.facts)
        return _("remembered: {facts}", facts=facts)
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
                _("{option}: {message}", option="--since", message=exc),
                hint=_("use 2026-11-01, yesterday, 7d or 3일 전"),
            ) from None
        cutoff = dt.datetime.combine(day, dt.time(), ws.now().tzinfo)
    folder = ws.folder
    config = folder.config()
    profile_path = folder.profile_path(customer_id)
    profile, problem = folder.readable_profile(customer_id)  # a broken profile: the rest shows
    unreadable = [problem] if problem else []
    records = folder.records(customer_id, unreadable)
    ws.left_out(unreadable)
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
    profile_events, versions = _profile_events(ws, profile_path, config)
    events += profile_events
    name = profile.name
    if problem is not None and name == customer_id:  # the name itself could not be read
        name = _readable_name(ws, profile_path, versions) or customer_id
    events.sort(  # what is not committed yet is the newest state, whatever the clock says
        key=lambda e: (e.source == "uncommitted", e.at, e.source != "record", e.note or ""),
        reverse=True,
    )
    if cutoff is not None:
        events = [e for e in events if e.source == "uncommitted" or e.at >= cutoff]
    more = max(0, len(events) - limit) if limit is not None else 0
    return History(customer=customer_id, name=name, events=events[:limit], more=more)


def _readable_name(ws: Workspace, path: Path, versions: Sequence[Any]) -> str | None:
    """A broken profile's name: its own `name:` line if that reads alone (the file as it is
    now, as the team views read it), else the newest committed version's that parses."""
    from handover.format import fastyaml

    with contextlib.suppress(OSError, HandoverError):
        text = source_text(ws.folder.read(path), ws.folder.relative(path)).text
        own = fastyaml.top_level_scalar(text, "name")
        if own and own.strip():
            return own.strip()
    for version in versions:
        if isinstance(version, dict) and isinstance(version.get("name"), str) and version["name"]:
            return str(version["name"])
    return None


def _profile_events(
    ws: Workspace, path: Path, config: TeamConfig
) -> tuple[list[HistoryEvent], list[Any]]:
    """Every commit that touched the profile (following renames), and any uncommitted edit;
    and each commit's version of the file (None where it does not read), newest first."""
    git = ws.git
    if not git.is_repository or git.head() is None:
        return [], []
    shown = ws.folder.relative(path)
    commits = git.log("--follow", "--", str(path))
    read = [_read_version(git.show(c.sha, git.root_path(c.paths[0])), shown) for c in commits]
    versions = [data for data, _problem in read]
    broken = [problem for _data, problem in read]
    events: list[HistoryEvent] = []
    for index, commit in enumerate(commits):
        later = index + 1
        while later < len(commits) and broken[later]:
            later += 1  # compare with the last version that read, past the broken ones
        before = versions[later] if later < len(commits) else None
        rep = _rep_by_email(config, commit.email)
        fields = diff_fields(before, versions[index])
        problem = broken[index]
        if problem:
            what, kind = _stopped_reading(problem, commit.subject), "edit"
            fields = []
        elif before is None and later == index + 1:
            what, kind = _("added the profile ({subject})", subject=commit.subject), "added"
        elif before is None:  # every older version was broken: nothing to compare with
            what, kind = (
                _("made the profile readable again ({subject})", subject=commit.subject),
                "edit",
            )
        elif fields:
            changed = ", ".join(shown_field(change.field) for change in fields)
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
    current, problem = _read_version(ws.folder.read(path) if path.exists() else None, shown)
    fields = diff_fields(versions[0] if versions else None, current)
    if problem and versions and not broken[0]:
        events.append(_uncommitted(path, _stopped_reading(problem, _("not committed"))))
    elif fields and versions and not problem:
        changed = ", ".join(shown_field(change.field) for change in fields)
        what = _("changed {fields}, not committed", fields=changed)
        events.append(_uncommitted(path, what, fields))
    return events, versions


def _uncommitted(path: Path, what: str, fields: list[FieldChange] | None = None) -> HistoryEvent:
    """The edit on disk that no commit holds yet, dated by the file's time."""
    return HistoryEvent(
        at=dt.datetime.fromtimestamp(int(path.stat().st_mtime)).astimezone(),
        source="uncommitted",
        kind="edit",
        who=None,
        who_label=_("(not committed)"),
        what=what,
        fields=fields or [],
    )


def _read_version(raw: bytes | None, shown: Path) -> tuple[Any, str | None]:
    """A version's data, or where it stops parsing (`customers/…/profile.yaml:14`)."""
    if raw is None:
        return None, None
    try:
        return yamlio.to_plain(yamlio.load(source_text(raw, shown), shown)), None
    except DataError as error:
        where = error.location
        if where is None or where.line is None:
            return None, str(shown)
        return None, f"{where.path}:{where.line}"
    except HandoverError:
        return None, str(shown)


def _stopped_reading(where: str, subject: str) -> str:
    """One line for a hand edit that left the profile unparsable, never a dump of the old one."""
    return _(
        "edited the profile by hand: it can no longer be read ({where}) ({subject})",
        where=where,
        subject=subject,
    )
