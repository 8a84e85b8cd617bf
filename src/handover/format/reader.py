"""The one way a team file is read: the team file, a profile, a note, or one field of a profile.

Fast first, careful when in doubt. A note in the canonical form the tool writes is read by the
hand-written parser (`fastyaml.parse_canonical`, the only caller); a profile, the team file
and a hand-edited note line by line in the plain block form, else by libyaml with the
round-trip loader's refusals added back (`fastyaml.load_profile`). Whatever they return is
validated by the same models. Anything they doubt, and anything the models refuse, is read
again the careful way: the round-trip loader, whose tree knows the line and column of every
value, so an error names them. The round-trip tree of a file read fast is built only if
something asks for it (an edit, a problem to point at): at 600,000 notes, `check` and the
index build cannot afford it for every file.

Reading the bytes (inside the folder, bounded) is the caller's: the store, or the index build
and `check`, which walk the folder themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from handover.errors import DataError
from handover.format import fastyaml
from handover.format.files import LoadedFile
from handover.format.profile import Profile
from handover.format.records import RECORD_ADAPTER, Record
from handover.format.source import SourceText
from handover.format.team_config import TeamConfig
from handover.format.validation import validation_errors

T = TypeVar("T")


class Read(Generic[T]):
    """What a file holds: its value when valid, else every problem with its line and column."""

    __slots__ = ("_file", "path", "problems", "source", "value")

    def __init__(
        self,
        path: Path,
        source: SourceText,
        value: T | None,
        problems: Sequence[DataError] = (),
        file: LoadedFile | None = None,
    ) -> None:
        self.path = path
        self.source = source
        self.value = value
        self.problems = problems
        self._file = file

    @property
    def file(self) -> LoadedFile:
        """The file, its round-trip tree built if something asks for it (made on demand: most
        reads only want the value)."""
        if self._file is None:
            self._file = LoadedFile(self.path, self.source)
        return self._file

    def valid(self) -> T:
        """The value, or the file's first problem raised."""
        if self.value is None:
            raise self.problems[0]
        return self.value


def _read(
    source: SourceText,
    shown: Path,
    fast: Callable[[str], Any],
    validate: Callable[[Any], T],
) -> Read[T]:
    data = fast(source.text)
    if isinstance(data, dict):
        try:
            return Read(shown, source, validate(data))
        except ValidationError:
            pass  # the careful path below names the line and column
    from handover.format import (
        yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
    )

    file = LoadedFile(shown, source, yamlio.load(source, shown))  # a YAML error raises here
    try:
        return Read(shown, source, validate(yamlio.to_plain(file.tree)), file=file)
    except ValidationError as exc:
        return Read(shown, source, None, validation_errors(exc, file), file)


def read_config(source: SourceText, shown: Path) -> Read[TeamConfig]:
    """``handover.yaml``."""
    return _read(source, shown, fastyaml.load_profile, TeamConfig.model_validate)


def read_profile(source: SourceText, shown: Path) -> Read[Profile]:
    """A customer's ``profile.yaml``."""
    return _read(source, shown, fastyaml.load_profile, Profile.model_validate)


def read_record(source: SourceText, shown: Path) -> Read[Record]:
    """A note file: the canonical form first (inline: the index build reads 600,000 of them),
    then as any other file."""
    data = fastyaml.parse_canonical(source.text)
    if data is not None:
        try:
            return Read(shown, source, RECORD_ADAPTER.validate_python(data))
        except ValidationError:
            pass  # not as the tool writes it: the libyaml and careful paths decide
    return _read(source, shown, fastyaml.load_profile, RECORD_ADAPTER.validate_python)


def read_field(source: SourceText, shown: Path, key: str) -> str | None:
    """One top-level text field of a profile (`name`, `owner`): from its line when that is
    plain (no parse: fast at 25,000 profiles), else the careful way. None when the field is
    absent or not text; a file the round-trip loader refuses raises its error."""
    fast = field_line(source, key)
    if fast is not None:
        return fast
    from handover.format import (
        yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
    )

    tree = yamlio.to_plain(yamlio.load(source, shown))
    value = tree.get(key) if isinstance(tree, dict) else None
    return value if isinstance(value, str) else None


def field_line(source: SourceText, key: str) -> str | None:
    """A top-level text field read from its own line only, or None when that line is absent or
    doubtful: what can still be said of a file that does not parse at all."""
    return fastyaml.top_level_scalar(source.text, key)
