"""The team index: a SQLite cache of what the team views and search need, never the truth.

It lives outside the folder and outside git, in the user's cache folder
(``platformdirs.user_cache_dir("handover")``, so ``$XDG_CACHE_HOME/handover`` on Linux), one file
per team folder keyed by a hash of the folder's real path. Deleting it changes no answer: the
next team command rebuilds it from the files.

Staleness is found without reading files. In a git folder, `git diff` between the commit the
index last saw and HEAD names the customers whose notes or profiles arrived or changed (a pull,
a note committed here), and each profile's stat shows a hand edit. Where git cannot say (no
repository, customers added or removed, git's index changed without a new commit) every
customer's stamp is compared: the profile's stat and the modification time of ``notes/`` and of
each ``notes/<year>/`` folder (notes are only ever added as new files, so a new note changes its
year folder's time). Only the customers whose stamp moved are read again, so one new note costs
the next command one customer's files. A stamp taken within two seconds of a change is not
trusted (file times are coarser than the clock), so such a customer is read again next time.

Per customer the index keeps a `Digest`: everything its summary needs that does not depend on
today. Ages and health are computed at query time by the same functions the file scan uses.
Search documents are indexed by character bigrams in a contentless FTS5 table, so any query of
two or more characters (Korean included) finds every document that contains it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handover.domain.text import match_form
from handover.errors import UNREADABLE, DataError, ExitCode, HandoverError, Location
from handover.format.store import (
    CUSTOMERS_DIR,
    NOTES_DIR,
    PROFILE_FILE,
    StoredRecord,
    TeamFolder,
    as_data_error,
    read_bounded,
)

SCHEMA_VERSION = 8  # 8: text matched without invisible characters (match_form)
RACY_NS = 2_000_000_000
PARALLEL_FROM = 400  # customers to read before a second process pays for itself
BATCH = 64

Progress = Callable[[int, int], None]
"""Called with (customers done, customers to do) while the index is being brought up to date."""

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE customers(
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    organisation TEXT,
    owner TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    initials TEXT NOT NULL,
    open_items INTEGER NOT NULL,
    item_owners TEXT NOT NULL,
    last_rating INTEGER,
    plan TEXT,
    stamp TEXT NOT NULL,
    notes_stamp TEXT NOT NULL,
    years TEXT NOT NULL
);
CREATE TABLE digests(id TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE unreadable(
    id TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    notes_stamp TEXT NOT NULL,
    years TEXT NOT NULL,
    errors TEXT NOT NULL
);
CREATE TABLE timelines(id TEXT PRIMARY KEY, timeline TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs(
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    ts INTEGER,
    day TEXT,
    by TEXT,
    text TEXT NOT NULL
);
CREATE INDEX docs_customer ON docs(customer);
CREATE INDEX docs_kind ON docs(kind);
CREATE INDEX docs_ts ON docs(ts);
CREATE VIRTUAL TABLE grams USING fts5(
    g, content='', tokenize='ascii', detail=none, columnsize=0
);
"""


def index_path(root: Path) -> Path:
    """Where a team folder's index lives: the user cache folder, keyed by the real path."""
    from platformdirs import user_cache_dir

    real = os.path.realpath(root)
    key = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(user_cache_dir("handover", appauthor=False)) / f"{key}.sqlite3"


class IndexUnusableError(HandoverError):
    """The index cannot be opened or written (cache folder not writable, disk full)."""

    exit_code = ExitCode.STATE


# --- text for search ---------------------------------------------------------------------------


normalize = match_form
"""What search compares (`domain.text.match_form`): the index stores text in this form."""


_BIGRAM = re.compile(r"(?=([^\W_]{2}))")


def bigrams(norm: str) -> set[str]:
    """Every pair of adjacent letters within a word: 병원에서 → 병원 원에 에서."""
    return set(_BIGRAM.findall(norm))


