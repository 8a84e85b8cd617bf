"""Moving customers between reps: all or nothing, history kept, one commit for the batch.

Every moved customer gets a `transfer` record (from, to, reason, who, when) and its profile's
``owner`` is changed by a round-trip edit that keeps the person's comments and key order.
Every customer is checked before anything is written; if one cannot move, nothing changes.
If a write or the commit fails half-way, the files already written are put back.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError
from ruamel.yaml.scalarstring import ScalarString

from handover.core.names import resolve_customer
from handover.core.transaction import transaction
from handover.core.transfer_plan import Wanted, refusal, rep_or_fail
from handover.core.workspace import Workspace
from handover.domain.ownership import last_transfer
from handover.domain.reps import find_rep
from handover.domain.views import View, item_states
from handover.errors import (
    AmbiguousError,
    ExitCode,
    HandoverError,
    NotFoundError,
    Refusal,
    TransferRefused,
    UsageError,
)
from handover.format import yamlio
from handover.format.note_file import record_to_yaml
from handover.format.profile import Profile
from handover.format.records import Transfer
from handover.format.store import TeamFolder
from handover.format.team_config import Rep, TeamConfig
from handover.format.validation import option_error
from handover.i18n import N_, _

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


# --- checking everything first --------------------------------------------------------------


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
            refusals.append(refusal(label, error))
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
