"""The JSON Schemas in `schemas/` are plain JSON Schema 2020-12, checked by the validators
teams run: the `jsonschema` library and `check-jsonschema` (pre-commit's schema hook). The demo
team's files pass; a broken file fails on the field that is wrong."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest
import yaml

from conftest import PROJECT
from handover.core.schemas import schema_text
from handover.format.schema import SCHEMAS, json_schema

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
    assert kinds == [
        "moment",
        "resolve",
        "reopen",
        "correction",
        "transfer",
        "remember",
        "assign",
        "due",
    ]
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


@pytest.mark.parametrize(
    "change",
    [{"rating": None}, {"next_contact": None}, {"rating": 7}, {"rating": "3"}, {"channel": None}],
)
def test_a_value_that_may_be_left_empty_is_judged_as_handover_judges_it(
    change: dict[str, Any],
) -> None:
    note = loaded(A_NOTE) | change
    try:
        SCHEMAS["record"].validate_python(note)  # type: ignore[union-attr]
        handover_accepts = True
    except pydantic.ValidationError:
        handover_accepts = False

    assert (list(validator("record").iter_errors(note)) == []) == handover_accepts


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


def readme_example(command: str) -> tuple[str, list[str]]:
    """The README's example of ``command``: the line after ``$ `` and the lines it shows."""
    readme = (PROJECT / "README.md").read_text("utf-8")
    for block in re.findall(r"^```\n(.*?)^```$", readme, flags=re.S | re.M):
        lines = block.splitlines()
        if lines and lines[0].startswith(f"$ {command} "):
            return lines[0].removeprefix("$ "), lines[1:]
    raise AssertionError(f"no `$ {command}` example in the README")


@pytest.mark.skipif(not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema is a test extra")
def test_the_readme_check_jsonschema_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    command, shown = readme_example("check-jsonschema")
    broken = shown[-1].strip().split("::")[0]  # the note the README shows as broken
    team = tmp_path / "team"
    shutil.copytree(DEMO / "customers/gim-minsu", team / "customers/gim-minsu")
    (team / "schemas").mkdir()
    for kind in SCHEMAS:
        (team / "schemas" / f"{kind}.schema.json").write_text(schema_text(kind), "utf-8")
    note = team / broken
    note.write_text(note.read_text("utf-8").replace("\nrating: 0\n", "\nrating: 7\n"), "utf-8")
    assert "\nrating: 7\n" in note.read_text("utf-8")

    done = subprocess.run(
        ["bash", "-c", command],
        cwd=team,
        env=os.environ | {"PATH": f"{CHECK_JSONSCHEMA.parent}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.rstrip("\n").splitlines() == shown


AJV_CHECK = """
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const [schemaDir, filesJson] = process.argv.slice(2);
const results = {};
for (const [kind, documents] of Object.entries(JSON.parse(fs.readFileSync(filesJson, "utf8")))) {
  const ajv = new Ajv2020({strict: true, allErrors: true});
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(`${schemaDir}/${kind}.schema.json`, "utf8"));
  const validate = ajv.compile(schema);  // strict mode: throws on any keyword it does not know
  results[kind] = Object.fromEntries(Object.entries(documents).map(
    ([name, document]) => [name, validate(document) ? [] : validate.errors]));
}
console.log(JSON.stringify(results));
"""


def ajv_modules() -> Path | None:
    """Where `npm install ajv ajv-formats` put them (.ci/run sets HANDOVER_NODE_MODULES)."""
    modules = os.environ.get("HANDOVER_NODE_MODULES")
    if modules and shutil.which("node") and (Path(modules) / "ajv" / "package.json").exists():
        return Path(modules)
    if os.environ.get("HANDOVER_REQUIRE_AJV"):  # .ci/run sets it: there, no skipping
        pytest.fail("ajv is required: node and `npm install ajv ajv-formats` (see .ci/run)")
    pytest.skip("needs node and ajv: set HANDOVER_NODE_MODULES to a node_modules with ajv")


def test_ajv_in_strict_mode_compiles_every_schema_and_names_the_broken_field(
    tmp_path: Path,
) -> None:
    modules = ajv_modules()
    for kind in SCHEMAS:
        (tmp_path / f"{kind}.schema.json").write_text(schema_text(kind), "utf-8")
    broken = loaded(A_NOTE) | {"rating": 7}
    documents = {
        "team": {"handover.yaml": loaded(DEMO / "handover.yaml")},
        "profile": {
            str(p.relative_to(DEMO)): loaded(p) for p in (DEMO / "customers").glob("*/profile.yaml")
        },
        "record": {
            str(p.relative_to(DEMO)): loaded(p)
            for p in (DEMO / "customers").glob("*/notes/*/*.yaml")
        }
        | {"broken.yaml": broken},
    }
    (tmp_path / "files.json").write_text(json.dumps(documents, ensure_ascii=False), "utf-8")
    (tmp_path / "check.js").write_text(AJV_CHECK, "utf-8")

    done = subprocess.run(
        ["node", str(tmp_path / "check.js"), str(tmp_path), str(tmp_path / "files.json")],
        env=os.environ | {"NODE_PATH": str(modules)},
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr  # a strict-mode refusal is thrown here
    results = json.loads(done.stdout)
    errors = results["record"].pop("broken.yaml")
    assert {name: e for kind in results.values() for name, e in kind.items() if e} == {}
    assert len(results["record"]) > 500
    assert [(e["instancePath"], e["message"]) for e in errors] == [
        ("/rating", "must be <= 4"),  # the field, once: no "must be null", no "anyOf"
        ("", 'must match "then" schema'),  # the note's own kind, the only one checked
    ]
