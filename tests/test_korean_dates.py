"""A Korean rep types dates the way they say them: `note --next`, `--at`, promises, `--since`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import TODAY, Team

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def notes_of(team: Team) -> list[Path]:
    return sorted((team.root / "customers" / "gim-minsu" / "notes").glob("*/*.yaml"))


def only_note(team: Team) -> dict[str, Any]:
    paths = notes_of(team)
    assert len(paths) == 1, paths
    data = YAML(typ="safe").load(paths[0].read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def minsu(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor", "--org", "서울중앙내과의원")
    assert added.exit_code == 0, added.output
    return team


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("다음주 화요일", MONDAY + dt.timedelta(days=8)),
        ("다다음주 월요일", MONDAY + dt.timedelta(days=14)),
        ("3일 후", TODAY + dt.timedelta(days=3)),
        ("2주 뒤", TODAY + dt.timedelta(days=14)),
        ("화요일", TODAY + dt.timedelta(days=(1 - TODAY.weekday() - 1) % 7 + 1)),
    ],
)
def test_a_rep_plans_the_next_visit_in_korean(minsu: Team, typed: str, expected: dt.date) -> None:
    done = minsu.run("note", "김민수", "-s", "처방 논의", "--next", typed)
    assert done.exit_code == 0, done.output
    assert str(only_note(minsu)["next_contact"]) == expected.isoformat()


def test_a_next_contact_in_the_past_is_refused(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "처방 논의", "--next", "어제")
    assert done.exit_code == 2, done.output
    assert done.stderr.startswith("error: --next: '어제' is "), done.stderr
    assert "in the past" in done.stderr
    assert notes_of(minsu) == []


def test_a_visit_yesterday_afternoon_is_logged_at_that_time(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "어제 방문", "--at", "어제 오후 5시")
    assert done.exit_code == 0, done.output
    at = dt.datetime.fromisoformat(str(only_note(minsu)["at"]))
    yesterday = TODAY - dt.timedelta(days=1)
    assert at == dt.datetime.combine(yesterday, dt.time(17, 0)).astimezone()


def test_a_korean_typo_in_a_date_lists_korean_examples(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "방문", "--next", "다음 화요일")
    assert done.exit_code == 2, done.output
    assert "cannot read '다음 화요일' as a date" in done.stderr
    assert "다음주 화요일" in done.stderr and "3일 후" in done.stderr
    assert "Traceback" not in done.output
    assert notes_of(minsu) == []


@pytest.mark.parametrize("typed", ["0001-01-01", "0001-01-01 09:00", "2999-01-01"])
def test_a_moment_outside_1990_to_2100_is_refused_at_the_door(minsu: Team, typed: str) -> None:
    done = minsu.run("note", "김민수", "-s", "방문", "--at", typed)
    assert done.exit_code == 2, done.output
    assert "between 1990 and 2100" in done.stderr
    assert "bug" not in done.output
    assert notes_of(minsu) == []


def test_a_promise_due_friday_gets_its_due_date(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "처방 논의", "--promise", "금요일까지 샘플 전달")
    assert done.exit_code == 0, done.output
    friday = TODAY + dt.timedelta(days=(4 - TODAY.weekday() - 1) % 7 + 1)
    (item,) = only_note(minsu)["opens"]
    assert item["text"] == "샘플 전달"
    assert str(item["due"]) == friday.isoformat()


@pytest.mark.parametrize("since", ["1y", "1년", "3일 전", "지난주", "올해"])
def test_since_means_the_same_in_brief_and_search(minsu: Team, since: str) -> None:
    assert minsu.run("note", "김민수", "-s", "처방 논의").exit_code == 0
    for command in (["brief", "김민수"], ["search", "처방"]):
        done = minsu.run(*command, "--since", since)
        assert done.exit_code == 0, f"{command}: {done.output}"
