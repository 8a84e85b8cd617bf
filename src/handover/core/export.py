"""Handover packs: a cover and one brief per customer, most urgent first, for a whole book.

The pack is data (a model with a documented, versioned JSON shape); Markdown and HTML are
rendered from it by templates in ``render_pack``. Every pack names the commit and the time it
was made from, so the same pack can be made again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from handover import __version__
from handover.core.book import Progress, select_book
from handover.core.brief import Brief, brief_of
from handover.core.names import customer_names
from handover.core.open_items import OpenRow
from handover.core.workspace import Workspace
from handover.domain.hangul import ganada_key
from handover.domain.views import View, moment_views
from handover.domain.views import urgency as item_urgency
from handover.format.layout import CONFIG_FILE, CUSTOMERS_DIR

PACK_VERSION = 1
"""The version of the JSON shape (docs/export.md); a field removed or renamed bumps it."""

PACK_MOMENTS = 10
"""Recent moments listed per customer in a pack; the timeline chart shows every moment."""

Band = Literal["zero", "under 50", "under 80", "80 and over"]


class TimelinePoint(View):
    """One moment on a customer's timeline chart."""

    date: dt.date
    rating: int | None
    channel: str
    summary: str


class PackCustomer(View):
    brief: Brief
    timeline: list[TimelinePoint]  # every moment, oldest first


class RepInfo(View):
    id: str
    name: str
    territory: str | None
    status: str


class HealthBand(View):
    band: Band
    customers: int


class ZeroHealth(View):
    id: str
    name: str
    reason: str


class Cover(View):
    scope: str
    rep: RepInfo | None
    customers: int
    health: list[HealthBand]  # zeros first
    zeros: list[ZeroHealth]
    open_items: list[OpenRow]  # most urgent first
    overdue: int


class Source(View):
    """Where a pack comes from, so it can be made again."""

    commit: str | None  # git HEAD; None when the folder is not in a git repository
    dirty: bool  # uncommitted changes in the team folder went into the pack
    made_at: dt.datetime
    today: dt.date  # ages and overdue days count from this day
    selection: dict[str, str | list[str] | bool]
    handover_version: str

    @property
    def described(self) -> str:
        if self.commit is None:
            return "not a git repository"
        return self.commit[:12] + (" with uncommitted changes" if self.dirty else "")


class Pack(View):
    pack_version: int = PACK_VERSION
    team: str
    source: Source
    cover: Cover
    customers: list[PackCustomer] = Field(description="Most urgent first.")


def _band(percent: int) -> Band:
    if percent == 0:
        return "zero"
    return "under 50" if percent < 50 else "under 80" if percent < 80 else "80 and over"


def customer_urgency(brief: Brief) -> tuple[float, int, int, tuple[int, str, str]]:
    """Lowest health first; then the most overdue item, the most open items, 가나다 by name."""
    overdue = max((item.overdue_days or 0 for item in brief.open_items), default=0)
    return (brief.health.score, -overdue, -len(brief.open_items), ganada_key(brief.name, brief.id))


def cover(scope: str, rep: RepInfo | None, briefs: Sequence[Brief]) -> Cover:
    counts: dict[Band, int] = {}
    for brief in briefs:
        band = _band(brief.health.percent)
        counts[band] = counts.get(band, 0) + 1
    bands: tuple[Band, ...] = ("zero", "under 50", "under 80", "80 and over")
    rows = [
        OpenRow(item=item, name=brief.name, health=brief.health.percent)
        for brief in briefs
        for item in brief.open_items
    ]
    rows.sort(key=lambda row: (*item_urgency(row.item), ganada_key(row.name, row.item.customer)))
    return Cover(
        scope=scope,
        rep=rep,
        customers=len(briefs),
        health=[HealthBand(band=band, customers=counts.get(band, 0)) for band in bands],
        zeros=[
            ZeroHealth(
                id=b.id,
                name=b.name,
                reason=b.health.worst.reason if b.health.worst else "",
            )
            for b in briefs
            if b.health.percent == 0
        ],
        open_items=rows,
        overdue=sum(1 for row in rows if row.item.overdue_days),
    )


def build_pack(
    ws: Workspace,
    *,
    rep: str | None = None,
    customers: Sequence[str] = (),
    everyone: bool = False,
    handed_over_by: str | None = None,
    progress: Progress | None = None,
) -> Pack:
    """The pack of a book: each file read once, customers ordered by urgency."""
    folder = ws.folder
    config = folder.config()
    today = ws.today()
    book = select_book(
        ws,
        rep=rep,
        customers=customers,
        everyone=everyone,
        handed_over_by=handed_over_by,
        progress=progress,
    )
    needs_names = any(r.customer for entry in book.entries for r in entry.profile.related)
    names = customer_names(folder) if needs_names else {}
    packed: list[PackCustomer] = []
    for entry in book.entries:
        brief = brief_of(entry.profile, entry.records, config, today, names, recent=PACK_MOMENTS)
        timeline = [
            TimelinePoint(
                date=view.at.date(), rating=view.rating, channel=view.channel, summary=view.summary
            )
            for view in moment_views(entry.records)
        ]
        packed.append(PackCustomer(brief=brief, timeline=timeline))
    packed.sort(key=lambda customer: customer_urgency(customer.brief))
    info = None
    if book.rep is not None:
        r = book.rep
        info = RepInfo(id=r.id, name=r.name, territory=r.territory, status=r.status)
    selection: dict[str, str | list[str] | bool] = {}
    if rep:
        selection["rep"] = rep
    if handed_over_by:
        selection["from"] = handed_over_by
    if customers:
        selection["customers"] = [c.brief.id for c in packed]
    if everyone:
        selection["all"] = True
    source = Source(
        commit=ws.git.head(),
        dirty=_dirty(ws, [c.brief.id for c in packed]),
        made_at=ws.now().replace(microsecond=0),
        today=today,
        selection=selection,
        handover_version=__version__,
    )
    return Pack(
        team=config.team,
        source=source,
        cover=cover(book.scope, info, [c.brief for c in packed]),
        customers=packed,
    )


def _dirty(ws: Workspace, customers: Sequence[str]) -> bool:
    """Whether the pack shows anything its commit does not have: an uncommitted change to
    the team's settings or to a packed customer's files. Git is asked about those paths only
    (a whole-folder `git status` took most of a 250-customer export at 25,000 customers)."""
    git = ws.git
    if not git.is_repository:
        return False
    head = git.head()
    if head is None:
        status = git.run("status", "--porcelain", "--", ".", check=False)
        return bool(status.stdout.strip())
    folders = [f"{CUSTOMERS_DIR}/{customer}" for customer in customers]
    return git.differs_from(head, folders, [CONFIG_FILE])
