"""What one customer contributes to the index, read from its files (in two processes when
there are many: parsing is CPU-bound).

Per customer the index keeps a `Digest`: everything its summary needs that does not depend on
today. Ages and health are computed at query time by the same functions the file scan uses.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from handover.errors import UNREADABLE, DataError, HandoverError, Location
from handover.format.files import StoredRecord, read_bounded, read_bounded_stat
from handover.format.layout import CUSTOMERS_DIR, NOTES_DIR, PROFILE_FILE
from handover.format.profile import Profile
from handover.format.reader import field_line, read_profile, read_record
from handover.format.source import source_text
from handover.format.store import TeamFolder
from handover.format.validation import as_data_error
from handover.index.notes_key import NEVER, key_of, note_files, racy_from_now
from handover.index.search_text import gram_text
from handover.index.staleness import customer_stamp

if TYPE_CHECKING:
    from handover.domain.report.timeline import Timeline
    from handover.format.team_config import HealthSettings

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 400  # customers to read before a second process pays for itself
BATCH = 64

Progress = Callable[[int, int], None]
"""Called with (customers done, customers to do) while the index is being brought up to date."""


@dataclass(frozen=True)
class IndexedCustomer:
    """A customer as the index stores it, ready to insert."""

    id: str
    name: str
    kind: str
    organisation: str | None
    owner: str
    open_items: int
    item_owners: str
    last_rating: int | None
    plan: str | None
    last_day: str | None
    """The day of the last moment (what `list` shows and silence is counted from)."""
    health_inputs: str
    """JSON [[kind, opened day, due], ...] of the open items: with `last_rating`, `plan` and
    `last_day`, all health depends on besides today (`domain.health.health_percent`)."""
    open_item_rows: list[tuple[str, str]]
    """(holder, `ItemBase` JSON) of every open item: what `open` shows."""
    digest: str
    timeline: bytes
    """The report's compact history of the customer (`domain.report.timeline.dumps`)."""
    docs: list[tuple[str, str, str, int | None, str | None, str | None, str]]
    """(customer, kind, ref, ts, day, by, text) of every search document: the `docs` table's
    columns after its id, so a fresh build inserts them as they come (`fresh._insert`)."""
    grams: list[str]
    """The bigrams of each document (`search_text.gram_text`), in the order of `docs`."""
    unreadable: list[DataError] = field(default_factory=list)
    """Files of this customer left out (notes that cannot be read), as `check` names them."""
    notes_key: str = NEVER
    """The key of the notes this row was read from (`notes_key`)."""
    notes_part: str = '{"facts": [], "errors": []}'
    """JSON of what the profile's columns need from the notes: the facts they added
    (`remembered`) and the notes that could not be read (`error_dict`)."""


@dataclass(frozen=True)
class UnreadableCustomer:
    """A customer whose profile cannot be read: left out of the team views, with why."""

    id: str
    unreadable: list[DataError]


def read_customer(folder: TeamFolder, customer_id: str) -> IndexedCustomer | UnreadableCustomer:
    """Read one customer's files (fast paths, validated by the models) into an index row.

    A file that cannot be read does not stop the team: an unreadable note is left out of the
    row, an unreadable profile gives what can be read of it (so the customer and their open
    items stay in every view), and either is kept as a warning.
    """
    try:
        return _read_customer(folder, customer_id)
    except UNREADABLE as error:
        return UnreadableCustomer(customer_id, [as_data_error(error)])


def read_profile_part(folder: TeamFolder, customer_id: str) -> tuple[Any, list[DataError]]:
    """The customer's profile, or what can be read of it with why not."""
    try:
        return _read_profile(folder, customer_id), []
    except UNREADABLE as error:
        return _what_can_be_read(folder, customer_id), [as_data_error(error)]


def profile_doc(profile: Any, added: Sequence[str]) -> str:
    """The text search finds a customer's profile by (``added``: the facts records added)."""
    from handover.domain.views import never_forget_with
    from handover.format.profile import fact_text

    return "\n".join(
        part
        for part in (
            profile.name,
            profile.organisation,
            profile.role,
            *(fact_text(f) for f in never_forget_with(profile, added)),
            *profile.tags,
        )
        if part
    )


