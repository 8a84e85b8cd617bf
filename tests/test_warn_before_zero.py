"""Warn before zero: what will zero a customer is on the agenda before it does.

Every open complaint is on `agenda` from the day it is logged, and every promise due within
`health.due_soon_days`, each with the day it will zero the customer's health; the brief's health
line never says "nothing open" while something is open.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import TODAY, Outcome, Team


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def minsu(team: Team) -> Team:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    return team


def agenda_line(team: Team, ref: str, *args: str) -> str:
    shown = ok(team.run("agenda", "--rep", "sylee", *args)).stdout
    lines = [line for line in shown.splitlines() if ref in line]
    assert len(lines) == 1, shown
    return lines[0]


def test_a_complaint_logged_today_is_on_the_agenda_with_the_day_it_zeroes(minsu: Team) -> None:
    ok(minsu.run("note", "민수", "-s", "방문", "-r", "3", "--complaint", "샘플이 2주째 안 옴"))
    line = agenda_line(minsu, "gim-minsu#1")
    assert "complaint: 샘플이 2주째 안 옴" in line
    # complaint_days is 7: a complaint older than 7 days zeroes health, on the 8th day.
    assert f"zeroes health on {day(8)}, in 8 days" in line

    entries = json.loads(ok(minsu.run("agenda", "--rep", "sylee", "--json")).stdout)
    (complaint,) = [e for e in entries if e["ref"] == "gim-minsu#1"]
    assert complaint["zeroes_on"] == day(8)


def test_a_complaint_follows_the_teams_complaint_days(minsu: Team) -> None:
    config = minsu.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8") + "health:\n  complaint_days: 2\n", encoding="utf-8"
    )
    ok(
        minsu.run(
            "note", "민수", "-s", "방문", "--complaint", "주차 불편", "--at", f"{day(-1)} 10:00"
        )
    )
    line = agenda_line(minsu, "gim-minsu#1", "--days", "0")
    assert f"zeroes health on {day(2)}, in 2 days" in line


def test_a_promise_due_soon_is_on_the_agenda_even_beyond_days(minsu: Team) -> None:
    ok(minsu.run("note", "민수", "-s", "방문", "--promise", "샘플 전달 by +2d"))
    ok(minsu.run("note", "민수", "-s", "전화", "--promise", "자료 전달 by +5d"))
    shown = ok(minsu.run("agenda", "--rep", "sylee", "--days", "0")).stdout
    soon = [line for line in shown.splitlines() if "gim-minsu#1" in line]
    assert len(soon) == 1, shown
    assert f"zeroes health on {day(3)}, in 3 days" in soon[0]
    assert "gim-minsu#2" not in shown, "due in 5 days is beyond due_soon_days (3) and --days 0"
    later = agenda_line(minsu, "gim-minsu#2", "--days", "7")
    assert f"zeroes health on {day(6)}, in 6 days" in later


def test_the_health_line_never_says_nothing_open_while_something_is_open(minsu: Team) -> None:
    ok(minsu.run("note", "민수", "-s", "방문", "-r", "3", "--promise", "샘플 전달 by +5d"))
    brief = ok(minsu.run("brief", "민수")).stdout.splitlines()
    health = next(line for line in brief if line.startswith("Health"))
    assert "nothing open" not in health, brief
    assert "1 open, nothing overdue" in health
    assert any(line.startswith("Open items (1)") for line in brief)
    markdown = ok(minsu.run("brief", "민수", "--markdown")).stdout
    assert "nothing open" not in markdown

    ok(minsu.run("resolve", "gim-minsu#1", "전달함"))
    quiet = ok(minsu.run("brief", "민수")).stdout
    assert "nothing open, nothing overdue" in quiet