def gram_text(text: str) -> str:
    """A document as the FTS5 table stores it: its distinct bigrams, space-separated."""
    return " ".join(bigrams(normalize(text)))


# --- what one customer contributes ------------------------------------------------------------


@dataclass(frozen=True)
class CustomerRow:
    """A customer as the index stores it, ready to insert."""

    id: str
    name: str
    kind: str
    organisation: str | None
    owner: str
    open_items: int
    item_owners: str
    last_rating: int | None
    plan: str | None
    digest: str
    timeline: str
    docs: list[tuple[str, str, int | None, str | None, str | None, str, str]]
    """(kind, ref, ts, day, by, text, bigrams) of every search document."""
    unreadable: list[DataError] = field(default_factory=list)
    """Files of this customer left out (notes that cannot be read), as `check` names them."""


@dataclass(frozen=True)
class UnreadableCustomer:
    """A customer whose profile cannot be read: left out of the team views, with why."""

    id: str
    unreadable: list[DataError]


def read_customer(folder: TeamFolder, customer_id: str) -> CustomerRow | UnreadableCustomer:
    """Read one customer's files (fast paths, validated by the models) into an index row.

    A file that cannot be read does not stop the team: an unreadable note is left out of the
    row, an unreadable profile leaves the customer out, and either is kept as a warning.
    """
    try:
        return _read_customer(folder, customer_id)
    except UNREADABLE as error:
        return UnreadableCustomer(customer_id, [as_data_error(error)])


def _read_customer(folder: TeamFolder, customer_id: str) -> CustomerRow:
    from handover.domain.report import timeline
    from handover.domain.summary import digest
    from handover.domain.views import corrected_moments, never_forget
    from handover.format.models import fact_text

    profile = _read_profile(folder, customer_id)
    unreadable: list[DataError] = []
    records = _read_records(folder, customer_id, unreadable)
    facts = digest(customer_id, records)
    docs: list[tuple[str, str, int | None, str | None, str | None, str, str]] = []
    profile_text = "\n".join(
        part
        for part in (
            profile.name,
            profile.organisation,
            profile.role,
            *(fact_text(f) for f in never_forget(profile, records)),
            *profile.tags,
        )
        if part
    )
    docs.append(("profile", customer_id, None, None, None, profile_text, gram_text(profile_text)))
    for stored, moment, _ in corrected_moments(records):
        text = "\n".join((moment.summary, *moment.questions, *moment.topics))
        at = moment.at
        day = at.date().isoformat()
        docs.append(("note", stored.id, int(at.timestamp()), day, moment.by, text, gram_text(text)))
    for item in facts.items:
        text = item.text if item.how is None else f"{item.text}\n{item.how}"
        at = item.opened_at
        day = at.date().isoformat()
        by = item.opened_by
        docs.append(("item", item.ref, int(at.timestamp()), day, by, text, gram_text(text)))
    return CustomerRow(
        id=customer_id,
        name=profile.name,
        kind=profile.kind,
        organisation=profile.organisation,
        owner=profile.owner,
        open_items=sum(1 for item in facts.items if item.status == "open"),
        item_owners=" "
        + " ".join(sorted({i.owner for i in facts.items if i.status == "open"}))
        + " ",
        last_rating=facts.last_rated.rating if facts.last_rated else None,
        plan=facts.plan.isoformat() if facts.plan else None,
        digest=facts.model_dump_json(),
        timeline=timeline.dumps(timeline.build(customer_id, records)),
        docs=docs,
        unreadable=unreadable,
    )


def _read_profile(folder: TeamFolder, customer_id: str) -> Any:
    from pydantic import ValidationError

    from handover.format import fastyaml, yamlio
    from handover.format.models import Profile

    path = folder.customers_dir / customer_id / PROFILE_FILE
    if not path.is_symlink() and not path.parent.is_symlink():
        try:
            source = yamlio.decode(read_bounded(path), path)
        except (OSError, HandoverError):
            source = None
        data = fastyaml.load_profile(source.text) if source is not None else None
        if isinstance(data, dict):
            with contextlib.suppress(ValidationError):
                return Profile.model_validate(data)
    return folder.profile(customer_id).profile  # the careful path: exact errors, or the truth


