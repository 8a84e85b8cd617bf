"""`handover report`: a team lead sees how fast the team answers, whether promises are kept,
whether complaints recovered and whether zeros are growing, from small teams with known times.

Moments are logged with `handover note --at`; a reopening or a transfer on a known past day is
written as the record `handover reopen` / `handover transfer` would write, then committed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from conftest import Team

PERIOD = ("--since", "2026-03-02", "--until", "2026-03-29")  # four weeks, Monday to Sunday


def at(day: str, clock: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").astimezone()


def note(team: Team, customer: str, day: str, *args: str, clock: str = "10:00") -> None:
    done = team.run("note", customer, "--at", f"{day} {clock}", *args)
    assert done.exit_code == 0, done.output


def note_id(team: Team, customer_id: str, day: str, clock: str = "10:00") -> str:
    """The id of the note written at that time (its file name without .yaml)."""
    stamp = at(day, clock).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    found = sorted((team.root / "customers" / customer_id / "notes").rglob(f"{stamp}-*.yaml"))
    assert len(found) == 1, found
    return found[0].stem


def write_record(team: Team, customer_id: str, record: dict[str, Any], message: str) -> None:
    """The record file `handover` writes (its canonical YAML, its file name), committed."""
    from handover.format.layout import NOTES_DIR
    from handover.format.note_file import note_filename, record_to_yaml
    from handover.format.records import RECORD_ADAPTER

    parsed = RECORD_ADAPTER.validate_python(record)
    folder = team.root / "customers" / customer_id / NOTES_DIR / f"{parsed.at.year:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / note_filename(parsed)
    path.write_text(record_to_yaml(parsed), "utf-8")
    team.git("add", str(path))
    team.git("commit", "-q", "-m", message)


def reopen(team: Team, customer_id: str, number: int, opened: str, day: str, by: str) -> None:
    write_record(
        team,
        customer_id,
        {"kind": "reopen", "at": at(day), "by": by, "item": number,
         "opened_in": opened, "why": "다시 요청"},
        f"reopen: {customer_id}#{number}",
    )  # fmt: skip


def transfer(team: Team, customer_id: str, day: str, from_: str, to: str) -> None:
    profile = team.root / "customers" / customer_id / "profile.yaml"
    profile.write_text(
        profile.read_text("utf-8").replace(f"owner: {from_}", f"owner: {to}"), "utf-8"
    )
    team.git("add", str(profile))
    write_record(
        team,
        customer_id,
        {"kind": "transfer", "at": at(day), "by": from_, "from": from_, "to": to},
        f"transfer: {customer_id} to {to}",
    )


def report(team: Team, *args: str) -> dict[str, Any]:
    done = team.run("report", *args, "--json")
    assert done.exit_code == 0, done.output
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.fixture
def answers(team: Team) -> Team:
    """이서연 answers 김민수 fast; 박지훈 lets 최영희's complaint sit ten days and a request
    stay open; 김민수's first request is reopened and answered again."""
    for name, owner in (("김민수", "sylee"), ("최영희", "jpark")):
        assert team.run("add", name, "--owner", owner, "--kind", "doctor").exit_code == 0
    note(team, "김민수", "2026-03-02", "-s", "자료 요청", "--request", "용량 자료", "--by", "sylee")
    note(team, "김민수", "2026-03-03", "-s", "질문", "-q", "신장애 용량?", "--by", "sylee")
    note(team, "김민수", "2026-03-04", "-s", "자료 전달", "--resolves", "gim-minsu#1",
         "--by", "sylee")  # fmt: skip
    note(team, "김민수", "2026-03-09", "-s", "답변", "--resolves", "gim-minsu#2", "--by", "sylee")
    note(team, "최영희", "2026-03-02", "-s", "샘플 지연 항의", "-r", "0",
         "--complaint", "샘플 지연", "--by", "jpark", clock="09:00")  # fmt: skip
    note(team, "최영희", "2026-03-10", "-s", "재고 문의", "--request", "재고 확인",
         "--by", "jpark", clock="09:00")  # fmt: skip
    note(team, "최영희", "2026-03-12", "-s", "샘플 전달", "--resolves", "choe-yeonghui#1",
         "--by", "jpark", clock="09:00")  # fmt: skip
    opened = note_id(team, "gim-minsu", "2026-03-02")
    reopen(team, "gim-minsu", 1, opened, "2026-03-20", "sylee")
    note(team, "김민수", "2026-03-23", "-s", "최신 자료 전달", "--resolves", "gim-minsu#1",
         "--by", "sylee")  # fmt: skip
    return team


