"""Moving customers between reps: all or nothing, history kept, one commit for the batch.

Every moved customer gets a `transfer` record (from, to, reason, who, when) and its profile's
``owner`` is changed by a round-trip edit that keeps the person's comments and key order.
Every customer is checked before anything is written; if one cannot move, nothing changes.
If a write or the commit fails half-way, the files already written are put back.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError
from ruamel.yaml.scalarstring import ScalarString

from handover.core.customers import resolve_customer
from handover.core.transaction import transaction
from handover.core.workspace import Workspace
from handover.domain.ownership import last_transfer
from handover.domain.reps import find_rep
from handover.domain.text import match_form
from handover.domain.views import ItemState, View, item_states
from handover.errors import (
    AmbiguousError,
    DataError,
    ExitCode,
    HandoverError,
    Location,
    NotFoundError,
    NotReadyError,
    Refusal,
    TransferRefused,
    UsageError,
)
from handover.format import yamlio
from handover.format.models import Assignment, Profile, Rep, TeamConfig, Transfer
from handover.format.store import TeamFolder, option_error, read_bounded, record_to_yaml
from handover.i18n import N_, _

# --- what was asked -------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """One customer to move, as the person named it, and where they named it (for errors)."""

    query: str
    to: str
    reason: str | None = None
    where: str | None = None  # 'plan.csv:4' for a plan row


# --- what will happen -----------------------------------------------------------------------


class Move(View):
    """One customer's move: the record written and the change to its profile."""

    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    customer: str
    name: str
    from_: str = Field(alias="from")
    to: str
    reason: str | None
    profile: str
    note: str | None  # the record's file; None until written (a dry run)
    diff: list[str]  # the profile's unified diff; empty when the owner is already right
    items: list[str] = Field(default_factory=list)  # open items that follow the customer


class TransferResult(View):
    moves: list[Move]
    by: str
    at: dt.datetime
    dry_run: bool
    message: str
    commit: str | None = None
    config_diff: list[str] = Field(default_factory=list)  # `rep leave`: handover.yaml's diff


@dataclass(frozen=True)
class _Planned:
    customer_id: str
    name: str
    from_rep: str
    to: str
    reason: str | None
    items: tuple[str, ...] = ()  # open items the move gives to `to` (derived from the record)


# --- selecting ------------------------------------------------------------------------------


def rep_or_fail(config: TeamConfig, rep_id: str, role: str) -> Rep:
    rep = config.rep(rep_id)
    if rep is None:
        known = ", ".join(r.id for r in config.reps) or "none yet"
        raise NotFoundError(
            _("unknown rep '{rep}' for {role} (known: {known})", rep=rep_id, role=role, known=known)
        )
    return rep


def _normal(text: str) -> str:
    return match_form(text).strip()


def book_of(
    ws: Workspace,
    from_rep: str,
    to: str,
    *,
    territory: str | None = None,
    kind: str | None = None,
    reason: str | None = None,
) -> list[Wanted]:
    """Every customer ``from_rep`` owns (of a kind, with a territory tag): one batch.

    A profile that cannot be read stops the batch: whether it belongs to the book is unknown,
    and a book moved without it would be half a book.
    """
    folder = ws.folder
    rep_or_fail(folder.config(), from_rep, "--from")
    wanted: list[Wanted] = []
    unreadable: list[Refusal] = []
    for customer_id in folder.customer_ids():
        try:
            profile = folder.profile(customer_id).profile
        except HandoverError as error:
            unreadable.append(_refusal(customer_id, error))
            continue
        if profile.owner != from_rep or (kind and profile.kind != kind):
            continue
        if territory and _normal(territory) not in {_normal(tag) for tag in profile.tags}:
            continue
        wanted.append(Wanted(customer_id, to, reason))
    if unreadable:
        raise TransferRefused(unreadable, len(wanted) + len(unreadable))
    if not wanted:
        filters = [f"of kind {kind}" if kind else "", f"tagged '{territory}'" if territory else ""]
        detail = " ".join(f for f in filters if f)
        raise NotFoundError(
            f"{from_rep} owns no customers{' ' + detail if detail else ''}: nothing to transfer",
            hint="a customer's territory is one of its tags, e.g. tags: [강남구]"
            if territory
            else "see `handover list --rep " + from_rep + "`",
        )
    return wanted


