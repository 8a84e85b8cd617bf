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

from handover.domain.report.results import HealthPoint, Report
from handover.format.fields import RATING_LABELS
from handover.render.report import in_days, percent, rep_label

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 180, 40, 24, 10
HEALTH_BANDS = (
    ("zero", "0", "#c62828"),
    ("low", "1–49", "#ef6c00"),
    ("middle", "50–99", "#f2b233"),
    ("full", "100", "#2e7d32"),
)


@dataclass(frozen=True)
class Column:
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


def bar_chart(columns: Sequence[Column], title: str, unit: str, colour: str) -> Markup:
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


def health_chart(points: Sequence[HealthPoint], by: str) -> Markup:
    """Stacked shares of the customers at 0, 1–49, 50–99 and 100 at each part's end."""
    title = f"Health of the customers at the end of each {by}, as of that day"
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
            note = f"{point.day}: {count} of {point.customers} at {label}"
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
        Column(_short(p.start.isoformat(), by), p.median_days,
               f"{p.start} → {p.end}: median {in_days(p.median_days)} of {p.resolved} resolved")
        for p in report.response.by_part
    ]  # fmt: skip
    zeros = [
        Column(
            _short(p.start.isoformat(), by),
            round(p.zeros / p.rated * 100, 1) if p.rated else None,
            f"{p.start} → {p.end}: {p.zeros} of {p.rated} rated moments went badly",
        )
        for p in report.ratings.by_part
    ]
    totals = [0] * report.scope.parts
    for row in report.contact.reps:
        totals = [a + b for a, b in zip(totals, row.by_part, strict=True)]
    moments = [
        Column(_short(p.start.isoformat(), by), float(total), f"{p.start} → {p.end}: {total}")
        for p, total in zip(report.ratings.by_part, totals, strict=True)
    ]
    return {
        "health": health_chart(report.health, by),
        "response": bar_chart(response, f"Median response time by {by}", "d", "#1f4e8c"),
        "zeros": bar_chart(zeros, f"Share of moments rated 0, by {by}", "%", "#c62828"),
        "moments": bar_chart(moments, f"Moments by {by}", "", "#5f6670"),
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
        "lang": "ko" if _hangul(report) else "en",
        "days": in_days,
        "percent": percent,
        "rep_label": lambda rep: rep_label(report, rep),
        "RATING_LABELS": RATING_LABELS,
        "HEALTH_BANDS": HEALTH_BANDS,
    }
    return str(environment.get_template("report.html.j2").render(**context))