def test_response_time_is_the_median_and_p90_from_opening_to_resolution(answers: Team) -> None:
    data = report(answers, *PERIOD, "--by", "week")
    assert data["report_version"] == 1
    assert data["scope"] | {"rep_names": None} == {
        "team": "서울 동부 영업2팀", "rep": None, "kind": None, "since": "2026-03-02",
        "until": "2026-03-29", "by": "week", "parts": 4, "customers": 2, "rep_names": None,
    }  # fmt: skip
    response = data["response"]
    # waits: 6 days (question), 10 days (complaint), 21 days (request, reopened and answered
    # again: the customer waited from the first opening)
    assert response["all"] == {
        "resolved": 3, "median_days": 10.0, "p90_days": 21.0, "open": 1,
        "open_median_days": 19.0, "open_oldest_days": 19, "reopened": 1,
    }  # fmt: skip
    assert response["by_kind"]["request"] == {
        "resolved": 1, "median_days": 21.0, "p90_days": 21.0, "open": 1,
        "open_median_days": 19.0, "open_oldest_days": 19, "reopened": 1,
    }  # fmt: skip
    assert response["by_kind"]["complaint"]["median_days"] == 10.0
    assert response["by_kind"]["question"]["median_days"] == 6.0
    assert response["by_rep"]["sylee"] | {"open_median_days": None} == {
        "resolved": 2, "median_days": 13.5, "p90_days": 21.0, "open": 0,
        "open_median_days": None, "open_oldest_days": None, "reopened": 1,
    }  # fmt: skip
    assert response["by_rep"]["jpark"]["open"] == 1
    assert [(p["start"], p["resolved"], p["median_days"]) for p in response["by_part"]] == [
        ("2026-03-02", 0, None),
        ("2026-03-09", 2, 8.0),
        ("2026-03-16", 0, None),
        ("2026-03-23", 1, 21.0),
    ]


def test_a_past_period_reads_as_it_stood_on_its_last_day(answers: Team) -> None:
    """On 2026-03-21 김민수#1 had been reopened and was not answered yet; the answer of
    2026-03-23 is not seen."""
    response = report(answers, "--since", "2026-03-02", "--until", "2026-03-21")["response"]
    assert response["all"] == {
        "resolved": 2, "median_days": 8.0, "p90_days": 10.0, "open": 2,
        "open_median_days": 15.0, "open_oldest_days": 19, "reopened": 1,
    }  # fmt: skip


def test_response_time_of_one_rep(answers: Team) -> None:
    data = report(answers, *PERIOD, "--rep", "jpark")
    assert data["response"]["all"]["resolved"] == 1
    assert data["response"]["all"]["median_days"] == 10.0
    assert list(data["response"]["by_rep"]) == ["jpark"]


@pytest.fixture
def promises(team: Team) -> Team:
    assert team.run("add", "김민수", "--owner", "sylee", "--kind", "doctor").exit_code == 0
    note(team, "김민수", "2026-03-05", "-s", "자료 약속", "--by", "sylee",
         "--promise", "자료 전달 by 2026-03-10", "--promise", "샘플 by 2026-03-12",
         "--promise", "설명회 초대 by 2026-03-20", "--promise", "학회 자료 by 2026-04-15",
         "--promise", "연락 드리기")  # fmt: skip
    note(team, "김민수", "2026-03-09", "-s", "자료 전달", "--resolves", "gim-minsu#1",
         "--by", "sylee")  # fmt: skip
    note(team, "김민수", "2026-03-17", "-s", "샘플 전달", "--resolves", "gim-minsu#2",
         "--by", "sylee")  # fmt: skip
    return team


