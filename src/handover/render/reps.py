"""The team's reps as a table (`handover rep list`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from handover.domain import words
from handover.i18n import N_, _

if TYPE_CHECKING:
    from handover.core.reps import RepRow


def reps_table(rows: Sequence[RepRow]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    columns = (
        N_("id"), N_("name"), N_("territory"), N_("status"), N_("customers"), N_("open items")
    )  # fmt: skip
    for column in columns:
        numeric = column in ("customers", "open items")
        table.add_column(
            _(column), no_wrap=column != "territory", justify="right" if numeric else "left"
        )
    for row in rows:
        table.add_row(
            row.id,
            Text(row.name),
            Text(row.territory or "–"),
            Text(words.rep_status(row.status), style="dim" if row.status == "left" else ""),
            str(row.customers),
            str(row.open_items),
        )
    return table
