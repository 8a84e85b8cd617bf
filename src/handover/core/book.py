"""A book: the customers a handover is about, read once with their records.

Readiness and export both work on a book chosen by owner, by name, by who handed it over, or
the whole team. A file that cannot be read does not stop the handover: the customer (or the
note) is left out and named in `ws.unreadable`, which the command line prints as a warning
line per file; `--strict` makes that an error, for scripts that must not pack half a book.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from handover.core.last_good import readable_or_last_good
from handover.core.names import resolve_customer
from handover.core.workspace import Workspace
from handover.domain.ownership import last_transfer
from handover.domain.views import rep_label
from handover.errors import UNREADABLE, HandoverError, NotFoundError, UsageError
from handover.format.files import StoredRecord
from handover.format.profile import Profile
from handover.format.team_config import Rep
from handover.i18n import _, ngettext

Progress = Callable[[int, int], None]
"""Called with (done, total) as customers are read, so a CLI can draw a progress bar."""


@dataclass(frozen=True)
class Entry:
    profile: Profile
    records: list[StoredRecord]
    unparsable: HandoverError | None = None  # the file does not parse: facts as last committed
    rejected: Sequence[HandoverError] = ()  # it parses, but these fields were left out as invalid


@dataclass(frozen=True)
class Book:
    scope: str  # in words: "박지훈 (jpark, left)", "3 customers", "the whole team"
    rep: Rep | None
    entries: list[Entry]


def select_book(
    ws: Workspace,
    *,
    rep: str | None = None,
    customers: Sequence[str] = (),
    everyone: bool = False,
    handed_over_by: str | None = None,
    progress: Progress | None = None,
) -> Book:
    """The customers named, or owned by ``rep``, or handed over by a rep (their last transfer
    was from them), or everyone. ``rep`` and ``handed_over_by`` combine: what one rep got from
    another."""
    folder = ws.folder
    config = folder.config()
    chosen = sum(bool(x) for x in (rep or handed_over_by, customers, everyone))
    if chosen != 1:
        raise UsageError(
            _("choose the book: --rep REP, --from REP, named customers, or --all"),
            hint=_("e.g. --rep jpark, or --from jpark --rep sylee for what sylee got from jpark"),
        )
    owner = _rep(config.reps, rep, "--rep") if rep else None
    giver = _rep(config.reps, handed_over_by, "--from") if handed_over_by else None
    if customers:
        ids = list(dict.fromkeys(resolve_customer(folder, query) for query in customers))
    elif owner is not None:
        ids = _candidates_of(ws, owner.id)
    else:
        ids = folder.customer_ids()
    profiles: list[tuple[Profile, HandoverError | None, Sequence[HandoverError]]] = []
    for customer_id in ids:
        try:
            profile, problem, shown_from = readable_or_last_good(ws, customer_id)
        except UNREADABLE as error:  # left out, with a warning: the rest of the book goes on
            ws.left_out([error])
            continue
        if problem is not None:  # what can be read of it, named: its open items stay in sight
            ws.left_out([problem])
            if customers and shown_from is None:  # asked for by name: the file, not half of it
                continue
        rejected: Sequence[HandoverError] = ()
        if problem is not None and shown_from is None:  # each bad field, not only the first
            rejected = ws.folder.rejected_fields(customer_id) or (problem,)
        unparsable = problem if shown_from else None
        profiles.append((profile, unparsable, rejected))
    if owner is not None and not customers:
        profiles = [read for read in profiles if read[0].owner == owner.id]
    entries: list[Entry] = []
    for done, (profile, unparsable, rejected) in enumerate(profiles, start=1):
        unreadable: list[HandoverError] = []
        records = folder.records(profile.id, unreadable)
        ws.left_out(unreadable)
        if progress is not None:
            progress(done, len(profiles))
        if giver is not None:
            last = last_transfer(records)
            if last is None or last.from_ != giver.id:
                continue
        entries.append(Entry(profile, records, unparsable, rejected))
    scope = _scope(config.reps, owner, giver, len(entries), everyone)
    if not entries and ws.unreadable and (customers or everyone):
        raise ws.unreadable[0]  # the files asked for cannot be read: name them, not "empty"
    if not entries:
        hint = (
            _("to pack what {rep} handed over, use --from {rep}", rep=owner.id) if owner else None
        )
        raise NotFoundError(_("the book of {scope} is empty: no customers", scope=scope), hint=hint)
    return Book(scope=scope, rep=owner or giver, entries=entries)


def _candidates_of(ws: Workspace, owner: str) -> list[str]:
    """The customers that may be ``owner``'s: those the index says they own, and those with a
    file the index could not read (read again here, so they are named as before). Reading
    every profile to find one rep's book cost 18 s at 25,000 customers."""
    from handover.index.db import open_index

    index = open_index(ws.folder)
    wanted = {row[0] for row in index.summary_rows(rep=owner)}
    wanted |= {row[0] for row in index.db.execute("SELECT id FROM unreadable")}
    return [customer_id for customer_id in ws.folder.customer_ids() if customer_id in wanted]


def _rep(reps: Sequence[Rep], rep_id: str | None, option: str) -> Rep:
    found = next((r for r in reps if r.id == rep_id), None)
    if found is None:
        known = ", ".join(r.id for r in reps) or _("none yet")
        raise NotFoundError(
            _(
                "unknown rep '{rep}' for {role} (known: {known})",
                rep=rep_id,
                role=option,
                known=known,
            )
        )
    return found


def _scope(
    reps: Sequence[Rep], owner: Rep | None, giver: Rep | None, size: int, everyone: bool
) -> str:
    if giver is not None and owner is not None:
        return f"{rep_label(giver.id, reps)} → {rep_label(owner.id, reps)}"
    if giver is not None:
        return _("handed over by {rep}", rep=rep_label(giver.id, reps))
    if owner is not None:
        return rep_label(owner.id, reps)
    if everyone:
        return _("the whole team")
    return ngettext("{count} customer", "{count} customers", size)
