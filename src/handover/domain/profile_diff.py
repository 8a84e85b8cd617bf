"""What differs between two versions of a profile, field by field (`history`, `brief --since`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import Field

from handover.domain.views import View
from handover.errors import HandoverError
from handover.format import yamlio
from handover.format.source import source_text
from handover.i18n import _


class FieldChange(View):
    """One field of a profile that differs: a value replaced, or list items added/removed."""

    field: str
    before: Any = None
    after: Any = None
    added: list[Any] = Field(default_factory=list)
    removed: list[Any] = Field(default_factory=list)


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


WHOLE_FILE = "(document)"
"""The field of a change to the whole file (one side does not parse, or is not a mapping)."""


def shown_field(field: str) -> str:
    """A changed field as people read it: `contacts.mobile`, or `(파일 전체)` for the file."""
    return _("(whole file)") if field == WHOLE_FILE else field


def diff_fields(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Differences between two plain YAML trees, as dotted field paths (``contacts.mobile``)."""
    if _key(old) == _key(new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in [*new, *(k for k in old if k not in new)]:
            changes += diff_fields(old.get(key), new.get(key), f"{prefix}{key}.")
        return changes
    field = prefix.rstrip(".") or WHOLE_FILE
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)) and (old or new):
        before = {_key(item): item for item in old or []}
        after = {_key(item): item for item in new or []}
        added = [item for key, item in after.items() if key not in before]
        removed = [item for key, item in before.items() if key not in after]
        if added or removed:
            return [FieldChange(field=field, added=added, removed=removed)]
        return [FieldChange(field=field, before=old, after=new)]  # the same items, reordered
    return [FieldChange(field=field, before=old, after=new)]


def plain_version(raw: bytes | None, path: Path) -> Any:
    """A YAML file's data, or None when absent or unreadable (history must not stop there)."""
    if raw is None:
        return None
    try:
        return yamlio.to_plain(yamlio.load(source_text(raw, path), path))
    except HandoverError:
        return None
