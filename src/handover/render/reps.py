"""The team's reps as a table (`handover rep list`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from handover.core.reps import RepRow


def reps_table(rows: Sequence[RepRow]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("id", "name", "territory", "status", "customers", "open items"):
        numeric = column in ("customers", "open items")
        table.add_column(
            column, no_wrap=column != "territory", justify="right" if numeric else "left"
        )
    for row in rows:
        table.add_row(
            row.id,
            Text(row.name),
            Text(row.territory or "–"),
            Text(row.status, style="dim" if row.status == "left" else ""),
            str(row.customers),
            str(row.open_items),
        )
    return table
