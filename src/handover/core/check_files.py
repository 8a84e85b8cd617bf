"""The rules `handover check` applies to each file: the team's config, each profile, each note.

Files are read through the one read path (format/reader.py): fast first, and the round-trip
tree, with its line and column positions, built only for a file that has a problem to point
at: a full check of 600,000 notes cannot afford the round-trip loader for every one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

from handover.core.check_customer import check_holders, check_links, check_ownership, links_out
from handover.core.check_problems import Findings, Note, problem_of
from handover.domain.due import DUE_HINT, due_before_opening
from handover.domain.text import close_to_declared
from handover.errors import DataError, HandoverError
from handover.format.files import LoadedFile, read_bounded
from handover.format.layout import CONFIG_FILE, NOTE_FILE_NAME, NOTES_DIR, PROFILE_FILE
from handover.format.note_file import note_filename
from handover.format.reader import Read, read_config, read_profile, read_record
from handover.format.records import Assignment, Moment
from handover.format.source import SourceText, source_text
from handover.format.store import TeamFolder
from handover.format.team_config import TeamConfig
from handover.i18n import _

_NOTE_NAME = NOTE_FILE_NAME
T = TypeVar("T")


class Checker(Findings):
    """What `check` has read so far of the folder, and the rules applied to each file."""

    def __init__(self, folder: TeamFolder) -> None:
        super().__init__(folder)
        self.config: TeamConfig | None = None
        self.rep_ids: set[str] | None = None
        self.notes: dict[str, list[Note]] = {}
        self.owners: dict[str, tuple[LoadedFile, str]] = {}
        self.owner_ids: dict[str, str] = {}
        self.complete = True
        self.codeowners_named = False  # the repository's CODEOWNERS was named to check
        self._has_customer: dict[str, bool] = {}
        self._meant: dict[tuple[str, str], str | None] = {}

    def read(
        self,
        reader: Callable[[SourceText, Path], Read[T]],
        path: Path,
        shown: Path,
        *,
        linked: bool = True,
    ) -> tuple[T, LoadedFile] | None:
        """A file through the one read path (format/reader.py), or None with its problems
        noted. A file on a path with no symlink is read without resolving it (it cannot lead
        out of the folder); any other goes through the store's path check."""
        try:
            raw = self.folder.read(path) if linked else read_bounded(path, shown)
            read = reader(source_text(raw, shown), shown)
        except DataError as error:
            self.problems.append(problem_of(error))
            return None
        except HandoverError as error:
            self.report(path, error.message, hint=error.hint)
            return None
        if read.value is None:
            self.problems.extend(problem_of(error) for error in read.problems)
            return None
        return read.value, read.file

    def check_config(self) -> None:
        path = self.folder.config_path
        read = self.read(read_config, path, self.folder.relative(path))
        self.config = None if read is None else read[0]
        self.rep_ids = None if self.config is None else {r.id for r in self.config.reps}

    def rep_known(self, rep_id: str) -> bool:
        return self.rep_ids is None or rep_id in self.rep_ids

    def has_customer(self, customer_id: str) -> bool:
        known = self._has_customer.get(customer_id)
        if known is None:
            known = self._has_customer[customer_id] = self.folder.has_customer(customer_id)
        return known

    def check_profile(
        self, path: Path, customer_id: str, shown: Path, *, linked: bool = True
    ) -> None:
        read = self.read(read_profile, path, shown, linked=linked)
        if read is None:
            return
        profile, file = read
        self.owner_ids[customer_id] = profile.owner
        if profile.id != customer_id:
            self.at(
                file,
                ("id",),
                _(
                    "id '{id}' differs from its folder '{folder}'",
                    id=profile.id,
                    folder=customer_id,
                ),
                hint=_(
                    "the folder name is the id: rename one so both are '{folder}'",
                    folder=customer_id,
                ),
            )
        self.owners[customer_id] = (file, profile.owner)
        if not self.rep_known(profile.owner):
            self.at(
                file,
                ("owner",),
                _("owner '{owner}' is not a rep in {file}", owner=profile.owner, file=CONFIG_FILE),
                hint=_("add the rep with `handover rep add`, or fix the id"),
            )
        for index, related in enumerate(profile.related):
            if related.customer and not self.has_customer(related.customer):
                self.at(
                    file,
                    ("related", index, "customer"),
                    _("related customer '{customer}' does not exist", customer=related.customer),
                    hint=_("use an existing customer id, or `name:` for someone not in the folder"),
                )

    def check_note(
        self, path: Path, customer_id: str, year: str, shown: Path, *, linked: bool = True
    ) -> None:
        if not self.has_customer(customer_id):
            self.report(
                path,
                _("note of a customer with no profile ('{customer}')", customer=customer_id),
                hint=_(
                    "add customers/{customer}/{file} or move the note",
                    customer=customer_id,
                    file=PROFILE_FILE,
                ),
            )
        name = _NOTE_NAME.match(path.name)
        if name is None:
            self.report(
                path,
                _("note file name is not {pattern}", pattern="<YYYYMMDDTHHMMSSZ>-<rep>-<hex>.yaml"),
                hint=_("notes are written by `handover note`; do not rename them"),
            )
        read = self.read(read_record, path, shown, linked=linked)
        if read is None:
            return
        record, file = read
        if isinstance(record, Assignment) and not self.rep_known(record.to):
            self.at(
                file,
                ("to",),
                _("'{rep}' is not a rep in {file}", rep=record.to, file=CONFIG_FILE),
                hint=_("an item is assigned to a rep id of the team"),
            )
        if not self.rep_known(record.by):
            self.at(
                file,
                ("by",),
                _("'{rep}' is not a rep in {file}", rep=record.by, file=CONFIG_FILE),
                hint=_("add the rep with `handover rep add`"),
            )
        if name is not None:
            expected = note_filename(record, "x").split("-")[0]
            if name.group(1) != expected or name.group(2) != record.by:
                self.at(
                    file,
                    ("at",),
                    _(
                        "file name does not match the note ('{expected}')",
                        expected=f"{expected}-{record.by}-…",
                    ),
                    hint=_(
                        "a note's name records when and by whom it was written; keep them equal"
                    ),
                )
        if year != f"{record.at.year:04d}":
            self.at(
                file,
                ("at",),
                _("note of {year} filed under {folder}/", year=record.at.year, folder=year),
                hint=_("move it to {folder}/", folder=f"{NOTES_DIR}/{record.at.year}"),
            )
        self.notes.setdefault(customer_id, []).append((path.stem, record, file))
        if isinstance(record, Moment):
            for index, item in enumerate(record.opens):
                if late := due_before_opening(item.due, record.at.date()):
                    self.at(file, ("opens", index, "due"), late, hint=_(DUE_HINT))
            if self.config is not None:
                self._check_vocabulary(record, file)

    def _check_vocabulary(self, record: Moment, file: LoadedFile) -> None:
        assert self.config is not None
        vocabulary = self.config.vocabulary
        for key, declared in (("topics", vocabulary.topics), ("materials", vocabulary.materials)):
            for index, value in enumerate(getattr(record, key)):
                if (key, value) not in self._meant:  # the same few words in every note
                    self._meant[key, value] = close_to_declared(value, declared)
                meant = self._meant[key, value]
                if meant is not None:
                    self.at(
                        file,
                        (key, index),
                        _(
                            "'{value}' is not declared: did you mean '{meant}'?",
                            value=value,
                            meant=meant,
                        ),
                        hint=_("declared {key} live in {file}", key=key, file=CONFIG_FILE),
                    )

    def finish(self, customer_ids: Collection[str]) -> None:
        """The rules over each customer's notes together; what they needed is then let go."""
        with_notes = [customer_id for customer_id in self.notes if customer_id in customer_ids]
        with_profile = [customer_id for customer_id in self.owners if customer_id in customer_ids]
        for customer_id in with_notes:
            needed = any(links_out(record) for _, record, _ in self.notes[customer_id])
            check_links(self, customer_id, self._all_notes(customer_id, needed=needed))
        for customer_id in with_profile:
            file, owner = self.owners[customer_id]
            check_ownership(self, customer_id, file, owner, self._all_notes(customer_id))
        reps = [] if self.config is None else self.config.reps
        left = {rep.id for rep in reps if rep.status == "left"}
        for customer_id in with_notes if left else []:
            check_holders(self, customer_id, left, self._all_notes(customer_id))
        for customer_id in customer_ids:
            self.notes.pop(customer_id, None)
            self.owners.pop(customer_id, None)

    def _all_notes(self, customer_id: str, *, needed: bool = True) -> list[Note]:
        notes = self.notes.get(customer_id, [])
        if not self.complete and needed:
            notes = [*notes, *self.other_notes(customer_id, {n for n, _, _ in notes})]
        return notes

    def other_notes(self, customer_id: str, seen: set[str]) -> list[Note]:
        """The rest of a customer's notes, so a partial check can still follow links."""
        result: list[Note] = []
        for path in self.folder.note_paths(customer_id):
            if path.stem in seen:
                continue
            try:
                result.append((path.stem, self.folder.record(path).record, None))
            except HandoverError:
                continue
        return result
