"""JSON Schemas kept in the team folder, so editors validate and complete while people type.

`handover schema --write` writes ``schemas/<kind>.schema.json`` (generated from the models,
never by hand) and gives ``handover.yaml`` and every profile the YAML language server's
first-line comment, ``# yaml-language-server: $schema=<relative path>``. Notes are left as
they are: they are written once by the tool, not typed by people.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from handover.core.workspace import Workspace
from handover.errors import DataError, HandoverError, Location
from handover.format.schema import SCHEMAS, json_schema
from handover.format.store import TeamFolder

SCHEMA_DIR = "schemas"
MODELINE = "# yaml-language-server: $schema="
HINT = "run `handover schema --write` (the schemas come from this version of handover)"


def schema_file(root: Path, kind: str) -> Path:
    return root / SCHEMA_DIR / f"{kind}.schema.json"


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def modeline(document: Path, schema: Path) -> str:
    """The language server's comment for ``document``, with a path relative to it."""
    relative = Path(os.path.relpath(schema, document.parent)).as_posix()
    return f"{MODELINE}{relative}"


def profile_modeline(folder: TeamFolder, customer_id: str) -> str | None:
    """What a new profile's first line should be, when the folder keeps schemas."""
    schema = schema_file(folder.root, "profile")
    return modeline(folder.profile_path(customer_id), schema) if schema.is_file() else None


def write_schema_files(folder: TeamFolder) -> list[Path]:
    """Write the schemas that differ from what this version generates; the changed files."""
    changed: list[Path] = []
    for kind in SCHEMAS:
        path = schema_file(folder.root, kind)
        text = schema_text(kind).encode("utf-8")
        if not path.is_file() or path.read_bytes() != text:
            folder.write_file(path, text)
            changed.append(path)
    return changed


@dataclass(frozen=True)
class SchemasWritten:
    schemas: list[Path]
    documents: list[Path]
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    commit: str | None = None


def write_schemas(ws: Workspace) -> SchemasWritten:
    """Schemas into ``schemas/``, the ``$schema`` line into handover.yaml and every profile."""
    from handover.core.transaction import transaction

    with transaction(ws) as change:
        written = _write_schemas(ws)
        change.message = f"schema: JSON Schemas in {SCHEMA_DIR}/"
        if written.documents:
            change.message += f", $schema line in {len(written.documents)} file(s)"
    return replace(written, commit=change.commit)


def _write_schemas(ws: Workspace) -> SchemasWritten:
    folder = ws.folder
    folder.config()
    schemas = write_schema_files(folder)
    documents: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    targets = [(folder.config_path, schema_file(folder.root, "team"))]
    profile_schema = schema_file(folder.root, "profile")
    targets += [
        (folder.profile_path(customer_id), profile_schema)
        for customer_id in folder.customer_ids()
        if folder.has_customer(customer_id)
    ]
    for path, schema in targets:
        try:
            if folder.set_comment_line(path, MODELINE, modeline(path, schema)):
                documents.append(path)
        except HandoverError as error:
            skipped.append((folder.relative(path), error.message))
    return SchemasWritten(schemas=schemas, documents=documents, skipped=skipped)


def schema_problems(folder: TeamFolder) -> list[DataError]:
    """Schemas in the folder that this version of handover would write differently."""
    problems: list[DataError] = []
    if not (folder.root / SCHEMA_DIR).is_dir():
        return problems
    for kind in SCHEMAS:
        path = schema_file(folder.root, kind)
        if not path.is_file():
            message = f"{SCHEMA_DIR}/ has no {path.name}"
        elif path.read_bytes() != schema_text(kind).encode("utf-8"):
            message = f"{path.name} is out of date with this version of handover"
        else:
            continue
        problems.append(DataError(message, location=Location(folder.relative(path)), hint=HINT))
    return problems
