"""How `handover report` looks in a terminal: rich tables with sparklines and bar cells, every
label in the interface language. CSV is in report_csv.py, the HTML page in report_html.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text

from handover.domain import words
from handover.domain.report.results import Report, Waits
from handover.i18n import _, ngettext
from handover.render.prose import Prose
from handover.render.report_fit import FigureColumn, FittedTable, Label, fixed, heading
from handover.render.tables import shorten

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
    """`4.1d` / `4.1일`."""
    return "–" if value is None else _("{count}d", count=f"{value:.1f}")


def whole_days(value: float | None) -> str:
    """`14d`, `28.5d` (a median of whole days may end in .5) / `14일`."""
    return "–" if value is None else _("{count}d", count=f"{value:g}")


def _rep_label(report: Report, rep: str) -> Label:
    """A rep's row label, cut to the room its table leaves."""
    return lambda room: rep_label(report, rep, room)


def rep_label(report: Report, rep: str, room: int | None = None) -> str:
    """`David Wilson (dwilson)`; within `room` cells the name is cut with `…`, the id kept whole
    (the id is what `--rep` takes and what the other tables show)."""
    name = report.scope.rep_names.get(rep)
    label = f"{name} ({rep})" if name and name != rep else rep
    if room is None or cell_len(label) <= room or not name or name == rep:
        return label
    name_room = room - cell_len(f" ({rep})")
    if name_room < 2:  # not even one character and `…`: the id alone says who
        return rep
    return "".join(text for text, _style in shorten([(name, "")], name_room)) + f" ({rep})"


def unit(report: Report) -> str:
    """`week` or `month` in the interface language: `주`, `월`."""
    return _("week") if report.scope.by == "week" else _("month")


def by_unit(report: Report) -> str:
    """`by month` / `월별`."""
    return _("by {unit}", unit=unit(report))


def _table(*columns: str, left: int = 1) -> Table:
    """A borderless table; the first `left` columns are text, the rest numbers. Its title is
    a `heading` above it, which wraps to the terminal as a table's own title does not."""
    table = Table(box=None, pad_edge=False)
    for index, column in enumerate(columns):
        table.add_column(
            column,
            justify="left" if index < left else "right",
            no_wrap=index >= left,
            overflow="fold",  # rich cuts a wrapped Hangul word with `…` otherwise
        )
    return table


def _caption(text: str) -> Prose:
    return Prose(Text(""), Text(text, style="dim"))


def render_report(out: Console, report: Report) -> None:
    scope = report.scope
    lead = Text(f"{scope.team}", style="bold")
    lead.append(" · ")
    parts = [f"{scope.since} → {scope.until}", f"{by_unit(report)} ({scope.parts})"]
    if scope.rep:
        parts.append(_("rep {rep}", rep=rep_label(report, scope.rep)))
    if scope.kind:
        parts.append(_("{kind}s", kind=words.customer_kind(scope.kind)))
    count = scope.customers
    parts.append(ngettext("{count} customer", "{count} customers", count))
    out.print(Prose(lead, parts))  # wraps between its parts, a name kept with its id
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


def _waits_cells(waits: Waits) -> list[str]:
    return [
        str(waits.resolved),
        in_days(waits.median_days),
        in_days(waits.p90_days),
        str(waits.open),
        whole_days(waits.open_median_days),
        whole_days(waits.open_oldest_days),
        str(waits.reopened),
    ]


