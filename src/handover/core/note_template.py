"""The note template `handover note` opens in an editor, like `git commit`'s: the fields as
YAML with comments saying what each takes, and the note read back from what was filled in."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from handover.core.notes import NoteInput, check_rating
from handover.errors import AbortedError, DataError, Location, UsageError
from handover.format import yamlio
from handover.format.channels import channel_choices
from handover.format.fields import RATING_LABELS
from handover.format.profile import Profile
from handover.format.team_config import Vocabulary
from handover.i18n import _

TEMPLATE_FIELDS = ("channel", "rating", "next", "at", "topics", "materials")
TEMPLATE_LISTS = (
    "questions",
    "asked",
    "requests",
    "complaints",
    "promises",
    "resolves",
    "remember",
)


def editor_template(profile: Profile, note: NoteInput, vocabulary: Vocabulary) -> str:
    """A commented YAML template, like `git commit`'s: lines starting with # are ignored."""
    ratings = " · ".join(f"{score} {label}" for score, label in RATING_LABELS.items())
    lines = [
        f"# Note for {profile.name} ({profile.id}). Lines starting with # are ignored.",
        "# Write what happened under 'summary'. An empty summary or an unchanged file aborts.",
        f"# channel: {channel_choices()}",
        f"# rating: {ratings}",
        "# next, at: 2026-12-03, +7d, tomorrow, next monday; at also takes 'yesterday 17:30'",
    ]
    if vocabulary.topics:
        lines.append(f"# topics: {', '.join(vocabulary.topics)}")
    if vocabulary.materials:
        lines.append(f"# materials: {', '.join(vocabulary.materials)}")
    lines += [
        f"channel: {note.channel}",
        f"rating: {'' if note.rating is None else note.rating}",
        f"next: {note.next_contact or ''}",
        f"at: {note.at or ''}",
        f"topics: {_flow(note.topics)}",
        f"materials: {_flow(note.materials)}",
        f"questions: {_flow(note.questions)}  # asked, not answered yet: each opens an item",
        f"asked: {_flow(note.asked)}  # asked and answered on the spot",
        f"requests: {_flow(note.requests)}  # each opens an item",
        f"complaints: {_flow(note.complaints)}  # each opens an item",
        f"promises: {_flow(note.promises)}  # each opens an item; '… by 2026-12-05': a due date",
        f"resolves: {_flow(note.resolves)}  # items this moment closes, e.g. {profile.id}#3",
        f"remember: {_flow(note.remember)}  # never-forget facts to add to the profile",
        "summary: |",
        "  ",
        "",
    ]
    return "\n".join(lines)


def _flow(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)


def read_template(text: str, original: str, note: NoteInput, path: Path) -> NoteInput:
    """The note a filled-in template describes; an unchanged or empty one aborts."""
    if text.strip() == original.strip():
        raise AbortedError(_("template unchanged: nothing written"))
    tree = yamlio.load(yamlio.decode(text.encode("utf-8"), path), path)
    data = yamlio.to_plain(tree) or {}
    if not isinstance(data, dict):
        raise DataError(_("the template is no longer a list of fields"), location=Location(path))
    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise AbortedError(_("empty summary: nothing written"))

    def texts(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [str(item).strip() for item in items if str(item).strip()]

    def optional(key: str) -> str | None:
        value = data.get(key)
        return None if value is None or str(value).strip() == "" else str(value).strip()

    rating = data.get("rating")
    check_rating(rating)
    unknown = set(data) - {*TEMPLATE_FIELDS, *TEMPLATE_LISTS, "summary"}
    if unknown:
        raise UsageError(
            _("unknown field(s) in the template: {fields}", fields=", ".join(sorted(unknown)))
        )
    return replace(
        note,
        channel=str(data.get("channel") or note.channel),
        summary=summary.strip(),
        rating=rating,
        next_contact=optional("next"),
        at=optional("at"),
        topics=texts("topics"),
        materials=texts("materials"),
        questions=texts("questions"),
        asked=texts("asked"),
        requests=texts("requests"),
        complaints=texts("complaints"),
        promises=texts("promises"),
        resolves=texts("resolves"),
        remember=texts("remember"),
    )
