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
        return [(i, "") for i in ids if i.startswith(typed) and not i.startswith(".")][:LIMIT]
    try:
        rows = _customer_rows(db, typed)
    except sqlite3.Error:
        return []
    finally:
        db.close()
    if typed.isascii() and typed:  # typing an id (or an English name): the id completes
        return [(cid, name) for cid, name in rows]
    return [(_display(cid, name), cid) for cid, name in rows]


def _customer_rows(db: sqlite3.Connection, typed: str) -> list[tuple[str, str]]:
    like = match_form(typed).replace("%", r"\%").replace("_", r"\_") + "%"
    if not typed:
        sql = "SELECT id, name FROM customers ORDER BY norm_name LIMIT ?"
        return list(db.execute(sql, (LIMIT,)))
    if _HANGUL_PART.search(typed):
        initials = initial_consonants(typed).replace(" ", "")
        ilike = initials.replace("%", r"\%").replace("_", r"\_") + "%"
        sql = (
            "SELECT id, name FROM customers WHERE replace(initials, ' ', '') LIKE ? ESCAPE '\\' "
            "ORDER BY norm_name LIMIT ?"
        )
        found = list(db.execute(sql, (ilike, LIMIT * 5)))
        return [(cid, name) for cid, name in found if _fits(name, typed)][:LIMIT]
    sql = (
        "SELECT id, name FROM customers WHERE id LIKE ? ESCAPE '\\' OR norm_name LIKE ? "
        "ESCAPE '\\' ORDER BY id LIMIT ?"
    )
    return list(db.execute(sql, (like, like, LIMIT)))


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
    """Item references `customer#N`; the customer part may be typed as a name."""
    head, hash_, _number = incomplete.partition("#")
    db = _connect(root)
    if db is None:
        return []
    try:
        ids = [head] if not hash_ else _ids_for(db, head)
        found: list[tuple[str, str]] = []
        for customer_id in ids:
            like = customer_id.replace("%", r"\%").replace("_", r"\_") + ("#%" if hash_ else "%")
            sql = (
                "SELECT ref, text FROM docs WHERE kind = 'item' AND ref LIKE ? ESCAPE '\\' "
                "ORDER BY ref LIMIT ?"
            )
            found += [(ref, _one_line(text)) for ref, text in db.execute(sql, (like, LIMIT))]
        return found[:LIMIT]
    except sqlite3.Error:
        return []
    finally:
        db.close()


def _ids_for(db: sqlite3.Connection, typed: str) -> list[str]:
    norm = match_form(typed)
    rows = db.execute("SELECT id FROM customers WHERE id = ? OR norm_name = ?", (typed, norm))
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
