"""Past activities (date, customer, summary, channel, rep) as notes dated when they happened.

Each row becomes a moment written by its rep at its date; a rep who has left may still be
the author of what they did. A row already in the customer's notes (same time, writer and
summary) is skipped, so importing the same sheet twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import ValidationError

from handover.core.importing.columns import ColumnMap, MapFile
from handover.core.importing.rows import RepFinder, RowProblem, normal
from handover.core.importing.sources import SourceRow
from handover.domain import dates
from handover.domain.views import View
from handover.format.channels import CHANNELS, IMPORT_CHANNEL_WORDS
from handover.format.records import Moment
from handover.i18n import _

_DOTTED_DATE = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})\.?(.*)$")


class NoteChange(View):
    """One activity row's effect: a note written, or skipped as already there."""

    action: str
    customer: str
    at: dt.datetime
    by: str
    channel: str
    summary: str
    source: str


@dataclass(frozen=True)
class Activity:
    row: SourceRow
    customer: str
    moment: Moment


def channel_of(value: str, mapping: MapFile | None) -> str | None:
    key = normal(value)
    table = {normal(k): v for k, v in (mapping.channels if mapping else {}).items()}
    found = table.get(key) or IMPORT_CHANNEL_WORDS.get(key) or key
    return found if found in CHANNELS else None


def read_time(value: str, now: dt.datetime) -> dt.datetime:
    """`2026-03-04`, `2026-03-04 14:30`, `2026.3.4` or `2026/03/04`: in the past only."""
    if match := _DOTTED_DATE.match(value.strip()):
        year, month, day, rest = match.groups()
        value = f"{int(year):04d}-{int(month):02d}-{int(day):02d}{rest}"
    return dates.parse_moment_time(value, now)


def read_activity(
    row: SourceRow,
    columns: ColumnMap,
    find_customer: dict[str, list[str]],
    owners: dict[str, str],
    reps: RepFinder,
    mapping: MapFile | None,
    now: dt.datetime,
    problems: list[RowProblem],
) -> Activity | None:
    """The note an activity row describes, or None (its problems appended)."""
    before = len(problems)

    def cell(name: str) -> str:
        header = columns.fields.get(name)
        return row.cells.get(header, "").strip() if header else ""

    def bad(name: str, message: str) -> None:
        problems.append(RowProblem(row.place, row.number, columns.fields.get(name, name), message))

    customer = cell("customer")
    found = find_customer.get(normal(customer), []) if customer else []
    if not customer:
        bad("customer", _("the customer is empty"))
    elif not found:
        bad(
            "customer",
            _("no customer '{customer}' in the folder or in this import", customer=customer),
        )
    elif len(set(found)) > 1:
        bad(
            "customer",
            _(
                "'{customer}' is {count} customers: use their ids",
                customer=customer,
                count=len(set(found)),
            ),
        )
    at: dt.datetime | None = None
    if not (when := cell("date")):
        bad("date", _("the date is empty"))
    else:
        try:
            at = read_time(when, now)
        except ValueError as exc:
            bad("date", str(exc))
    summary = cell("summary")
    if not summary:
        bad("summary", _("the summary is empty"))
    channel = "other"
    if value := cell("channel"):
        channel = channel_of(value, mapping) or ""
        if not channel:
            bad(
                "channel",
                _(
                    "unknown channel '{value}' (one of: {channels})",
                    value=value,
                    channels=", ".join(CHANNELS),
                ),
            )
    by: str | None = None
    if value := cell("rep"):
        rep = reps.find(value)
        by = rep.id if rep else None
        if rep is None:
            bad("rep", _("unknown rep '{value}'", value=value))
    if len(problems) > before or at is None:
        return None
    customer_id = found[0]
    data = {
        "kind": "moment",
        "at": at,
        "by": by or owners[customer_id],
        "channel": channel,
        "summary": summary,
    }
    try:
        moment = Moment.model_validate(data)
    except ValidationError as exc:
        bad("summary", str(exc.errors(include_url=False)[0]["msg"]))
        return None
    return Activity(row=row, customer=customer_id, moment=moment)