def _read_records(
    folder: TeamFolder, customer_id: str, unreadable: list[DataError]
) -> list[StoredRecord]:
    from pydantic import ValidationError

    from handover.format import fastyaml
    from handover.format.models import RECORD_ADAPTER

    notes = folder.customers_dir / customer_id / NOTES_DIR
    if notes.is_symlink() or notes.parent.is_symlink():
        problems: list[HandoverError] = []
        records = folder.records(customer_id, problems)
        unreadable += [as_data_error(error) for error in problems]
        return records
    found: list[tuple[str, Path, str, bool]] = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for year in os.scandir(notes):
            if not year.is_dir():
                continue
            linked = year.is_symlink()
            shown = Path(CUSTOMERS_DIR, customer_id, NOTES_DIR, year.name)
            for entry in os.scandir(year.path):
                name = entry.name
                if name.endswith(".yaml") and not name.startswith("."):
                    found.append((name, shown, entry.path, linked or entry.is_symlink()))
    found.sort()
    records = []
    for name, year_path, path_text, linked in found:
        record = None
        if not linked:
            try:
                text = read_bounded(Path(path_text)).decode("utf-8")
            except (OSError, UnicodeDecodeError, HandoverError):
                text = ""  # the careful path below names the problem
            data = fastyaml.parse_canonical(text) if text else None
            if data is not None:
                with contextlib.suppress(ValidationError):
                    record = RECORD_ADAPTER.validate_python(data)
        if record is None:
            try:
                records.append(folder.record(Path(path_text)))  # libyaml, then round trip
            except UNREADABLE as error:
                unreadable.append(as_data_error(error))
        else:
            records.append(StoredRecord(id=name[:-5], path=year_path / name, record=record))
    return records


# --- stamps ----------------------------------------------------------------------------------


def _stat_stamp(path: str, racy_after: int | None) -> str:
    try:
        st = os.stat(path)  # noqa: PTH116 - a str path: 25,000 of these per refresh
    except OSError:
        return "-"
    if racy_after is not None and st.st_mtime_ns >= racy_after:
        return "?"  # changed moments ago: a later change may keep the same time
    return f"{st.st_mtime_ns}.{st.st_ctime_ns}.{st.st_size}.{st.st_ino}"


def _dir_stamp(path: str, racy_after: int) -> str:
    try:
        st = os.stat(path)  # noqa: PTH116 - a str path: 25,000 of these per refresh
    except OSError:
        return "-"
    if st.st_mtime_ns >= racy_after:
        return "?"
    return str(st.st_mtime_ns)


def _years(notes: str) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(notes) if e.is_dir() and e.name[0] != ".")
    except OSError:
        return []


def _customer_stamp(
    base: str, before: tuple[str, str, str] | None, racy_after: int
) -> tuple[str, str, str]:
    """(stamp, notes folder stamp, years) of one customer folder."""
    notes = f"{base}/{NOTES_DIR}"
    stamp = _stat_stamp(f"{base}/{PROFILE_FILE}", racy_after)
    notes_stamp = _dir_stamp(notes, racy_after)
    if before is not None and before[1] == notes_stamp and notes_stamp != "?":
        years = before[2].split(" ") if before[2] else []
    else:
        years = _years(notes)
    stamp += "|" + " ".join(f"{y}:{_dir_stamp(f'{notes}/{y}', racy_after)}" for y in years)
    return stamp, notes_stamp, " ".join(years)


@dataclass(frozen=True)
class GitState:
    """Where the folder sits in its repository, and what git last did there."""

    toplevel: Path
    prefix: str
    head: str
    index: str


