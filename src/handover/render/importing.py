"""What `handover import` shows: a table of every customer and note it touched."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from handover.core.importing.run import ImportResult
from handover.domain import words
from handover.i18n import N_, _

ACTION_STYLE = {"create": "green", "update": "yellow", "skip": "dim"}
ACTIONS = {"create": N_("create"), "update": N_("update"), "skip": N_("skip")}
FIELDS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "organisation": N_("organisation"),
    "role": N_("role"),
    "owner": N_("owner"),
    "contacts": N_("contacts"),
    "never_forget": N_("never forget"),
    "extra.source_id": N_("source id"),
}
"""A profile field as the plan's fields column names it (`이름, 유형, 소속`)."""


def field_label(field: str) -> str:
    """`organisation` → `소속`; `contacts.mobile` → `휴대폰`; a field of the team's own as is."""
    if field in FIELDS:
        return _(FIELDS[field])
    if field.startswith("contacts."):
        return words.contact_key(field.removeprefix("contacts."))
    return field


def render_import(out: Console, result: ImportResult) -> None:
    dry = result.dry_run
    if result.customers:
        table = Table(title=_("Customers (dry run)") if dry else _("Customers (imported)"))
        for column in ("", _("customer"), _("name"), _("row"), _("fields")):
            table.add_column(column)
        for change in result.customers:
            detail = ", ".join(field_label(f) for f in change.fields) or (
                _("unchanged (matched by {how})", how=_(change.matched_by))
                if change.matched_by
                else ""
            )
            if change.note:
                detail += " · " + _("see below")
            table.add_row(
                Text(_(ACTIONS[change.action]), style=ACTION_STYLE[change.action]),
                Text(change.customer),
                Text(change.name),
                Text(change.source),
                Text(detail),
            )
        out.print(table)
    if result.notes:
        table = Table(title=_("Notes from activities"))
        for column in ("", _("customer"), _("at"), _("by"), _("channel"), _("summary"), _("row")):
            table.add_column(column)
        for note in result.notes:
            table.add_row(
                Text(_(ACTIONS[note.action]), style=ACTION_STYLE[note.action]),
                Text(note.customer),
                Text(f"{note.at:%Y-%m-%d %H:%M}"),
                Text(note.by),
                Text(words.channel(note.channel)),
                Text(note.summary),
                Text(note.source),
            )
        out.print(table)
    for change in result.customers:
        if change.note:
            out.print(Text(f"{change.customer}: {change.note}", style="yellow"))
    for line in result.skipped_bad:
        out.print(Text(_("skipped {problem}", problem=line), style="red"))
    if result.unused_columns:
        unused = "; ".join(result.unused_columns)
        out.print(Text(_("columns not imported: {columns}", columns=unused), style="dim"))
    notes = sum(1 for n in result.notes if n.action == "create")
    counts = {
        "created": result.count("create"),
        "updated": result.count("update"),
        "unchanged": result.count("skip"),
        "notes": notes,
    }
    summary = (
        _("{created} would be created, {updated} would be updated, {unchanged} unchanged, "
          "{notes} note(s) would be written", **counts)
        if dry
        else _("{created} created, {updated} updated, {unchanged} unchanged, "
               "{notes} note(s) written", **counts)
    )  # fmt: skip
    if result.skipped_bad:
        summary += _(", {rows} bad row(s) skipped", rows=result.skipped_rows)
    if result.commit:
        summary += _(" · commit {commit}", commit=result.commit[:7])
    out.print(Text(summary))
