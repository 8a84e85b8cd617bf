"""What `handover import` shows: a table of every customer and note it touched."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from handover.core.importing.run import ImportResult

ACTION_STYLE = {"create": "green", "update": "yellow", "skip": "dim"}


def render_import(out: Console, result: ImportResult) -> None:
    would = "would be " if result.dry_run else ""
    if result.customers:
        table = Table(title=f"Customers ({'dry run' if result.dry_run else 'imported'})")
        for column in ("", "customer", "name", "row", "fields"):
            table.add_column(column)
        for change in result.customers:
            detail = ", ".join(change.fields) or (
                f"unchanged (matched by {change.matched_by})" if change.matched_by else ""
            )
            if change.note:
                detail += " · see below"
            table.add_row(
                Text(change.action, style=ACTION_STYLE[change.action]),
                Text(change.customer),
                Text(change.name),
                Text(change.source),
                Text(detail),
            )
        out.print(table)
    if result.notes:
        table = Table(title="Notes from activities")
        for column in ("", "customer", "at", "by", "channel", "summary", "row"):
            table.add_column(column)
        for note in result.notes:
            table.add_row(
                Text(note.action, style=ACTION_STYLE[note.action]),
                Text(note.customer),
                Text(f"{note.at:%Y-%m-%d %H:%M}"),
                Text(note.by),
                Text(note.channel),
                Text(note.summary),
                Text(note.source),
            )
        out.print(table)
    for change in result.customers:
        if change.note:
            out.print(Text(f"{change.customer}: {change.note}", style="yellow"))
    for line in result.skipped_bad:
        out.print(Text(f"skipped {line}", style="red"))
    if result.unused_columns:
        out.print(Text("columns not imported: " + "; ".join(result.unused_columns), style="dim"))
    notes = sum(1 for n in result.notes if n.action == "create")
    summary = (
        f"{result.count('create')} {would}created, {result.count('update')} {would}updated, "
        f"{result.count('skip')} unchanged, {notes} note(s) {would}written"
    )
    if result.skipped_bad:
        summary += f", {result.skipped_rows} bad row(s) skipped"
    if result.commit:
        summary += f" · commit {result.commit[:7]}"
    out.print(Text(summary))