def _response(report: Report) -> Group:
    figures = report.response
    rows: list[tuple[Label, Waits]] = [(fixed(_("all")), figures.all)]
    rows += [(fixed(words.item_kind(kind)), w) for kind, w in figures.by_kind.items()]
    rows += [(_rep_label(report, rep), waits) for rep, waits in figures.by_rep.items()]
    cells = [_waits_cells(waits) for _label, waits in rows]
    headers = [
        _("resolved"),
        _("median"),
        "p90",
        _("open"),
        _("open median"),
        _("oldest"),
        _("reopened"),
    ]
    columns = [FigureColumn(header, [row[i] for row in cells]) for i, header in enumerate(headers)]
    table = FittedTable(
        "",
        [label for label, _waits in rows],
        [columns[:3], columns[3:]],  # the resolved, then the still open
        title=_(
            "Response time: from the moment that opened a request, complaint or question "
            "to its resolution"
        ),
    )
    trend = spark([p.median_days for p in figures.by_part])
    counts = sum(p.resolved for p in figures.by_part)
    return Group(
        table,
        Text(_("median {by}", by=by_unit(report)) + f"  {trend}", style="bold"),
        _caption(
            _(
                "from {resolved} resolved in the period and {open} still open on {until} "
                "(open for: days since opened); p90 by nearest rank; {count} in the trend, "
                "· = none resolved",
                resolved=figures.all.resolved,
                open=figures.all.open,
                until=report.scope.until,
                count=counts,
            )
        ),
    )


def _refs(refs: Sequence[str]) -> str:
    return ": " + ", ".join(refs[:6]) + (" …" if len(refs) > 6 else "") if refs else ""


def _promises(report: Report) -> Group:
    p = report.promises
    until = report.scope.until
    judged = p.kept_on_time + p.kept_late + p.broken
    title = _(
        "Promises due {since} → {until}: {count}",
        since=report.scope.since,
        until=until,
        count=p.due,
    )
    table = _table("", _("promises"), "", left=3)
    table.columns[1].justify = "right"
    share = p.kept_on_time_share
    table.add_row(
        _("kept on time"),
        str(p.kept_on_time),
        bar(share) + " " + _("{percent} of {count}", percent=percent(share), count=judged),
    )
    late = (
        _(
            "median {median} days late, at most {most}",
            median=f"{p.late_median_days:g}",
            most=p.late_max_days,
        )
        if p.late_median_days is not None
        else ""
    )
    table.add_row(_("kept late"), str(p.kept_late), late)
    broken = _("overdue and open on {until}", until=until) + _refs(p.broken_refs)
    table.add_row(_("broken"), str(p.broken), broken)
    table.add_row(_("renegotiated"), str(p.renegotiated), _("due date changed"))
    if p.due_last_day:
        table.add_row(
            _("due on the last day"), str(p.due_last_day), _("still open on {until}", until=until)
        )
    caption = _(
        "by the due date standing at the end; {count} promise(s) opened in the period had no "
        "due date",
        count=p.without_due,
    )
    return Group(heading(title), table, _caption(caption))


def _recovery(report: Report) -> Group:
    r = report.recovery
    silence = report.contact.silence_days
    title = _("Service recovery: {count} complaint(s) resolved in the period", count=r.resolved)
    table = _table("", _("complaints"), "", left=3)
    table.columns[1].justify = "right"
    share = r.recovered / r.resolved if r.resolved else None
    table.add_row(
        _("recovered"),
        str(r.recovered),
        f"{bar(share)} {percent(share)} · " + _("a moment rated 3+ at or after the resolution"),
    )
    table.add_row(
        _("not recovered"), str(r.not_recovered), _("rated under 3 at the resolution or since")
    )
    silent = _("no moment since, for more than {days} days", days=silence) + _refs(r.silent_refs)
    table.add_row(_("went silent"), str(r.silent), silent)
    table.add_row(
        _("too early"), str(r.waiting), _("no moment since yet, within {days} days", days=silence)
    )
    return Group(heading(title), table)


def _health(report: Report) -> Group:
    shares: list[float | None] = []
    days: list[Label] = []
    figures: list[list[str | Text]] = []
    for point in report.health:
        share = point.zero / point.customers if point.customers else None
        shares.append(share)
        days.append(fixed(str(point.day)))
        zero = Text(str(point.zero), style="bold red" if point.zero else "")
        figures.append(
            [
                str(point.customers),
                zero,
                str(point.low),
                str(point.middle),
                str(point.full),
                f"{bar(share)} {percent(share)}",
            ]
        )
    headers = [_("customers"), "0", "1–49", "50–99", "100", _("share at 0")]
    columns = [
        FigureColumn(header, [row[i] for row in figures]) for i, header in enumerate(headers)
    ]
    table = FittedTable(
        _("{unit} end", unit=unit(report)),
        days,
        [columns[:5], columns[5:]],  # the counts, then the share with its bar
        title=_("Health at the end of each {unit}, as of that day", unit=unit(report)),
    )
    return Group(
        table,
        Text(_("share at 0") + f"  {spark(shares)}", style="bold"),
        _caption(
            _(
                "each customer scored by the health rules on that day, from the records "
                "written up to it; with --rep, the customers that rep owned that day"
            )
        ),
    )


