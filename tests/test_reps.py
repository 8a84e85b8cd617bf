"""A rep is named the way people say it: `--rep 이서연`, `--to 지훈`, `--by ㅇㅅㅇ`; `rep list`."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from conftest import Team


@pytest.fixture
def book(team: Team) -> Team:
    added = team.run("rep", "add", "sjlee", "--name", "이서진", "--email", "sjlee@example.com")
    assert added.exit_code == 0, added.output
    for name, owner in (("김민수", "sylee"), ("최영희", "sylee"), ("박지원", "jpark")):
        done = team.run("add", name, "--kind", "doctor", "--owner", owner)
        assert done.exit_code == 0, done.output
    noted = team.run("note", "김민수", "-s", "방문", "--promise", "샘플 전달", "--by", "sylee")
    assert noted.exit_code == 0, noted.output
    return team


def ids(team: Team, *args: str) -> list[str]:
    done = team.run(*args, "--json")
    assert done.exit_code == 0, done.output
    return sorted(row["id"] for row in json.loads(done.stdout))


@pytest.mark.parametrize("named", ["이서연", "서연", "ㅇㅅㅇ", "이ㅅ연", "sylee"])
def test_list_by_a_reps_name_part_or_initials(book: Team, named: str) -> None:
    assert ids(book, "list", "--rep", named) == ["choe-yeonghui", "gim-minsu"]


def test_open_and_health_take_a_reps_name(book: Team) -> None:
    assert book.run("open", "--rep", "이서연").exit_code == 0
    opened = json.loads(book.run("open", "--rep", "서연", "--json").stdout)
    assert [row["item"]["ref"] for row in opened] == ["gim-minsu#1"]
    assert ids(book, "health", "--rep", "지훈") == ["bak-jiwon"]


def test_a_part_that_fits_two_reps_lists_both_and_exits_2(book: Team) -> None:
    done = book.run("list", "--rep", "이서")
    assert done.exit_code == 2, done.output
    assert "'이서' matches 2 reps: 이서연 (sylee), 이서진 (sjlee)" in done.stderr
    assert "Traceback" not in done.output


def test_an_unknown_rep_names_the_team(book: Team) -> None:
    done = book.run("list", "--rep", "홍길동")
    assert done.exit_code == 2, done.output
    assert "unknown rep '홍길동'" in done.stderr and "이서연 (sylee)" in done.stderr


def test_transfer_to_a_name_moves_the_customer_to_that_rep(book: Team) -> None:
    done = book.run("transfer", "김민수", "--to", "지훈")
    assert done.exit_code == 0, done.output
    profile = YAML(typ="safe").load((book.root / "customers/gim-minsu/profile.yaml").read_text())
    assert profile["owner"] == "jpark"


def test_by_a_name_signs_the_note_with_the_reps_id(book: Team) -> None:
    done = book.run("note", "박지원", "-s", "전화", "--by", "박지훈")
    assert done.exit_code == 0, done.output
    (path,) = (book.root / "customers/bak-jiwon/notes").glob("*/*.yaml")
    assert YAML(typ="safe").load(path.read_text())["by"] == "jpark"


def test_a_leaving_rep_and_the_successor_by_name(book: Team) -> None:
    done = book.run("rep", "leave", "박지훈", "--successor", "ㅇㅅㅈ", "--force")
    assert done.exit_code == 0, done.output
    assert ids(book, "list", "--rep", "이서진") == ["bak-jiwon"]


def test_rep_list_shows_each_reps_book(book: Team) -> None:
    done = book.run("rep", "list")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "territory", "status", "customers", "open", "items"]
    assert [line.split()[0] for line in lines[1:4]] == [
        "jpark",
        "sylee",
        "sjlee",
    ]  # 박 이서연 이서진
    rows = json.loads(book.run("rep", "list", "--json").stdout)
    assert {row["id"]: (row["customers"], row["open_items"]) for row in rows} == {
        "sylee": (2, 1),
        "jpark": (1, 0),
        "sjlee": (0, 0),
    }
    assert set(rows[0]) == {"id", "name", "territory", "status", "customers", "open_items"}
