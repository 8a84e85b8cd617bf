"""What `handover note` says back: the confirmation lines for people, the JSON for programs.

Imported by `note` on every run, so it stays light: no rich, no pydantic models of its own,
only the words and dates the lines need (tests/test_import.py watches note's start-up).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handover.domain import words
from handover.domain.dates import days_between
from handover.i18n import _

if TYPE_CHECKING:
    from handover.core.notes import Logged


def note_json(logged: Logged, where: Path) -> dict[str, Any]:
    """The `note --json` shape: the record written, where, and the items it opened/resolved."""
    return {
        "customer": logged.customer_id,
        "note": logged.path.stem,
        "path": str(where),
        "commit": logged.commit,
        "record": logged.moment.model_dump(mode="json"),
        "opened": [
            {"ref": ref, **item.model_dump(mode="json", exclude={"number", "owner"})}
            for ref, item in logged.opened
        ],
        "resolved": logged.resolved,
    }


def note_lines(logged: Logged, where: Path, today: dt.date) -> list[str]:
    """'Noted visit with 김민수 → …', then one line per item opened, resolved, fact remembered."""
    channel = words.channel(logged.moment.channel)
    noted = _("Noted {channel} with {name} → {path}", channel=channel, name=logged.name, path=where)
    if logged.commit:
        noted += " · " + _("commit {sha}", sha=logged.commit[:7])
    lines = [noted]
    for ref, item in logged.opened:
        opened = _("Opened: {ref} {kind}", ref=ref, kind=words.item_kind(item.kind))
        lines.append(opened + due_text(item.due, today))
    if logged.resolved:
        lines.append(_("Resolved: {refs}", refs=", ".join(logged.resolved)))
    if logged.remembered:
        lines.append(_("Remembered: {facts}", facts="; ".join(logged.remembered)))
    return lines


def due_text(due: dt.date | None, today: dt.date) -> str:
    """', due 2026-12-08 (in 7 days)': the date recorded, said back so the rep has seen it."""
    if due is None:
        return ""
    age = words.age(days_between(due, today))
    return _(", due {date} ({age})", date=due.isoformat(), age=age)
