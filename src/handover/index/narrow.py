"""Which customers may have changed since the last refresh, told without a full scan: by git
and by stats alone, for the whole team or for the customers one rep's views are made of.

Notes arrive by commits (a pull, or `handover note` here), so `git diff` between the commit
seen last time and HEAD names them; what handover wrote with `--no-commit` is named in the list
`sync` commits from (`staleness.UNCOMMITTED`), read when it changed. A hand edit shows in its
file's own stat, not in any folder's, so a whole-team view compares every profile's stat with
the packed stamps in one go (`stamps`): 25,000 stats at 25,000 customers, the largest part of
a view's cost. One rep's view (`--rep`) shows only that rep's customers and the items the rep
holds elsewhere, so its check looks only at those customers' files (a few hundred), but at all
of them: the profile, the notes folder and each ``notes/<year>`` folder, so a note file added
by hand shows at once in that rep's views. What it does not look at is a customer the index
says is not the rep's: an uncommitted hand change there that gives the rep something new shows
after the commit, a pull or `reindex` (and a profile's, after any whole-team view; README,
"What the team views do not see at once").

A change of git's index without a new commit (staging, checkout of files, stash), a change of
the set of customers, and (for the whole team) a profile that cannot be stat'ed leave only the
full scan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from handover.index import stamps
from handover.index.staleness import (
    GitState,
    Known,
    customer_stamp,
    git_changed,
    known_stamps,
    uncommitted_customers,
)

Stale = list[tuple[str, str, str, str]]
"""(customer, profile stamp, notes stamp, years) of each customer to read again."""


@dataclass(frozen=True)
class Narrowed:
    """The customers to read again, and how many were looked at."""

    stale: Stale
    looked_at: int
    kept: tuple[list[bytes], bytes] | None
    """The stored profile paths and packed stamps, whose positions of the stale customers the
    refresh then packs anew; None when they were not read (one rep's check)."""
    by_git: frozenset[str] = frozenset()
    """Those git named (a commit, a pull) or handover's list of writes left uncommitted; the
    others of ``stale`` changed by hand."""


EVERY_CUSTOMER = Narrowed([], 0, None)
"""HEAD moved to where git cannot say what changed (the commit the index last saw was rewritten
and pruned: `commit --amend`, a rebase, then `gc`): a note edited in place then is seen only by
comparing every customer's notes key (`reuse`), as after a pull that changed every profile."""

HAND_KEY = "hand_changed"
"""The `meta` key of the customers changed by hand (`hand_changed`)."""


def hand_changed(meta: dict[str, Any]) -> set[str]:
    """The customers that left some rep's view by a change no commit explains (a hand edit of
    `owner:`, a note file taken away): one rep's check looks at them too, so the customer
    comes back when the change is undone, which leaves nothing to commit. A customer leaves
    this set when git names it (a commit took its files) or at `reindex`."""
    value = meta.get(HAND_KEY)
    if not isinstance(value, str) or not value:
        return set()
    return set(value.split("/"))  # "/" is in no customer folder's name


def hand_value(customers: set[str]) -> str:
    return "/".join(sorted(customers))


def narrow(
    db: sqlite3.Connection,
    customers: str,
    meta: dict[str, Any],
    listing: str,
    git: GitState | None,
    racy_after: int,
    for_rep: str | None = None,
) -> Narrowed | None:
    """The customers that may have changed, of the whole team or, ``for_rep``, of what that
    rep's views show; None when only a full scan can tell."""
    if git is None or listing in ("?", "-") or listing != meta.get("customers"):
        return None
    old_head = meta.get("git_head")
    if old_head is None or not stamps.kept_in(db):
        return None
    candidates: set[str] = set()
    if git.head != old_head:
        changed = git_changed(git, str(old_head))
        if changed is None:
            return EVERY_CUSTOMER
        candidates |= changed
    elif git.index != meta.get("git_index"):
        return None
    if git.uncommitted != meta.get("git_uncommitted"):  # a write with --no-commit (or a sync)
        written = uncommitted_customers(git)
        if written is None:
            return None
        candidates |= written
    by_git = frozenset(candidates)
    if for_rep is not None:
        shown = shown_to(db, for_rep) | hand_changed(meta)
        return _of_rep(db, customers, by_git, shown, racy_after)
    kept = stamps.load(db)
    if kept is None:
        return None
    paths, before = kept
    now = stamps.stat_all(customers, paths)
    if now is None:
        return None
    if now != before:
        candidates |= {stamps.name_of(paths[n]) for n in stamps.differing(before, now)}
    if not candidates:
        return Narrowed([], len(paths), kept, by_git)
    known = known_stamps(db, candidates)
    if not candidates <= known.keys():
        return None  # git names a folder the index never had
    stale = [
        (name, *customer_stamp(f"{customers}/{name}", known[name], racy_after))
        for name in sorted(candidates)
    ]
    return Narrowed(stale, len(paths), kept, by_git)


def shown_to(db: sqlite3.Connection, rep: str) -> set[str]:
    """The customers one rep's views are made of, by the index: those the rep owns, those
    with an open item the rep holds (`core.open_items.holds`), and those the index could not
    read (named in every view's warning, so a fix by hand shows at once)."""
    rows = db.execute(
        "SELECT id FROM customers WHERE owner = ? "
        "UNION SELECT customer FROM open_items WHERE holder = ? "
        "UNION SELECT id FROM unreadable",
        (rep, rep),
    )
    return {name for (name,) in rows}


def reps_seeing(db: sqlite3.Connection, customers: Sequence[str]) -> dict[str, set[str]]:
    """The reps whose views each customer is part of (`shown_to`): its owner and the holders
    of its open items."""
    seeing: dict[str, set[str]] = {}
    for first in range(0, len(customers), 400):  # within SQLite's limit of parameters
        chunk = list(customers[first : first + 400])
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT id, owner FROM customers WHERE id IN ({marks}) UNION "
            f"SELECT customer, holder FROM open_items WHERE customer IN ({marks})",
            chunk * 2,
        )
        for customer, rep in rows:
            seeing.setdefault(customer, set()).add(rep)
    return seeing


def _of_rep(
    db: sqlite3.Connection,
    customers: str,
    candidates: frozenset[str],
    shown: set[str],
    racy_after: int,
) -> Narrowed | None:
    """Git's candidates, and those of ``shown`` whose whole stamp (profile, notes folder, each
    year folder) differs from the stored one: what `staleness.scan` compares, for a few."""
    known: Known = known_stamps(db, candidates | shown)
    if not candidates <= known.keys():
        return None  # git names a folder the index never had
    stale: Stale = []
    looked_at = sorted(candidates | (shown & known.keys()))
    for name in looked_at:
        before = known[name]
        stamp = customer_stamp(f"{customers}/{name}", before, racy_after)
        if name in candidates or stamp[0] != before[0] or "?" in stamp[0]:
            stale.append((name, *stamp))
    return Narrowed(stale, len(looked_at), None, candidates)
