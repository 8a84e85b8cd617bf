"""A promise always has a due date the rep has seen.

The date comes from ` by DATE` or the Korean `DATE까지`, read by the same parser as `--next`;
text that looks like a date but cannot be read is refused; no date at all gets the team's
default (`health.promise_default_days`), and `note` says the date it recorded.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import TODAY, Outcome, Team
from handover.domain.dates import parse_date


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


@pytest.fixture
def minsu(team: Team) -> Team:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    return team


def promise_of(team: Team) -> dict[str, str]:
    brief = json.loads(ok(team.run("brief", "민수", "--json")).stdout)
    (item,) = [i for i in brief["open_items"] if i["kind"] == "promise"]
    return {"text": item["text"], "due": item["due"]}


def in_days(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


@pytest.mark.parametrize(
    ("typed", "text", "days"),
    [
        ("샘플 전달 내일까지", "샘플 전달", 1),
        ("샘플 전달 모레 까지", "샘플 전달", 2),
        ("임상 자료 전달 by +3d", "임상 자료 전달", 3),
        ("임상 자료 전달 by tomorrow", "임상 자료 전달", 1),
        ("call back by in 2 weeks", "call back", 14),
        (f"자료 전달 {(TODAY + dt.timedelta(days=5)).isoformat()}까지", "자료 전달", 5),
    ],
)
def test_a_promise_takes_its_due_date_from_by_or_kkaji(
    minsu: Team, typed: str, text: str, days: int
) -> None:
    done = ok(minsu.run("note", "민수", "-s", "방문", "--promise", typed))
    due = TODAY + dt.timedelta(days=days)
    assert f"Opened: gim-minsu#1 promise, due {due.isoformat()} ({in_days(days)})" in done.stdout
    assert promise_of(minsu) == {"text": text, "due": due.isoformat()}


def test_kkaji_and_by_read_every_form_next_reads(minsu: Team) -> None:
    """`다음주 화요일` is read exactly when `--next` reads it (the Korean grammar is shared)."""
    try:
        expected = parse_date("다음주 화요일", TODAY)
    except ValueError:
        pytest.skip("the date parser does not read 다음주 화요일 yet")
    for number, typed in enumerate(("샘플 전달 다음주 화요일까지", "샘플 전달 by 다음주 화요일")):
        done = ok(minsu.run("note", "민수", "-s", "방문", "--promise", typed))
        assert f"Opened: gim-minsu#{number + 1} promise, due {expected.isoformat()}" in done.stdout


@pytest.mark.parametrize(
    "typed",
    ["샘플 전달 by 13월 40일", "샘플 전달 by next fortnight", "샘플 전달 2026-13-40까지"],
)
def test_a_due_date_that_cannot_be_read_is_refused_and_nothing_written(
    minsu: Team, typed: str
) -> None:
    before, commits = minsu.files(), minsu.commits()
    done = minsu.run("note", "민수", "-s", "방문", "--promise", typed)
    assert done.exit_code == 2, done.output
    first = done.stderr.splitlines()[0]
    assert first.startswith("error: --promise: cannot read"), done.stderr
    assert "다음주 화요일" in first or "next monday" in first, "the accepted forms are listed"
    assert "Traceback" not in done.output
    assert minsu.files() == before and minsu.commits() == commits


def test_by_and_kkaji_that_are_not_dates_stay_text_with_the_default_due(minsu: Team) -> None:
    ok(minsu.run("note", "민수", "-s", "방문", "--promise", "send the samples by courier"))
    due = (TODAY + dt.timedelta(days=7)).isoformat()
    assert promise_of(minsu) == {"text": "send the samples by courier", "due": due}


def test_a_promise_without_a_date_gets_the_teams_default(minsu: Team) -> None:
    done = ok(minsu.run("note", "민수", "-s", "방문", "--promise", "퇴근 전 연락"))
    due = TODAY + dt.timedelta(days=7)
    assert f"Opened: gim-minsu#1 promise, due {due.isoformat()} (in 7 days)" in done.stdout
    assert promise_of(minsu) == {"text": "퇴근 전 연락", "due": due.isoformat()}

    config = minsu.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8") + "health:\n  promise_default_days: 3\n", encoding="utf-8"
    )
    later = ok(
        minsu.run("note", "민수", "-s", "전화", "--promise", "자료 회신", "--request", "샘플")
    )
    soon = TODAY + dt.timedelta(days=3)
    assert "Opened: gim-minsu#2 request\n" in later.stdout, "only promises get a default"
    assert f"Opened: gim-minsu#3 promise, due {soon.isoformat()} (in 3 days)" in later.stdout


def test_a_default_due_counts_from_the_day_of_the_moment(minsu: Team) -> None:
    at = TODAY - dt.timedelta(days=2)
    done = ok(minsu.run("note", "민수", "-s", "방문", "--promise", "자료", "--at", f"{at} 10:00"))
    due = at + dt.timedelta(days=7)
    assert f"Opened: gim-minsu#1 promise, due {due.isoformat()} (in 5 days)" in done.stdout