def read_plan(path: Path, reason: str | None) -> list[Wanted]:
    """A plan of who goes to whom: CSV (customer,to[,reason]) or YAML (a mapping or a list)."""
    try:
        raw = read_bounded(path)  # a regular file of at most 1 MB: not /dev/zero, not a FIFO
    except OSError as exc:
        raise NotFoundError(
            _("cannot read the plan {path}: {reason}", path=path, reason=exc.strerror)
        ) from None
    source = yamlio.decode(raw, path)  # UTF-8 only, with a hint for Excel's CP949
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_plan(source, path)
    elif path.suffix.lower() in (".csv", ".txt"):
        rows = _csv_plan(source.text, path)
    else:
        raise UsageError(_("a plan is a .csv or .yaml file, not '{name}'", name=path.name))
    if not rows:
        raise UsageError(_("the plan {path} names no customers", path=path))
    return [
        Wanted(query=q, to=to, reason=own or reason, where=f"{path.name}:{line}")
        for q, to, own, line in rows
    ]


def _csv_plan(text: str, path: Path) -> list[tuple[str, str, str | None, int]]:
    lines = list(csv.reader(io.StringIO(text)))
    header = [_normal(cell) for cell in lines[0]] if lines else []
    if "customer" not in header or "to" not in header:
        raise DataError(
            "the first line must name the columns: customer,to (and optionally reason)",
            location=Location(path, 1),
            hint="e.g. customer,to,reason / 김민수,sylee,territory split",
        )
    at: dict[str, int] = {
        name: header.index(name) for name in ("customer", "to", "reason") if name in header
    }
    rows: list[tuple[str, str, str | None, int]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            index = at.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if not cell("customer") or not cell("to"):
            raise DataError(_("a row needs a customer and a rep"), location=Location(path, number))
        rows.append((cell("customer"), cell("to"), cell("reason") or None, number))
    return rows


def _yaml_plan(source: yamlio.SourceText, path: Path) -> list[tuple[str, str, str | None, int]]:
    tree = yamlio.load(source, path)
    rows: list[tuple[str, str, str | None, int]] = []
    if isinstance(tree, dict):  # 김민수: sylee
        for key, value in tree.items():
            line = yamlio.position(tree, (key,))[0] or 0
            if not isinstance(value, str):
                raise DataError(
                    _("expected a rep id"), location=Location(path, line), field=str(key)
                )
            rows.append((str(key), value.strip(), None, line))
        return rows
    if isinstance(tree, list):  # - {customer: 김민수, to: sylee, reason: …}
        for index, entry in enumerate(tree):
            line = yamlio.position(tree, (index,))[0] or 0
            plain = yamlio.to_plain(entry)
            if (
                not isinstance(plain, dict)
                or not isinstance(plain.get("customer"), str)
                or not isinstance(plain.get("to"), str)
                or set(plain) - {"customer", "to", "reason"}
            ):
                raise DataError(
                    _("each entry needs customer: and to: (and optionally reason:)"),
                    location=Location(path, line),
                )
            rows.append((plain["customer"], plain["to"], plain.get("reason"), line))
        return rows
    raise DataError(
        _(
            "a plan is a mapping (customer: rep) or a list of {entry}",
            entry="{customer, to, reason}",
        ),
        location=Location(path, 1),
    )


# --- checking everything first --------------------------------------------------------------


def _refusal(customer: str, error: HandoverError) -> Refusal:
    why = str(error) if isinstance(error, DataError) else error.message
    return Refusal(customer=customer, why=why, exit_code=int(error.exit_code))


def _target(config: TeamConfig, query: str) -> tuple[Rep | None, str | None]:
    """The rep a plan row's `to` names (id, name, part, initials, as every rep option takes)
    or None and why not (unknown, or which reps an ambiguous part matches)."""
    try:
        return find_rep(config.reps, query, "to"), None
    except AmbiguousError as error:
        return None, error.message
    except NotFoundError:
        return None, _("'{rep}' is not a rep of the team", rep=query)


def plan_moves(ws: Workspace, wanted: Sequence[Wanted], *, from_rep: str | None) -> list[_Planned]:
    """Check every customer before anything is written; refuse the batch if one cannot move."""
    folder = ws.folder
    config = folder.config()
    if from_rep is not None:
        rep_or_fail(config, from_rep, "--from")
    planned: list[_Planned] = []
    refusals: list[Refusal] = []
    seen: dict[str, str] = {}
    bad_targets: dict[str, list[str]] = {}
    target_why: dict[str, str] = {}
    for want in wanted:
        label = f"{want.where}: {want.query}" if want.where else want.query
        target, why_not = _target(config, want.to)
        if target is None or target.status == "left":
            bad_targets.setdefault(want.to, []).append(label)
            target_why[want.to] = why_not or _("{rep} has left the team", rep=want.to)
            continue
        want = replace(want, to=target.id)
        try:
            customer_id = resolve_customer(folder, want.query)
            if customer_id != want.query:
                label = f"{label} ({customer_id})"
            profile: Profile = folder.profile(customer_id).profile
            records = folder.records(customer_id)
        except HandoverError as error:
            refusals.append(_refusal(label, error))
            continue
        except OSError as error:
            why = _(
                "cannot read {what}: {reason}",
                what=error.filename or _("its files"),
                reason=error.strerror or error,
            )
            refusals.append(Refusal(customer=label, why=why, exit_code=int(ExitCode.STATE)))
            continue
        label = f"{profile.name} ({customer_id})"
        if customer_id in seen:
            refusals.append(
                Refusal(customer=label, why=_("named twice ({first})", first=seen[customer_id]))
            )
            continue
        seen[customer_id] = want.where or want.query
        if from_rep is not None and profile.owner != from_rep:
            why = _("owned by {owner}, not {rep}", owner=profile.owner, rep=from_rep)
            refusals.append(Refusal(customer=label, why=why))
            continue
        last = last_transfer(records)
        source = profile.owner
        if profile.owner == want.to:
            if last is None or last.to == want.to:
                refusals.append(
                    Refusal(customer=label, why=_("already owned by {rep}", rep=want.to))
                )
                continue
            source = last.to  # owner edited by hand: record the move the history misses
        following = tuple(
            item.ref
            for item in item_states(customer_id, records, ws.today())
            if item.status == "open" and item.owner != want.to
        )
        planned.append(_Planned(customer_id, profile.name, source, want.to, want.reason, following))
    for rep_id, labels in bad_targets.items():
        shown = ", ".join(labels[:5])
        if len(labels) > 5:
            shown = _("{shown} and {count} more", shown=shown, count=len(labels) - 5)
        why = _("cannot go to {rep}: {why}", rep=rep_id, why=target_why[rep_id])
        refusals.insert(0, Refusal(customer=shown, why=why))
    if refusals:
        raise TransferRefused(refusals, len(wanted))
    return planned


# --- writing, all or nothing ----------------------------------------------------------------


def set_owner(new_owner: str) -> Callable[[Any], None]:
    """A round-trip change of ``owner:`` that keeps its comment and its quoting."""

    def change(tree: Any) -> None:
        old = tree.get("owner")
        tree["owner"] = type(old)(new_owner) if isinstance(old, ScalarString) else new_owner

    return change


def preview(folder: TeamFolder, path: Path, change: Callable[[Any], None]) -> list[str]:
    """The unified diff a round-trip edit would make, computed without writing."""
    file = folder.load_file(path)
    before = file.source.text
    change(file.tree)
    after = yamlio.dump(file.tree, yamlio.guess_indent(before))
    shown = str(folder.relative(path))
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
            n=1,
        )
    ]


