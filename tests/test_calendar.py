"""`agenda --ics`: a calendar file that stays true when a calendar app imports it again,
read back with two independent parsers (icalendar and vobject)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar

from conftest import TODAY, Outcome, Team

TEAM_DOMAIN = "@seoul-dongbu-yeongeop2tim-"


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


@pytest.fixture
def doctor(team: Team) -> Team:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    return team


def export(team: Team, path: Path, *args: str) -> dict[str, Any]:
    """The events by UID, as vobject reads them; icalendar must read the same UIDs."""
    ok(team.run("agenda", "--ics", str(path), *args))
    data = path.read_text("utf-8")
    read = vobject.readOne(data)
    events = {str(e.uid.value): e for e in read.contents.get("vevent", [])}
    second = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in second) == sorted(events)
    return events


def test_an_overdue_promise_and_contact_are_on_today_not_on_their_past_day(
    doctor: Team, tmp_path: Path
) -> None:
    today = TODAY
    ok(
        doctor.run(
            "note",
            "김민수",
            "-s",
            "자료 요청",
            "--promise",
            "임상 자료 전달 by +2d",
            "--next",
            "+3d",
            "--at",
            f"{today - dt.timedelta(days=10)} 10:00",
        )
    )

    events = export(doctor, tmp_path / "a.ics")

    promise = next(e for uid, e in events.items() if uid.startswith("item-gim-minsu-1@"))
    contact = next(e for uid, e in events.items() if uid.startswith("contact-gim-minsu@"))
    assert promise.dtstart.value == today
    assert promise.summary.value.startswith("Overdue 8d: Promise due: 김민수 — 임상 자료 전달")
    assert contact.dtstart.value == today
    assert contact.summary.value.startswith("Overdue 7d: Contact 김민수")
    assert promise.status.value == "CONFIRMED"


def test_uids_carry_the_team_so_two_teams_never_clash(doctor: Team, tmp_path: Path) -> None:
    ok(doctor.run("note", "김민수", "-s", "a", "--promise", "자료 by +2d", "--next", "+3d"))

    events = export(doctor, tmp_path / "a.ics")

    assert len(events) == 2
    assert all(TEAM_DOMAIN in uid and uid.endswith(".handover") for uid in events)
    config = doctor.root / "handover.yaml"
    config.write_text(config.read_text("utf-8").replace("서울 동부 영업2팀", "부산 영업1팀"))
    other = export(doctor, tmp_path / "b.ics")
    assert set(other).isdisjoint(events)


def test_a_resolved_promise_is_sent_again_as_cancelled_with_a_higher_sequence(
    doctor: Team, tmp_path: Path
) -> None:
    today = TODAY
    ok(
        doctor.run(
            "note",
            "김민수",
            "-s",
            "a",
            "--promise",
            "자료 by +5d",
            "--at",
            f"{today - dt.timedelta(days=1)} 10:00",
        )
    )
    before = export(doctor, tmp_path / "a.ics")
    (uid,) = [u for u in before if u.startswith("item-")]
    assert before[uid].status.value == "CONFIRMED"
    assert before[uid].dtstart.value == today + dt.timedelta(days=4)

    ok(doctor.run("resolve", "gim-minsu#1", "자료 메일 전달"))
    after = export(doctor, tmp_path / "a.ics")

    assert after[uid].status.value == "CANCELLED"
    assert int(after[uid].sequence.value) > int(before[uid].sequence.value)


def test_a_rescheduled_contact_moves_with_a_higher_sequence(doctor: Team, tmp_path: Path) -> None:
    today = TODAY
    ok(
        doctor.run(
            "note",
            "김민수",
            "-s",
            "a",
            "--next",
            "+3d",
            "--at",
            f"{today - dt.timedelta(days=5)} 10:00",
        )
    )
    before = export(doctor, tmp_path / "a.ics")
    (uid,) = before
    assert before[uid].dtstart.value == today  # overdue by 2 days: shown today

    ok(doctor.run("note", "김민수", "-s", "일정 변경 전화", "-c", "phone", "--next", "+10d"))
    after = export(doctor, tmp_path / "a.ics")

    assert after[uid].dtstart.value == today + dt.timedelta(days=10)
    assert after[uid].status.value == "CONFIRMED"
    assert int(after[uid].sequence.value) > int(before[uid].sequence.value)


def test_a_contact_that_took_place_is_cancelled(doctor: Team, tmp_path: Path) -> None:
    today = TODAY
    ok(
        doctor.run(
            "note",
            "김민수",
            "-s",
            "a",
            "--next",
            "+3d",
            "--at",
            f"{today - dt.timedelta(days=5)} 10:00",
        )
    )
    before = export(doctor, tmp_path / "a.ics")

    ok(doctor.run("note", "김민수", "-s", "방문 완료"))  # on or after the planned day
    held = export(doctor, tmp_path / "a.ics")

    (uid,) = before
    assert held[uid].status.value == "CANCELLED"
    assert int(held[uid].sequence.value) > int(before[uid].sequence.value)


def test_alarm_reminds_of_every_event_that_is_not_cancelled(doctor: Team, tmp_path: Path) -> None:
    ago = f"{TODAY - dt.timedelta(days=10)} 10:00"
    ok(doctor.run("add", "최영희", "--kind", "doctor", "--owner", "sylee"))
    ok(
        doctor.run(
            "note", "김민수", "-s", "a", "--promise", "자료 by +2d", "--next", "+3d", "--at", ago
        )
    )
    ok(doctor.run("note", "최영희", "-s", "b", "--promise", "샘플 by +20d", "--next", "+30d"))
    ok(doctor.run("resolve", "choe-yeonghui#1", "샘플 전달"))
    path = tmp_path / "a.ics"

    events = export(doctor, path, "--alarm", "30m")

    shown = sorted((e.status.value, e.summary.value.split(":")[0]) for e in events.values())
    assert shown == [
        ("CANCELLED", "Promise due"),  # 최영희's, resolved today
        ("CONFIRMED", "Contact 최영희"),
        ("CONFIRMED", "Overdue 7d"),  # 김민수's contact, shown today
        ("CONFIRMED", "Overdue 8d"),  # 김민수's promise
    ]
    for uid, event in events.items():  # vobject
        alarms = event.contents.get("valarm", [])
        if event.status.value == "CANCELLED":
            assert alarms == [], uid  # done: nothing to be reminded of
            continue
        (alarm,) = alarms
        assert alarm.action.value == "DISPLAY", uid
        assert alarm.trigger.value == -dt.timedelta(minutes=30), uid
        assert alarm.description.value == event.summary.value
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):  # icalendar
        alarms = event.walk("VALARM")
        if str(event["STATUS"]) == "CANCELLED":
            assert alarms == [], event["UID"]
            continue
        (alarm,) = alarms
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == -dt.timedelta(minutes=30)


@pytest.mark.parametrize("alarm", ["soon", "0m", "30"])
def test_a_bad_alarm_is_a_usage_error_and_writes_nothing(
    doctor: Team, tmp_path: Path, alarm: str
) -> None:
    done = doctor.run("agenda", "--ics", str(tmp_path / "a.ics"), "--alarm", alarm)

    assert done.exit_code == 2, done.output
    assert f"--alarm: '{alarm}' is not a duration" in done.stderr
    assert not (tmp_path / "a.ics").exists()


def test_control_characters_never_reach_the_calendar_file(doctor: Team, tmp_path: Path) -> None:
    ok(doctor.run("note", "김민수", "-s", "x", "--promise", "자료\x1b]52;c;ZXZpbA==\x07전달"))
    path = tmp_path / "agenda.ics"
    events = export(doctor, path)
    raw = path.read_bytes()
    assert not [b for b in raw if b < 0x20 and b not in b"\t\r\n"]  # RFC 5545 TEXT
    (summary,) = [str(e.summary.value) for e in events.values() if "자료" in str(e.summary.value)]
    assert "자료\\x1b]52;c;ZXZpbA==\\x07전달" in summary  # shown, not swallowed
