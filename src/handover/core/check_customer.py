"""The rules `handover check` applies to each customer's notes together: links between
records, the owner the transfers lead to, and open items held by reps who have left."""

from __future__ import annotations

from handover.core.check_problems import Findings, Note
from handover.domain.ownership import chain
from handover.domain.views import item_bases
from handover.format.files import LoadedFile, StoredRecord
from handover.format.records import (
    Assignment,
    Correction,
    DueChange,
    Moment,
    Record,
    Reopening,
    Resolution,
    Transfer,
)
from handover.i18n import _


def check_links(findings: Findings, customer_id: str, notes: list[Note]) -> None:
    """Records that point at items or notes must point at ones that exist."""
    moments = {note_id for note_id, record, _ in notes if isinstance(record, Moment)}
    items = {
        (item.number, note_id)
        for note_id, record, _ in notes
        if isinstance(record, Moment)
        for item in record.opens
    }
    into = findings.link_problems
    for _note_id, record, file in notes:
        if file is None:
            continue  # read only to follow links; checked when its own path is
        links: list[tuple[tuple[str | int, ...], int, str]] = []
        if isinstance(record, Resolution | Reopening | Assignment | DueChange):
            links.append((("item",), record.item, record.opened_in))
        elif isinstance(record, Moment):
            links += [
                (("resolves", i, "item"), link.item, link.opened_in)
                for i, link in enumerate(record.resolves)
            ]
        for loc, number, opened_in in links:
            if (number, opened_in) not in items:
                findings.at(
                    file,
                    loc,
                    _(
                        "item #{number} opened in {note} does not exist",
                        number=number,
                        note=opened_in,
                    ),
                    hint=_(
                        "resolve items by their reference, e.g. `handover resolve {ref}`",
                        ref=f"{customer_id}#{number}",
                    ),
                    into=into,
                )
        if isinstance(record, Correction) and record.note not in moments:
            findings.at(
                file,
                ("note",),
                _("corrects a note that does not exist: {note}", note=record.note),
                hint=_("a correction names a moment of the same customer"),
                into=into,
            )


def check_ownership(
    findings: Findings, customer_id: str, file: LoadedFile, owner: str, notes: list[Note]
) -> None:
    """A profile's owner must be whom its last transfer moved it to."""
    found = [(r.at, n, r) for n, r, _ in notes if isinstance(r, Transfer)]
    moves = chain([move for *_, move in sorted(found, key=lambda m: m[:2])])
    if moves and moves[-1].to != owner:
        last = moves[-1]
        findings.at(
            file,
            ("owner",),
            _(
                "owner '{owner}' disagrees with the last transfer ({day}: {old} → {new})",
                owner=owner,
                day=last.at.date(),
                old=last.from_,
                new=last.to,
            ),
            hint=_(
                "record the move with `handover transfer {customer} --to {owner}`, "
                "or set owner back to '{new}'",
                customer=customer_id,
                owner=owner,
                new=last.to,
            ),
            into=findings.owner_problems,
        )


def check_holders(findings: Findings, customer_id: str, left: set[str], notes: list[Note]) -> None:
    """An open item held by a rep who has left is a promise nobody keeps."""
    where = findings.folder.customer_dir(customer_id)
    stored = [StoredRecord(note_id, where, record) for note_id, record, _ in notes]
    files = {note_id: file for note_id, _, file in notes}
    for item in item_bases(customer_id, stored):
        if item.status != "open" or item.owner not in left:
            continue
        file = files.get(item.opened_in)
        if file is None:
            continue  # checked when the note that opened it is
        findings.report(
            file.path,
            _(
                "open {kind} {ref} is held by {rep}, who has left the team",
                kind=_(item.kind),
                ref=item.ref,
                rep=item.owner,
            ),
            hint=_("give it to someone: `handover item assign {ref} --to REP`", ref=item.ref),
            into=findings.holder_problems,
        )


def links_out(record: Record) -> bool:
    """Whether a record points at other notes (so a partial check must read them)."""
    if isinstance(record, Moment):
        return bool(record.resolves)
    return isinstance(record, Resolution | Reopening | Correction | Assignment | DueChange)
