"""Logging a moment: from flags, standard input or an editor template to one note file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handover.core.customers import remember_facts
from handover.core.items import find_open_item, same_customer
from handover.core.transaction import state_dir, transaction
from handover.core.workspace import Workspace
from handover.domain import dates, words
from handover.domain.due import DUE_HINT, DueDateError, due_before_opening, split_due
from handover.domain.text import close_to_declared
from handover.domain.views import ItemState, next_item_number
from handover.errors import DataError, HandoverError, UsageError
from handover.format.channels import channel_or_fail
from handover.format.fields import RATING_LABELS
from handover.format.files import atomic_write
from handover.format.records import ItemOpening, Moment
from handover.format.team_config import Vocabulary
from handover.format.validation import option_error
from handover.i18n import _


@dataclass(frozen=True)
class NoteInput:
    """What a rep typed, as text; dates and ratings are checked when the note is built."""

    channel: str = "visit"
    summary: str | None = None
    topics: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    rating: int | None = None
    next_contact: str | None = None
    at: str | None = None
    tags: list[str] = field(default_factory=list)
    remember: list[str] = field(default_factory=list)
    by: str | None = None
    asked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    promises: list[str] = field(default_factory=list)
    resolves: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Logged:
    customer_id: str
    name: str
    moment: Moment
    path: Path
    remembered: list[str]
    opened: list[tuple[str, ItemOpening]]  # each item's reference, as the rep is shown it
    resolved: list[str]
    commit: str | None


def check_vocabulary(note: NoteInput, vocabulary: Vocabulary) -> None:
    for label, values, declared in (
        ("topic", note.topics, vocabulary.topics),
        ("material", note.materials, vocabulary.materials),
    ):
        for value in values:
            meant = close_to_declared(value, declared)
            if meant is not None:
                raise UsageError(
                    _(
                        "{label} '{value}' is not declared in handover.yaml: "
                        "did you mean '{meant}'?",
                        label=label,
                        value=value,
                        meant=meant,
                    ),
                    hint=_(
                        "use the declared spelling so reports stay consistent: '{meant}'",
                        meant=meant,
                    ),
                )


def item_openings(
    note: NoteInput, first_number: int, today: dt.date, *, promise_days: int = 7
) -> list[dict[str, Any]]:
    """The items this note opens, numbered after the customer's last item. A due date comes
    from `… by DATE` or `… DATE까지`; a promise without one is due in `promise_days`."""
    openings: list[dict[str, Any]] = []
    for kind, texts in (
        ("request", note.requests),
        ("complaint", note.complaints),
        ("promise", note.promises),
        ("question", note.questions),
    ):
        for text in texts:
            try:
                found = split_due(text, today)
            except DueDateError as exc:
                raise UsageError(
                    _("{option}: {message}", option=f"--{kind}", message=exc),
                    hint=_("end it with ' by DATE' or 'DATE까지', or leave the date out")
                    + (
                        " " + _("(a promise is then due in {days} days)", days=promise_days)
                        if kind == "promise"
                        else ""
                    ),
                ) from None
            due = found.due
            if due is None and kind == "promise":
                due = today + dt.timedelta(days=promise_days)
            item: dict[str, Any] = {"number": first_number + len(openings), "kind": kind}
            item |= {"text": found.text, "due": due}
            openings.append(item)
    return openings


def check_rating(rating: object) -> None:
    """One message for a bad rating, whether typed as --rating or in the template."""
    if rating is None:
        return
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATING_LABELS:
        scale = " · ".join(words.rating(score) for score in RATING_LABELS)
        raise UsageError(
            _("rating {rating} is not a rating: use {scale}", rating=repr(rating), scale=scale)
        )


LAST_CHANNELS = "last-channels.json"  # in the clone's state folder: rep id -> channel


def last_channel(ws: Workspace, customer_id: str, rep_id: str) -> str | None:
    """The channel the rep last used with this customer (from the customer's note files),
    else the channel of the last note they wrote in this clone with anyone. The prompt must
    come up at once: the index may not know the note written a minute ago, and looking for
    the rep's notes in every customer's folder took 1.7 s of CPU at 25,000 customers."""
    for stored in reversed(ws.folder.records(customer_id)):
        if isinstance(stored.record, Moment) and stored.record.by == rep_id:
            return stored.record.channel
    channel = _last_channels(ws).get(rep_id)
    return channel if isinstance(channel, str) else None


def _last_channels(ws: Workspace) -> dict[str, object]:
    try:
        known = json.loads((state_dir(ws) / LAST_CHANNELS).read_bytes())
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _remember_channel(ws: Workspace, rep_id: str, channel: str) -> None:
    """Keep the rep's channel for the next quick note's default (this clone's own state, not
    the team's: nothing to commit, and a failure to write it loses only a default)."""
    known = _last_channels(ws)
    if known.get(rep_id) != channel:
        known[rep_id] = channel
        with contextlib.suppress(OSError):
            atomic_write(state_dir(ws) / LAST_CHANNELS, json.dumps(known).encode(), durable=False)


def build_moment(
    ws: Workspace,
    note: NoteInput,
    by: str,
    *,
    first_number: int = 1,
    resolves: list[ItemState] | None = None,
    promise_days: int = 7,
) -> Moment:
    now = ws.now()
    check_rating(note.rating)
    try:
        at = dates.parse_moment_time(note.at, now) if note.at else now
    except ValueError as exc:
        raise UsageError(_("{option}: {message}", option="--at", message=exc)) from None
    try:
        next_contact = (
            # counted from the moment's day, and never before it: `--next 어제` is a mistake
            dates.parse_future_date(note.next_contact, at.date()) if note.next_contact else None
        )
    except ValueError as exc:
        raise UsageError(_("{option}: {message}", option="--next", message=exc)) from None
    if note.summary is None or not note.summary.strip():
        raise UsageError(_("a note needs a summary"), hint=_("pass --summary TEXT, or --summary -"))
    channel = channel_or_fail(note.channel)
    data: dict[str, Any] = {
        "kind": "moment",
        "at": at,
        "by": by,
        "channel": channel,
        "summary": note.summary.strip(),
        "topics": note.topics,
        "materials": note.materials,
        "questions": [*note.asked, *note.questions],
        "rating": note.rating,
        "next_contact": next_contact,
        "tags": note.tags,
        "opens": item_openings(note, first_number, at.date(), promise_days=promise_days),
        "resolves": [{"item": i.number, "opened_in": i.opened_in} for i in resolves or []],
    }
    for item in data["opens"]:
        if late := due_before_opening(item["due"], at.date()):
            raise UsageError(
                _("--{kind}: {problem}", kind=item["kind"], problem=late), hint=_(DUE_HINT)
            )
    try:
        return Moment.model_validate(data)
    except ValidationError as exc:
        raise option_error(exc) from None


def log_moment(ws: Workspace, customer_id: str, note: NoteInput) -> Logged:
    """Write one note file (and any remembered facts), then make one commit."""
    with transaction(ws) as change:
        logged = _log_moment(ws, customer_id, note)
        change.message = f"note: {logged.name} — {logged.moment.channel}"
    _remember_channel(ws, logged.moment.by, logged.moment.channel)
    return replace(logged, commit=change.commit)


_NUMBER = re.compile(rb"^[ \t-]*number:[ \t]*['\"]?(\d{1,9})\b", re.MULTILINE)


def _after_unreadable(root: Path, unreadable: Sequence[HandoverError]) -> int:
    """The first item number above every `number:` found in the text of notes that cannot be
    read (bounded to the reader's limit): while a note is broken, the items it opened still
    hold their numbers, so a new item never reuses one and becomes ambiguous once it is fixed."""
    from handover.format.files import read_bounded

    highest = 0
    for error in unreadable:
        if not isinstance(error, DataError) or "notes" not in error.location.path.parts:
            continue
        path = error.location.path
        try:
            text = read_bounded(path if path.is_absolute() else root / path)
        except HandoverError:
            continue  # too large, or not a file: nothing can be read from it
        highest = max([highest, *(int(n) for n in _NUMBER.findall(text))])
    return highest + 1


def _log_moment(ws: Workspace, customer_id: str, note: NoteInput) -> Logged:
    folder = ws.folder
    config = folder.config()
    profile, problem = folder.readable_profile(customer_id)  # a note never needs a valid profile
    unreadable = [problem] if problem else []
    rep = ws.current_rep(note.by)
    if rep.status == "left":
        raise UsageError(_("rep '{rep}' has left the team and cannot write notes", rep=rep.id))
    check_vocabulary(note, config.vocabulary)
    records = folder.records(customer_id, unreadable)
    ws.left_out(unreadable)
    for ref in note.resolves:
        same_customer(ws, ref, customer_id)
    resolving = [find_open_item(ws, records, customer_id, ref) for ref in note.resolves]
    moment = build_moment(
        ws,
        note,
        rep.id,
        first_number=max(next_item_number(records), _after_unreadable(folder.root, unreadable)),
        resolves=resolving,
        promise_days=config.health.promise_default_days,
    )
    path = folder.write_record(customer_id, moment)
    if note.remember:
        remember_facts(ws, customer_id, note.remember, by=rep.id, at=moment.at)
    return Logged(
        customer_id=customer_id,
        name=profile.name,
        moment=moment,
        path=path,
        remembered=list(note.remember),
        opened=[(f"{customer_id}#{item.number}", item) for item in moment.opens],
        resolved=[item.ref for item in resolving],
        commit=None,
    )
