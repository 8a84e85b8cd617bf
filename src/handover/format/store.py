"""Every read and write of a team folder goes through here.

Profiles are read and rewritten as round-trip YAML, so a person's comments, blank lines, key
order and quoting survive every tool edit. Notes are written once, exclusively, in a canonical
form. Every write is atomic (temporary file in the same folder, fsync, rename) and nothing is
read or written outside the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel

from handover.errors import (
    UNREADABLE,
    DataError,
    FolderError,
    HandoverError,
    Location,
    UnreadableFileError,
    UnsafePathError,
    UsageError,
    os_error,
)
from handover.format.files import LoadedFile, ProfileDoc, StoredRecord, read_bounded
from handover.format.layout import CONFIG_FILE, CUSTOMERS_DIR, NOTES_DIR, PROFILE_FILE
from handover.format.note_file import note_filename, record_to_yaml
from handover.format.profile import Profile
from handover.format.reader import read_config, read_field, read_profile, read_record
from handover.format.records import Record
from handover.format.source import BOM, MAX_FILE_BYTES, SourceText, source_text
from handover.format.team_config import TeamConfig
from handover.format.validation import lenient_profile, validate_model
from handover.i18n import _

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

LINE_FIELDS = ("name", "kind", "organisation", "role", "owner")
"""A profile's one-line fields, readable from their own lines when the file does not parse."""

M = TypeVar("M", bound=BaseModel)


# --- the folder ---------------------------------------------------------------------------


class Writer(Protocol):
    """The change (core/transaction.py) every write of the folder goes through."""

    def write(self, path: Path, data: bytes, *, exclusive: bool = False) -> None: ...


