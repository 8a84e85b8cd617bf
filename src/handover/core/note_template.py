"""The note template `handover note` opens in an editor, like `git commit`'s: the fields as
YAML with comments saying what each takes, and the note read back from what was filled in."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from handover.core.notes import NoteInput, check_rating
from handover.domain import words
from handover.errors import AbortedError, DataError, Location, UsageError
from handover.format import yamlio
from handover.format.channels import channel_choices
from handover.format.fields import RATING_LABELS
from handover.format.profile import Profile
from handover.format.source import source_text
from handover.format.team_config import Vocabulary
from handover.i18n import N_, _, current

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
KEYS = {
    "channel": N_("channel"),
    "rating": N_("rating"),
    "next": N_("next contact"),
    "at": N_("happened at"),
    "topics": N_("topics"),
    "materials": N_("materials"),
    "questions": N_("open questions"),
    "asked": N_("answered questions"),
    "requests": N_("requests"),
    "complaints": N_("complaints"),
    "promises": N_("promises"),
    "resolves": N_("resolves"),
    "remember": N_("remember"),
    "summary": N_("summary"),
}
"""The template's keys as the language in use writes them (English keeps the field names)."""
COMMENTS = {
    "questions": N_("asked, not answered yet: each opens an item"),
    "asked": N_("asked and answered on the spot"),
    "requests": N_("each opens an item"),
    "complaints": N_("each opens an item"),
    "promises": N_("each opens an item; '… by 2026-12-05' or '금요일까지': a due date"),
    "resolves": N_("items this moment closes, e.g. {ref}"),
    "remember": N_("never-forget facts to add to the profile"),
}


def key(field: str) -> str:
    """`summary` in English, `요약` in Korean."""
    return field if current() == "en" else _(KEYS[field])


def editor_template(profile: Profile, note: NoteInput, vocabulary: Vocabulary) -> str:
    """A commented YAML template, like `git commit`'s: lines starting with # are ignored.
    In Korean its keys, comments and channel are Korean (read back in either language)."""
    ratings = " · ".join(words.rating(score) for score in RATING_LABELS)
    lines = [
        "# " + _("Note for {name} ({id}). Lines starting with # are ignored.",
                 name=profile.name, id=profile.id),
        "# " + _("Write what happened under '{summary}'. An empty summary or an unchanged "
                 "file aborts.", summary=key("summary")),
        f"# {key('channel')}: {channel_choices()}",
        f"# {key('rating')}: {ratings}",
        "# " + _("{next}, {at}: 2026-12-03, +7d, tomorrow, next monday; {at} also takes "
                 "'yesterday 17:30'", next=key("next"), at=key("at")),
    ]  # fmt: skip
    if vocabulary.topics:
        lines.append(f"# {key('topics')}: {', '.join(vocabulary.topics)}")
    if vocabulary.materials:
        lines.append(f"# {key('materials')}: {', '.join(vocabulary.materials)}")
    values: dict[str, str] = {
        "channel": words.channel(note.channel),
        "rating": "" if note.rating is None else str(note.rating),
        "next": note.next_contact or "",
        "at": note.at or "",
        "topics": _flow(note.topics),
        "materials": _flow(note.materials),
    }
    for field in TEMPLATE_LISTS:
        values[field] = _flow(getattr(note, field))
    for field, value in values.items():
        comment = COMMENTS.get(field)
        said = f"  # {_(comment, ref=f'{profile.id}#3')}" if comment else ""
        lines.append(f"{key(field)}: {value}{said}")
    lines += [f"{key('summary')}: |", "  ", ""]
    return "\n".join(lines)


def _flow(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)


def read_template(text: str, original: str, note: NoteInput, path: Path) -> NoteInput:
    """The note a filled-in template describes; an unchanged or empty one aborts."""
    if text.strip() == original.strip():
        raise AbortedError(_("template unchanged: nothing written"))
    tree = yamlio.load(source_text(text.encode("utf-8"), path), path)
    written = yamlio.to_plain(tree) or {}
    if not isinstance(written, dict):
        raise DataError(_("the template is no longer a list of fields"), location=Location(path))
    fields = {name: name for name in KEYS} | {_(said): name for name, said in KEYS.items()}
    unknown = [str(k) for k in written if _key_form(k) not in fields]
    if unknown:
        raise UsageError(
            _("unknown field(s) in the template: {fields}", fields=", ".join(sorted(unknown)))
        )
    data = {fields[_key_form(k)]: value for k, value in written.items()}
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

    rating = _rating(data.get("rating"))
    check_rating(rating)
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


def _key_form(written: object) -> str:
    """A key as typed (`다음 접점`, `다음접점`, ` Summary `) in the form the table has."""
    text = unicodedata.normalize("NFC", str(written)).strip().casefold()
    spaced = {said.replace(" ", ""): said for said in (*KEYS, *map(_, KEYS.values()))}
    return spaced.get(text.replace(" ", ""), text)


def _rating(value: Any) -> Any:
    """`3`, `3 좋음` or `좋음` (`good`) as the score; anything else as written, for
    check_rating to name."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text[:1].isdigit() and (len(text) == 1 or text[1] == " "):
        return int(text[0])
    for score, label in words.RATINGS.items():
        if text.casefold() in (label, _(label).casefold()):
            return score
    return value
