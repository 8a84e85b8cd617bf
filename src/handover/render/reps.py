"""The team's reps as a table (`handover rep list`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from handover.domain import words
from handover.i18n import _
from handover.render.tables import Column, Table

if TYPE_CHECKING:
    from handover.core.reps import RepRow


def reps_table(rows: Sequence[RepRow]) -> Table:
    """Ids and counts are never cut; the territory is free text and wraps (under its row when
    the terminal is narrow), so `International clinics (강남·송파)` is shown whole."""
    table = Table(
        [
            Column(_("id")),
            Column(_("name"), role="label"),
            Column(_("territory"), role="text"),
            Column(_("status")),
            Column(_("customers"), justify="right"),
            Column(_("open items"), justify="right"),
        ]
    )
    for row in rows:
        table.add(
            row.id,
            row.name,
            row.territory or "–",
            (words.rep_status(row.status), "dim" if row.status == "left" else ""),
            str(row.customers),
            str(row.open_items),
        )
    return table
