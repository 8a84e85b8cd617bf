"""`handover.yaml` as a team view last validated it, kept in the index while the file is
unchanged.

Every team view needs the team's settings (its reps for `--rep`, the health thresholds), and
the first validation of `TeamConfig` in a process builds pydantic's schemas for seven models
and loads the YAML parser: ~35 ms of CPU, a sixth of a typer hello-world, for a file that
rarely changes. The index keeps the validated settings as JSON with the file's stamp (its stat,
as for profiles) and the stamp of the code that defines them; while both hold, the settings
are rebuilt from the JSON without validating again (`model_construct`, field by field). A
changed, new or moments-old `handover.yaml` is read and validated as always, so an invalid
one still fails with its line and field.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handover.format.store import TeamFolder
from handover.format.team_config import TeamConfig
from handover.index.location import index_path
from handover.index.staleness import RACY_NS, stat_stamp

KEY = "team_settings"


def use_kept_settings(folder: TeamFolder) -> None:
    """Give ``folder`` its settings from its index if `handover.yaml` is as the index saw it;
    otherwise validate the file (raising what it raises) and keep the result for next time.
    Without an index nothing is kept (the view that follows builds one)."""
    path = index_path(folder.root)
    stamp = stat_stamp(str(folder.config_path), time.time_ns() - RACY_NS)
    if folder.config_read or stamp in ("?", "-") or not path.is_file():
        return  # read already (before the stamp: it may not be what the stamp says)
    key = f"{stamp} {_code_stamp()}"
    with contextlib.suppress(sqlite3.Error, OSError, ValueError, TypeError, KeyError):
        db = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
            if row is not None:
                kept = json.loads(row[0])
                if kept["key"] == key:
                    folder.use_config(constructed(TeamConfig, kept["settings"]))
                    return
            plain = folder.config().model_dump(mode="json", by_alias=True)
            value = json.dumps({"key": key, "settings": plain}, ensure_ascii=False)
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (KEY, value))
        finally:
            db.close()


def constructed(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """``model`` made from what its ``model_dump(mode="json", by_alias=True)`` gave, without
    validating (the data was valid when kept): nested models made the same way."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = name if name in data else field.alias
        if key in data:
            values[name] = _value(field.annotation, data[key])
    return model.model_construct(**values)


def _value(annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return constructed(annotation, value)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return [_value(item, each) for each in value]
    models = [
        a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)
    ]
    return constructed(models[0], value) if models else value


def _code_stamp() -> str:
    """The files that define the settings: another version of handover, another stamp."""
    from handover.format import fields, team_config

    stamps = []
    for module in (team_config, fields):
        where = Path(module.__file__ or "")
        stats = where.stat()
        stamps.append(f"{where.name}:{stats.st_mtime_ns}:{stats.st_size}")
    return " ".join(stamps)