def _read_customer(folder: TeamFolder, customer_id: str) -> IndexedCustomer:
    from handover.domain.report import timeline
    from handover.domain.summary import digest
    from handover.domain.views import corrected_moments, remembered

    profile, unreadable = read_profile_part(folder, customer_id)
    profile_errors = len(unreadable)
    settings = health_settings(folder)
    records, notes_key = _read_records(folder, customer_id, unreadable, settings)
    added = remembered(records)
    moments = corrected_moments(records)  # once: the digest and the timeline need it too
    facts = digest(customer_id, records, moments)
    built = timeline.build(customer_id, records, moments)
    profile_text = profile_doc(profile, added)
    docs: list[tuple[str, str, str, int | None, str | None, str | None, str]] = [
        (customer_id, "profile", customer_id, None, None, None, profile_text)
    ]
    grams = [gram_text(profile_text)]
    for stored, moment, _ in moments:
        text = "\n".join((moment.summary, *moment.questions, *moment.topics))
        at = moment.at
        day = at.date().isoformat()
        docs.append((customer_id, "note", stored.id, int(at.timestamp()), day, moment.by, text))
        grams.append(gram_text(text))
    for item in facts.items:
        text = item.text if item.how is None else f"{item.text}\n{item.how}"
        at = item.opened_at
        day = at.date().isoformat()
        by = item.opened_by
        docs.append((customer_id, "item", item.ref, int(at.timestamp()), day, by, text))
        grams.append(gram_text(text))
    open_bases = [item for item in facts.items if item.status == "open"]
    inputs = [
        [i.kind, i.since.date().isoformat(), i.due.isoformat() if i.due else None]
        for i in open_bases
    ]
    return IndexedCustomer(
        id=customer_id,
        name=profile.name,
        kind=profile.kind,
        organisation=profile.organisation,
        owner=profile.owner,
        open_items=sum(1 for item in facts.items if item.status == "open"),
        item_owners=" "
        + " ".join(sorted({i.owner for i in facts.items if i.status == "open"}))
        + " ",
        last_rating=facts.last_rated.rating if facts.last_rated else None,
        plan=facts.plan.isoformat() if facts.plan else None,
        last_day=facts.last.at.date().isoformat() if facts.last else None,
        health_inputs=json.dumps(inputs),
        open_item_rows=[(item.owner, item.model_dump_json()) for item in open_bases],
        digest=facts.model_dump_json(),
        timeline=timeline.dumps(_with_health(settings, built)),
        docs=docs,
        grams=grams,
        unreadable=unreadable,
        notes_key=notes_key,
        notes_part=json.dumps(
            {"facts": added, "errors": [error_dict(e) for e in unreadable[profile_errors:]]}
        ),
    )


def health_settings(folder: TeamFolder) -> HealthSettings | None:
    """The team's health settings; None when the team file cannot be read."""
    try:
        return folder.config().health
    except HandoverError:
        return None


def settings_text(settings: HealthSettings | None) -> str:
    """The settings as part of the notes key (a timeline's health steps depend on them)."""
    return "none" if settings is None else settings.model_dump_json()


def _with_health(settings: HealthSettings | None, built: Timeline) -> Timeline:
    """The timeline with its health steps, by the team's health settings (none when the
    team file cannot be read: the report then scores each day from the timeline)."""
    from handover.domain.report.trends import health_steps

    return built if settings is None else health_steps(built, settings)


def _read_profile(folder: TeamFolder, customer_id: str) -> Profile:
    """A plain file in a plain folder is read without resolving its path (it cannot lead out:
    `safe` costs an lstat per part); a symlink on the way takes the store's safe path."""
    path = folder.customers_dir / customer_id / PROFILE_FILE
    if path.is_symlink() or path.parent.is_symlink():
        return folder.profile_model(customer_id)
    shown = Path(CUSTOMERS_DIR, customer_id, PROFILE_FILE)
    return read_profile(source_text(read_bounded(path, shown), shown), shown).valid()


def _what_can_be_read(folder: TeamFolder, customer_id: str) -> Any:
    """A broken profile's readable fields; its owner, name and kind from their own lines when
    the file does not parse at all, so the customer stays in its rep's book."""
    from handover.format.validation import lenient_profile

    try:
        profile, _problem = folder.readable_profile(customer_id)
    except UNREADABLE:  # not even readable by this user: the id, and what the notes say
        return lenient_profile({}, customer_id)
    if profile.owner != "unknown" and profile.name != customer_id:
        return profile
    lines: dict[str, Any] = {}
    with contextlib.suppress(OSError, *UNREADABLE):
        path = folder.customers_dir / customer_id / PROFILE_FILE
        source = source_text(read_bounded(path), path)
        for key in ("name", "kind", "owner", "organisation"):
            value = field_line(source, key)
            if value is not None:
                lines[key] = value
    if not lines:
        return profile
    return lenient_profile(profile.model_dump(exclude_defaults=True) | lines, customer_id)


