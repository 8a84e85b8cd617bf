"""What `handover import` shows: a table of every customer and note it touched."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from handover.core.importing.run import ImportResult
from handover.domain import words
from handover.i18n import N_, _
from handover.render.tables import Column, Table, print_table

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
        out.print(Text(_("Customers (dry run)") if dry else _("Customers (imported)"), "bold"))
        table = Table(
            [
                Column(""),
                Column(_("customer")),
                Column(_("name"), role="label"),
                Column(_("row")),
                Column(_("fields"), role="text"),
            ]
        )
        for change in result.customers:
            detail = ", ".join(field_label(f) for f in change.fields) or (
                _("unchanged (matched by {how})", how=_(change.matched_by))
                if change.matched_by
                else ""
            )
            if change.note:
                detail += " · " + _("see below")
            table.add(
                (_(ACTIONS[change.action]), ACTION_STYLE[change.action]),
                change.customer,
                change.name,
                change.source,
                detail,
            )
        print_table(out, table)
    if result.notes:
        out.print(Text(_("Notes from activities"), "bold"))
        table = Table(
            [
                Column(""),
                Column(_("customer")),
                Column(_("at")),
                Column(_("by")),
                Column(_("channel")),
                Column(_("summary"), role="text"),
                Column(_("row")),
            ]
        )
        for note in result.notes:
            table.add(
                (_(ACTIONS[note.action]), ACTION_STYLE[note.action]),
                note.customer,
                f"{note.at:%Y-%m-%d %H:%M}",
                note.by,
                words.channel(note.channel),
                note.summary,
                note.source,
            )
        print_table(out, table)
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
