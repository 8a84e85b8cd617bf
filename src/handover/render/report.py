"""How `handover report` looks in a terminal (rich tables with sparklines and bar cells), and
as CSV for spreadsheets. The HTML page is in render_report_html.py."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from handover.domain.report.results import Report, Waits
from handover.format.fields import RATING_LABELS
from handover.i18n import ngettext

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 10


def spark(values: Sequence[float | None]) -> str:
    """One character per part: ▁ to █ from 0 to the largest value; · where nothing counted."""
    top = max((v for v in values if v is not None), default=0) or 1
    return "".join(
        "·" if v is None else SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))]
        for v in values
    )


EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(share: float | None, width: int = BAR_WIDTH) -> str:
    """A bar cell in eighths of a character, so 3 % still shows; padded to `width`."""
    if share is None:
        return " " * width
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    whole, rest = divmod(eighths, 8)
    cell = "█" * whole + (EIGHTHS[rest] if rest else "")
    return cell + " " * (width - len(cell))


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def in_days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}d"


def rep_label(report: Report, rep: str) -> str:
    name = report.scope.rep_names.get(rep)
    return f"{name} ({rep})" if name and name != rep else rep


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None, pad_edge=False)
    for column in columns:
        table.add_column(column, justify="left" if column in ("", "rep") else "right")
    return table


def _caption(text: str) -> Text:
    return Text(text, style="dim")


def render_report(out: Console, report: Report) -> None:
    scope = report.scope
    unit = scope.by
    head = Text(f"{scope.team}", style="bold")
    head.append(f" · {scope.since} → {scope.until} · by {unit} ({scope.parts})")
    if scope.rep:
        head.append(f" · rep {rep_label(report, scope.rep)}")
    if scope.kind:
        head.append(f" · {scope.kind}s")
    count = scope.customers
    head.append(" · " + ngettext("{count} customer", "{count} customers", count))
    out.print(head)
    for section in (
        _response(report),
        _promises(report),
        _recovery(report),
        _health(report),
        _contact(report),
        _ratings(report),
    ):
        out.print()
        out.print(section)


def _waits_row(table: Table, label: str, waits: Waits) -> None:
    table.add_row(
        label,
        str(waits.resolved),
        in_days(waits.median_days),
        in_days(waits.p90_days),
        str(waits.open),
        "–" if waits.open_median_days is None else f"{waits.open_median_days:g}d",
        "–" if waits.open_oldest_days is None else f"{waits.open_oldest_days}d",
        str(waits.reopened),
    )


def _response(report: Report) -> Group:
    figures = report.response
    table = _table(
        "",
        "resolved",
        "median",
        "p90",
        "open",
        "open median",
        "oldest",
        "reopened",
        title="Response time: from the moment that opened a request, complaint or question "
        "to its resolution",
    )
    _waits_row(table, "all", figures.all)
    for kind, waits in figures.by_kind.items():
        _waits_row(table, kind, waits)
    for rep, waits in figures.by_rep.items():
        _waits_row(table, rep_label(report, rep), waits)
    trend = spark([p.median_days for p in figures.by_part])
    counts = sum(p.resolved for p in figures.by_part)
    return Group(
        table,
        Text(f"median by {report.scope.by}  {trend}", style="bold"),
        _caption(
            f"from {figures.all.resolved} resolved in the period and {figures.all.open} still "
            f"open on {report.scope.until} (open for: days since opened); p90 by nearest rank; "
            f"{counts} in the trend, · = none resolved"
        ),
    )


def _promises(report: Report) -> Group:
    p = report.promises
    judged = p.kept_on_time + p.kept_late + p.broken
    table = _table(
        "",
        "promises",
        "",
        title=f"Promises due {report.scope.since} → {report.scope.until}: {p.due}",
    )
    table.add_row(
        "kept on time",
        str(p.kept_on_time),
        f"{bar(p.kept_on_time_share)} {percent(p.kept_on_time_share)} of {judged}",
    )
    late = (
        f"median {p.late_median_days:g} days late, at most {p.late_max_days}"
        if p.late_median_days is not None
        else ""
    )
    table.add_row("kept late", str(p.kept_late), late)
    broken = f"overdue and open on {report.scope.until}"
    if p.broken_refs:
        broken += ": " + ", ".join(p.broken_refs[:6]) + (" …" if len(p.broken_refs) > 6 else "")
    table.add_row("broken", str(p.broken), broken)
    table.add_row("renegotiated", str(p.renegotiated), "due date changed")
    if p.due_last_day:
        table.add_row(
            "due on the last day", str(p.due_last_day), f"still open on {report.scope.until}"
        )
    for column in table.columns[2:]:
        column.justify = "left"
    return Group(
        table,
        _caption(
            f"by the due date standing at the end; {p.without_due} promise(s) opened "
            "in the period had no due date"
        ),
    )


def _recovery(report: Report) -> Group:
    r = report.recovery
    silence = report.contact.silence_days
    table = _table(
        "",
        "complaints",
        "",
        title=f"Service recovery: {r.resolved} complaint(s) resolved in the period",
    )
    share = r.recovered / r.resolved if r.resolved else None
    table.add_row(
        "recovered",
        str(r.recovered),
        f"{bar(share)} {percent(share)} · a moment rated 3+ at or after the resolution",
    )
    table.add_row("not recovered", str(r.not_recovered), "rated under 3 at the resolution or since")
    silent = f"no moment since, for more than {silence} days"
    if r.silent_refs:
        silent += ": " + ", ".join(r.silent_refs[:6]) + (" …" if len(r.silent_refs) > 6 else "")
    table.add_row("went silent", str(r.silent), silent)
    table.add_row("too early", str(r.waiting), f"no moment since yet, within {silence} days")
    for column in table.columns[2:]:
        column.justify = "left"
    return Group(table)


def _health(report: Report) -> Group:
    table = _table(
        f"{report.scope.by} end",
        "customers",
        "0",
        "1–49",
        "50–99",
        "100",
        "share at 0",
        title="Health at the end of each " + report.scope.by + ", as of that day",
    )
    table.columns[0].justify = "left"
    shares: list[float | None] = []
    for point in report.health:
        share = point.zero / point.customers if point.customers else None
        shares.append(share)
        zero = Text(str(point.zero), style="bold red" if point.zero else "")
        table.add_row(
            str(point.day),
            str(point.customers),
            zero,
            str(point.low),
            str(point.middle),
            str(point.full),
            f"{bar(share)} {percent(share)}",
        )
    return Group(
        table,
        Text(f"share at 0  {spark(shares)}", style="bold"),
        _caption(
            "each customer scored by the health rules on that day, from the records "
            "written up to it; with --rep, the customers that rep owned that day"
        ),
    )


def _contact(report: Report) -> Group:
    c = report.contact
    used = [ch for ch, n in c.channels.items() if n]
    table = _table(
        "rep",
        "moments",
        "per week",
        *used,
        f"by {report.scope.by}",
        title=f"Contact: {c.moments} moment(s) in {c.weeks:g} weeks",
    )
    table.columns[-1].justify = "left"
    for row in c.reps:
        table.add_row(
            rep_label(report, row.rep),
            str(row.moments),
            f"{row.per_week:g}",
            *(str(row.channels[ch]) for ch in used),
            spark(row.by_part),
        )
    silent = (
        f"silent for more than {c.silence_days} days on {report.scope.until}: {c.silent} of "
        f"{c.customers} customer(s); {c.never} never contacted"
    )
    return Group(table, Text(silent, style="bold" if c.silent else ""))


def _ratings(report: Report) -> Group:
    r = report.ratings
    table = _table("rating", "moments", "", title=f"Ratings: how {r.rated} rated moment(s) went")
    table.columns[0].justify = "left"
    table.columns[2].justify = "left"
    for rating in sorted(r.counts, reverse=True):
        share = r.counts[rating] / r.rated if r.rated else None
        label = Text(f"{rating} {RATING_LABELS[rating]}", style="bold red" if rating == 0 else "")
        table.add_row(label, str(r.counts[rating]), f"{bar(share)} {percent(share)}")
    zero_trend = spark([p.zeros / p.rated if p.rated else None for p in r.by_part])
    return Group(
        table,
        Text(
            f"share of 0s {percent(r.zero_share)}  by {report.scope.by} {zero_trend}", style="bold"
        ),
        _caption(f"from {r.moments} moment(s) in the period, {r.unrated} without a rating"),
    )


# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = ("section", "subject", "start", "end", "figure", "value")


def report_csv(report: Report) -> str:
    """One figure per row (a long table), so a spreadsheet can pivot it any way."""
    scope = report.scope
    start, end = str(scope.since), str(scope.until)
    rows: list[tuple[object, ...]] = []

    def add(
        section: str, subject: str, figures: dict[str, object], a: str = start, b: str = end
    ) -> None:
        for figure, value in figures.items():
            rows.append((section, subject, a, b, figure, "" if value is None else value))

    response = report.response
    add("response", "all", response.all.model_dump())
    for kind, waits in response.by_kind.items():
        add("response", kind, waits.model_dump())
    for rep, waits in response.by_rep.items():
        add("response", f"rep:{rep}", waits.model_dump())
    for part in response.by_part:
        add(
            "response",
            "all",
            part.model_dump(exclude={"start", "end"}),
            str(part.start),
            str(part.end),
        )
    promises = report.promises.model_dump(exclude={"broken_refs"})
    promises["broken_refs"] = " ".join(report.promises.broken_refs)
    add("promises", "all", promises)
    recovery = report.recovery.model_dump(exclude={"recovered_refs", "silent_refs"})
    recovery["silent_refs"] = " ".join(report.recovery.silent_refs)
    add("recovery", "complaints", recovery)
    for point in report.health:
        add(
            "health", "customers", point.model_dump(exclude={"day"}), str(point.day), str(point.day)
        )
    contact = report.contact
    add(
        "contact",
        "all",
        {
            "moments": contact.moments,
            "weeks": contact.weeks,
            **contact.channels,
            "customers": contact.customers,
            "silent": contact.silent,
            "never": contact.never,
        },
    )
    for row in contact.reps:
        add(
            "contact",
            f"rep:{row.rep}",
            {"moments": row.moments, "per_week": row.per_week, **row.channels},
        )
    ratings = report.ratings
    add(
        "ratings",
        "all",
        {
            "moments": ratings.moments,
            "rated": ratings.rated,
            "unrated": ratings.unrated,
            "zero_share": ratings.zero_share,
            **{f"rating_{k}": v for k, v in ratings.counts.items()},
        },
    )
    for rated in ratings.by_part:
        add(
            "ratings",
            "all",
            {"rated": rated.rated, "zeros": rated.zeros},
            str(rated.start),
            str(rated.end),
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
