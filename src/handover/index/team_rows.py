"""The team views that show thousands of rows, answered from columns the index stores.

`list` and `open` need, per customer, only its name, last contact, planned contact, open
items and health percent; the index keeps the facts these depend on besides today
(`last_day`, `plan`, `last_rating`, `health_inputs`, the `open_items` table), so neither
view parses whole digests nor builds summaries (that was most of whole-team `open`). The
refresh rewrites a customer's columns whenever its files change, like every other table.
"""

from __future__ import annotations

import sqlite3
from typing import Any

CustomerFacts = tuple[str, str, str, str | None, str, str | None, str | None, int, int | None, str]
"""(id, name, kind, organisation, owner, last_day, plan, open_items, last_rating,
health_inputs)."""

OpenItemFacts = tuple[str, str, str, str, str | None, str | None, int | None, str]
"""(item JSON, customer id, name, owner, last_day, plan, last_rating, health_inputs)."""


def customer_facts(
    db: sqlite3.Connection, *, rep: str | None, kind: str | None
) -> list[CustomerFacts]:
    """Every customer (of a rep, of a kind) with what `list` shows, by id."""
    sql = (
        "SELECT id, name, kind, organisation, owner, last_day, plan, open_items, last_rating, "
        "health_inputs FROM customers WHERE 1"
    )
    params: list[Any] = []
    if rep is not None:
        sql += " AND owner = ?"
        params.append(rep)
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    return list(db.execute(sql + " ORDER BY id", params))


def open_item_facts(db: sqlite3.Connection, *, rep: str | None) -> list[OpenItemFacts]:
    """Every open item with its customer's facts; of `rep`: the items the rep holds and those
    of the customers the rep owns (`core.items.holds`), each found by its index (owner,
    holder), not by reading every open item of the team."""
    sql = (
        "SELECT o.item, c.id, c.name, c.owner, c.last_day, c.plan, c.last_rating, "
        "c.health_inputs FROM open_items o JOIN customers c ON c.id = o.customer"
    )
    if rep is None:
        return list(db.execute(sql))
    owned = sql + " WHERE c.owner = ?"
    held = sql + " WHERE o.holder = ? AND c.owner != ?"
    return list(db.execute(f"{owned} UNION ALL {held}", (rep, rep, rep)))