def write_batch(
    ws: Workspace,
    planned: Sequence[_Planned],
    *,
    by: str,
    at: dt.datetime,
    message: str,
    extra: Sequence[tuple[Path, Callable[[Any], None]]] = (),
) -> list[Move]:
    """Write every record and profile (and ``extra`` edits) in the open change, which commits
    them once; on any failure, the commit's included, every file is put back as it was."""
    folder = ws.folder
    moves: list[Move] = []
    with transaction(ws, message) as change:
        change.message = message
        change.undone_message = _(ROLLED_BACK)
        for path, edit in extra:
            folder.edit_yaml(path, TeamConfig, edit)
        for plan in planned:
            record = _record(plan, by, at)
            profile_path = folder.profile_path(plan.customer_id)
            diff = preview(folder, profile_path, set_owner(plan.to))
            note = folder.write_record(plan.customer_id, record)
            folder.edit_profile(plan.customer_id, set_owner(plan.to))
            moves.append(_move(folder, plan, profile_path, note, diff))
    return moves


ROLLED_BACK = N_("nothing transferred, every file put back")


def _record(plan: _Planned, by: str, at: dt.datetime) -> Transfer:
    data = {"kind": "transfer", "at": at, "by": by, "from": plan.from_rep, "to": plan.to}
    if plan.reason:
        data["reason"] = plan.reason
    try:
        return Transfer.model_validate(data)
    except ValidationError as exc:
        raise option_error(exc) from None


