"""Values for shell completion, read from the index as it is: customers, reps, item refs.

Completion runs on every Tab, so it never refreshes the index and imports nothing heavy
(no pydantic, no YAML round-trip, no typer): one SQLite query, or the folder's customer
names when there is no index yet. A Hangul prefix completes (김 → 김민수), and so do initial
consonants, alone or after syllables (ㄱㅁㅅ, 김ㅁ → 김민수).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

from handover.domain.romanize import initial_consonants
from handover.domain.text import match_form
from handover.index.location import index_path

LIMIT = 200
_LAST = "\U0010ffff"  # above every character: x <= id < x + _LAST means "id starts with x"
_SYLLABLES = "".join(map(chr, range(0xAC00, 0xD7A4)))  # 가 … 힣
_REP_LINE = re.compile(r"^\s*-?\s*(id|name):\s*(.+?)\s*(?:#.*)?$")
_HANGUL_PART = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _connect(root: Path) -> sqlite3.Connection | None:
    path = index_path(root)
    if not path.is_file():
        return None
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None


def _display(customer_id: str, name: str) -> str:
    """What the shell inserts: the name when it is one word, else the id."""
    return name if name and not any(c.isspace() for c in name) else customer_id


def customers(root: Path, incomplete: str) -> list[tuple[str, str]]:
    """(value, help) for customers whose id or name starts with what was typed."""
    typed = unicodedata.normalize("NFC", incomplete).strip()
    db = _connect(root)
    if db is None:  # no index yet: the ids are the folder names
        folder = root / "customers"
        ids = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        return [(i, "") for i in ids if _word_starts(i, typed) and not i.startswith(".")][:LIMIT]
    try:
        rows = _customer_rows(db, typed)
    except sqlite3.Error:
        return []
    finally:
        db.close()
    if typed.isascii() and typed:  # typing an id (or an English name): the id completes
        return [(cid, name) for cid, name in rows]
    return [(_display(cid, name), cid) for cid, name in rows]


def _word_starts(customer_id: str, typed: str) -> bool:
    """`typed` starts the id or one of its words (`carter` for `emily-carter`)."""
    return customer_id.startswith(typed) or any(
        word.startswith(typed) for word in customer_id.split("-")
    )


def _customer_rows(db: sqlite3.Connection, typed: str) -> list[tuple[str, str]]:
    """At 25,000 customers each query is a range of the primary key or one plain scan: an
    ``ORDER BY`` over a ``LIKE`` or an ``OR`` costs a Tab 100 ms and more."""
    if not typed:
        sql = "SELECT id, name FROM customers ORDER BY norm_name LIMIT ?"
        return list(db.execute(sql, (LIMIT,)))
    if _HANGUL_PART.search(typed):
        return _hangul_rows(db, typed)
    sql = "SELECT id, name FROM customers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?"
    by_id = list(db.execute(sql, (typed, typed + _LAST, LIMIT)))
    # any word of the name or the id: `carter` finds Emily Carter (emily-carter); one scan
    like = "% " + match_form(typed).replace("%", r"\%").replace("_", r"\_") + "%"
    sql = (
        "SELECT id, name FROM customers WHERE (' ' || norm_name || ' ' || replace(id, '-', ' '))"
        " LIKE ? ESCAPE '\\'"
    )
    by_name = list(db.execute(sql, (like,)))
    return sorted({*by_id, *by_name})[:LIMIT]


def _hangul_rows(db: sqlite3.Connection, typed: str) -> list[tuple[str, str]]:
    """The typed syllables before the first bare consonant start the name (a range of
    names); the consonants then start its next letters: 김 and 김ㅁ → 김민수; ㄱㅁㅅ → 김민수."""
    letters = typed.replace(" ", "")
    syllables = len(letters) - len(letters.lstrip(_SYLLABLES))
    if syllables:
        literal = match_form(letters[:syllables])
        sql = (
            "SELECT id, name FROM customers WHERE norm_name >= ? AND norm_name < ? "
            "ORDER BY norm_name"
        )
        found = db.execute(sql, (literal, literal + _LAST))
    else:
        initials = initial_consonants(typed).replace(" ", "")
        ilike = initials.replace("%", r"\%").replace("_", r"\_") + "%"
        sql = (
            "SELECT id, name FROM customers WHERE replace(initials, ' ', '') LIKE ? ESCAPE '\\' "
            "ORDER BY norm_name"
        )
        found = db.execute(sql, (ilike,))
    rows: list[tuple[str, str]] = []
    for customer_id, name in found:
        if _fits(name, typed):
            rows.append((customer_id, name))
            if len(rows) == LIMIT:
                break
    return rows


def _fits(name: str, typed: str) -> bool:
    """Each typed syllable equals the name's, each typed initial consonant starts it."""
    letters = [c for c in unicodedata.normalize("NFC", name) if not c.isspace()]
    wanted = [c for c in typed if not c.isspace()]
    if len(wanted) > len(letters):
        return False
    for have, want in zip(letters, wanted, strict=False):
        if have != want and initial_consonants(have) != want:
            return False
    return True