def git_state(root: Path) -> GitState | None:
    """HEAD and the stamp of git's index, read from files (no git process); None outside git."""
    for top in (root, *root.parents):
        dotgit = top / ".git"
        try:
            if dotgit.is_dir():
                gitdir = dotgit
            elif dotgit.is_file():
                pointer = dotgit.read_text(encoding="utf-8").strip()
                if not pointer.startswith("gitdir: "):
                    return None
                gitdir = (top / pointer[8:]).resolve()
            else:
                continue
            common = gitdir
            if (gitdir / "commondir").is_file():
                common = (gitdir / (gitdir / "commondir").read_text().strip()).resolve()
            head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
            if head.startswith("ref: "):
                head = _ref(gitdir, common, head[5:])
            index = _stat_stamp(str(gitdir / "index"), None)  # git replaces it on every write
        except OSError:
            return None
        prefix = root.relative_to(top).as_posix()
        return GitState(top, "" if prefix == "." else prefix + "/", head, index)
    return None


def _ref(gitdir: Path, common: Path, ref: str) -> str:
    for place in (gitdir, common):
        with contextlib.suppress(OSError):
            return (place / ref).read_text(encoding="utf-8").strip()
    with contextlib.suppress(OSError):
        for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    return f"unborn {ref}"


def _git_changed(git: GitState, since: str) -> set[str] | None:
    """The customers whose files differ between commit `since` and HEAD; None if git can't say."""
    import subprocess

    if since.startswith("unborn") or git.head.startswith("unborn"):
        return None
    where = f"{git.prefix}{CUSTOMERS_DIR}/"
    try:
        done = subprocess.run(
            ["git", "diff", "--name-only", "-z", "--no-renames", since, git.head, "--", where],
            cwd=git.toplevel,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return {name[len(where) :].split("/", 1)[0] for name in names if name.startswith(where)}


# --- the index -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refreshed:
    """What bringing the index up to date did."""

    customers: int
    read: int
    removed: int
    seconds: float


class TeamIndex:
    """One team folder's index file; every method keeps it consistent with the files."""

    def __init__(self, folder: TeamFolder, path: Path) -> None:
        self.folder = folder
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._next_doc = 1

    # connection and schema

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._connect()
        return self._db

    def _connect(self) -> sqlite3.Connection:
        """Open the index; one of another schema version, or damaged, is replaced by a new
        one (it is only a cache)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnusableError(
                f"cannot create the index folder {self.path.parent}: {exc.strerror}",
                hint="make the cache folder writable, or set $XDG_CACHE_HOME",
            ) from None
        for attempt in (1, 2):
            try:
                return self._open()
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    raise IndexUnusableError(
                        f"cannot use the index {self.path}: {exc}",
                        hint="delete it (it is only a cache) and try again",
                    ) from None
                self.delete()
        raise AssertionError("unreachable")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.close()
            self.delete()
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
            db.execute("INSERT INTO meta VALUES ('root', ?)", (str(self.folder.root),))
        db.execute("PRAGMA synchronous=OFF")  # a cache: a crash costs a rebuild, no data
        db.execute("PRAGMA cache_size=-65536")
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def delete(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    # keeping it fresh

    def refresh(self, progress: Progress | None = None, *, jobs: int | None = None) -> Refreshed:
        """Read again exactly the customers whose files changed since the last refresh."""
        started = time.perf_counter()
        racy_after = time.time_ns() - RACY_NS
        db = self.db
        known = {
            row[0]: (row[1], row[2], row[3])
            for row in db.execute(
                "SELECT id, stamp, notes_stamp, years FROM customers UNION ALL "
                "SELECT id, stamp, notes_stamp, years FROM unreadable "
                "WHERE id NOT IN (SELECT id FROM customers)"
            )
        }
        listing = _dir_stamp(str(self.folder.customers_dir), racy_after)
        git = git_state(self.folder.root)
        stale = self._narrow(known, listing, git, racy_after) if known else None
        if stale is None:
            stale, seen = self._scan(known, racy_after)
        else:
            seen = set(known)
        removed = [name for name in known if name not in seen]
        if removed:
            db.execute("BEGIN IMMEDIATE")
            for name in removed:
                self._forget(name)
            db.execute("COMMIT")
        if stale:
            self._read_into(stale, progress, jobs)
        state = {"customers": listing}
        if git is not None:
            state |= {"git_head": git.head, "git_index": git.index}
        for key, value in state.items():
            if self._meta(key) != value:
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        return Refreshed(len(seen), len(stale), len(removed), time.perf_counter() - started)

    def _scan(
        self, known: dict[str, tuple[str, str, str]], racy_after: int
    ) -> tuple[list[tuple[str, str, str, str]], set[str]]:
        """Every customer's stamp: the profile's, and each notes folder's time."""
        stale: list[tuple[str, str, str, str]] = []
        seen: set[str] = set()
        customers = self.folder.customers_dir
        with contextlib.suppress(FileNotFoundError), os.scandir(customers) as entries:
            for entry in entries:
                name = entry.name
                if name[0] == "." or not entry.is_dir():
                    continue
                seen.add(name)
                stamp = _customer_stamp(entry.path, known.get(name), racy_after)
                before = known.get(name)
                if before is None or before[0] != stamp[0] or "?" in stamp[0]:
                    stale.append((name, *stamp))
        return stale, seen

    def _narrow(
        self,
        known: dict[str, tuple[str, str, str]],
        listing: str,
        git: GitState | None,
        racy_after: int,
    ) -> list[tuple[str, str, str, str]] | None:
        """The customers that may have changed, told by git and the profiles' stamps alone, so
        that no notes folder is looked at; None when only a full scan can tell.

        Notes arrive by commits (a pull, or `handover note` here), so `git diff` between the
        commit seen last time and HEAD names them; a hand edit shows in its profile's stamp.
        A change of git's index without a new commit (staging, checkout of files, stash) and a
        change of the set of customers send the caller to the full scan.
        """
        if git is None or listing in ("?", "-") or listing != self._meta("customers"):
            return None
        old_head, old_index = self._meta("git_head"), self._meta("git_index")
        if old_head is None:
            return None
        candidates: set[str] = set()
        if git.head != old_head:
            changed = _git_changed(git, old_head)
            if changed is None:
                return None
            candidates |= changed
        elif git.index != old_index:
            return None
        customers = str(self.folder.customers_dir)
        for name, (stamp, _, _) in known.items():
            profile = _stat_stamp(f"{customers}/{name}/{PROFILE_FILE}", racy_after)
            if profile == "?" or "?" in stamp or stamp.split("|", 1)[0] != profile:
                candidates.add(name)
        stale: list[tuple[str, str, str, str]] = []
        for name in sorted(candidates):
            if name not in known:
                return None
            stale.append((name, *_customer_stamp(f"{customers}/{name}", known[name], racy_after)))
        return stale

    def rebuild(self, progress: Progress | None = None, *, jobs: int | None = None) -> Refreshed:
        """Delete the index and read every customer again."""
        self.delete()
        return self.refresh(progress, jobs=jobs)

    def _read_into(
        self,
        stale: Sequence[tuple[str, str, str, str]],
        progress: Progress | None,
        jobs: int | None,
    ) -> None:
        db = self.db
        total = len(stale)
        done = 0
        rows = _read_many(self.folder, [name for name, *_ in stale], jobs)
        stamps = {name: rest for name, *rest in stale}
        db.execute("BEGIN IMMEDIATE")
        self._next_doc = (db.execute("SELECT max(id) FROM docs").fetchone()[0] or 0) + 1
        try:
            for row in rows:
                if isinstance(row, str):  # a worker could not read it: read here, to raise
                    row = read_customer(self.folder, row)
                self._forget(row.id)  # also when another command indexed it meanwhile
                if isinstance(row, CustomerRow):
                    self._insert(row, *stamps[row.id])
                if row.unreadable:
                    errors = json.dumps([_error_dict(e) for e in row.unreadable])
                    db.execute(
                        "INSERT INTO unreadable VALUES (?,?,?,?,?)",
                        (row.id, *stamps[row.id], errors),
                    )
                done += 1
                if done % 5000 == 0:
                    db.execute("COMMIT")
                    db.execute("BEGIN IMMEDIATE")
                if progress is not None and (done % BATCH == 0 or done == total):
                    progress(done, total)
        finally:
            db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _forget(self, customer_id: str) -> None:
        db = self.db
        for rowid, text in db.execute(
            "SELECT id, text FROM docs WHERE customer = ?", (customer_id,)
        ).fetchall():
            db.execute(
                "INSERT INTO grams(grams, rowid, g) VALUES ('delete', ?, ?)",
                (rowid, gram_text(text)),
            )
        db.execute("DELETE FROM docs WHERE customer = ?", (customer_id,))
        db.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
        db.execute("DELETE FROM digests WHERE id = ?", (customer_id,))
        db.execute("DELETE FROM unreadable WHERE id = ?", (customer_id,))
        db.execute("DELETE FROM timelines WHERE id = ?", (customer_id,))

    def _insert(self, row: CustomerRow, stamp: str, notes_stamp: str, years: str) -> None:
        from handover.domain.romanize import initial_consonants

        db = self.db
        db.execute(
            "INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                row.id,
                row.name,
                row.kind,
                row.organisation,
                row.owner,
                normalize(row.name),
                initial_consonants(row.name).replace(" ", ""),
                row.open_items,
                row.item_owners,
                row.last_rating,
                row.plan,
                stamp,
                notes_stamp,
                years,
            ),
        )
        db.execute("INSERT INTO digests VALUES (?, ?)", (row.id, row.digest))
        db.execute("INSERT INTO timelines VALUES (?, ?)", (row.id, row.timeline))
        first = self._next_doc
        self._next_doc += len(row.docs)
        db.executemany(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)",
            [
                (first + n, row.id, kind, ref, ts, day, by, text)
                for n, (kind, ref, ts, day, by, text, _) in enumerate(row.docs)
            ],
        )
        db.executemany(
            "INSERT INTO grams(rowid, g) VALUES (?, ?)",
            [(first + n, doc[6]) for n, doc in enumerate(row.docs)],
        )

    # answers

    def summary_rows(
        self,
        *,
        rep: str | None = None,
        kind: str | None = None,
        with_open_items: bool = False,
        items_for: str | None = None,
        agenda_until: dt.date | None = None,
    ) -> list[tuple[str, str, str, str | None, str, str]]:
        """(id, name, kind, organisation, owner, digest) by id; the filters only narrow what
        cannot appear anyway (a customer without open items has no open item to list)."""
        sql = (
            "SELECT c.id, name, kind, organisation, owner, digest "
            "FROM customers c JOIN digests d ON d.id = c.id WHERE 1"
        )
        params: list[Any] = []
        if rep is not None:
            sql += " AND owner = ?"
            params.append(rep)
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if with_open_items:
            sql += " AND open_items > 0"
        if items_for is not None:  # owns the customer, or is responsible for an open item
            sql += " AND (owner = ? OR instr(item_owners, ?) > 0)"
            params += [items_for, f" {items_for} "]
        if agenda_until is not None:
            sql += " AND (open_items > 0 OR last_rating = 0 OR plan <= ?)"
            params.append(agenda_until.isoformat())
        return list(self.db.execute(sql + " ORDER BY c.id", params))

    def unreadable(self, ids: set[str] | None = None) -> list[DataError]:
        """Every file the last refresh could not read (of the customers ``ids``, if given),
        as `check` names it: what the team views leave out and warn about."""
        found: list[DataError] = []
        for customer_id, errors in self.db.execute("SELECT id, errors FROM unreadable ORDER BY id"):
            if ids is None or customer_id in ids:
                found += [_error_from(item) for item in json.loads(errors)]
        return found

    def timeline_rows(self, *, kind: str | None = None) -> list[tuple[str, str, str, str]]:
        """(id, kind, owner, timeline JSON) of every customer (of a kind), by id."""
        sql = "SELECT c.id, kind, owner, timeline FROM customers c JOIN timelines t ON t.id = c.id"
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        return list(self.db.execute(sql + " ORDER BY c.id", params))

    def stats(self) -> dict[str, int]:
        db = self.db
        return {
            "customers": db.execute("SELECT count(*) FROM customers").fetchone()[0],
            "documents": db.execute("SELECT count(*) FROM docs").fetchone()[0],
        }