def test_promises_kept_on_time_late_and_broken(promises: Team) -> None:
    # "연락 드리기" was given without a date: it is due in the team's default 7 days
    # (2026-03-12), so it counts as due, and broken.
    assert report(promises, *PERIOD)["promises"] == {
        "due": 4, "kept_on_time": 1, "kept_late": 1, "late_median_days": 5.0,
        "late_max_days": 5, "broken": 2, "due_last_day": 0, "renegotiated": 0,
        "kept_on_time_share": 0.25, "without_due": 0,
        "broken_refs": ["gim-minsu#3", "gim-minsu#5"],
    }  # fmt: skip


def test_a_promise_kept_after_the_period_was_broken_at_its_end(promises: Team) -> None:
    figures = report(promises, "--since", "2026-03-02", "--until", "2026-03-15")["promises"]
    assert (figures["due"], figures["kept_on_time"], figures["broken"]) == (3, 1, 2)
    assert figures["broken_refs"] == ["gim-minsu#2", "gim-minsu#5"]


def test_service_recovery_recovered_not_recovered_silent_and_too_early(team: Team) -> None:
    config = team.root / "handover.yaml"
    config.write_text(config.read_text("utf-8") + "health:\n  silence_days: 10\n", "utf-8")
    team.git("commit", "-qam", "silence after 10 days")
    for name, ref in (("가나다", "ganada"), ("라마바", "ramaba"), ("사아자", "saaja"),
                      ("차카타", "chakata")):  # fmt: skip
        assert team.run("add", name, "--id", ref, "--owner", "sylee").exit_code == 0
    for name, ref in (("가나다", "ganada"), ("라마바", "ramaba"), ("사아자", "saaja"),
                      ("차카타", "chakata")):  # fmt: skip
        note(team, name, "2026-03-02", "-s", "불만", "-r", "0", "--complaint", "배송 지연")
        resolved = "2026-03-25" if name == "차카타" else "2026-03-05"
        note(team, name, resolved, "-s", "사과", "--resolves", f"{ref}#1")
    note(team, "가나다", "2026-03-10", "-s", "다시 방문", "-r", "4")  # recovered
    note(team, "라마바", "2026-03-10", "-s", "여전히 불만", "-r", "1")  # not recovered
    # (the resolving moment of 사아자 and 차카타 has no rating: no recovery yet)
    # 사아자: nothing since 2026-03-05, 24 days on 2026-03-29: silent
    # 차카타: resolved 2026-03-25, 4 days ago: too early to say
    assert report(team, *PERIOD)["recovery"] == {
        "resolved": 4, "recovered": 1, "not_recovered": 1, "silent": 1, "waiting": 1,
        "recovered_refs": ["ganada#1"], "silent_refs": ["saaja#1"],
    }  # fmt: skip


def test_a_complaint_resolved_by_a_moment_rated_2_is_not_recovered(team: Team) -> None:
    """The resolving moment counts towards recovery (README): rated 2, with nothing since and
    only 4 days before the period's end, it is "not recovered", not "too early"."""
    assert team.run("add", "가나다", "--id", "ganada", "--owner", "sylee").exit_code == 0
    assert team.run("add", "라마바", "--id", "ramaba", "--owner", "sylee").exit_code == 0
    for name, ref, rating in (("가나다", "ganada", "2"), ("라마바", "ramaba", "3")):
        note(team, name, "2026-03-02", "-s", "불만", "-r", "0", "--complaint", "배송 지연")
        note(team, name, "2026-03-25", "-s", "사과", "-r", rating, "--resolves", f"{ref}#1")
    assert report(team, *PERIOD)["recovery"] == {
        "resolved": 2, "recovered": 1, "not_recovered": 1, "silent": 0, "waiting": 0,
        "recovered_refs": ["ramaba#1"], "silent_refs": [],
    }  # fmt: skip


@pytest.fixture
def moved(team: Team) -> Team:
    """가나다 (이서연) at 0 for a week, then recovered; 라마바 (박지훈) fine but the planned
    call slips, handed to 이서연 on 2026-03-18; 사아자 first met on 2026-03-16."""
    for name, ref, owner in (("가나다", "ganada", "sylee"), ("라마바", "ramaba", "jpark"),
                             ("사아자", "saaja", "sylee")):  # fmt: skip
        assert team.run("add", name, "--id", ref, "--owner", owner).exit_code == 0
    note(team, "가나다", "2026-03-02", "-s", "불만", "-r", "0", "--complaint", "배송 지연",
         "--by", "sylee")  # fmt: skip
    note(team, "가나다", "2026-03-12", "-s", "해결", "-r", "3", "--resolves", "ganada#1",
         "--by", "sylee")  # fmt: skip
    note(team, "라마바", "2026-03-03", "-s", "정기 방문", "-r", "3", "--next", "2026-03-10",
         "--by", "jpark")  # fmt: skip
    note(team, "사아자", "2026-03-16", "-s", "첫 방문", "-r", "4", "-c", "phone", "--by", "sylee")
    transfer(team, "ramaba", "2026-03-18", "jpark", "sylee")
    return team


