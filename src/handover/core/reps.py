"""Naming a rep as people do (`--rep 이서연`, `--to 서연`, `--by ㅇㅅㅇ`), and the team's list."""

from __future__ import annotations

from handover.core.workspace import Workspace
from handover.domain.hangul import ganada_key
from handover.domain.reps import find_rep
from handover.domain.views import View
from handover.format.team_config import Rep, TeamConfig


def resolve_rep(config: TeamConfig, query: str, option: str = "--rep") -> Rep:
    return find_rep(config.reps, query, option)


def rep_id(ws: Workspace, query: str | None, option: str = "--rep") -> str | None:
    """The id of the rep a command option names, or None when the option was not given."""
    if query is None:
        return None
    return resolve_rep(ws.folder.config(), query, option).id


class RepRow(View):
    id: str
    name: str
    territory: str | None
    status: str
    customers: int
    """Customers the rep owns."""
    open_items: int
    """Open items of those customers."""


def rep_rows(ws: Workspace) -> list[RepRow]:
    """Every rep of the team in 가나다 order, with the size of their book (from the index)."""
    from handover.index.db import open_index

    config = ws.folder.config()
    index = open_index(ws.folder)
    ws.left_out(index.unreadable())
    books = {
        owner: (customers, open_items or 0)
        for owner, customers, open_items in index.db.execute(
            "SELECT owner, count(*), sum(open_items) FROM customers GROUP BY owner"
        )
    }
    rows = [
        RepRow(
            id=rep.id,
            name=rep.name,
            territory=rep.territory,
            status=rep.status,
            customers=books.get(rep.id, (0, 0))[0],
            open_items=books.get(rep.id, (0, 0))[1],
        )
        for rep in config.reps
    ]
    return sorted(rows, key=lambda row: ganada_key(row.name, row.id))