def _move(
    folder: TeamFolder, plan: _Planned, profile: Path, note: Path | None, diff: list[str]
) -> Move:
    return Move.model_validate(
        {
            "customer": plan.customer_id,
            "name": plan.name,
            "from": plan.from_rep,
            "to": plan.to,
            "reason": plan.reason,
            "profile": str(folder.relative(profile)),
            "note": str(folder.relative(note)) if note else None,
            "diff": diff,
            "items": list(plan.items),
        }
    )


def commit_message(planned: Sequence[_Planned], title: str | None = None) -> str:
    """'transfer: 김민수 jpark → sylee', or a count with every customer listed in the body."""
    if title is None:
        if len(planned) == 1:
            only = planned[0]
            title = f"transfer: {only.name} {only.from_rep} → {only.to}"
        else:
            sources = sorted({p.from_rep for p in planned})
            targets: dict[str, int] = {}
            for plan in planned:
                targets[plan.to] = targets.get(plan.to, 0) + 1
            to = ", ".join(f"{rep} ({count})" for rep, count in sorted(targets.items()))
            if len(targets) == 1:
                to = next(iter(targets))
            title = f"transfer: {len(planned)} customers {', '.join(sources)} → {to}"
    body = [f"- {p.name} ({p.customer_id}): {p.from_rep} → {p.to}" for p in planned]
    reasons = sorted({p.reason for p in planned if p.reason})
    if len(reasons) == 1:
        body.append(f"\nReason: {reasons[0]}")
    return "\n\n".join([title, "\n".join(body)]) if len(planned) > 1 or reasons else title


def who(ws: Workspace, by: str | None) -> Rep:
    rep = ws.current_rep(by)
    if rep.status == "left":
        raise UsageError(_("rep '{rep}' has left the team and cannot move customers", rep=rep.id))
    return rep


