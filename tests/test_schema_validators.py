"""The JSON Schemas in `schemas/` are plain JSON Schema 2020-12, checked by the validators
teams run: the `jsonschema` library and `check-jsonschema` (pre-commit's schema hook). The demo
team's files pass; a broken file fails on the field that is wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import PROJECT
from handover.core.schemas import schema_text
from handover.format.models import SCHEMAS, json_schema

DEMO = PROJECT / "profiles"
A_NOTE = DEMO / "customers/gim-minsu/notes/2026/20260108T004000Z-jpark-e945f5.yaml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def keywords(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keywords(value)
    elif isinstance(node, list):
        for value in node:
            yield from keywords(value)


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def loaded(path: Path) -> Any:
    """A file as an editor's language server sees it: dates and times are strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))


def wrong_field(kind: str, document: Any) -> tuple[list[Any], str]:
    error = jsonschema.exceptions.best_match(validator(kind).iter_errors(document))
    assert error is not None, document
    return list(error.absolute_path), error.message


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_schema_is_plain_json_schema_2020_12(kind: str) -> None:
    schema = json_schema(kind)

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "discriminator" not in set(keywords(schema))  # OpenAPI's, refused by strict ajv
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_record_schema_tells_kinds_apart_by_a_const_kind() -> None:
    schema = json_schema("record")

    kinds = [branch["if"]["properties"]["kind"]["const"] for branch in schema["allOf"]]
    assert kinds == ["moment", "resolve", "reopen", "correction", "transfer", "remember"]
    assert schema["properties"]["kind"] == {"enum": kinds}


def test_every_file_of_the_demo_team_is_valid() -> None:
    team, profile, record = validator("team"), validator("profile"), validator("record")
    checked = 0
    assert list(team.iter_errors(loaded(DEMO / "handover.yaml"))) == []
    for path in sorted((DEMO / "customers").glob("*/profile.yaml")):
        assert [e.message for e in profile.iter_errors(loaded(path))] == [], path
        checked += 1
    for path in sorted((DEMO / "customers").glob("*/notes/*/*.yaml")):
        assert [e.message for e in record.iter_errors(loaded(path))] == [], path
        checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"rating": 7}, ["rating"], "7 is greater than the maximum of 4"),
        ({"channel": "fax"}, ["channel"], "'fax' is not one of"),
        ({"kind": "memo"}, ["kind"], "'memo' is not one of"),
        ({"by": "Park Jihoon"}, ["by"], "'Park Jihoon' does not match"),
        ({"mood": "good"}, [], "Additional properties are not allowed ('mood' was unexpected)"),
    ],
)
def test_a_broken_note_fails_on_the_field_that_is_wrong(
    change: dict[str, Any], field: list[Any], message: str
) -> None:
    note = loaded(A_NOTE) | change

    assert wrong_field("record", note)[0] == field
    assert wrong_field("record", note)[1].startswith(message)


def test_a_resolution_is_checked_as_a_resolution() -> None:
    resolution = {
        "kind": "resolve",
        "item": "gim-minsu#2",
        "opened_in": "20260108T004000Z-jpark-e945f5",
        "at": "2026-01-09T10:00:00+09:00",
        "by": "jpark",
    }

    assert wrong_field("record", resolution) == ([], "'how' is a required property")


@pytest.mark.skipif(not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema is a test extra")
def test_check_jsonschema_passes_the_demo_team_and_names_the_broken_field(tmp_path: Path) -> None:
    for kind in SCHEMAS:
        (tmp_path / f"{kind}.schema.json").write_text(schema_text(kind), encoding="utf-8")
    notes = sorted(str(p) for p in (DEMO / "customers/gim-minsu/notes").glob("*/*.yaml"))
    profiles = sorted(str(p) for p in (DEMO / "customers").glob("*/profile.yaml"))

    def check(schema: str, *files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(tmp_path / schema), *files],
            capture_output=True,
            text=True,
            check=False,
        )

    for schema, files in (
        ("record.schema.json", notes),
        ("profile.schema.json", profiles),
        ("team.schema.json", [str(DEMO / "handover.yaml")]),
    ):
        done = check(schema, *files)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "ok -- validation done" in done.stdout

    broken = tmp_path / "broken.yaml"
    shutil.copy(A_NOTE, broken)
    broken.write_text(broken.read_text("utf-8").replace("rating: 0", "rating: 7"), "utf-8")
    assert "rating: 7" in broken.read_text("utf-8")
    done = check("record.schema.json", str(broken))
    assert done.returncode == 1, done.stdout
    assert "$.rating: 7 is greater than the maximum of 4" in done.stdout
    assert "other errors" not in done.stdout  # one record kind is checked, not all five