def shares(points: list[dict[str, Any]]) -> list[tuple[str, int, int, int, int, int]]:
    return [(p["day"], p["customers"], p["zero"], p["low"], p["middle"], p["full"]) for p in points]


def test_weekly_health_share_is_computed_as_of_each_sunday(moved: Team) -> None:
    # 가나다: complaint open and last rating 0 → 0; resolved with a 3 on 03-12 → 100.
    # 라마바: planned call of 03-10 overdue by 5 and 12 days → 80, by 19 (> 14) → 50.
    # 사아자: not known before its first moment on 03-16.
    assert shares(report(moved, *PERIOD, "--by", "week")["health"]) == [
        ("2026-03-08", 2, 1, 0, 0, 1),
        ("2026-03-15", 2, 0, 0, 1, 1),
        ("2026-03-22", 3, 0, 0, 1, 2),
        ("2026-03-29", 3, 0, 0, 1, 2),
    ]


def test_with_a_rep_health_counts_the_customers_they_owned_that_day(moved: Team) -> None:
    assert shares(report(moved, *PERIOD, "--by", "week", "--rep", "jpark")["health"]) == [
        ("2026-03-08", 1, 0, 0, 0, 1),
        ("2026-03-15", 1, 0, 0, 1, 0),
        ("2026-03-22", 0, 0, 0, 0, 0),
        ("2026-03-29", 0, 0, 0, 0, 0),
    ]
    assert shares(report(moved, *PERIOD, "--by", "week", "--rep", "sylee")["health"]) == [
        ("2026-03-08", 1, 1, 0, 0, 0),
        ("2026-03-15", 1, 0, 0, 0, 1),
        ("2026-03-22", 3, 0, 0, 1, 2),
        ("2026-03-29", 3, 0, 0, 1, 2),
    ]


def test_monthly_health_cuts_the_last_month_at_until(moved: Team) -> None:
    data = report(moved, "--since", "2026-02-01", "--until", "2026-03-20")
    assert shares(data["health"]) == [
        ("2026-02-28", 0, 0, 0, 0, 0),
        ("2026-03-20", 3, 0, 0, 1, 2),
    ]


def test_contact_counts_moments_per_rep_and_channel_and_silent_customers(moved: Team) -> None:
    contact = report(moved, *PERIOD, "--by", "week")["contact"]
    assert contact["moments"] == 4 and contact["weeks"] == 4.0
    assert contact["customers"] == 3 and contact["silent"] == 0 and contact["never"] == 0
    rows = {row["rep"]: row for row in contact["reps"]}
    assert rows["sylee"]["moments"] == 3 and rows["sylee"]["per_week"] == 0.75
    assert rows["sylee"]["channels"]["visit"] == 2 and rows["sylee"]["channels"]["phone"] == 1
    assert rows["sylee"]["by_part"] == [1, 1, 1, 0]
    assert rows["jpark"]["by_part"] == [1, 0, 0, 0]
    later = report(moved, "--since", "2026-03-02", "--until", "2026-06-12")["contact"]
    assert (later["silent"], later["silence_days"]) == (
        2,
        90,
    )  # 가나다 92 days, 라마바 101; 사아자 88