def _error_dict(error: DataError) -> dict[str, Any]:
    where = error.location
    return {
        "path": str(where.path),
        "line": where.line,
        "column": where.column,
        "message": error.message,
        "field": error.field,
        "hint": error.hint,
    }


def _error_from(item: dict[str, Any]) -> DataError:
    where = Location(Path(item["path"]), item["line"], item["column"])
    return DataError(item["message"], location=where, field=item["field"], hint=item["hint"])


def _read_many(
    folder: TeamFolder, names: Sequence[str], jobs: int | None
) -> Iterator[CustomerRow | UnreadableCustomer | str]:
    """Customers read in two processes when there are many (parsing is CPU-bound)."""
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    if jobs <= 1 or len(names) < PARALLEL_FROM:
        for name in names:
            yield read_customer(folder, name)
        return
    import multiprocessing

    chunks = [names[i : i + BATCH] for i in range(0, len(names), BATCH)]
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(str(folder.root),)) as pool:
        for batch in pool.imap(_read_batch, chunks):
            yield from batch


_worker_folder: TeamFolder | None = None


def _init_worker(root: str) -> None:
    global _worker_folder
    _worker_folder = TeamFolder(Path(root))


def _read_batch(names: Sequence[str]) -> list[CustomerRow | UnreadableCustomer | str]:
    assert _worker_folder is not None
    out: list[CustomerRow | UnreadableCustomer | str] = []
    for name in names:
        try:
            out.append(read_customer(_worker_folder, name))
        except HandoverError:
            out.append(name)  # the parent reads it again and raises the real error
    return out