def item_refs(root: Path, incomplete: str) -> list[tuple[str, str]]:
    """Item references `customer#N`; the customer part may be typed as a name. The customers
    are found first (by the id's primary key, or by name), then their items by the customer
    index: no scan of every item of the team."""
    head, hash_, number = incomplete.partition("#")
    db = _connect(root)
    if db is None:
        return []
    try:
        ids = _ids_for(db, head) if hash_ else _ids_starting(db, head)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = (
            # `+kind`: through the customer index; the kind index walks every item of the team
            f"SELECT customer, ref, text FROM docs WHERE +kind = 'item' AND customer IN ({marks}) "
            "ORDER BY ref"
        )
        found = [
            (ref, _one_line(text))
            for customer, ref, text in db.execute(sql, ids)
            if ref.startswith(f"{customer}#{number}" if hash_ else head)
        ]
        return found[:LIMIT]
    except sqlite3.Error:
        return []
    finally:
        db.close()


def _ids_starting(db: sqlite3.Connection, typed: str) -> list[str]:
    """Customer ids that start with ``typed``, as a range of the primary key."""
    sql = "SELECT id FROM customers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?"
    return [row[0] for row in db.execute(sql, (typed, typed + _LAST, LIMIT))]


def _ids_for(db: sqlite3.Connection, typed: str) -> list[str]:
    """The customer an item reference's head names: an id (the primary key), else a name."""
    if db.execute("SELECT 1 FROM customers WHERE id = ?", (typed,)).fetchone():
        return [typed]
    rows = db.execute("SELECT id FROM customers WHERE norm_name = ?", (match_form(typed),))
    return [row[0] for row in rows] or [typed]


def _one_line(text: str) -> str:
    return " ".join(text.split())[:60]


def reps(root: Path, incomplete: str) -> list[tuple[str, str]]:
    """Rep ids (and names) from handover.yaml, read line by line: no YAML parser needed."""
    try:
        text = (root / "handover.yaml").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found: list[tuple[str, str]] = []
    in_reps = False
    current: dict[str, str] = {}
    for line in text.splitlines():
        if re.match(r"^[^\s#-]", line):  # a top-level key ends or starts the list
            in_reps = line.startswith("reps:")
            continue
        match = _REP_LINE.match(line) if in_reps else None
        if match is None:
            continue
        if line.lstrip().startswith("-") and current:
            found.append((current.get("id", ""), current.get("name", "")))
            current = {}
        current[match.group(1)] = match.group(2).strip("'\"")
    if current:
        found.append((current.get("id", ""), current.get("name", "")))
    typed = match_form(incomplete)
    return [
        (rep_id, name)
        for rep_id, name in found
        if rep_id and (rep_id.startswith(typed) or match_form(name).startswith(typed))
    ]
