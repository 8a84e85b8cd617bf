"""`handover check`: validate a team folder like a compiler, every problem in one run."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handover.core.codeowners import LOCATIONS as CODEOWNERS_LOCATIONS
from handover.core.notes import close_to_declared
from handover.domain.ownership import chain
from handover.domain.views import View, item_bases
from handover.errors import DataError, FolderError, HandoverError, NotFoundError, UsageError
from handover.format import yamlio
from handover.format.models import (
    NOTE_FILE_NAME,
    RECORD_ADAPTER,
    Assignment,
    Correction,
    DueChange,
    Moment,
    Profile,
    Record,
    Reopening,
    Resolution,
    TeamConfig,
    Transfer,
)
from handover.format.store import (
    CONFIG_FILE,
    CUSTOMERS_DIR,
    NOTES_DIR,
    PROFILE_FILE,
    LoadedFile,
    StoredRecord,
    TeamFolder,
    note_filename,
    validation_errors,
)
from handover.git.repo import Git

_NOTE_NAME = NOTE_FILE_NAME


class Problem(View):
    path: str
    line: int | None
    column: int | None
    message: str
    field: str | None
    hint: str | None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        field = f" ({self.field})" if self.field else ""
        return f"{where}: error: {self.message}{field}"


def _problem(error: DataError) -> Problem:
    return Problem(
        path=str(error.location.path),
        line=error.location.line,
        column=error.location.column,
        message=error.message,
        field=error.field,
        hint=error.hint,
    )


class _Checker:
    def __init__(self, folder: TeamFolder) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.config: TeamConfig | None = None
        self.notes: dict[str, list[tuple[str, Record, Any]]] = {}
        self.owners: dict[str, tuple[LoadedFile, str]] = {}
        self.owner_ids: dict[str, str] = {}
        self.complete = True
        self.codeowners_named = False  # the repository's CODEOWNERS was named to check

    def report(self, path: Path, message: str, *, hint: str | None = None) -> None:
        """A problem with a whole file (its place or name), so no line to point at."""
        self.problems.append(
            Problem(
                path=str(self.folder.relative(path)),
                line=None,
                column=None,
                message=message,
                field=None,
                hint=hint,
            )
        )

    def load(self, path: Path) -> LoadedFile | None:
        try:
            return self.folder.load_file(path)
        except DataError as error:
            self.problems.append(_problem(error))
        except HandoverError as error:
            self.report(path, error.message, hint=error.hint)
        return None

    def validate(self, model: type[TeamConfig] | type[Profile], file: LoadedFile) -> object:
        try:
            return model.model_validate(yamlio.to_plain(file.tree))
        except ValidationError as exc:
            self.problems.extend(_problem(e) for e in validation_errors(exc, file))
            return None

    def check_config(self) -> None:
        file = self.load(self.folder.config_path)
        if file is not None:
            config = self.validate(TeamConfig, file)
            self.config = config if isinstance(config, TeamConfig) else None

    def rep_known(self, rep_id: str) -> bool:
        return self.config is None or self.config.rep(rep_id) is not None

    def check_profile(self, path: Path, customer_id: str) -> None:
        file = self.load(path)
        if file is None:
            return
        profile = self.validate(Profile, file)
        if not isinstance(profile, Profile):
            return
        self.owner_ids[customer_id] = profile.owner
        if profile.id != customer_id:
            self.at(
                file,
                ("id",),
                f"id '{profile.id}' differs from its folder '{customer_id}'",
                hint=f"the folder name is the id: rename one so both are '{customer_id}'",
            )
        self.owners[customer_id] = (file, profile.owner)
        if not self.rep_known(profile.owner):
            self.at(
                file,
                ("owner",),
                f"owner '{profile.owner}' is not a rep in {CONFIG_FILE}",
                hint="add the rep with `handover rep add`, or fix the id",
            )
        for index, related in enumerate(profile.related):
            if related.customer and not self.folder.has_customer(related.customer):
                self.at(
                    file,
                    ("related", index, "customer"),
                    f"related customer '{related.customer}' does not exist",
                    hint="use an existing customer id, or `name:` for someone not in the folder",
                )

    def at(self, file: LoadedFile, loc: tuple[str | int, ...], message: str, hint: str) -> None:
        line, column = yamlio.position(file.tree, loc)
        self.problems.append(
            Problem(
                path=str(file.path),
                line=line,
                column=column,
                message=message,
                field=".".join(str(p) for p in loc),
                hint=hint,
            )
        )

    def check_note(self, path: Path, customer_id: str, year: str) -> None:
        if not self.folder.has_customer(customer_id):
            self.report(
                path,
                f"note of a customer with no profile ('{customer_id}')",
                hint=f"add customers/{customer_id}/{PROFILE_FILE} or move the note",
            )
        name = _NOTE_NAME.match(path.name)
        if name is None:
            self.report(
                path,
                "note file name is not <YYYYMMDDTHHMMSSZ>-<rep>-<hex>.yaml",
                hint="notes are written by `handover note`; do not rename them",
            )
        file = self.load(path)
        if file is None:
            return
        try:
            record: Record = RECORD_ADAPTER.validate_python(yamlio.to_plain(file.tree))
        except ValidationError as exc:
            self.problems.extend(_problem(e) for e in validation_errors(exc, file))
            return
        if isinstance(record, Assignment) and not self.rep_known(record.to):
            self.at(
                file,
                ("to",),
                f"'{record.to}' is not a rep in {CONFIG_FILE}",
                hint="an item is assigned to a rep id of the team",
            )
        if not self.rep_known(record.by):
            self.at(
                file,
                ("by",),
                f"'{record.by}' is not a rep in {CONFIG_FILE}",
                hint="add the rep with `handover rep add`",
            )
        if name is not None:
            expected = note_filename(record, "x").split("-")[0]
            if name.group(1) != expected or name.group(2) != record.by:
                self.at(
                    file,
                    ("at",),
                    f"file name does not match the note ('{expected}-{record.by}-…')",
                    hint="a note's name records when and by whom it was written; keep them equal",
                )
        if year != f"{record.at.year:04d}":
            self.at(
                file,
                ("at",),
                f"note of {record.at.year} filed under {year}/",
                hint=f"move it to {NOTES_DIR}/{record.at.year}/",
            )
        self.notes.setdefault(customer_id, []).append((path.stem, record, file))
        if isinstance(record, Moment):
            for index, item in enumerate(record.opens):
                if item.due is not None and item.due < record.at.date():
                    self.at(
                        file,
                        ("opens", index, "due"),
                        f"due {item.due} is before the item was opened ({record.at.date()})",
                        hint="a due date comes on or after the moment that opened the item",
                    )
        if isinstance(record, Moment) and self.config is not None:
            vocabulary = self.config.vocabulary
            for key, declared in (
                ("topics", vocabulary.topics),
                ("materials", vocabulary.materials),
            ):
                for index, value in enumerate(getattr(record, key)):
                    meant = close_to_declared(value, declared)
                    if meant is not None:
                        self.at(
                            file,
                            (key, index),
                            f"'{value}' is not declared: did you mean '{meant}'?",
                            hint=f"declared {key} live in {CONFIG_FILE}",
                        )

    def check_links(self) -> None:
        """Records that point at items or notes must point at ones that exist."""
        for customer_id, notes in self.notes.items():
            if not self.complete and any(_links(record) for _, record, _ in notes):
                notes = [*notes, *self.other_notes(customer_id, {n for n, _, _ in notes})]
            moments = {note_id for note_id, record, _ in notes if isinstance(record, Moment)}
            items = {
                (item.number, note_id)
                for note_id, record, _ in notes
                if isinstance(record, Moment)
                for item in record.opens
            }
            for _, record, file in notes:
                if file is None:
                    continue  # read only to follow links; checked when its own path is
                links: list[tuple[tuple[str | int, ...], int, str]] = []
                if isinstance(record, Resolution | Reopening | Assignment | DueChange):
                    links.append((("item",), record.item, record.opened_in))
                elif isinstance(record, Moment):
                    links += [
                        (("resolves", i, "item"), link.item, link.opened_in)
                        for i, link in enumerate(record.resolves)
                    ]
                for loc, number, opened_in in links:
                    if (number, opened_in) not in items:
                        self.at(
                            file,
                            loc,
                            f"item #{number} opened in {opened_in} does not exist",
                            hint="resolve items by their reference, e.g. `handover resolve "
                            f"{customer_id}#{number}`",
                        )
                if isinstance(record, Correction) and record.note not in moments:
                    self.at(
                        file,
                        ("note",),
                        f"corrects a note that does not exist: {record.note}",
                        hint="a correction names a moment of the same customer",
                    )

    def check_ownership(self) -> None:
        """A profile's owner must be whom its last transfer moved it to."""
        for customer_id, (file, owner) in self.owners.items():
            notes = self.notes.get(customer_id, [])
            if not self.complete:
                notes = [*notes, *self.other_notes(customer_id, {n for n, _, _ in notes})]
            found = [(r.at, n, r) for n, r, _ in notes if isinstance(r, Transfer)]
            moves = chain([move for *_, move in sorted(found, key=lambda m: m[:2])])
            if moves and moves[-1].to != owner:
                last = moves[-1]
                self.at(
                    file,
                    ("owner",),
                    f"owner '{owner}' disagrees with the last transfer ({last.at.date()}: "
                    f"{last.from_} → {last.to})",
                    hint=f"record the move with `handover transfer {customer_id} --to {owner}`, "
                    f"or set owner back to '{last.to}'",
                )

    def check_holders(self) -> None:
        """An open item held by a rep who has left is a promise nobody keeps."""
        if self.config is None:
            return
        left = {rep.id for rep in self.config.reps if rep.status == "left"}
        if not left:
            return
        for customer_id, notes in self.notes.items():
            if not self.complete:
                notes = [*notes, *self.other_notes(customer_id, {n for n, _, _ in notes})]
            stored = [
                StoredRecord(note_id, self.folder.customer_dir(customer_id), record)
                for note_id, record, _ in notes
            ]
            files = {note_id: file for note_id, _, file in notes}
            for item in item_bases(customer_id, stored):
                if item.status != "open" or item.owner not in left:
                    continue
                file = files.get(item.opened_in)
                if file is None:
                    continue  # checked when the note that opened it is
                self.report(
                    file.path,
                    f"open {item.kind} {item.ref} is held by {item.owner}, who has left the team",
                    hint=f"give it to someone: `handover item assign {item.ref} --to REP`",
                )

    def other_notes(self, customer_id: str, seen: set[str]) -> list[tuple[str, Record, Any]]:
        """The rest of a customer's notes, so a partial check can still follow links."""
        result: list[tuple[str, Record, Any]] = []
        for path in self.folder.note_paths(customer_id):
            if path.stem in seen:
                continue
            try:
                result.append((path.stem, self.folder.record(path).record, None))
            except HandoverError:
                continue
        return result

    def check_path(self, path: Path) -> None:
        relative = self.folder.relative(path)
        parts = relative.parts
        if parts == (CONFIG_FILE,):
            if self.config is None:
                self.check_config()
            return
        if len(parts) < 2 or parts[0] != CUSTOMERS_DIR:
            return  # not part of the format: READMEs, CI files, schemas
        customer_id = parts[1]
        if len(parts) == 3 and parts[2] == PROFILE_FILE:
            self.check_profile(path, customer_id)
        elif len(parts) == 5 and parts[2] == NOTES_DIR:
            self.check_note(path, customer_id, parts[3])
        else:
            self.report(
                path,
                "unexpected file in a customer folder",
                hint=f"a customer folder holds {PROFILE_FILE} and {NOTES_DIR}/YYYY/*.yaml",
            )