def open_index(folder: TeamFolder, *, refresh: bool = True) -> TeamIndex:
    """The folder's index, brought up to date with the files unless told otherwise."""
    index = TeamIndex(folder, index_path(folder.root))
    if refresh:
        index.refresh()
    return index


# --- name lookup for commands on one customer ---------------------------------------------------


def name_candidates(folder: TeamFolder, query: str, initials: str | None) -> list[str] | None:
    """Ids whose indexed name or id could match `query`, without refreshing anything.

    None when there is no index yet or the set of customers changed since it was refreshed;
    the caller then reads every name. Names are verified from the files by the caller.
    """
    path = index_path(folder.root)
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        row = db.execute("SELECT value FROM meta WHERE key = 'customers'").fetchone()
        now = _dir_stamp(str(folder.customers_dir), time.time_ns() - RACY_NS)
        if row is None or row[0] != now or now in ("?", "-"):
            return None  # customers were added or removed since the last refresh
        wanted = normalize(query)
        if initials:
            sql = "SELECT id FROM customers WHERE instr(initials, ?) > 0 OR norm_name = ?"
            rows = db.execute(sql, (initials, wanted))
        else:
            sql = "SELECT id FROM customers WHERE instr(norm_name, ?) > 0 OR instr(id, ?) > 0"
            rows = db.execute(sql, (wanted, wanted))
        return sorted(row[0] for row in rows)
    except sqlite3.Error:
        return None
    finally:
        db.close()