def test_ratings_count_the_corrected_rating(moved: Team) -> None:
    before = report(moved, *PERIOD)["ratings"]
    assert before["counts"] == {"0": 1, "1": 0, "2": 0, "3": 2, "4": 1}
    assert before["zero_share"] == 0.25
    stem = note_id(moved, "ganada", "2026-03-02")
    fixed = moved.run("amend", "가나다", stem[-6:], "--rating", "2", "--by", "sylee")
    assert fixed.exit_code == 0, fixed.output
    after = report(moved, *PERIOD)["ratings"]
    assert after["counts"] == {"0": 0, "1": 0, "2": 1, "3": 2, "4": 1}
    assert after["zero_share"] == 0.0 and after["moments"] == 4 and after["unrated"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "day"), "error: --by day: use week or month"),
        (("--until", "2099-01-01"), "in the future: --until needs a past day"),
        (("--since", "2026-03-10", "--until", "2026-03-01"), "is after --until"),
        (("--since", "someday"), "error: --since: cannot read 'someday' as a date"),
        (("--rep", "nobody"), "error: unknown rep 'nobody'"),
        (("--format", "pdf"), "error: unknown format 'pdf'"),
    ],
)
def test_a_report_asked_for_wrongly_says_why_in_one_line(
    team: Team, args: tuple[str, ...], message: str
) -> None:
    done = team.run("report", *args)
    assert done.exit_code == 2, done.output
    assert message in done.stderr
    assert "Traceback" not in done.output


def test_the_index_and_the_files_give_the_same_report(moved: Team) -> None:
    from handover.core.report import scan_report, team_report
    from handover.core.workspace import Workspace

    ws = Workspace.open(moved.root)
    for by in ("week", "month"):
        indexed = team_report(ws, since="2026-03-02", until="2026-03-29", by=by)
        assert indexed == scan_report(ws, since="2026-03-02", until="2026-03-29", by=by)


@pytest.mark.parametrize("day", ["2026-02-28", "2026-08-31", "2026-10-31", "2026-11-20"])
def test_a_past_days_health_is_what_the_health_view_said_that_day(day: str) -> None:
    """On the demo team: the report's score of each customer on a past day equals the health
    view computed on that day from the records written up to it (corrections apply always)."""
    from conftest import PROJECT
    from handover.core.summary import summarize
    from handover.domain.report import timeline
    from handover.domain.report.trends import health_on
    from handover.format.records import Correction
    from handover.format.store import TeamFolder

    folder = TeamFolder(PROJECT / "profiles")
    settings = folder.config().health
    on = dt.date.fromisoformat(day)
    for customer_id in folder.customer_ids():
        profile = folder.profile(customer_id).profile
        records = folder.records(customer_id)
        seen = [r for r in records if r.record.at.date() <= on or isinstance(r.record, Correction)]
        expected = summarize(profile, seen, settings, on).health.percent
        built = timeline.build(customer_id, records)
        assert health_on(built, on.toordinal(), settings) == expected, customer_id


def test_a_renegotiated_due_date_counts_from_the_day_it_changed() -> None:
    """`item due REF DATE` (the items work) will add a `due` event; the figures already read
    it: the promise is judged by the due date standing at the period's end, health by the
    due date standing each day."""
    from handover.domain.report.basics import CustomerLine
    from handover.domain.report.items import Window, promises
    from handover.domain.report.timeline import (
        ItemEvent,
        ItemLine,
        MomentColumns,
        Timeline,
        _first_day,
        segments,
    )
    from handover.domain.report.trends import health_on
    from handover.format.team_config import HealthSettings

    day = dt.date.fromisoformat
    opened, first_due, new_due = day("2026-03-02"), day("2026-03-10"), day("2026-03-20")
    moments = MomentColumns([0], [opened.toordinal()], ["sylee"], ["visit"], [3], [3], [None])
    events = [ItemEvent(0, day("2026-03-09").toordinal(), "due", new_due.toordinal())]
    item = ItemLine("ga#1", "promise", 0, opened.toordinal(), "sylee", first_due.toordinal(),
                    events)  # fmt: skip
    line = Timeline(moments, [item], [], segments([item]), _first_day(moments, []))
    customer = CustomerLine("ga", "doctor", "sylee", line)
    settings = HealthSettings()
    window = Window(opened.toordinal(), day("2026-03-29").toordinal(), None)
    figures = promises([customer], window)
    assert (figures.due, figures.broken, figures.renegotiated) == (1, 1, 1)
    assert figures.broken_refs == ["ga#1"]
    assert health_on(line, day("2026-03-15").toordinal(), settings) == 100  # due moved to 20th
    assert health_on(line, day("2026-03-21").toordinal(), settings) == 0  # overdue by 1 day
