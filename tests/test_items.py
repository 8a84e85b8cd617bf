"""Open items: opened by a note, closed and reopened by new records, never by editing a file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import TODAY, Team, git, run
from handover.domain.dates import days_between
from handover.domain.words import age
from handover.format.records import RECORD_ADAPTER


@pytest.fixture
def doctor(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    return team


def in_days(day: str) -> str:
    """How `note` says a due date relative to today: 'in 4 days', '3 days ago'."""
    return age(days_between(dt.date.fromisoformat(day), TODAY))


def note(team: Team, *args: str) -> None:
    done = team.run("note", "김민수", *args)
    assert done.exit_code == 0, done.output


def records(team: Team) -> list[dict[str, object]]:
    folder = team.root / "customers" / "gim-minsu" / "notes"
    return [YAML(typ="safe").load(p.read_text("utf-8")) for p in sorted(folder.rglob("*.yaml"))]


def test_a_note_opens_items_with_stable_references(doctor: Team) -> None:
    done = doctor.run(
        "note",
        "김민수",
        "-s",
        "신장 용량 자료 요청",
        "--request",
        "eGFR 30 미만 용량 자료",
        "--complaint",
        "샘플이 늦게 도착",
        "--promise",
        "임상 자료 전달 by 2026-12-05",
        "--question",
        "보험 기준은?",
        "--at",
        "2026-11-20 10:00",
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[1:] == [
        "Opened: gim-minsu#1 request",
        "Opened: gim-minsu#2 complaint",
        f"Opened: gim-minsu#3 promise, due 2026-12-05 ({in_days('2026-12-05')})",
        "Opened: gim-minsu#4 question",
    ]
    (moment,) = records(doctor)
    opens = moment["opens"]
    assert isinstance(opens, list)
    assert [(o["number"], o["kind"]) for o in opens] == [
        (1, "request"),
        (2, "complaint"),
        (3, "promise"),
        (4, "question"),
    ]
    assert opens[2]["text"] == "임상 자료 전달"
    assert opens[2]["due"] == "2026-12-05"
    assert moment["questions"] == ["보험 기준은?"]

    later = doctor.run("note", "민수", "-s", "후속 방문", "--complaint", "주차 불편")
    assert "Opened: gim-minsu#5 complaint" in later.stdout


def test_resolving_an_item_is_a_new_record_and_the_opening_note_is_untouched(
    doctor: Team,
) -> None:
    note(doctor, "-s", "자료 요청", "--request", "eGFR 자료")
    before = doctor.files()
    done = doctor.run("resolve", "gim-minsu#1", "메일로 자료 전달")
    assert done.exit_code == 0, done.output
    after = doctor.files()
    assert all(after[path] == content for path, content in before.items())
    (new,) = set(after) - set(before)
    record = RECORD_ADAPTER.validate_python(YAML(typ="safe").load(after[new].decode()))
    assert record.kind == "resolve"
    assert doctor.commits()[0] == "resolve: gim-minsu#1 — 메일로 자료 전달"
    brief = json.loads(doctor.run("brief", "민수", "--json").stdout)
    assert brief["open_items"] == []


def test_the_customer_part_of_a_reference_may_be_a_name(doctor: Team) -> None:
    note(doctor, "-s", "자료 요청", "--request", "eGFR 자료")
    done = doctor.run("resolve", "민수#1", "전달 완료")
    assert done.exit_code == 0, done.output


def test_resolving_twice_or_an_unknown_item_is_a_clear_usage_error(doctor: Team) -> None:
    note(doctor, "-s", "자료 요청", "--request", "eGFR 자료")
    assert doctor.run("resolve", "gim-minsu#1", "done").exit_code == 0
    again = doctor.run("resolve", "gim-minsu#1", "done")
    assert again.exit_code == 2
    assert "already resolved" in again.stderr
    unknown = doctor.run("resolve", "gim-minsu#9", "done")
    assert unknown.exit_code == 2
    assert "no item gim-minsu#9" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_a_resolved_item_can_be_reopened(doctor: Team) -> None:
    note(doctor, "-s", "자료 요청", "--request", "eGFR 자료")
    doctor.run("resolve", "gim-minsu#1", "전달")
    reopened = doctor.run("reopen", "gim-minsu#1", "구버전 자료였음")
    assert reopened.exit_code == 0, reopened.output
    listed = json.loads(doctor.run("open", "--json").stdout)
    assert [row["item"]["ref"] for row in listed] == ["gim-minsu#1"]


def test_a_note_can_resolve_an_item_while_logging_the_moment(doctor: Team) -> None:
    note(doctor, "-s", "자료 요청", "--promise", "자료 전달 by +3d")
    done = doctor.run("note", "민수", "-s", "자료 전달함", "--resolves", "gim-minsu#1")
    assert done.exit_code == 0, done.output
    assert "Resolved: gim-minsu#1" in done.stdout
    items = json.loads(doctor.run("brief", "민수", "--json").stdout)["open_items"]
    assert items == []


def test_a_correction_supersedes_fields_and_history_keeps_both(doctor: Team) -> None:
    note(doctor, "-s", "처방 논의", "-r", "0")
    amended = doctor.run("amend", "민수", "--rating", "3", "--summary", "처방 논의 (오해 풀림)")
    assert amended.exit_code == 0, amended.output
    brief = json.loads(doctor.run("brief", "민수", "--json").stdout)
    (moment,) = brief["recent"]
    assert moment["rating"] == 3
    assert moment["summary"] == "처방 논의 (오해 풀림)"
    assert moment["corrected"] is True
    kinds = [r["kind"] for r in records(doctor)]
    assert sorted(kinds) == ["correction", "moment"]
    original = next(r for r in records(doctor) if r["kind"] == "moment")
    assert original["rating"] == 0


def test_a_due_date_before_the_moment_is_refused(doctor: Team) -> None:
    before = doctor.files()
    done = doctor.run(
        "note", "민수", "-s", "x", "--promise", "자료 by 2026-01-01", "--at", "2026-11-20 10:00"
    )
    assert done.exit_code == 2
    assert "due 2026-01-01 is before the item was opened (2026-11-20)" in done.stderr
    assert doctor.files() == before


def test_health_falls_to_zero_for_an_old_unanswered_complaint(doctor: Team) -> None:
    note(doctor, "-s", "불만 접수", "--complaint", "샘플 누락", "--at", "2026-01-05 10:00")
    health = json.loads(doctor.run("health", "--json").stdout)
    (customer,) = health
    assert customer["percent"] == 0
    assert customer["factors"][0]["reason"].startswith("complaint gim-minsu#1 unanswered for")
    brief = doctor.run("brief", "민수")
    first_lines = brief.stdout.splitlines()[:2]
    assert "Health" in first_lines[1] and " 0 " in first_lines[1]
    assert "complaint gim-minsu#1 unanswered" in first_lines[1]


def test_health_is_full_when_nothing_is_open_and_contact_is_recent(doctor: Team) -> None:
    note(doctor, "-s", "좋은 방문", "-r", "4", "--next", "+7d")
    (customer,) = json.loads(doctor.run("health", "--json").stdout)
    assert customer["percent"] == 100
    assert customer["factors"] == []


def test_thresholds_come_from_handover_yaml(doctor: Team) -> None:
    note(doctor, "-s", "불만 접수", "--complaint", "샘플 누락", "--at", "yesterday 10:00")
    (customer,) = json.loads(doctor.run("health", "--json").stdout)
    assert customer["percent"] == 50
    config = doctor.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8") + "health:\n  complaint_days: 0\n", encoding="utf-8"
    )
    (customer,) = json.loads(doctor.run("health", "--json").stdout)
    assert customer["percent"] == 0


def test_open_lists_overdue_items_first_and_filters(doctor: Team) -> None:
    note(doctor, "-s", "a", "--request", "오래된 요청", "--at", "2026-09-01 10:00")
    note(doctor, "-s", "b", "--promise", "자료 by 2026-09-10", "--at", "2026-09-02 10:00")
    rows = json.loads(doctor.run("open", "--json").stdout)
    assert [row["item"]["ref"] for row in rows] == ["gim-minsu#2", "gim-minsu#1"]
    overdue = json.loads(doctor.run("open", "--overdue", "--json").stdout)
    assert [row["item"]["kind"] for row in overdue] == ["promise"]
    requests = json.loads(doctor.run("open", "--kind", "request", "--json").stdout)
    assert [row["item"]["text"] for row in requests] == ["오래된 요청"]
    bad = doctor.run("open", "--kind", "wish")
    assert bad.exit_code == 2


def test_agenda_writes_an_icalendar_file_with_stable_uids(doctor: Team, tmp_path: Path) -> None:
    note(doctor, "-s", "a", "--promise", "자료 전달 by +2d", "--next", "+3d")
    ics = tmp_path / "agenda.ics"
    first = doctor.run("agenda", "--ics", str(ics))
    assert first.exit_code == 0, first.output
    from icalendar import Calendar

    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    uids = sorted(str(event["UID"]) for event in events)
    team = "seoul-dongbu-yeongeop2tim-d8669a.handover"  # the team is in every UID
    assert uids == [f"contact-gim-minsu@{team}", f"item-gim-minsu-1@{team}"]
    doctor.run("agenda", "--ics", str(ics))
    again = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert sorted(str(event["UID"]) for event in again) == uids


def test_check_reports_a_resolve_of_an_unknown_item_with_file_and_line(doctor: Team) -> None:
    note(doctor, "-s", "a", "--request", "자료")
    doctor.run("resolve", "gim-minsu#1", "done")
    resolve = next(
        path
        for path in (doctor.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
        if "kind: resolve" in path.read_text("utf-8")
    )
    resolve.write_text(resolve.read_text("utf-8").replace("item: 1", "item: 7"), "utf-8")
    checked = doctor.run("check")
    assert checked.exit_code == 1
    line = checked.stdout.strip().splitlines()[0]
    assert "item #7 opened in" in line and "does not exist" in line
    assert line.startswith(str(resolve.relative_to(doctor.root)) + ":")


def test_two_reps_resolving_different_items_in_two_clones_merge_without_conflict(
    doctor: Team, tmp_path: Path
) -> None:
    note(doctor, "-s", "a", "--request", "자료 1", "--request", "자료 2")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "--quiet", str(remote))
    doctor.git("remote", "add", "origin", str(remote))
    doctor.git("push", "--quiet", "origin", "HEAD:main")
    clones = []
    for name in ("a", "b"):
        clone = tmp_path / name
        git(tmp_path, "clone", "--quiet", "--branch", "main", str(remote), str(clone))
        clones.append(Team(clone))
    first, second = clones
    assert run("resolve", "gim-minsu#1", "A가 해결", "--dir", str(first.root)).exit_code == 0
    assert run("resolve", "gim-minsu#2", "B가 해결", "--dir", str(second.root)).exit_code == 0
    first.git("push", "--quiet", "origin", "HEAD:main")
    pulled = subprocess.run(
        ["git", "pull", "--rebase", "--quiet", "origin", "main"],
        cwd=second.root,
        capture_output=True,
        text=True,
    )
    assert pulled.returncode == 0, pulled.stderr
    second.git("push", "--quiet", "origin", "HEAD:main")
    first.git("pull", "--quiet", "--rebase", "origin", "main")
    for clone in clones:
        state = json.loads(run("brief", "민수", "--json", "--dir", str(clone.root)).stdout)
        assert state["open_items"] == []
        assert clone.files() == first.files()


def test_amend_with_a_rating_out_of_range_says_what_note_says_on_one_line(doctor: Team) -> None:
    note(doctor, "-s", "처방 논의", "-r", "2")
    before = doctor.files()
    said = doctor.run("note", "민수", "-s", "방문", "-r", "5")
    done = doctor.run("amend", "민수", "-r", "5")
    assert done.exit_code == said.exit_code == 2, done.output
    assert done.stderr == said.stderr
    assert "rating 5 is not a rating" in done.stderr
    assert "less than or equal" not in done.output and "╭" not in done.output
    assert doctor.files() == before


def test_open_and_brief_list_the_promise_due_first_before_the_older_one(doctor: Team) -> None:
    note(doctor, "-s", "자료 요청", "--at", "어제 10:00", "--promise", "자료 전달 by +10d")
    note(doctor, "-s", "샘플 요청", "--promise", "샘플 전달 by +2d")
    opened = doctor.run("open", "--json")
    assert opened.exit_code == 0, opened.output
    assert [row["item"]["ref"] for row in json.loads(opened.stdout)] == [
        "gim-minsu#2",
        "gim-minsu#1",
    ]
    brief = json.loads(doctor.run("brief", "민수", "--json").stdout)
    assert [item["ref"] for item in brief["open_items"]] == ["gim-minsu#2", "gim-minsu#1"]


def test_while_a_note_is_unreadable_a_new_item_never_reuses_its_number(doctor: Team) -> None:
    note(doctor, "-s", "자료 요청", "--promise", "자료 전달 by +3d")
    note(doctor, "-s", "전화", "--request", "가격표")
    (broken,) = [
        path
        for path in (doctor.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
        if "number: 2" in path.read_text("utf-8")
    ]
    broken.write_text(broken.read_text("utf-8").replace("channel:", "chanel:"), "utf-8")

    done = doctor.run("note", "민수", "-s", "방문", "--complaint", "샘플 지연")

    assert done.exit_code == 0, done.output
    assert "Opened: gim-minsu#3 complaint" in done.stdout
    assert broken.name in done.stderr, "the unreadable note is named"


def test_open_shows_the_year_of_a_due_date_from_an_earlier_year(doctor: Team) -> None:
    note(doctor, "-s", "a", "--promise", "작년 자료 by 2024-11-25", "--at", "2024-11-20 10:00")
    note(doctor, "-s", "b", "--promise", "올해 자료 by 2026-10-16", "--at", "2026-10-01 10:00")

    done = doctor.run("open")

    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert "2024-11-25 +737d" in next(line for line in lines if "작년 자료" in line)
    this_year = next(line for line in lines if "올해 자료" in line)
    assert "10-16 +47d" in this_year and "2026-10-16" not in this_year
