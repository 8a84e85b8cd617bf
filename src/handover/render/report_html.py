"""`handover report --format html`: one self-contained page, inline CSS and SVG charts, no
script, no network, no web fonts (the reader's Korean system fonts), printable on A4.

Jinja2 is imported here only. Charts are drawn here as SVG text from the report's numbers;
every text in them is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from handover.domain import words
from handover.domain.report.results import HealthPoint, Report
from handover.i18n import _, current, ngettext
from handover.render.report import by_unit, in_days, percent, rep_label, unit, whole_days

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 180, 40, 24, 10
HEALTH_BANDS = (
    ("zero", "0", "#c62828"),
    ("low", "1–49", "#ef6c00"),
    ("middle", "50–99", "#f2b233"),
    ("full", "100", "#2e7d32"),
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str  # the title a reader sees on hover: what the bar counted


def _frame(labels: Sequence[str], top: str, title: str) -> list[str]:
    inner = HEIGHT - BOTTOM - TOP
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP + inner}" x2="{WIDTH}" y2="{TOP + inner}"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 8}" text-anchor="end">{escape(top)}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + inner}" text-anchor="end">0</text>',
    ]
    step = (WIDTH - LEFT) / max(1, len(labels))
    every = max(1, round(len(labels) / 12))
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + step * (index + 0.5)
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle">{escape(label)}</text>'
            )
    return parts


def bar_chart(columns: Sequence[Bar], title: str, unit: str, colour: str) -> Markup:
    """One bar per week or month, scaled to the largest; an empty part draws no bar."""
    top = max((c.value for c in columns if c.value is not None), default=0.0) or 1.0
    parts = _frame([c.label for c in columns], f"{top:g}{unit}", title)
    inner = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(1, len(columns))
    for index, column in enumerate(columns):
        if column.value is None:
            continue
        height = column.value / top * inner
        x = LEFT + step * index + step * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + inner - height:.1f}" width="{step * 0.7:.1f}" '
            f'height="{height:.1f}" fill="{colour}"><title>{escape(column.note)}</title></rect>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def health_chart(points: Sequence[HealthPoint], by: str, unit_word: str) -> Markup:
    """Stacked shares of the customers at 0, 1–49, 50–99 and 100 at each part's end."""
    title = _("Health of the customers at the end of each {unit}, as of that day", unit=unit_word)
    parts = _frame([_short(p.day.isoformat(), by) for p in points], "100%", title)
    inner = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(1, len(points))
    for index, point in enumerate(points):
        if not point.customers:
            continue
        bottom = TOP + inner
        x = LEFT + step * index + step * 0.15
        for field, label, colour in HEALTH_BANDS:
            count = getattr(point, field)
            height = count / point.customers * inner
            bottom -= height
            note = _(
                "{day}: {count} of {customers} at {band}",
                day=point.day,
                count=count,
                customers=point.customers,
                band=label,
            )
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom:.1f}" width="{step * 0.7:.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>{escape(note)}</title></rect>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(day: str, by: str) -> str:
    return day[5:] if by == "week" else day[:7]


def _charts(report: Report) -> dict[str, Markup]:
    by = report.scope.by
    response = [
        Bar(_short(p.start.isoformat(), by), p.median_days,
               _("{start} → {end}: median {median} of {count} resolved", start=p.start, end=p.end,
                 median=in_days(p.median_days), count=p.resolved))
        for p in report.response.by_part
    ]  # fmt: skip
    zeros = [
        Bar(
            _short(p.start.isoformat(), by),
            round(p.zeros / p.rated * 100, 1) if p.rated else None,
            _(
                "{start} → {end}: {zeros} of {count} rated moments went badly",
                start=p.start,
                end=p.end,
                zeros=p.zeros,
                count=p.rated,
            ),
        )
        for p in report.ratings.by_part
    ]
    totals = [0] * report.scope.parts
    for row in report.contact.reps:
        totals = [a + b for a, b in zip(totals, row.by_part, strict=True)]
    moments = [
        Bar(_short(p.start.isoformat(), by), float(total), f"{p.start} → {p.end}: {total}")
        for p, total in zip(report.ratings.by_part, totals, strict=True)
    ]
    per = by_unit(report)
    day = _("{count}d", count="")
    return {
        "health": health_chart(report.health, by, unit(report)),
        "response": bar_chart(response, _("Median response time {by}", by=per), day, "#1f4e8c"),
        "zeros": bar_chart(zeros, _("Share of moments rated 0, {by}", by=per), "%", "#c62828"),
        "moments": bar_chart(moments, _("Moments {by}", by=per), "", "#5f6670"),
    }


def _words(report: Report) -> dict[str, str]:
    """Every sentence of the page in the interface language, its figures filled in (the
    template only places them; markupsafe escapes them there)."""
    s = report.scope
    r, p, v, c, g = (
        report.response,
        report.promises,
        report.recovery,
        report.contact,
        report.ratings,
    )
    meta = f"{s.since} → {s.until} · {by_unit(report)} ({s.parts})"
    if s.rep:
        meta += " · " + _("rep {rep}", rep=rep_label(report, s.rep))
    if s.kind:
        meta += " · " + _("{kind}s", kind=words.customer_kind(s.kind))
    meta += " · " + ngettext("{count} customer", "{count} customers", s.customers)
    meta += " · " + _("computed from the records as of {until}", until=s.until)
    late = ""
    if p.late_median_days is not None:
        late = _(
            ", median {median}d, at most {most}d", median=f"{p.late_median_days:g}",
            most=p.late_max_days,
        )  # fmt: skip
    owned = _("; the customers {rep} owned that day", rep=rep_label(report, s.rep)) if s.rep else ""
    return {
        "title": _("{team} · report {since} → {until}", team=s.team, since=s.since, until=s.until),
        "meta": meta,
        "response": _("Response time"),
        "response_from": _(
            "From the moment that opened a request, complaint or question to its resolution: "
            "{resolved} resolved in the period, {open} still open on {until}. p90 by nearest rank.",
            resolved=r.all.resolved,
            open=r.all.open,
            until=s.until,
        ),
        "median": _("median"),
        "p90": _("90th percentile"),
        "still_open": _("still open"),
        "resolved": _("resolved"),
        "open": _("open"),
        "open_median": _("open median"),
        "oldest": _("oldest"),
        "reopened": _("reopened"),
        "promises": _("Promises"),
        "promises_from": _(
            "{count} promise(s) due {since} → {until}, by the due date standing at the end; "
            "{without} opened without a due date.",
            count=p.due,
            since=s.since,
            until=s.until,
            without=p.without_due,
        ),
        "kept_on_time": _("kept on time ({percent})", percent=percent(p.kept_on_time_share)),
        "kept_late": _("kept late") + late,
        "broken": _("broken: overdue and open"),
        "renegotiated": _("renegotiated"),
        "broken_refs": _("Broken: {refs}", refs=", ".join(p.broken_refs)),
        "recovery": _("Service recovery"),
        "recovery_from": _(
            "{count} complaint(s) resolved in the period; what the customer's moments did next, "
            "up to {until}.",
            count=v.resolved,
            until=s.until,
        ),
        "recovered": _("recovered: a moment rated 3+"),
        "not_recovered": _("not recovered"),
        "silent": _("went silent (> {days} days)", days=c.silence_days),
        "too_early": _("too early to say"),
        "health": _("Health, as of each {unit}'s end", unit=unit(report)),
        "health_from": _(
            "Each customer scored by the health rules on that day from the records written up "
            "to it{owned}.",
            owned=owned,
        ),
        "part_end": _("{unit} end", unit=unit(report)),
        "customers": _("customers"),
        "share_at_0": _("share at 0"),
        "contact": _("Contact"),
        "contact_from": _(
            "{count} moment(s) in {weeks} weeks. Silent for more than {days} days on {until}: "
            "{silent} of {customers} customer(s); {never} never contacted.",
            count=c.moments,
            weeks=f"{c.weeks:g}",
            days=c.silence_days,
            until=s.until,
            silent=c.silent,
            customers=c.customers,
            never=c.never,
        ),
        "rep": _("rep"),
        "moments": _("moments"),
        "per_week": _("per week"),
        "ratings": _("Ratings"),
        "ratings_from": _(
            "{rated} rated of {count} moment(s) in the period; {percent} went badly (0).",
            rated=g.rated,
            count=g.moments,
            percent=percent(g.zero_share),
        ),
        "rating": _("rating"),
        "share": _("share"),
    }


def _hangul(report: Report) -> bool:
    names = [report.scope.team, *report.scope.rep_names.values()]
    return any("\uac00" <= ch <= "\ud7a3" for name in names for ch in name)


def report_html(report: Report) -> str:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("handover.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    context: dict[str, Any] = {
        "report": report,
        "charts": _charts(report),
        "lang": "ko" if current() == "ko" or _hangul(report) else "en",
        "t": _words(report),
        "days": in_days,
        "whole_days": whole_days,
        "percent": percent,
        "rep_label": lambda rep: rep_label(report, rep),
        "kind_word": words.item_kind,
        "channel_word": words.channel,
        "rating_word": words.rating,
        "HEALTH_BANDS": HEALTH_BANDS,
    }
    return str(environment.get_template("report.html.j2").render(**context))
