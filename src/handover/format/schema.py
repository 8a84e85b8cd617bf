"""The JSON Schema of each file kind (`handover schema`), generated from the models and
rewritten as plain JSON Schema 2020-12, so that strict validators (ajv in strict mode,
check-jsonschema, editors' language servers) accept it and name the field that is wrong rather
than a branch of a union."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from handover.format.profile import Profile
from handover.format.records import RECORD_ADAPTER
from handover.format.team_config import TeamConfig

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NULL = {"type": "null"}


SCHEMAS: dict[str, Any] = {
    "team": TeamConfig,
    "profile": Profile,
    "record": RECORD_ADAPTER,
}
"""The file kinds ``handover schema`` knows, by name."""


def json_schema(kind: str) -> dict[str, Any]:
    """Plain JSON Schema 2020-12, as strict validators (ajv, check-jsonschema) and editors
    read it: no OpenAPI ``discriminator``, no ``anyOf`` for a value that may be left out."""
    target = SCHEMAS[kind]
    if isinstance(target, TypeAdapter):
        schema: dict[str, Any] = target.json_schema()
    else:
        schema = target.model_json_schema()
    return plain(schema)


def plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The whole schema, dialect first, with both rewrites below applied."""
    rewritten: dict[str, Any] = _nullable_as_type_list(_kinds_as_if_then(schema))
    return {"$schema": DIALECT} | rewritten


def _kinds_as_if_then(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic's ``oneOf`` + OpenAPI ``discriminator`` as ``if kind is X then X's schema``.

    A ``oneOf`` makes a validator try every kind, so a note with ``rating: 7`` is reported as
    "not valid under any of the given schemas"; with one ``if``/``then`` per ``const`` kind only
    the record's own kind is checked, and the error names the field that is wrong.
    """
    discriminator = schema.pop("discriminator", None)
    if discriminator is None:
        return schema
    field_name = discriminator["propertyName"]
    kind_of = {reference: kind for kind, reference in discriminator["mapping"].items()}
    references = [branch["$ref"] for branch in schema.pop("oneOf")]  # the union's order
    schema["type"] = "object"
    schema["required"] = [field_name]
    schema["properties"] = {field_name: {"enum": [kind_of[r] for r in references]}}
    schema["allOf"] = [
        {
            "if": {"properties": {field_name: {"const": kind_of[r]}}, "required": [field_name]},
            "then": {"$ref": r},
        }
        for r in references
    ]
    return schema


def _nullable_as_type_list(node: Any) -> Any:
    """``anyOf: [{type: integer, maximum: 4}, {type: null}]`` (pydantic's ``int | None``) as
    ``type: [integer, null], maximum: 4``.

    Under ``anyOf`` a validator reports ``rating: 7`` as "not valid under any of the given
    schemas", best match "7 is not of type 'null'"; with one schema it says "7 is greater than
    the maximum of 4". ajv's strict mode allows a type list whose second type is null.
    """
    if isinstance(node, list):
        return [_nullable_as_type_list(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_as_type_list(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if not (isinstance(branches, list) and len(branches) == 2 and _NULL in branches):
        return node
    other = branches[0] if branches[1] == _NULL else branches[1]
    if not isinstance(other.get("type"), str) or set(other) & set(node) - {"anyOf"}:
        return node  # a $ref, or keys that would clash: left as pydantic wrote it
    merged = {key: value for key, value in node.items() if key != "anyOf"} | other
    merged["type"] = [other["type"], "null"]
    if "enum" in merged:
        merged["enum"] = [*merged["enum"], None]
    return merged
