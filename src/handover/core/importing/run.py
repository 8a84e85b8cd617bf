"""`handover import`: read every file, plan every row, and write all of it or nothing.

Every bad row of every file is collected before anything is written, so one run names them
all. Writing creates and edits files and then makes one commit; if any write fails, the files
already written are put back as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handover.core.customers import derive_id
from handover.core.importing.activities import Activity, NoteChange, read_activity
from handover.core.importing.columns import (
    ACTIVITY_FIELDS,
    CUSTOMER_FIELDS,
    MapFile,
    is_activity_sheet,
    map_columns,
    read_map,
)
from handover.core.importing.plan import (
    Action,
    CustomerChange,
    Existing,
    apply_updates,
    new_profile_tree,
    profile_from_tree,
    profile_text,
    updates,
)
from handover.core.importing.rows import (
    Incoming,
    RepFinder,
    RowProblem,
    count_rows,
    normal,
    read_customer,
    same_name,
)
from handover.core.importing.sources import Sheet, read_sheets
from handover.core.schemas import profile_modeline
from handover.core.workspace import Workspace
from handover.domain.views import View
from handover.errors import HandoverError, ImportRefused, UsageError
from handover.format.fields import CUSTOMER_KINDS
from handover.format.files import read_bounded
from handover.format.layout import CUSTOMERS_DIR, PROFILE_FILE
from handover.format.profile import Profile
from handover.format.reader import read_profile
from handover.format.source import source_text
from handover.i18n import _

IDENTIFYING = {"name", "first_name", "last_name", "id", "source_id", "email", "mobile"}
"""A sheet needs one of these columns: a name to create a customer, or a way to find one."""


@dataclass(frozen=True)
class ImportOptions:
    encoding: str | None = None
    sheets: list[str] = field(default_factory=list)
    map_file: Path | None = None
    dry_run: bool = False
    skip_bad: bool = False
    owner: str | None = None
    kind: str = "other"


class ImportResult(View):
    """What an import did (or, with --dry-run, would do)."""

    dry_run: bool
    customers: list[CustomerChange]
    notes: list[NoteChange]
    skipped_bad: list[str]  # one line per bad cell
    skipped_rows: int = 0  # the rows they are in
    unused_columns: list[str]
    commit: str | None = None

    def count(self, action: str) -> int:
        return sum(1 for c in self.customers if c.action == action)


@dataclass
class _Plan:
    creates: list[tuple[Incoming, Profile, dict[str, Any]]] = field(default_factory=list)
    edits: list[tuple[Incoming, str, list[str]]] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    changes: list[CustomerChange] = field(default_factory=list)
    notes: list[NoteChange] = field(default_factory=list)


def _existing_profiles(ws: Workspace) -> dict[str, Profile]:
    """Every readable profile; a broken one is left out (check names it), never fatal.

    A plain file in a plain folder is read directly (resolving each path to prove it stays in
    the folder costs more than parsing it); a symlink anywhere takes the store's safe path.
    """
    profiles: dict[str, Profile] = {}
    base = ws.folder.customers_dir
    plain_base = not base.is_symlink()
    for customer_id in ws.folder.customer_ids():
        path = base / customer_id / PROFILE_FILE
        with contextlib.suppress(HandoverError):
            if plain_base and not (base / customer_id).is_symlink() and not path.is_symlink():
                shown = Path(CUSTOMERS_DIR, customer_id, PROFILE_FILE)
                source = source_text(read_bounded(path, shown), shown)
                profiles[customer_id] = read_profile(source, shown).valid()
            else:
                profiles[customer_id] = ws.folder.profile_model(customer_id)
    return profiles


def run_import(ws: Workspace, paths: list[Path], options: ImportOptions) -> ImportResult:
    if not paths:
        raise UsageError(_("name at least one file to import"))
    if options.kind not in CUSTOMER_KINDS:
        raise UsageError(_("--kind: one of {kinds}", kinds=", ".join(CUSTOMER_KINDS)))
    mapping = read_map(options.map_file) if options.map_file else None
    config = ws.folder.config()
    reps = RepFinder(config, mapping)
    default_owner = options.owner
    if default_owner is not None and reps.find(default_owner) is None:
        raise UsageError(_("--owner: unknown rep '{rep}'", rep=default_owner))
    if options.encoding is not None:
        import codecs

        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise UsageError(
                _("--encoding: unknown encoding '{encoding}'", encoding=options.encoding)
            ) from None
    problems: list[RowProblem] = []
    customer_sheets: list[Sheet] = []
    activity_sheets: list[Sheet] = []
    for path in paths:
        for sheet in read_sheets(path, encoding=options.encoding, sheets=options.sheets):
            if is_activity_sheet(sheet.headers, mapping):
                activity_sheets.append(sheet)
            else:
                customer_sheets.append(sheet)
    existing = Existing(_existing_profiles(ws))
    plan = _Plan()
    unused: list[str] = []
    found_owner = reps.find(default_owner) if default_owner else None
    owner_id = found_owner.id if found_owner else None
    for sheet in customer_sheets:
        columns = map_columns(sheet.headers, CUSTOMER_FIELDS, mapping)
        unused += [f"{sheet.file.name}: {h}" for h in columns.unknown]
        if not IDENTIFYING & set(columns.fields):
            problems.append(
                RowProblem(
                    sheet.place, 1, "-", _("no column of names (이름, 성명, 고객명, Name …)")
                )
            )
            continue
        if owner_id is None and "owner" not in columns.fields:
            owner_id = ws.current_rep(None).id
        for row in sheet.rows:
            incoming = read_customer(row, columns, reps, mapping, problems)
            if incoming is not None:
                _plan_customer(ws, incoming, existing, plan, problems, owner_id, options.kind)
    if activity_sheets:
        _plan_activities(ws, activity_sheets, existing, reps, mapping, plan, problems, unused)
    skipped = [str(p) for p in problems]
    if problems and not options.skip_bad:
        raise ImportRefused(skipped, rows=count_rows(problems))
    result = ImportResult(
        dry_run=options.dry_run,
        customers=plan.changes,
        notes=plan.notes,
        skipped_bad=skipped,
        skipped_rows=count_rows(problems),
        unused_columns=unused,
    )
    if options.dry_run:
        return result
    commit = _write(ws, plan, result, [p.name for p in paths])
    if commit is not None:
        from handover.index.db import refresh_if_built

        refresh_if_built(ws.folder)
    return result.model_copy(update={"commit": commit})


def _plan_customer(
    ws: Workspace,
    row: Incoming,
    existing: Existing,
    plan: _Plan,
    problems: list[RowProblem],
    owner: str | None,
    kind: str,
) -> None:
    claimed = existing.claimed
    found = existing.match(row)
    if found is not None:
        customer_id, how = found
        if customer_id in claimed:
            problems.append(
                RowProblem(
                    row.row.place,
                    row.row.number,
                    "-",
                    _(
                        "the same customer as {row} ({id}, by {how})",
                        row=claimed[customer_id],
                        id=customer_id,
                        how=_(how),
                    ),
                )
            )
            return
        profile = existing.profiles[customer_id]
        if how in ("email", "mobile") and row.name and not same_name(row.name, profile.name):
            # Two people can share a clinic's email or a mobile passed on: never merge them
            # silently. The id column says "this row is that customer" when it truly is.
            problems.append(
                RowProblem(
                    row.row.place,
                    row.row.number,
                    row.name_column,
                    _(
                        "matches {name} ({id}) by {how}, but the name differs — hint: fix the row, "
                        "or give it the id column",
                        name=profile.name,
                        id=customer_id,
                        how=_(how),
                    ),
                )
            )
            return
        claimed[customer_id] = row.where
        changed = updates(profile, row)
        note = None
        if row.owner is not None and row.owner != profile.owner:
            note = _(
                "owner stays {owner} (file says {given}): use `handover transfer`",
                owner=profile.owner,
                given=row.owner,
            )
        action: Action = "update" if changed else "skip"
        if changed:
            plan.edits.append((row, customer_id, changed))
        plan.changes.append(
            CustomerChange(
                action=action,
                customer=customer_id,
                name=profile.name,
                source=row.where,
                fields=changed,
                matched_by=how,
                note=note,
            )
        )
        return
    if not row.name:
        problems.append(
            RowProblem(row.row.place, row.row.number, row.name_column, _("the name is empty"))
        )
        return
    try:
        new_id = row.id or derive_id(row.name, existing.profiles.keys(), existing.suffixes)
    except UsageError as exc:
        problems.append(RowProblem(row.row.place, row.row.number, row.name_column, exc.message))
        return
    tree = new_profile_tree(row, new_id, row.owner or owner or "", kind)
    try:
        profile = profile_from_tree(tree)
    except ValueError as exc:
        problems.append(RowProblem(row.row.place, row.row.number, "-", str(exc)))
        return
    existing.profiles[new_id] = profile
    existing.remember(new_id, profile)
    claimed[new_id] = row.where
    plan.creates.append((row, profile, tree))
    fields = [k for k in tree if k not in ("id", "never_forget")] + (
        ["never_forget"] if row.memo else []
    )
    plan.changes.append(
        CustomerChange(
            action="create", customer=new_id, name=row.name, source=row.where, fields=fields
        )
    )


def _plan_activities(
    ws: Workspace,
    sheets: list[Sheet],
    existing: Existing,
    reps: RepFinder,
    mapping: MapFile | None,
    plan: _Plan,
    problems: list[RowProblem],
    unused: list[str],
) -> None:
    by_key: dict[str, list[str]] = {}
    for customer_id, profile in existing.profiles.items():
        for key in (customer_id, profile.name, profile.contacts.get("email")):
            if key:
                by_key.setdefault(normal(key), []).append(customer_id)
    owners = {cid: p.owner for cid, p in existing.profiles.items()}
    already: dict[str, set[tuple[str, str, str]]] = {}
    now = ws.now()
    for sheet in sheets:
        columns = map_columns(sheet.headers, ACTIVITY_FIELDS, mapping)
        unused += [f"{sheet.file.name}: {h}" for h in columns.unknown]
        for row in sheet.rows:
            activity = read_activity(row, columns, by_key, owners, reps, mapping, now, problems)
            if activity is None:
                continue
            moment = activity.moment
            seen = already.get(activity.customer)
            if seen is None:
                seen = already[activity.customer] = _note_keys(ws, activity.customer)
            note_key = (moment.at.isoformat(), moment.by, moment.summary)
            action = "skip" if note_key in seen else "create"
            seen.add(note_key)
            if action == "create":
                plan.activities.append(activity)
            plan.notes.append(
                NoteChange(
                    action=action,
                    customer=activity.customer,
                    at=moment.at,
                    by=moment.by,
                    channel=moment.channel,
                    summary=moment.summary,
                    source=row.where,
                )
            )


def _note_keys(ws: Workspace, customer_id: str) -> set[tuple[str, str, str]]:
    from handover.format.records import Moment

    if not ws.folder.has_customer(customer_id):
        return set()
    keys: set[tuple[str, str, str]] = set()
    for stored in ws.folder.records(customer_id):
        record = stored.record
        if isinstance(record, Moment):
            keys.add((record.at.isoformat(), record.by, record.summary))
    return keys


def _updater(row: Incoming, changed: list[str]) -> Callable[[Any], None]:
    return lambda tree: apply_updates(tree, row, changed)


def _write(ws: Workspace, plan: _Plan, result: ImportResult, names: list[str]) -> str | None:
    """Every file in one change (journalled, rolled back on any failure), one commit."""
    from handover.core.transaction import transaction

    folder = ws.folder
    parts = [
        f"{n} {label}"
        for n, label in (
            (result.count("create"), "created"),
            (result.count("update"), "updated"),
            (len(plan.activities), "notes"),
        )
        if n
    ]
    message = f"import: {', '.join(parts)} from {', '.join(names)}"
    with transaction(ws, message) as change, change.bulk():
        change.undone_message = "nothing imported, every file put back"
        for _row, profile, tree in plan.creates:
            text = profile_text(tree)
            if (modeline := profile_modeline(folder, profile.id)) is not None:
                text = f"{modeline}\n{text}"  # the same first line `handover add` writes
            folder.create_profile_text(profile, text)
        for row, customer_id, changed in plan.edits:
            folder.edit_profile(customer_id, _updater(row, changed))
        for activity in plan.activities:
            folder.write_record(activity.customer, activity.moment)
    return change.commit