def _links(record: Record) -> bool:
    """Whether a record points at other notes (so a partial check must read them)."""
    if isinstance(record, Moment):
        return bool(record.resolves)
    return isinstance(record, Resolution | Reopening | Correction | Assignment | DueChange)


def _walk(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_symlink() or not path.is_dir():  # FIFOs and devices too: to be refused
            yield path


def check_folder(folder: TeamFolder, paths: list[Path] | None = None) -> list[Problem]:
    """Every problem of the folder (or of ``paths`` in it), in file order."""
    if paths and any(_absolute(p) == folder.config_path for p in paths):
        paths = None  # reps or vocabulary changed: any file may be affected
    checker = _Checker(folder)
    checker.complete = not paths
    checker.check_config()
    if paths:
        targets: list[Path] = []
        for given in paths:
            absolute = given if given.is_absolute() else Path.cwd() / given
            if not absolute.exists() and not given.is_absolute():
                absolute = folder.root / given  # relative to --dir, as people mean it
            if not absolute.exists() and not absolute.is_symlink():
                raise NotFoundError(f"{given} does not exist in {folder.root}")
            if _is_repository_codeowners(folder, absolute):
                checker.codeowners_named = True  # the repository's, outside a subfolder team
                continue
            folder.safe(absolute)
            targets.extend(_walk(absolute) if absolute.is_dir() else [absolute])
    else:
        targets = list(_walk(folder.customers_dir)) if folder.customers_dir.exists() else []
        for customer_id in folder.customer_ids():
            if (folder.customers_dir / customer_id).is_symlink():
                continue  # reported with its files, or below if it leads nowhere
            if not folder.has_customer(customer_id):
                checker.report(
                    folder.customer_dir(customer_id),
                    f"customer folder without {PROFILE_FILE}",
                    hint="add a profile with `handover add`, or remove the folder",
                )
    for path in targets:
        try:
            checker.check_path(folder.safe(path))
        except FolderError as error:
            checker.report(path, error.message, hint=error.hint)
    checker.check_links()
    checker.check_ownership()
    checker.check_holders()
    checker.problems += [_problem(error) for error in _teamwork_problems(checker, targets)]
    return checker.problems


def _is_repository_codeowners(folder: TeamFolder, path: Path) -> bool:
    from handover.core.codeowners import codeowners_path

    if path.name != "CODEOWNERS" or folder.root in path.resolve().parents:
        return False
    found = codeowners_path(folder)
    return found is not None and found.resolve() == path.resolve()


def _absolute(path: Path) -> Path:
    return (path if path.is_absolute() else Path.cwd() / path).resolve()


def _teamwork_problems(checker: _Checker, targets: list[Path]) -> list[DataError]:
    """A CODEOWNERS block or schemas that no longer match the folder (see `codeowners`)."""
    from handover.core.codeowners import all_owners, codeowners_path, codeowners_problems
    from handover.core.schemas import SCHEMA_DIR, schema_problems

    folder = checker.folder
    resolved = {path.resolve() for path in targets}
    named = {folder.relative(path).parts[:1] for path in resolved}
    errors = schema_problems(folder) if checker.complete or (SCHEMA_DIR,) in named else []
    path = codeowners_path(folder)
    if path is None or checker.config is None:
        return errors
    whole = checker.complete or checker.codeowners_named or path.resolve() in resolved
    owners = all_owners(folder) if whole and not checker.complete else checker.owner_ids
    prefix = Git(folder.root).prefix
    errors += codeowners_problems(folder, checker.config, prefix, owners, complete=whole)
    return errors


def paths_changed_since(folder: TeamFolder, git: Git, ref: str) -> list[Path] | None:
    """What `check --since REF` checks: None means everything.

    The comparison starts at the merge base of REF and HEAD (a branch's own changes, as a pull
    request shows them) and ends at the working tree, new files included. A changed
    handover.yaml or a deleted profile can break any file, so either means a full check; a
    deleted note can break links of its customer, so that customer is checked whole.
    """
    if not git.is_repository:
        raise UsageError("--since needs a team folder inside a git repository")
    if git.head() is None:
        return None  # nothing committed yet: every file is new
    sha = git.rev_parse(ref)
    if sha is None:
        raise UsageError(
            f"--since: '{ref}' is not a commit, branch or tag here",
            hint="fetch it first (git fetch origin), or name a branch, tag or commit",
        )
    base = git.merge_base(sha, "HEAD") or sha
    paths: set[Path] = set()
    for change in git.changed_since(base):
        if not change.path.is_relative_to(folder.root):
            if change.status != "D" and _is_repository_codeowners(folder, change.path):
                paths.add(change.path)  # the repository's CODEOWNERS, above a subfolder team
            continue  # outside the team folder (it is a subfolder of the repository)
        parts = folder.relative(change.path).parts
        hidden = any(part.startswith(".") for part in parts)
        if hidden and "/".join(parts) not in CODEOWNERS_LOCATIONS:
            continue
        if parts == (CONFIG_FILE,):
            return None
        if change.status != "D":
            paths.add(change.path)
        elif len(parts) == 3 and parts[0] == CUSTOMERS_DIR and parts[2] == PROFILE_FILE:
            return None
        elif len(parts) > 3 and parts[0] == CUSTOMERS_DIR and folder.has_customer(parts[1]):
            paths.add(folder.customer_dir(parts[1]))
    return sorted(paths)
