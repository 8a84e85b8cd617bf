"""The one way a team file is read: the team file, a profile, a note, or one field of a profile.

Fast first, careful when in doubt. A note in the canonical form the tool writes is read by the
hand-written parser (`fastyaml.parse_canonical`, the only caller); a profile, the team file
and a hand-edited note by libyaml with the round-trip loader's refusals added back
(`fastyaml.load_profile`). Whatever they return is validated by the same models. Anything they
doubt, and anything the models refuse, is read again the careful way: the round-trip loader,
whose tree knows the line and column of every value, so an error names them. The round-trip
tree of a file read fast is built only if something asks for it (an edit, a problem to point at):
at 600,000 notes, `check` and the index build cannot afford it for every file.

Reading the bytes (inside the folder, bounded) is the caller's: the store, or the index build
and `check`, which walk the folder themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from handover.errors import DataError
from handover.format import fastyaml, yamlio
from handover.format.files import LoadedFile
from handover.format.profile import Profile
from handover.format.records import RECORD_ADAPTER, Record
from handover.format.team_config import TeamConfig
from handover.format.validation import validation_errors

T = TypeVar("T")


class Read(Generic[T]):
    """What a file holds: its value when valid, else every problem with its line and column."""

    __slots__ = ("file", "problems", "value")

    def __init__(
        self, file: LoadedFile, value: T | None, problems: Sequence[DataError] = ()
    ) -> None:
        self.file = file
        self.value = value
        self.problems = problems

    def valid(self) -> T:
        """The value, or the file's first problem raised."""
        if self.value is None:
            raise self.problems[0]
        return self.value


def _read(
    source: yamlio.SourceText,
    shown: Path,
    fast: Callable[[str], Any],
    validate: Callable[[Any], T],
) -> Read[T]:
    data = fast(source.text)
    if isinstance(data, dict):
        try:
            return Read(LoadedFile(shown, source), validate(data))
        except ValidationError:
            pass  # the careful path below names the line and column
    file = LoadedFile(shown, source, yamlio.load(source, shown))  # a YAML error raises here
    try:
        return Read(file, validate(yamlio.to_plain(file.tree)))
    except ValidationError as exc:
        return Read(file, None, validation_errors(exc, file))


def read_config(source: yamlio.SourceText, shown: Path) -> Read[TeamConfig]:
    """``handover.yaml``."""
    return _read(source, shown, fastyaml.load_profile, TeamConfig.model_validate)


def read_profile(source: yamlio.SourceText, shown: Path) -> Read[Profile]:
    """A customer's ``profile.yaml``."""
    return _read(source, shown, fastyaml.load_profile, Profile.model_validate)


def _note_data(text: str) -> Any:
    """A note as plain data: the canonical form exactly, else libyaml with the careful rules."""
    data = fastyaml.parse_canonical(text)
    return data if data is not None else fastyaml.load_profile(text)


def read_record(source: yamlio.SourceText, shown: Path) -> Read[Record]:
    """A note file."""
    return _read(source, shown, _note_data, RECORD_ADAPTER.validate_python)


def read_field(source: yamlio.SourceText, shown: Path, key: str) -> str | None:
    """One top-level text field of a profile (`name`, `owner`): from its line when that is
    plain (no parse: fast at 25,000 profiles), else the careful way. None when the field is
    absent or not text; a file the round-trip loader refuses raises its error."""
    fast = fastyaml.top_level_scalar(source.text, key)
    if fast is not None:
        return fast
    tree = yamlio.to_plain(yamlio.load(source, shown))
    value = tree.get(key) if isinstance(tree, dict) else None
    return value if isinstance(value, str) else None