def _read_records(
    folder: TeamFolder,
    customer_id: str,
    unreadable: list[DataError],
    settings: HealthSettings | None,
) -> tuple[list[StoredRecord], str]:
    """The customer's records and the key of the notes they were read from."""
    notes = folder.customers_dir / customer_id / NOTES_DIR
    if notes.is_symlink() or notes.parent.is_symlink():
        problems: list[HandoverError] = []
        records = folder.records(customer_id, problems)
        unreadable += [as_data_error(error) for error in problems]
        return records, NEVER
    racy_after = racy_from_now()
    reusable = True
    stamps: list[tuple[str, os.stat_result]] = []
    records = []
    for name, year_path, path_text, linked in note_files(str(notes), customer_id):
        opened = False
        try:
            if linked:
                records.append(folder.record(Path(path_text)))  # through the path check
                continue
            shown = year_path / name
            raw, status = read_bounded_stat(path_text, shown)
            opened = True
            stamps.append((f"{year_path.name}/{name}", status))
            source = source_text(raw, shown)
            record = read_record(source, shown).valid()
            records.append(StoredRecord(id=name[:-5], path=shown, record=record))
        except UNREADABLE as error:
            unreadable.append(as_data_error(error))
        finally:
            reusable = reusable and opened  # a file not opened has no stamp to compare
    key = key_of(settings_text(settings), stamps, racy_after) if reusable else NEVER
    return records, key


def error_dict(error: DataError) -> dict[str, Any]:
    where = error.location
    return {
        "path": str(where.path),
        "line": where.line,
        "column": where.column,
        "message": error.message,
        "field": error.field,
        "hint": error.hint,
    }


def error_from(item: dict[str, Any]) -> DataError:
    where = Location(Path(item["path"]), item["line"], item["column"])
    return DataError(item["message"], location=where, field=item["field"], hint=item["hint"])


def read_many(
    folder: TeamFolder, names: Sequence[str], jobs: int | None
) -> Iterator[IndexedCustomer | UnreadableCustomer | str]:
    """Customers read in two processes when there are many (parsing is CPU-bound); a name
    stands for a customer a worker could not read (the caller reads it again, to raise)."""
    return in_workers(folder, names, jobs, read_customer, _read_or_name)


Stamps = tuple[str, str, str]
"""(profile stamp, notes folder stamp, years) of a customer folder (`staleness.customer_stamp`)."""


def read_many_stamped(
    folder: TeamFolder, names: Sequence[str], racy_after: int, jobs: int | None
) -> Iterator[tuple[Stamps, IndexedCustomer | UnreadableCustomer | str]]:
    """`read_many`, each customer with the stamps of its folder taken just before its files
    are read (in the workers: a stamp is a few `stat`s, 0.6 s at 25,000 customers that the
    parent would spend alone before any worker starts)."""
    stamped = functools.partial(_stamped, racy_after, read_customer)
    in_worker = functools.partial(_stamped, racy_after, _read_or_name)
    return in_workers(folder, names, jobs, stamped, in_worker)


def _stamped(
    racy_after: int,
    read: Callable[[TeamFolder, str], R],
    folder: TeamFolder,
    name: str,
) -> tuple[Stamps, R]:
    stamps = customer_stamp(f"{folder.customers_dir}/{name}", None, racy_after)
    return stamps, read(folder, name)


def _read_or_name(folder: TeamFolder, name: str) -> IndexedCustomer | UnreadableCustomer | str:
    try:
        return read_customer(folder, name)
    except HandoverError:
        return name  # the parent reads it again and raises the real error


def in_workers(
    folder: TeamFolder,
    items: Sequence[T],
    jobs: int | None,
    work: Callable[[TeamFolder, T], R],
    in_worker: Callable[[TeamFolder, T], R] | None = None,
) -> Iterator[R]:
    """``work(folder, item)`` of every item in order, in two processes when there are many
    (``in_worker`` instead, there: an error must come back as a value)."""
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        for item in items:
            yield work(folder, item)
        return
    from handover.index.workers import in_processes

    task = in_worker or work
    chunks = [(task, items[i : i + BATCH]) for i in range(0, len(items), BATCH)]
    initargs = (str(folder.root),)
    for batch in in_processes(
        _run_batch, chunks, jobs=jobs, initializer=_init_worker, initargs=initargs
    ):
        yield from batch


_worker_folder: TeamFolder | None = None


def _init_worker(root: str) -> None:
    global _worker_folder
    _worker_folder = TeamFolder(Path(root))
    gc.freeze()  # what the worker was forked with lives to its end: never walk it again


def _run_batch(batch: tuple[Callable[[TeamFolder, T], R], Sequence[T]]) -> list[R]:
    """One batch, with the cyclic collector off: each customer makes tens of thousands of
    small objects that reference counting frees, and the collector walking them cost a
    sixth of a worker's time. It runs again between batches, for any cycle left."""
    assert _worker_folder is not None
    work, items = batch
    gc.disable()
    try:
        return [work(_worker_folder, item) for item in items]
    finally:
        gc.enable()
