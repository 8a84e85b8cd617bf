"""What `handover check` reports: a problem with its file, line, column and field, and the
lists it is collected in, in the order `check` prints them."""

from __future__ import annotations

from pathlib import Path

from handover.domain.views import View
from handover.errors import DataError
from handover.format import yamlio
from handover.format.files import LoadedFile
from handover.format.records import Record
from handover.format.store import TeamFolder


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


def problem_of(error: DataError) -> Problem:
    return Problem(
        path=str(error.location.path),
        line=error.location.line,
        column=error.location.column,
        message=error.message,
        field=error.field,
        hint=error.hint,
    )


Note = tuple[str, Record, LoadedFile | None]
"""(note id, record, file): the file is None for a note read only to follow links."""


class Findings:
    """The problems found so far: file by file, then the links, ownership and item holders of
    each customer (`check` prints them in that order)."""

    def __init__(self, folder: TeamFolder) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.link_problems: list[Problem] = []
        self.owner_problems: list[Problem] = []
        self.holder_problems: list[Problem] = []

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *self.link_problems, *self.owner_problems, *self.holder_problems]

    def report(
        self,
        path: Path,
        message: str,
        *,
        hint: str | None = None,
        into: list[Problem] | None = None,
    ) -> None:
        """A problem with a whole file (its place or name), so no line to point at."""
        (self.problems if into is None else into).append(
            Problem(
                path=str(self.folder.relative(path)),
                line=None,
                column=None,
                message=message,
                field=None,
                hint=hint,
            )
        )

    def at(
        self,
        file: LoadedFile,
        loc: tuple[str | int, ...],
        message: str,
        hint: str,
        *,
        into: list[Problem] | None = None,
    ) -> None:
        line, column = yamlio.position(file.tree, loc)
        (self.problems if into is None else into).append(
            Problem(
                path=str(file.path),
                line=line,
                column=column,
                message=message,
                field=".".join(str(p) for p in loc),
                hint=hint,
            )
        )
