"""What a transfer was asked to move: one customer, a rep's book (filtered), or a plan file
(CSV or YAML) whose `to` column names reps as people write them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from handover.core.workspace import Workspace
from handover.domain.text import match_form
from handover.errors import (
    DataError,
    HandoverError,
    Location,
    NotFoundError,
    Refusal,
    TransferRefused,
    UsageError,
)
from handover.format import yamlio
from handover.format.files import read_bounded
from handover.format.source import SourceText, source_text
from handover.format.team_config import Rep, TeamConfig
from handover.i18n import _

# --- what was asked -------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """One customer to move, as the person named it, and where they named it (for errors)."""

    query: str
    to: str
    reason: str | None = None
    where: str | None = None  # 'plan.csv:4' for a plan row


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

    A profile that cannot be read stops the batch when it may be ``from_rep``'s (its owner
    reads as theirs, or cannot be read): a book moved without it would be half a book. Another
    rep's broken profile is only named.
    """
    folder = ws.folder
    rep_or_fail(folder.config(), from_rep, "--from")
    wanted: list[Wanted] = []
    unreadable: list[Refusal] = []
    for customer_id in folder.customer_ids():
        try:
            profile, problem = folder.readable_profile(customer_id)
        except HandoverError as error:
            unreadable.append(refusal(customer_id, error))
            continue
        if problem is not None:
            if profile.owner in (from_rep, "unknown"):
                unreadable.append(refusal(customer_id, problem))
            else:
                ws.left_out([problem])
            continue
        if profile.owner != from_rep or (kind and profile.kind != kind):
            continue
        if territory and _normal(territory) not in {_normal(tag) for tag in profile.tags}:
            continue
        wanted.append(Wanted(customer_id, to, reason))
    if unreadable:
        raise TransferRefused(unreadable, len(wanted) + len(unreadable))
    if not wanted:
        filters = [
            _("of kind {kind}", kind=kind) if kind else "",
            _("tagged '{tag}'", tag=territory) if territory else "",
        ]
        detail = " ".join(f for f in filters if f)
        raise NotFoundError(
            _(
                "{rep} owns no customers {detail}: nothing to transfer",
                rep=from_rep,
                detail=detail,
            )
            if detail
            else _("{rep} owns no customers: nothing to transfer", rep=from_rep),
            hint=_("a customer's territory is one of its tags, e.g. tags: [강남구]")
            if territory
            else _("see `handover list --rep {rep}`", rep=from_rep),
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
    source = source_text(raw, path)  # UTF-8 only, with a hint for Excel's CP949
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
            _("the first line must name the columns: customer,to (and optionally reason)"),
            location=Location(path, 1),
            hint=_("e.g. customer,to,reason / 김민수,sylee,territory split"),
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


def _yaml_plan(source: SourceText, path: Path) -> list[tuple[str, str, str | None, int]]:
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


def refusal(customer: str, error: HandoverError) -> Refusal:
    why = str(error) if isinstance(error, DataError) else error.message
    return Refusal(customer=customer, why=why, exit_code=int(error.exit_code))
