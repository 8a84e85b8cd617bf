"""A note on disk: its file name (when and by whom it was written) and its canonical text."""

from __future__ import annotations

import secrets

from handover.format.records import Record


def record_to_yaml(record: Record) -> str:
    """The canonical form of a note: fields in model order, empty ones left out."""
    from ruamel.yaml.comments import CommentedMap  # ruamel (~13 ms CPU): writes only
    from ruamel.yaml.scalarstring import LiteralScalarString

    from handover.format import yamlio

    data = record.model_dump(mode="json", exclude_none=True)
    tree = CommentedMap()
    first = {key: data.pop(key) for key in ("kind", "at", "by")}
    for key, value in (first | data).items():
        if value in ([], {}):
            continue
        if isinstance(value, str) and "\n" in value:
            value = LiteralScalarString(value.rstrip("\n") + "\n")
        tree[key] = value
    return yamlio.dump(tree)


def note_filename(record: Record, token: str | None = None) -> str:
    utc = record.at.astimezone(tz=None).utctimetuple()
    stamp = "{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z".format(*utc[:6])
    return f"{stamp}-{record.by}-{token or secrets.token_hex(3)}.yaml"
