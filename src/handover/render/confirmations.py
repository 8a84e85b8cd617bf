"""What the small write commands say back: `resolve`, `reopen`, `amend`, `item assign`,
`item due`, `rep leave`, `codeowners` and `schema --write`, as the lines people read and the
JSON programs read.

The commands print these and decide nothing about them. Light on purpose (no rich): a
confirmation is a few lines of words, and these commands run many times a day.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handover.domain import words
from handover.i18n import N_, _

if TYPE_CHECKING:
    from handover.core.amend import Amended
    from handover.core.codeowners import Written
    from handover.core.item_changes import ItemUpdate
    from handover.core.items import ItemChange
    from handover.core.leave import LeaveResult
    from handover.core.schemas import SchemasWritten

AMENDED_FIELDS = {
    "summary": N_("summary"),
    "channel": N_("channel"),
    "rating": N_("rating"),
    "next_contact": N_("next contact"),
}
"""What `amend` may correct, as its confirmation names it."""


def resolved_json(done: ItemChange, where: Path) -> dict[str, Any]:
    return {"resolved": done.item.ref, "path": str(where)}


def resolved_line(done: ItemChange) -> str:
    return _(
        "Resolved {ref} ({kind}: {text}) for {name}",
        ref=done.item.ref,
        kind=words.item_kind(done.item.kind),
        text=done.item.text,
        name=done.name,
    )


def reopened_line(done: ItemChange) -> str:
    kind = words.item_kind(done.item.kind)
    return _("Reopened {ref} ({kind}: {text})", ref=done.item.ref, kind=kind, text=done.item.text)


def amended_line(done: Amended) -> str:
    """'Corrected rating, summary of note …': the fields named in the reader's language."""
    fields = ", ".join(_(AMENDED_FIELDS[name]) for name in sorted(done.changes.model_fields_set))
    return _("Corrected {fields} of note {note}", fields=fields, note=done.note)


def item_update_json(done: ItemUpdate, where: Path) -> dict[str, Any]:
    """The `item assign --json` and `item due --json` shape: before and after, and why."""
    return {
        "ref": done.item.ref,
        "customer": done.customer,
        "kind": done.item.kind,
        "text": done.item.text,
        "before": done.before,
        "after": done.after,
        "reason": done.reason,
        "path": str(where),
        "commit": done.commit,
    }


def assigned_line(done: ItemUpdate) -> str:
    return _(
        "Assigned {ref} ({kind}: {text}) to {rep}, was {before}",
        ref=done.item.ref,
        kind=words.item_kind(done.item.kind),
        text=done.item.text,
        rep=done.after,
        before=done.before,
    )


def due_changed_line(done: ItemUpdate) -> str:
    return _(
        "{ref} ({kind}: {text}) is due {day}, was {before}",
        ref=done.item.ref,
        kind=words.item_kind(done.item.kind),
        text=done.item.text,
        day=done.after,
        before=done.before or _("no date"),
    )


def leave_lines(result: LeaveResult, *, dry_run: bool) -> list[str]:
    """After the transfer table: who is marked as left (and how ready), who holds what else."""
    lines = []
    if not dry_run:
        ready = (
            ""
            if result.readiness is None
            else " " + _("(readiness {score})", score=result.readiness)
        )
        forced = " " + _("— forced") if result.forced else ""
        marked = (
            _("{rep} is marked as left", rep=result.rep)
            if result.config_diff
            else _("{rep} had left already", rep=result.rep)
        )
        lines.append(
            _(
                "{marked}{ready}{forced}; successor {successor}",
                marked=marked,
                ready=ready,
                forced=forced,
                successor=result.successor,
            )
        )
    if result.reassigned:
        held = ", ".join(result.reassigned)
        lines.append(
            _("{rep} will hold {customers} (other customers)", rep=result.successor, customers=held)
            if dry_run
            else _(
                "{rep} now holds {customers} (other customers)",
                rep=result.successor,
                customers=held,
            )
        )
    return lines


def codeowners_json(done: Written, where: Path) -> dict[str, Any]:
    return {
        "path": str(where),
        "changed": done.changed,
        "assigned": done.assigned,
        "unassigned": done.unassigned,
        "commit": done.commit,
        "moved_below": done.moved_below,
    }


def codeowners_lines(done: Written, where: Path) -> list[str]:
    """What was written (or that nothing needed to be), and a block moved so that it wins."""
    lines = [
        _(
            "Wrote {path}: {count} customer folder(s) with a reviewer",
            path=where,
            count=done.assigned,
        )
        if done.changed
        else _(
            "Up to date: {path}: {count} customer folder(s) with a reviewer",
            path=where,
            count=done.assigned,
        )
    ]
    if done.moved_below:
        lines.append(
            "  "
            + _(
                "moved handover's block below {lines} line(s) of yours: on a git host the last "
                "matching line wins, so each customer's owner is asked to review",
                lines=done.moved_below,
            )
        )
    return lines


def codeowners_warnings(done: Written) -> list[tuple[str, str | None]]:
    """For stderr, each with its style: customers left without a reviewer, then what to do."""
    warnings: list[tuple[str, str | None]] = [
        (
            "  "
            + _("{count} customer(s) without a reviewer: {reason}", count=count, reason=reason),
            "yellow",
        )
        for reason, count in sorted(done.unassigned.items())
    ]
    if any("no handle" in reason for reason in done.unassigned):
        hint = _("hint: add `handle:` (git-host user name) to the rep in handover.yaml")
        warnings.append(("  " + hint, None))
    return warnings


def schemas_lines(done: SchemasWritten) -> list[str]:
    """`schema --write`: the schemas written and the files given a `$schema` line, or neither."""
    from handover.core.schemas import SCHEMA_DIR  # loaded already: the command just wrote them

    lines = []
    if not (done.schemas or done.documents):
        lines.append(_("Up to date: {folder}/ and every $schema line", folder=SCHEMA_DIR))
    if done.schemas:
        names = ", ".join(path.name for path in done.schemas)
        lines.append(_("Wrote {folder}/: {names}", folder=SCHEMA_DIR, names=names))
    if done.documents:
        lines.append(_("Added the $schema line to {count} file(s)", count=len(done.documents)))
    return lines


def schemas_skipped(done: SchemasWritten) -> list[str]:
    """For stderr, in yellow: the files that could not be given the `$schema` line, and why."""
    return [
        "  " + _("skipped {path}: {reason}", path=path, reason=reason)
        for path, reason in done.skipped
    ]
