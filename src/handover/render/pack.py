"""Handover packs as Markdown, HTML and JSON, rendered from templates in ``templates/``.

Jinja2 is imported here only, so `note` and `brief` never pay for loading it. The HTML is one
self-contained file: inline CSS, inline SVG charts, no script, no network, no web fonts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from handover.core.export import Pack, TimelinePoint
from handover.domain.ownership import history_line, span
from handover.format.fields import RATING_LABELS
from handover.format.text import markdown as md
from handover.format.text import visible
from handover.render.terminal import day_text, fact_line, preference_parts

FORMATS = ("md", "html", "json")

SPARKS = "▁▂▄▆█"
RATING_COLOURS = {0: "#c62828", 1: "#ef6c00", 2: "#8d8d8d", 3: "#2e7d32", 4: "#1b5e20"}
CHART_DAYS = 365


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    colour: str
    rated: bool
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A timeline of a customer's moments in the last year: x is time, y the rating."""

    width: int
    height: int
    left: float
    right: float
    rows: list[tuple[float, str]]  # y and label of each rating row, and of 'no rating'
    ticks: list[Tick]
    dots: list[Dot]
    line: str  # polyline points through the rated moments
    start: dt.date
    end: dt.date
    shown: int
    hidden: int  # moments older than the chart's year

    @property
    def summary(self) -> str:
        older = f"; {self.hidden} older not shown" if self.hidden else ""
        return f"{self.shown} moments from {self.start} to {self.end}{older}"


def timeline_chart(points: list[TimelinePoint], end: dt.date) -> Chart:
    width, height, left, right, top, bottom = 640, 140, 26.0, 14.0, 8.0, 26.0
    start = end - dt.timedelta(days=CHART_DAYS)
    shown = [p for p in points if start <= p.date <= end]
    step = (height - top - bottom) / 6  # six rows: ratings 4 … 0, then 'no rating'

    def y_of(rating: int | None) -> float:
        row = 5 if rating is None else 4 - rating
        return round(top + step * row + step / 2, 1)

    def x_of(day: dt.date) -> float:
        share = (day - start).days / CHART_DAYS
        return round(left + share * (width - left - right), 1)

    rows = [(y_of(r), str(r)) for r in range(4, -1, -1)]
    rows.append((y_of(None), "–"))
    ticks: list[Tick] = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start and month.month in (1, 4, 7, 10):
            ticks.append(Tick(x=x_of(month), label=f"{month:%Y-%m}"))
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    dots = [
        Dot(
            x=x_of(p.date),
            y=y_of(p.rating),
            colour=RATING_COLOURS.get(p.rating, "#8d8d8d") if p.rating is not None else "#8d8d8d",
            rated=p.rating is not None,
            label=f"{p.date} · {p.channel} · "
            + (f"{p.rating} {RATING_LABELS[p.rating]}" if p.rating is not None else "no rating")
            + f" — {_clip(p.summary, 90)}",
        )
        for p in shown
    ]
    line = " ".join(f"{d.x},{d.y}" for d in dots if d.rated)
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        rows=rows,
        ticks=ticks,
        dots=dots,
        line=line,
        start=start,
        end=end,
        shown=len(shown),
        hidden=len(points) - len(shown),
    )


def sparkline(points: list[TimelinePoint], count: int = 24) -> str:
    """The last ratings as block characters, for Markdown: ▁ went badly … █ excellent."""
    return "".join("·" if p.rating is None else SPARKS[p.rating] for p in points[-count:])


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def anchor(text: str) -> str:
    """The anchor a git host gives a heading (GitHub's rule: lowercase, punctuation dropped,
    spaces to hyphens; Hangul kept)."""
    kept = "".join(ch for ch in text.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def _hangul(pack: Pack) -> bool:
    """Whether the pack holds Korean, judged by its names (the whole text would cost more)."""
    names = [pack.team, pack.cover.scope, *(c.brief.name for c in pack.customers)]
    return any("\uac00" <= ch <= "\ud7a3" for name in names for ch in name)


def _environment(autoescape: bool) -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("handover.render.terminal", "templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda value: visible(value) if isinstance(value, str) else value,
    )
    environment.filters.update(
        md=md,
        anchor=anchor,
        fact=fact_line,
        clip=_clip,
        spark=sparkline,
    )
    environment.globals.update(
        RATING_LABELS=RATING_LABELS,
        history_line=history_line,
        span=span,
        day_text=day_text,
        preference_parts=preference_parts,
        timeline_chart=timeline_chart,
    )
    return environment


def render_pack(pack: Pack, fmt: str) -> str:
    if fmt == "json":  # pydantic's own encoder: the standard one is slow with an indent
        return pack.model_dump_json(indent=2) + "\n"
    template = "pack.html.j2" if fmt == "html" else "pack.md.j2"
    environment = _environment(autoescape=fmt == "html")
    return str(
        environment.get_template(template).render(
            pack=pack,
            today=pack.source.today,
            lang="ko" if _hangul(pack) else "en",
        )
    )
