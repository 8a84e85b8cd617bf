"""People are listed in 가나다 order of their names, not by their romanized ids; ties by id."""

from __future__ import annotations

import json

import pytest

from conftest import Team

NAMES = ["안재현", "Emily Carter", "한유나", "김민수", "박지원"]
GANADA = ["김민수", "박지원", "안재현", "한유나", "Emily Carter"]  # by id: 안재현 came first


@pytest.fixture
def clinic(team: Team) -> Team:
    for name in NAMES:
        added = team.run("add", name, "--kind", "doctor", "--owner", "sylee")
        assert added.exit_code == 0, added.output
        noted = team.run(
            "note", name, "-s", "방문", "--promise", "샘플 전달", "--next", "+3d", "--by", "sylee"
        )
        assert noted.exit_code == 0, noted.output
    return team


def json_of(team: Team, *args: str) -> object:
    done = team.run(*args, "--json")
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_list_is_in_ganada_order(clinic: Team) -> None:
    rows = json_of(clinic, "list")
    assert isinstance(rows, list)
    assert [row["name"] for row in rows] == GANADA
    shown = clinic.run("list").stdout
    assert [shown.index(name) for name in GANADA] == sorted(shown.index(n) for n in GANADA)


def test_open_items_of_equal_urgency_are_in_ganada_order(clinic: Team) -> None:
    rows = json_of(clinic, "open")
    assert isinstance(rows, list)
    assert [row["name"] for row in rows] == GANADA


def test_health_ties_are_in_ganada_order(clinic: Team) -> None:
    rows = json_of(clinic, "health")
    assert isinstance(rows, list)
    assert [row["name"] for row in rows] == GANADA


def test_agenda_entries_of_one_day_are_in_ganada_order(clinic: Team) -> None:
    rows = json_of(clinic, "agenda", "--rep", "sylee")
    assert isinstance(rows, list)
    contacts = [row["name"] for row in rows if row["kind"] == "contact"]
    assert contacts == GANADA


def test_the_pack_lists_customers_in_ganada_order(clinic: Team) -> None:
    done = clinic.run("export", "--rep", "sylee", "--format", "json")
    assert done.exit_code == 0, done.output
    pack = json.loads(done.stdout)
    assert [customer["brief"]["name"] for customer in pack["customers"]] == GANADA
