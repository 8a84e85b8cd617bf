"""The team's open items (`handover open`) and its health ranking, in the order a rep works
through them."""

from __future__ import annotations

from collections.abc import Sequence

from handover.core.listing import TodaysHealth
from handover.core.summary import check_filters
from handover.core.workspace import Workspace
from handover.domain import words
from handover.domain.hangul import ganada_key
from handover.domain.summary import CustomerSummary
from handover.domain.views import ItemBase, ItemState, View, item_at, urgency
from handover.errors import UsageError
from handover.format.records import ITEM_KINDS
from handover.i18n import _


class OpenRow(View):
    """An open item with the customer it belongs to, for the team views."""

    item: ItemState
    name: str
    health: int


def open_items(
    summaries: Sequence[CustomerSummary],
    *,
    rep: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    older_than: int | None = None,
) -> list[OpenRow]:
    if kind is not None and kind not in ITEM_KINDS:
        raise UsageError(
            _("unknown item kind '{kind}'", kind=kind),
            hint=_("use one of {values}", values=", ".join(map(words.item_kind, ITEM_KINDS))),
        )
    rows = [
        OpenRow(item=item, name=summary.name, health=summary.health.percent)
        for summary in summaries
        for item in summary.open_items
        if holds(rep, summary, item)
        and (kind is None or item.kind == kind)
        and (not overdue or item.overdue_days)
        and (older_than is None or item.age_days > older_than)
    ]
    return sorted(
        rows,
        key=lambda row: (
            *urgency(row.item),
            ganada_key(row.name, row.item.customer),
            row.item.number,
        ),
    )


def holds(rep: str | None, summary: CustomerSummary, item: ItemState) -> bool:
    """Whether `rep`'s views (`open`, `agenda`, `digest`) show `item`: the rep holds it (wrote
    it, or was given it by an assignment or transfer), or owns its customer. One rule, so the
    three never disagree."""
    return rep is None or item.owner == rep or summary.owner == rep


def team_open_items(
    ws: Workspace,
    *,
    rep: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    older_than: int | None = None,
) -> list[OpenRow]:
    """`open_items` of the whole team, from the facts the index stores per open item and per
    customer (`index.team_rows`) instead of every customer's summary: the same rows (a test
    compares them with a scan of the files), without the cost of building thousands of
    summaries (most of whole-team `open` at 25,000 customers)."""
    from handover.index.db import open_index
    from handover.index.team_rows import open_item_facts

    config = ws.folder.config()
    check_filters(config, rep=rep, kind=None)
    open_items([], kind=kind)  # the same refusal of an unknown item kind
    today = ws.today()
    index = open_index(ws.folder, for_rep=rep)  # one rep's items: that rep's files checked
    ws.left_out(index.unreadable())
    health = TodaysHealth(config.health, today)
    rows: list[OpenRow] = []
    for item_json, cid, name, _owner, last_day, plan, last_rating, inputs in open_item_facts(
        index.db, rep=rep
    ):
        item = item_at(ItemBase.model_validate_json(item_json), today)
        if (
            (kind is None or item.kind == kind)
            and (not overdue or item.overdue_days)
            and (older_than is None or item.age_days > older_than)
        ):
            percent = health.percent(cid, last_day, plan, last_rating, inputs)
            rows.append(OpenRow(item=item, name=name, health=percent))
    # open_items' order; ties (two clones' items of one number) as a summary lists them
    return sorted(
        rows,
        key=lambda row: (
            *urgency(row.item),
            ganada_key(row.name, row.item.customer),
            row.item.number,
            row.item.opened_in,
        ),
    )


def health_ranking(summaries: Sequence[CustomerSummary]) -> list[CustomerSummary]:
    """Zeros first, then the lowest; ties in 가나다 order of names, then by id."""
    return sorted(summaries, key=lambda s: (s.health.score, ganada_key(s.name, s.id)))