def transfer(
    ws: Workspace,
    wanted: Sequence[Wanted],
    *,
    from_rep: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> TransferResult:
    """`handover transfer`: check every customer, then move them all in one commit."""
    if dry_run:
        return _transfer(ws, wanted, from_rep=from_rep, by=by, dry_run=True)
    with transaction(ws) as change:  # plan under the lock: no one moves them meanwhile
        done = _transfer(ws, wanted, from_rep=from_rep, by=by, dry_run=False)
    return done.model_copy(update={"commit": change.commit})


def _transfer(
    ws: Workspace,
    wanted: Sequence[Wanted],
    *,
    from_rep: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> TransferResult:
    """`handover transfer`: check every customer, then move them all in one commit."""
    if not wanted:
        raise UsageError(_("name the customers to move, or --from REP, or --plan FILE"))
    actor = who(ws, by)
    planned = plan_moves(ws, wanted, from_rep=from_rep)
    at = ws.now().replace(microsecond=0)
    message = commit_message(planned)
    if dry_run:
        return TransferResult(
            moves=dry_moves(ws.folder, planned),
            by=actor.id,
            at=at,
            dry_run=True,
            message=message,
        )
    moves = write_batch(ws, planned, by=actor.id, at=at, message=message)
    return TransferResult(moves=moves, by=actor.id, at=at, dry_run=False, message=message)


def dry_moves(folder: TeamFolder, planned: Sequence[_Planned]) -> list[Move]:
    return [
        _move(
            folder,
            plan,
            folder.profile_path(plan.customer_id),
            None,
            preview(folder, folder.profile_path(plan.customer_id), set_owner(plan.to)),
        )
        for plan in planned
    ]


def record_text(move: Move, by: str, at: dt.datetime) -> str:
    """The YAML of the record a move writes (for the dry run's listing)."""
    plan = _Planned(move.customer, move.name, move.from_, move.to, move.reason)
    return record_to_yaml(_record(plan, by, at))


# --- a rep leaves ---------------------------------------------------------------------------


def mark_left(rep_id: str) -> Callable[[Any], None]:
    """Set `status: left` on the rep in handover.yaml, keeping comments and key order."""

    def change(tree: Any) -> None:
        for entry in tree.get("reps") or []:
            if entry.get("id") == rep_id:
                if "status" in entry:
                    old = entry["status"]
                    entry["status"] = type(old)("left") if isinstance(old, ScalarString) else "left"
                else:
                    keys = list(entry)
                    after = next(
                        (k for k in ("territory", "email", "name", "id") if k in keys), keys[-1]
                    )
                    entry.insert(keys.index(after) + 1, "status", "left")
                return

    return change


class LeaveResult(TransferResult):
    rep: str
    successor: str
    readiness: int | None  # the book's score; None when the rep owned nothing
    forced: bool
    reassigned: list[str] = Field(default_factory=list)  # items held on others' customers


def leave(
    ws: Workspace,
    rep_id: str,
    successor: str,
    *,
    force: bool = False,
    minimum: int | None = None,
    reason: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> LeaveResult:
    """`handover rep leave`: mark the rep as left and move what they own, in one commit,
    only once the book is ready (or with --force)."""
    arguments: dict[str, Any] = {"force": force, "minimum": minimum, "reason": reason, "by": by}
    if dry_run:
        return _leave(ws, rep_id, successor, dry_run=True, **arguments)
    with transaction(ws) as change:
        done = _leave(ws, rep_id, successor, dry_run=False, **arguments)
    return done.model_copy(update={"commit": change.commit})


def _leave(
    ws: Workspace,
    rep_id: str,
    successor: str,
    *,
    force: bool = False,
    minimum: int | None = None,
    reason: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> LeaveResult:
    """`handover rep leave`: mark the rep as left and move what they own, in one commit,
    only once the book is ready (or with --force)."""
    from handover.core.book import Book, Entry
    from handover.core.readiness import assess_book

    folder = ws.folder
    config = folder.config()
    rep = rep_or_fail(config, rep_id, "rep leave")
    heir = rep_or_fail(config, successor, "--successor")
    if heir.id == rep.id:
        raise UsageError(_("a rep cannot be their own successor"))
    if heir.status == "left":
        raise UsageError(_("the successor {rep} has left the team", rep=heir.id))
    actor = who(ws, by)
    owned: list[Entry] = []
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile  # an unreadable profile stops here
        if profile.owner == rep.id:
            owned.append(Entry(profile, folder.records(customer_id)))
    if rep.status == "left" and not owned:
        raise UsageError(
            _("{rep} has left already and owns no customers: nothing to do", rep=rep.id)
        )
    wanted_score = config.readiness.pass_score if minimum is None else minimum
    book_score: int | None = None
    if owned:
        book = Book(scope=rep.id, rep=rep, entries=owned)
        ready = assess_book(book, config.readiness, config.health, ws.today())
        book_score = ready.score
        if ready.score < wanted_score and not force:
            raise NotReadyError(
                f"{rep.name} ({rep.id})'s book is not ready to hand over: readiness "
                f"{ready.score} is under {wanted_score} ({len(ready.customers)} customers, "
                f"{sum(1 for c in ready.customers if c.gaps)} with gaps)",
                hint=f"see `handover readiness --rep {rep.id}` and fill the gaps, "
                "or pass --force to hand over as it is",
            )
    why = reason or f"{rep.name} ({rep.id}) left the team"
    wanted = [Wanted(entry.profile.id, heir.id, why) for entry in owned]
    planned = plan_moves(ws, wanted, from_rep=rep.id) if wanted else []
    at = ws.now().replace(microsecond=0)
    title = f"rep leave: {rep.name} ({rep.id}) → {heir.name} ({heir.id})"
    if planned:
        title += f", {len(planned)} customer{'s' if len(planned) != 1 else ''}"
    message = commit_message(planned, title) if planned else title
    extra = [] if rep.status == "left" else [(folder.config_path, mark_left(rep.id))]
    common: dict[str, Any] = {
        "by": actor.id,
        "at": at,
        "message": message,
        "rep": rep.id,
        "successor": heir.id,
        "readiness": book_score,
        "forced": force and book_score is not None and book_score < wanted_score,
        "config_diff": [line for path, change in extra for line in preview(folder, path, change)],
    }
    held = held_elsewhere(ws, rep.id, {entry.profile.id for entry in owned})
    common["reassigned"] = [item.ref for item in held]
    if dry_run:
        return LeaveResult(moves=dry_moves(folder, planned), dry_run=True, **common)
    moves = write_batch(ws, planned, by=actor.id, at=at, message=message, extra=extra)
    for item in held:  # the book's own items follow its transfer records
        record = Assignment(
            kind="assign",
            at=at,
            by=actor.id,
            item=item.number,
            opened_in=item.opened_in,
            to=heir.id,
            reason=why,
        )
        folder.write_record(item.customer, record)
    return LeaveResult(moves=moves, dry_run=False, **common)


def held_elsewhere(ws: Workspace, rep_id: str, book: set[str]) -> list[ItemState]:
    """Open items a rep holds on customers outside their book (a promise made covering for
    a colleague): a leaving rep's successor takes them over with `assign` records."""
    from handover.core.summary import team_summaries

    return [
        item
        for summary in team_summaries(ws, with_open_items=True, items_for=rep_id)
        if summary.id not in book
        for item in summary.open_items
        if item.owner == rep_id
    ]