class TeamFolder:
    """A team folder on disk. The only class that opens its files.

    Writing needs an open change (``handover.core.transaction``): it journals each file before
    writing it and puts everything back on failure. A write without one is a bug.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._config: TeamConfig | None = None
        self.change: Writer | None = None

    def write_file(self, path: Path, data: bytes, *, exclusive: bool = False) -> None:
        """Write one file of the folder, through the open change."""
        if self.change is None:
            raise RuntimeError(f"{self.relative(path)} written outside a change")
        self.change.write(self.safe(path), data, exclusive=exclusive)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def customers_dir(self) -> Path:
        return self.root / CUSTOMERS_DIR

    def customer_dir(self, customer_id: str) -> Path:
        return self.safe(self.customers_dir / customer_id)

    def profile_path(self, customer_id: str) -> Path:
        return self.customer_dir(customer_id) / PROFILE_FILE

    def relative(self, path: Path) -> Path:
        """A path as people see it in messages: relative to the folder when inside it."""
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def safe(self, path: Path) -> Path:
        """The one path check of every read and write: refuse any path that leaves the folder,
        through a symlink too (for a file not yet written, through its folders' links)."""
        if self._plainly_inside(path):
            return path
        resolved = path.resolve()
        if resolved != self.root and self.root not in resolved.parents:
            raise UnsafePathError(
                _("leads outside the team folder (to {target})", target=resolved),
                location=Location(self.relative(path)),
                hint=_("symlinks that leave the team folder are refused: replace it with a file"),
            )
        return path

    def _plainly_inside(self, path: Path) -> bool:
        """``path`` is spelled inside the folder, without ``..``, and none of its parts below
        the folder is a symlink: then it resolves to itself, and `safe` need not resolve it
        (`Path.resolve` costs an lstat per part from /, in Python: seconds at 10,000 files)."""
        root = str(self.root)
        text = str(path)
        if not text.startswith(root + os.sep) or "/../" in text + "/" or "/./" in text + "/":
            return False
        current = root
        for part in text[len(root) + 1 :].split(os.sep):  # noqa: PTH206 (strings: the point)
            current = f"{current}{os.sep}{part}"
            try:
                mode = os.lstat(current).st_mode
            except FileNotFoundError:
                return True  # nothing below a missing part can be a link
            except OSError:
                return False  # let resolve() and the readers name the problem
            if stat.S_ISLNK(mode):
                return False
        return True

    # reading

    def read(self, path: Path, *, limit: int | None = None) -> bytes:
        """A file of the folder: inside it after resolving links, regular, size-capped."""
        return read_bounded(self.safe(path), self.relative(path), limit=limit)

    def load_file(self, path: Path) -> LoadedFile:
        """A file with its round-trip tree, the careful way: for an edit."""
        from handover.format import (
            yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
        )

        shown = self.relative(path)
        raw = self.read(path)
        source = source_text(raw, shown)
        tree = yamlio.load(source, shown)
        return LoadedFile(path=shown, source=source, tree=tree)

    def _source(self, path: Path) -> tuple[SourceText, Path]:
        shown = self.relative(path)
        return source_text(self.read(path), shown), shown

    def config(self) -> TeamConfig:
        if self._config is None:
            if not self.config_path.exists():
                raise FolderError(
                    _("{root} is not a team folder (no {file})", root=self.root, file=CONFIG_FILE),
                    hint=_("create one with `handover init`, or point --dir at one"),
                )
            self._config = read_config(*self._source(self.config_path)).valid()
        return self._config

    @property
    def config_read(self) -> bool:
        return self._config is not None

    def use_config(self, config: TeamConfig) -> None:
        """Settings validated before from this very file (`index.team_settings`)."""
        self._config = config

    def profile_field(self, customer_id: str, key: str) -> str | None:
        """One top-level text field of a profile (`name`, `owner`), read from its line when
        plain. Raises what an unreadable file raises; None when the field is absent or not
        text."""
        return read_field(*self._source(self.profile_path(customer_id)), key)

    def profile_model(self, customer_id: str) -> Profile:
        """A customer's profile when only its content matters (no round-trip tree to edit)."""
        return read_profile(*self._source(self.profile_path(customer_id))).valid()

    def readable_profile(self, customer_id: str) -> tuple[Profile, HandoverError | None]:
        """What can be read of a profile, and why not all of it: a valid profile as is; an
        invalid one with each rejected field left out (a missing name becomes the id, a
        missing owner or kind 'unknown'/'other'), so a successor still sees the rest."""
        try:
            return self.profile_model(customer_id), None
        except UnreadableFileError:
            raise  # this user may not read it: the folder's permissions come first
        except UNREADABLE as error:
            problem = error
        data: dict[str, Any] = {}
        from handover.format import (
            yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
        )

        try:
            tree = yamlio.to_plain(self.load_file(self.profile_path(customer_id)).tree)
            data = dict(tree) if isinstance(tree, dict) else {}
        except UNREADABLE:
            data = self.profile_lines(customer_id)
        return lenient_profile(data, customer_id), problem

    def rejected_fields(self, customer_id: str) -> Sequence[DataError]:
        """Every field of a profile that parses but fails validation, each with its line
        (`readable_profile` keeps only the first as its problem); empty when valid."""
        with contextlib.suppress(*UNREADABLE):
            return read_profile(*self._source(self.profile_path(customer_id))).problems
        return ()

    def profile_lines(self, customer_id: str) -> dict[str, str]:
        """The one-line fields (name, kind, owner…) of a profile that does not parse, read
        from their own lines as the index reads them, so every view names it the same way."""
        from handover.format import fastyaml

        with contextlib.suppress(*UNREADABLE):
            path = self.profile_path(customer_id)
            text = source_text(self.read(path), self.relative(path)).text
            found = {key: fastyaml.top_level_scalar(text, key) for key in LINE_FIELDS}
            return {key: value for key, value in found.items() if value is not None}
        return {}

    def customer_ids(self) -> list[str]:
        try:
            entries = sorted(os.scandir(self.customers_dir), key=lambda entry: entry.name)
        except FileNotFoundError:
            return []
        return [e.name for e in entries if e.is_dir() and not e.name.startswith(".")]

    def has_customer(self, customer_id: str) -> bool:
        """Whether the customer has a profile file (readable or not: a broken, linked or
        FIFO profile is still that customer's, to be named when it is read)."""
        path = self.profile_path(customer_id)
        return path.is_symlink() or (path.exists() and not path.is_dir())

    def profile(self, customer_id: str) -> ProfileDoc:
        read = read_profile(*self._source(self.profile_path(customer_id)))
        return ProfileDoc(profile=read.valid(), file=read.file)

    def note_paths(self, customer_id: str) -> list[Path]:
        """A customer's note files, oldest first (their names start with the UTC time)."""
        notes = self.customer_dir(customer_id) / NOTES_DIR
        paths: list[Path] = []
        try:
            for year in sorted(os.scandir(notes), key=lambda entry: entry.name):
                if year.is_dir():
                    paths.extend(
                        Path(entry.path)
                        for entry in os.scandir(year.path)
                        if entry.name.endswith(".yaml") and not entry.name.startswith(".")
                    )
        except FileNotFoundError:
            return []
        except OSError as error:
            where = Path(error.filename) if error.filename else notes
            raise os_error(error, self.relative(where)) from None
        return sorted(paths, key=lambda path: path.name)

    def record(self, path: Path) -> StoredRecord:
        """A note (fast when it is in the canonical form the tool writes)."""
        source, shown = self._source(path)
        return StoredRecord(id=path.stem, path=shown, record=read_record(source, shown).valid())

    def records(
        self, customer_id: str, unreadable: list[HandoverError] | None = None
    ) -> list[StoredRecord]:
        """A customer's notes, oldest first. Given a list for ``unreadable``, a note that
        cannot be read is put there (as `check` names it) and the others are still read."""
        if unreadable is None:
            return [self.record(path) for path in self.note_paths(customer_id)]
        records: list[StoredRecord] = []
        try:
            paths = self.note_paths(customer_id)
        except UNREADABLE as error:  # the customer's folder itself leads out
            unreadable.append(error)
            return records
        for path in paths:
            try:
                records.append(self.record(path))
            except UNREADABLE as error:
                unreadable.append(error)
        return records

    # writing

    def write_record(self, customer_id: str, record: Record, *, token: str | None = None) -> Path:
        """Create a note file; never overwrites (a name clash retries with a new token).

        ``token`` fixes the end of the file name (the demo generator's seeded names); a clash
        with it is an error, never a retry under another name."""
        record = self._own_second(customer_id, record)
        directory = self.customer_dir(customer_id) / NOTES_DIR / f"{record.at.year:04d}"
        data = record_to_yaml(record).encode("utf-8")
        self._readable_size(data, _("note"))
        for _attempt in range(1 if token else 5):
            path = self.safe(directory / note_filename(record, token))  # a notes/ link leading out
            try:
                self.write_file(path, data, exclusive=True)
            except FileExistsError:
                continue
            return path
        raise FolderError(
            _("could not find a free note name in {folder}", folder=self.relative(directory))
        )

    def _own_second(self, customer_id: str, record: Record) -> Record:
        """The record, a second later for each of the customer's records that already holds
        its second: records are ordered by time, so a note, its resolution and a reopening
        made in the same second (a script, a pinned clock) keep the order they were written."""
        taken: set[str] = set()
        for year in (record.at.year - 1, record.at.year, record.at.year + 1):
            with contextlib.suppress(OSError):
                taken |= {e.name[:16] for e in os.scandir(self._year_dir(customer_id, year))}
        while note_filename(record, "0")[:16] in taken:
            record = record.model_copy(update={"at": record.at + dt.timedelta(seconds=1)})
        return record

    def _year_dir(self, customer_id: str, year: int) -> Path:
        return self.customer_dir(customer_id) / NOTES_DIR / f"{year:04d}"

    def create_profile(self, profile: Profile, tree: CommentedMap, text: str | None = None) -> Path:
        """A new profile from its tree, or from ``text`` already made from that tree."""
        from handover.format import (
            yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
        )

        return self.create_profile_text(profile, yamlio.dump(tree) if text is None else text)

    def create_profile_text(self, profile: Profile, text: str) -> Path:
        """A new profile from its text, already made from the same values (an import)."""
        path = self.profile_path(profile.id)  # checked by safe() in customer_dir
        data = text.encode("utf-8")
        self._readable_size(data, _("profile"))
        self.write_file(path, data, exclusive=True)
        return path

    def edit_yaml(
        self, path: Path, model: type[M], change: Callable[[Any], None]
    ) -> tuple[M, Path]:
        """Apply ``change`` to the round-trip tree and write it back only if still valid."""
        from handover.format import (
            yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
        )

        file = self.load_file(path)
        validate_model(model, file)  # never rewrite a file that is already broken
        indent = yamlio.guess_indent(file.source.text)
        change(file.tree)
        text = yamlio.dump(file.tree, indent)
        changed = LoadedFile(
            path=file.path, source=file.source, tree=yamlio.load(SourceText(text), file.path)
        )
        result = validate_model(model, changed)
        data = file.source.encode(text)
        self._readable_size(data, path.name)
        self.write_file(path, data)
        if path == self.config_path:
            self._config = None
        return result, path

    @staticmethod
    def _readable_size(data: bytes, what: str) -> None:
        """What the reader would refuse, the writer refuses first: a file over the read limit
        would be committed and then block every teammate's team views."""
        if len(data) > MAX_FILE_BYTES:
            raise UsageError(
                _(
                    "this {what} would be {size} bytes, over the limit of {limit} that "
                    "handover reads back: nothing written",
                    what=what,
                    size=f"{len(data):,}",
                    limit=f"{MAX_FILE_BYTES:,}",
                ),
                hint=_(
                    "keep notes to what happened; put long documents in a shared drive and "
                    "link them"
                ),
            )

    def edit_profile(self, customer_id: str, change: Callable[[Any], None]) -> Path:
        _, path = self.edit_yaml(self.profile_path(customer_id), Profile, change)
        return path

    def edit_config(self, change: Callable[[Any], None]) -> Path:
        _, path = self.edit_yaml(self.config_path, TeamConfig, change)
        return path

    def set_comment_line(self, path: Path, prefix: str, line: str) -> bool:
        """Make ``line`` the file's comment line starting with ``prefix``: replaced where it
        is, else inserted first (after any BOM). Every other byte of the file stays as it was,
        line endings included; a comment cannot change what the YAML says. False: unchanged.
        """
        raw = self.read(path)
        source_text(raw, self.relative(path))  # UTF-8, or a DataError
        bom = BOM.encode() if raw.startswith(BOM.encode()) else b""
        lines = raw[len(bom) :].splitlines(keepends=True)
        wanted, start = line.encode("utf-8"), prefix.encode("utf-8")
        for index, existing in enumerate(lines):
            if existing.startswith(start):
                ending = existing[len(existing.rstrip(b"\r\n")) :]
                if existing.rstrip(b"\r\n") == wanted:
                    return False
                lines[index] = wanted + ending
                break
        else:
            first = lines[0] if lines else b"\n"
            ending = first[len(first.rstrip(b"\r\n")) :] or b"\n"
            lines.insert(0, wanted + ending)
        self.write_file(path, bom + b"".join(lines))
        return True
