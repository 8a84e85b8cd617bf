"""`handover report`: how the team is doing, from the records, through the index.

Reads every customer's timeline from the index (refreshed first from whatever changed), and
hands them to the pure functions of `handover.domain.report`. `scan_report` does the same from the
files, the truth the index must agree with.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator, Sequence

from handover.core.summary import check_filters
from handover.core.workspace import Workspace
from handover.domain.report import timeline
from handover.domain.report.basics import CustomerLine, Granularity, default_since, parts
from handover.domain.report.items import Window, item_states, promises, recovery, response
from handover.domain.report.results import Report, Scope
from handover.domain.report.trends import contact, health_points, moments_in, ratings
from handover.errors import UsageError
from handover.format.team_config import TeamConfig
from handover.i18n import _

GRANULARITIES: tuple[Granularity, ...] = ("week", "month")
GRANULARITY_WORDS = {"주": "week", "주별": "week", "월": "month", "월별": "month", "달": "month"}
"""`--by 주` / `--by 월`: the Korean words the help shows (`[기본: 월]`)."""


def parse_day(option: str, text: str, today: dt.date) -> dt.date:
    """A report's end as people type it (`dates.parse_since`: 2026-11-01, 30d, 3일 전, 지난주
    월요일); a day after today is refused, as a report can only say what happened."""
    from handover.domain import dates

    try:
        return dates.parse_since(text, today)
    except ValueError as exc:
        message = str(exc).replace("--since", option)
        raise UsageError(_("{option}: {message}", option=option, message=message)) from None


def period(
    today: dt.date, since: str | None, until: str | None, by: str
) -> tuple[dt.date, dt.date, Granularity]:
    by = GRANULARITY_WORDS.get(by.strip(), by.strip().lower())
    if by not in GRANULARITIES:
        raise UsageError(_("--by {by}: use week or month", by=by))
    granularity: Granularity = "week" if by == "week" else "month"
    end = parse_day("--until", until, today) if until else today
    start = parse_day("--since", since, today) if since else default_since(end, granularity)
    if start > end:
        raise UsageError(_("--since {start} is after --until {end}", start=start, end=end))
    return start, end, granularity


def compute(
    config: TeamConfig,
    customers: Sequence[CustomerLine],
    *,
    rep: str | None,
    kind: str | None,
    since: dt.date,
    until: dt.date,
    by: Granularity,
) -> Report:
    """Every figure of the report, from the customers' timelines."""
    cut = parts(since, until, by)
    window = Window(since.toordinal(), until.toordinal(), rep)
    settings = config.health
    moments = moments_in(customers, window)
    states = item_states(customers, window)
    return Report(
        scope=Scope(
            team=config.team,
            rep=rep,
            kind=kind,
            since=since,
            until=until,
            by=by,
            parts=len(cut),
            customers=len(customers)
            if rep is None
            else sum(c.owner_on(until.toordinal()) == rep for c in customers),
            rep_names={r.id: r.name for r in config.reps},
        ),
        response=response(customers, window, cut, states),
        promises=promises(customers, window, states),
        recovery=recovery(customers, window, settings.silence_days, states),
        health=health_points(customers, cut, rep, settings),
        contact=contact(customers, window, cut, settings.silence_days, moments),
        ratings=ratings(customers, window, cut, moments),
    )


def team_report(
    ws: Workspace,
    *,
    rep: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    by: str = "month",
) -> Report:
    from handover.index.db import open_index

    config = ws.folder.config()
    kind = check_filters(config, rep=rep, kind=kind)
    start, end, granularity = period(ws.today(), since, until, by)
    index = open_index(ws.folder)
    ws.left_out(index.unreadable())  # named on stderr after the report, as `list` does
    rows = index.timeline_rows(kind=kind)
    with _no_cyclic_collection():
        customers = [
            CustomerLine(cid, ckind, owner, timeline.loads(text))
            for cid, ckind, owner, text in rows
        ]
        report = compute(
            config, customers, rep=rep, kind=kind, since=start, until=end, by=granularity
        )
        del customers  # freed here by reference counting, before collection is back on
    return report


@contextlib.contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """A team's timelines are millions of small objects that all live until the report is
    made; the cyclic garbage collector would walk them again and again for nothing (a
    third of the time on 5,000 customers). Reference counting still frees what dies; they
    must be freed before the block ends, or the first allocation after it pays one full
    collection over all of them (0.5 s CPU on 25,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scan_report(
    ws: Workspace,
    *,
    rep: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    by: str = "month",
) -> Report:
    """The same report read from the files (slow at scale; the truth the index agrees with)."""
    folder = ws.folder
    config = folder.config()
    kind = check_filters(config, rep=rep, kind=kind)
    start, end, granularity = period(ws.today(), since, until, by)
    customers: list[CustomerLine] = []
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile
        if kind is None or profile.kind == kind:
            built = timeline.build(customer_id, folder.records(customer_id))
            customers.append(CustomerLine(customer_id, profile.kind, profile.owner, built))
    return compute(config, customers, rep=rep, kind=kind, since=start, until=end, by=granularity)