class WideOrNarrow:
    """The wide layout when the console is at least `width` columns, else the narrow one: a
    table that rich would squeeze until its sparklines are cut is drawn as two instead."""

    def __init__(
        self, width: int, wide: Callable[[], RenderableType], narrow: Callable[[], RenderableType]
    ) -> None:
        self.width, self.wide, self.narrow = width, wide, narrow

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        yield self.wide() if self.width <= options.max_width else self.narrow()


def natural_width(columns: Sequence[Sequence[str]]) -> int:
    """The width `_table` draws these columns (header first) in, unsqueezed: the widest cell
    of each, one space either side between columns."""
    return sum(max(map(cell_len, column)) for column in columns) + 2 * (len(columns) - 1)


def _contact(report: Report) -> Group:
    c = report.contact
    used = [ch for ch, n in c.channels.items() if n]
    title = _("Contact: {count} moment(s) in {weeks} weeks", count=c.moments, weeks=f"{c.weeks:g}")
    reps = [_rep_label(report, row.rep) for row in c.reps]
    moments = FigureColumn(_("moments"), [str(row.moments) for row in c.reps])
    per_week = FigureColumn(_("per week"), [f"{row.per_week:g}" for row in c.reps])
    channels = [
        FigureColumn(words.channel(ch), [str(row.channels[ch]) for row in c.reps]) for ch in used
    ]
    trend = FigureColumn(by_unit(report), [spark(row.by_part) for row in c.reps], justify="left")
    wide = [moments, per_week, *channels, trend]

    def narrow() -> Group:
        return Group(
            FittedTable(_("rep"), reps, [[moments, per_week, trend]], title),
            Text(),
            FittedTable(_("rep"), reps, [channels], _("Moments by channel")),
        )

    silent = _(
        "silent for more than {days} days on {until}: {silent} of {count} customer(s); "
        "{never} never contacted",
        days=c.silence_days,
        until=report.scope.until,
        silent=c.silent,
        count=c.customers,
        never=c.never,
    )
    labels = [_("rep"), *(str(label(None)) for label in reps)]
    columns = [labels, *([c.header, *map(str, c.cells)] for c in wide)]
    fitted = WideOrNarrow(
        natural_width(columns), lambda: FittedTable(_("rep"), reps, [wide], title), narrow
    )
    return Group(fitted, Prose(Text(""), Text(silent, style="bold" if c.silent else "")))


def _ratings(report: Report) -> Group:
    r = report.ratings
    table = _table(
        _("rating"),
        _("moments"),
        "",
        left=3,
    )
    table.columns[1].justify = "right"
    for rating in sorted(r.counts, reverse=True):
        share = r.counts[rating] / r.rated if r.rated else None
        label = Text(words.rating(rating), style="bold red" if rating == 0 else "")
        table.add_row(label, str(r.counts[rating]), f"{bar(share)} {percent(share)}")
    zero_trend = spark([p.zeros / p.rated if p.rated else None for p in r.by_part])
    zeros = _("share of 0s {percent}", percent=percent(r.zero_share))
    return Group(
        heading(_("Ratings: how {count} rated moment(s) went", count=r.rated)),
        table,
        Text(f"{zeros}  {by_unit(report)} {zero_trend}", style="bold"),
        _caption(
            _(
                "from {count} moment(s) in the period, {unrated} without a rating",
                count=r.moments,
                unrated=r.unrated,
            )
        ),
    )
