"""Search across the team: customer names, profiles, notes and items, Korean first.

A query is split on spaces into terms; a result contains every term as a substring of its
normalized text (NFC, case-folded), so `병원` finds `병원에서` and `carter` finds `Carter`. The
index finds candidates by the character bigrams of each term and every candidate is checked
again, because bigrams can meet across a word gap. A term of one character has no bigram: such a
query reads every document of the index instead (slower, still exact). A query made only of
Hangul initial consonants (`ㄱㅁㅅ`) matches customer names by their initials, as Korean contact
apps do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

from handover.core.workspace import Workspace
from handover.domain.hangul import has_initials, initials_key, name_span, search_stem
from handover.domain.text import match_form
from handover.domain.views import View
from handover.errors import NotFoundError, UsageError
from handover.format.fields import CUSTOMER_KINDS
from handover.i18n import _
from handover.index.db import TeamIndex, bigrams, open_index

DEFAULT_LIMIT = 20
SNIPPET_BEFORE = 24
SNIPPET_AFTER = 56

Where = Literal["name", "profile", "note", "item"]


class Hit(View):
    """One document that matched: where, when, and the text around the match."""

    customer: str
    name: str
    where: Where
    ref: str
    date: dt.date | None
    by: str | None
    status: Literal["open", "resolved"] | None = None
    """For an item: whether it is still open."""
    snippet: str
    marks: list[tuple[int, int]]
    """(start, end) of every match inside `snippet`, for highlighting."""


class SearchResult(View):
    query: str
    hits: list[Hit]
    more: bool
    """True when more documents matched than `limit` allowed to show."""


def since_date(text: str, today: dt.date) -> dt.date:
    """`--since`: the one grammar of `dates.parse_since` (2026-01-01, 30d, 1y, 3일 전, 지난주)."""
    from handover.domain import dates

    try:
        return dates.parse_since(text, today)
    except ValueError as exc:
        raise UsageError(
            _("{option}: {message}", option="--since", message=exc),
            hint=_("use 2026-01-01, 30d, 6m, 1y or 3일 전"),
        ) from None


def search(
    ws: Workspace,
    query: str,
    *,
    rep: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    customer: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    terms = [search_stem(match_form(term)) for term in query.split()]
    if not terms:
        raise UsageError(_("search for something"), hint=_("e.g. handover search 처방"))
    # the team's settings are read only to check --rep: a search needs nothing else of them
    if rep is not None and ws.folder.config().rep(rep) is None:
        raise NotFoundError(_("unknown rep '{rep}'", rep=rep))
    if kind is not None and kind not in CUSTOMER_KINDS:
        raise UsageError(
            _("unknown kind '{kind}'", kind=kind),
            hint=_("use one of {values}", values=", ".join(CUSTOMER_KINDS)),
        )
    index = open_index(ws.folder)
    ws.left_out(index.unreadable())
    customer_id = None
    if customer is not None:
        from handover.core.names import resolve_customer

        customer_id = resolve_customer(ws.folder, customer)
    start = since_date(since, ws.today()) if since else None
    filters = _Filters(rep, kind, start, customer_id)
    if has_initials(query):
        rows: Iterable[Any] = _by_initials(index, initials_key(query), filters)
        hits = [hit for row in rows if (hit := _name_hit(row, query)) is not None]
        return SearchResult(query=query, hits=hits[:limit], more=len(hits) > limit)
    hits = []
    more = False
    for row in _candidates(index, terms, filters):
        _rank, customer_id_, name, where, ref, day, by, text = row
        if not all(term in match_form(text) for term in terms):
            continue  # bigrams matched across a word gap, or out of order
        if len(hits) == limit:
            more = True
            break
        snippet, marks = make_snippet(text, terms)
        if where == "profile" and any(term in match_form(name) for term in terms):
            where = "name"
        hits.append(
            Hit(
                customer=customer_id_,
                name=name,
                where=where,
                ref=ref,
                date=dt.date.fromisoformat(day) if day else None,
                by=by,
                snippet=snippet,
                marks=marks,
            )
        )
    return SearchResult(query=query, hits=_add_item_status(index, hits), more=more)


def _add_item_status(index: TeamIndex, hits: list[Hit]) -> list[Hit]:
    """Say of every item hit whether it is open or resolved (from the index's digests)."""
    import json

    customers = sorted({hit.customer for hit in hits if hit.where == "item"})
    status: dict[str, Any] = {}
    for customer_id in customers:
        row = index.db.execute("SELECT digest FROM digests WHERE id = ?", (customer_id,))
        found = row.fetchone()
        if found is not None:
            status |= {item["ref"]: item["status"] for item in json.loads(found[0])["items"]}
    return [
        hit.model_copy(update={"status": status.get(hit.ref)}) if hit.where == "item" else hit
        for hit in hits
    ]


class _Filters:
    def __init__(
        self, rep: str | None, kind: str | None, since: dt.date | None, customer: str | None
    ) -> None:
        self.sql = ""
        self.params: list[Any] = []
        if rep is not None:
            self.sql += " AND c.owner = ?"
            self.params.append(rep)
        if kind is not None:
            self.sql += " AND c.kind = ?"
            self.params.append(kind)
        if customer is not None:
            self.sql += " AND c.id = ?"
            self.params.append(customer)
        self.since = since


COMMON = 20_000
"""When every bigram of a query is in more documents than this, reading the documents newest
first and checking each is quicker than collecting and sorting every candidate."""


def _candidates(index: TeamIndex, terms: list[str], filters: _Filters) -> Iterator[Any]:
    """Documents that may match, profiles first, then the newest first."""
    db = index.db
    grams = sorted({gram for term in terms for gram in bigrams(term)})
    where = filters.sql
    params: list[Any] = list(filters.params)
    common = "SELECT count(*) FROM (SELECT rowid FROM grams WHERE grams MATCH ? LIMIT ?)"
    walk = not grams or all(
        db.execute(common, (f'"{gram}"', COMMON + 1)).fetchone()[0] > COMMON for gram in grams
    )
    if not walk:  # a rare bigram: the index names the few candidates
        where = " AND d.id IN (SELECT rowid FROM grams WHERE grams MATCH ?)" + where
        params = [" ".join(f'"{gram}"' for gram in grams), *params]
    # else every bigram is common: reading the documents newest first finds the first
    # results within a few hundred, and search() checks each one itself
    select = (
        "SELECT d.id, d.customer, c.name, d.kind, d.ref, d.day, d.by, d.text "
        "FROM docs d {hint} JOIN customers c ON c.id = d.customer WHERE "
    )
    if filters.since is None:
        hint, check = "", ""
        if walk:  # every profile is a candidate: its own text decides before the join
            db.create_function("has_terms", 1, _has_terms(terms), deterministic=True)
            hint, check = "INDEXED BY docs_profiles", " AND has_terms(d.text)"
        profiles = select.format(hint=hint) + "d.kind = 'profile'" + check + where
        yield from db.execute(profiles + " ORDER BY d.customer", params)
    dated = "d.ts IS NOT NULL"
    if filters.since is not None:
        dated += " AND d.day >= ?"
        params = [filters.since.isoformat(), *params]
    hint = "INDEXED BY docs_ts" if walk else ""
    # a total order on what the documents say, never on row ids: a refresh re-inserts a
    # customer's rows, and notes of one second must come in the same order on both paths
    order = " ORDER BY d.ts DESC, d.customer, d.ref DESC, d.kind, d.text"
    yield from db.execute(select.format(hint=hint) + dated + where + order, params)


def _has_terms(terms: list[str]) -> Callable[[str], bool]:
    """Whether a text holds every term (what `search` checks of each candidate), for SQLite
    to ask of the 25,000 profiles without building a row for each."""

    def has_terms(text: str) -> bool:
        form = match_form(text)
        return all(term in form for term in terms)

    return has_terms


def _by_initials(index: TeamIndex, initials: str, filters: _Filters) -> list[Any]:
    if filters.since is not None:
        return []  # names have no date
    sql = (
        "SELECT c.id, c.name FROM customers c WHERE instr(c.initials, ?) > 0"
        + filters.sql
        + " ORDER BY c.name, c.id"
    )
    return list(index.db.execute(sql, [initials, *filters.params]))


def _name_hit(row: Any, query: str) -> Hit | None:
    """A name that matches a query of syllables and initials (`김ㅁ`, `ㄱ민수`), or None."""
    customer_id, name = row
    span = name_span(query, name)
    if span is None:
        return None
    return Hit(
        customer=customer_id,
        name=name,
        where="name",
        ref=customer_id,
        date=None,
        by=None,
        snippet=name,
        marks=[span],
    )


def make_snippet(text: str, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """One line of text around the first match, with every match in it marked."""
    flat = " ".join(text.split())
    norm = match_form(flat)
    aligned = len(norm) == len(flat)  # casefolding kept every position (all but ß and kin)
    first = min((norm.find(t) for t in terms if norm.find(t) >= 0), default=0) if aligned else 0
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(flat), first + SNIPPET_AFTER)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    snippet = prefix + flat[start:end] + suffix
    marks: list[tuple[int, int]] = []
    if aligned:
        window = norm[start:end]
        for term in terms:
            position = window.find(term)
            while position >= 0 and term:
                marks.append((len(prefix) + position, len(prefix) + position + len(term)))
                position = window.find(term, position + len(term))
    return snippet, sorted(marks)
