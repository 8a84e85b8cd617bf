"""pydantic's refusals in people's words: a file's error at its line and column, or a
command-line option's error, from one explanation of each kind of mistake."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handover.errors import DataError, HandoverError, Location, UsageError
from handover.format.files import LoadedFile
from handover.format.profile import Profile
from handover.format.records import RECORD_ADAPTER, Record
from handover.i18n import _

M = TypeVar("M", bound=BaseModel)

# --- validation ---------------------------------------------------------------------------


def validation_errors(exc: ValidationError, file: LoadedFile) -> list[DataError]:
    """pydantic's errors as DataErrors pointing at the line and column of the bad value."""
    from handover.format import (
        yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
    )

    errors: list[DataError] = []
    seen: set[tuple[int | None, str]] = set()
    kind = file.tree.get("kind") if isinstance(file.tree, dict) else None
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if kind is not None and loc[:1] == (kind,):
            loc = loc[1:]  # the record union's tag: not a key of the file
        line, column = yamlio.position(file.tree, loc)
        field = _field_path(file.tree, loc)
        if (line, field) in seen:
            continue  # one line per field, even when a union reports every branch
        seen.add((line, field))
        message, hint = _explain(error)
        errors.append(
            DataError(
                _printable(message),
                location=Location(file.path, line, column),
                field=field or None,
                hint=hint,
            )
        )
    return errors


def _field_path(tree: Any, loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    node = tree
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            parts.append(_printable(part))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            parts.append(str(part))
            node = node[part] if 0 <= part < len(node) else None
    return ".".join(parts)


def _printable(text: str) -> str:
    """Text for a one-line message: a newline or tab in a key or value shown escaped."""
    return text if text.isprintable() else json.dumps(text, ensure_ascii=False)[1:-1]


def _explain(error: Any) -> tuple[str, str | None]:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return _("unknown key"), _("check the spelling, or put your own keys under 'extra:'")
    if kind == "missing":
        return _("required field is missing"), None
    if kind in ("model_type", "dict_type"):
        hint = _("write `key: value` lines")
        if value is None:
            return _("expected keys and values here, found nothing"), hint
        if isinstance(value, bool | int | float | dt.date):
            return _("expected keys and values here, found a single value"), hint
        if isinstance(value, list):
            return _("expected keys and values here, found a list"), hint
        return _("expected keys and values here, found text"), hint
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return (
            _("expected text, got the number {value}", value=value),
            _("quote phone numbers, postcodes and codes so leading zeros survive: '010…'"),
        )
    if kind == "string_pattern_mismatch":
        return (
            _("'{value}' is not a valid id", value=value),
            _(
                "ids are lowercase ASCII letters, digits and hyphens, "
                "starting with a letter or digit"
            ),
        )
    if kind == "timezone_aware":
        return _("timestamp needs an offset"), _("write it like 2026-11-24T09:30:00+09:00")
    return str(error["msg"]).removeprefix("Value error, "), None


def option_error(exc: ValidationError, *, as_option: bool = True) -> UsageError:
    """The first thing pydantic refused in what a person typed, as a usage error naming the
    option (`--due: …`) or the field (`email: …`), in the words a file's error would use."""
    first = exc.errors(include_url=False)[0]
    parts = [str(part) for part in first["loc"]]
    message, hint = _explain(first)
    if as_option:  # the option is the top-level field, whatever lies inside it
        field = "--" + (parts[0] if parts else "input").replace("_", "-")
    else:
        field = ".".join(parts) or "input"
    return UsageError(
        _("{option}: {message}", option=field, message=_printable(message)), hint=hint
    )


def validate_model(model: type[M], file: LoadedFile) -> M:
    from handover.format import (
        yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
    )

    try:
        return model.model_validate(yamlio.to_plain(file.tree))
    except ValidationError as exc:
        raise validation_errors(exc, file)[0] from None


def validate_record(file: LoadedFile) -> Record:
    from handover.format import (
        yamlio,  # yamlio loads ruamel (~13 ms CPU): only the careful path needs it
    )

    try:
        return RECORD_ADAPTER.validate_python(yamlio.to_plain(file.tree))
    except ValidationError as exc:
        raise validation_errors(exc, file)[0] from None


def as_data_error(error: HandoverError) -> DataError:
    """An unreadable file's error as a DataError (one shape for warnings and `check`)."""
    if isinstance(error, DataError):
        return error
    location = getattr(error, "location", None) or Location(Path())
    return DataError(error.message, location=location, hint=error.hint)


def lenient_profile(data: dict[str, Any], customer_id: str) -> Profile:
    """A profile from what a broken file holds: each field pydantic rejects is left out (a
    missing name becomes the id, a missing owner or kind 'unknown'/'other')."""
    data = data | {"id": customer_id}
    for _attempt in range(32):  # one pass per rejected field, a bounded number of times
        try:
            return Profile.model_validate(data)
        except ValidationError as exc:
            locations = [tuple(e["loc"]) for e in exc.errors(include_url=False)]
        before = repr(data)
        for loc in locations:
            _drop(data, loc)
        if repr(data) == before:  # a union's branches: leave out the whole field
            for key in {str(loc[0]) for loc in locations if loc} - {"id"}:
                data.pop(key, None)
        data.setdefault("name", customer_id)
        data.setdefault("kind", "other")
        data.setdefault("owner", "unknown")
    return Profile(id=customer_id, name=customer_id, kind="other", owner="unknown")


def _drop(data: Any, loc: tuple[Any, ...]) -> None:
    """Remove the value at ``loc`` (or the nearest container of it that exists)."""
    node = data
    for part in loc[:-1]:
        try:
            child = node[part]
        except (KeyError, IndexError, TypeError):
            return
        if not isinstance(child, dict | list):
            break
        node = child
    else:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            del node[loc[-1]]
        return
    with contextlib.suppress(KeyError, IndexError, TypeError):
        del node[part]
