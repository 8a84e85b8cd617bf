"""`handover history` and `handover brief --since`: who changed what, and what is new.

The records say who recorded what; git says who edited the profile by hand. A successor
back from leave reads a brief as a diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import TODAY, Outcome, Team

PROFILE = "customers/gim-minsu/profile.yaml"


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def shell(team: Team, line: str) -> Outcome:
    """A command as a person types it after `handover`, expected to succeed."""
    return ok(team.run(*shlex.split(line)))


def hand_edit(team: Team, old: str, new: str, message: str, *, who: str, email: str) -> None:
    """A person edits the profile in an editor and commits it with their own git identity."""
    path = team.root / PROFILE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    team.git(
        "-c",
        f"user.name={who}",
        "-c",
        f"user.email={email}",
        "commit",
        "--quiet",
        f"--author={who} <{email}>",
        "-m",
        message,
        "--",
        PROFILE,
    )


@pytest.fixture
def customer(team: Team) -> Team:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    shell(
        team,
        'note 김민수 -s "처방 조건 문의" -r 3 --at "-3d 10:00" --promise "신장 용량 자료 전달"',
    )
    return team


def test_history_shows_records_and_hand_edits_with_their_git_author_newest_first(
    customer: Team,
) -> None:
    team = customer
    hand_edit(
        team,
        "kind: doctor\n",
        "kind: doctor\ncontacts:\n  mobile: '010-5632-9505'\n",
        "김민수 연락처",
        who="박지훈",
        email="jpark@example.com",
    )
    hand_edit(
        team,
        "name: 김민수\n",
        "name: 김민수  # 원장님\n",
        "주석",
        who="Helper",
        email="h@else.example",
    )
    ok(team.run("resolve", "gim-minsu#1", "메일로 전달"))
    ok(team.run("amend", "김민수", "--rating", "4"))
    (team.root / PROFILE).write_text(
        (team.root / PROFILE).read_text().replace("'010-5632-9505'", "'010-0000-0000'")
    )

    history = json.loads(ok(team.run("history", "민수", "--json")).stdout)

    events = history["events"]
    assert [(e["source"], e["kind"], e["who"]) for e in events][:1] == [
        ("uncommitted", "edit", None)
    ]
    times = [dt.datetime.fromisoformat(e["at"]) for e in events[1:]]
    assert times == sorted(times, reverse=True)
    edit = next(e for e in events if e["what"] == "changed contacts (김민수 연락처)")
    assert edit["who"] == "jpark"
    assert edit["who_label"] == "박지훈 (jpark)"
    assert edit["author"] == "박지훈 <jpark@example.com>"
    assert edit["fields"] == [
        {
            "field": "contacts",
            "before": None,
            "after": {"mobile": "010-5632-9505"},
            "added": [],
            "removed": [],
        }
    ]
    comment = next(e for e in events if e["author"] == "Helper <h@else.example>")
    assert (comment["who"], comment["who_label"]) == (None, "Helper")  # not a rep: git's name
    assert comment["what"] == "edited comments or layout, no field changed (주석)"
    kinds = {(e["source"], e["kind"]) for e in events}
    assert {("record", "moment"), ("record", "resolve"), ("record", "correction")} <= kinds
    resolve = next(e for e in events if e["kind"] == "resolve")
    assert resolve["what"] == "resolved gim-minsu#1: 메일로 전달"
    assert resolve["author"] == "이서연 <sylee@example.com>"
    assert resolve["commit"] == team.git("log", "-1", "--format=%H", "--grep=resolve").strip()
    correction = next(e for e in events if e["kind"] == "correction")
    assert correction["what"].endswith(": rating → 4")
    assert events[-1]["what"] == "visit: 처방 조건 문의 · opened #1 promise"  # happened 3 days ago
    assert "added the profile (add: 김민수 (gim-minsu))" in [e["what"] for e in events]

    shown = ok(team.run("history", "김민수")).stdout
    assert shown.startswith("김민수 (gim-minsu) · history\n")
    assert "contacts.mobile: 010-5632-9505 → 010-0000-0000" in shown
    assert "changed contacts (김민수 연락처)" in shown
    assert "visit: 처방 조건 문의 · opened #1 promise" in shown


def test_history_follows_a_renamed_customer_folder(customer: Team) -> None:
    team = customer
    team.git("mv", "customers/gim-minsu", "customers/kim-minsu")
    path = team.root / "customers/kim-minsu/profile.yaml"
    path.write_text(path.read_text().replace("id: gim-minsu", "id: kim-minsu"))
    team.git("commit", "--quiet", "-am", "id: 영문 표기 kim")

    events = json.loads(ok(team.run("history", "kim-minsu", "--json")).stdout)["events"]

    profile = [e["what"] for e in events if e["source"] == "profile"]
    assert profile == [
        "changed id (id: 영문 표기 kim)",
        "added the profile (add: 김민수 (gim-minsu))",
    ]


def test_brief_since_a_ref_reads_as_a_diff(customer: Team) -> None:
    team = customer
    team.git("tag", "last-look")
    ok(team.run("remember", "민수", "수요일 오후 방문 금지"))
    hand_edit(team, "owner: sylee", "owner: jpark", "담당 변경", who="박지훈", email="jpark@x")
    shell(
        team,
        'note 민수 -s "자료 전달, 새 요청" --at "-1d 09:00" --resolves gim-minsu#1 '
        '--request "환자용 안내문"',
    )
    ok(team.run("note", "민수", "-s", "뒤늦게 적는 지난주 방문", "--at", "-6d 16:00"))

    shown = ok(team.run("brief", "민수", "--since", "last-look")).stdout

    base = team.git("rev-parse", "--short", "last-look").strip()
    assert shown.startswith(f"김민수 (gim-minsu)\nSince last-look (compared with commit {base} of ")
    assert "Profile\n  owner: sylee → jpark\n  never_forget: + 수요일 오후 방문 금지\n" in shown
    assert "Opened (1)\n  gim-minsu#2 request: 환자용 안내문" in shown
    assert "Closed (1)\n  gim-minsu#1 promise: 신장 용량 자료 전달" in shown
    assert "New moments (2)" in shown
    assert "뒤늦게 적는 지난주 방문" in shown  # recorded after the ref, though dated before it
    assert "처방 조건 문의" not in shown  # seen already

    changes = json.loads(ok(team.run("brief", "민수", "--since", "last-look", "--json")).stdout)
    assert [c["field"] for c in changes["profile"]] == ["owner", "never_forget"]
    assert [m["summary"] for m in changes["moments"]] == [
        "자료 전달, 새 요청",
        "뒤늦게 적는 지난주 방문",
    ]
    assert [i["ref"] for i in changes["closed"]] == ["gim-minsu#1"]

    markdown = ok(team.run("brief", "민수", "--since", "last-look", "--markdown")).stdout
    assert "## Closed\n\n- **gim-minsu#1** promise: 신장 용량 자료 전달 (resolved)\n" in markdown


def test_brief_since_a_date_shows_moments_from_that_day_on(customer: Team) -> None:
    team = customer
    ok(team.run("note", "민수", "-s", "어제 통화", "-c", "phone", "--at", "yesterday 15:00"))
    ok(team.run("amend", "김민수", "--rating", "1"))

    changes = json.loads(ok(team.run("brief", "민수", "--since", "yesterday", "--json")).stdout)

    assert [m["summary"] for m in changes["moments"]] == ["어제 통화"]
    assert changes["moments"][0]["rating"] == 1  # as corrected
    assert changes["corrections"] == []  # it corrects a new moment: already shown as corrected
    two_days = json.loads(ok(team.run("brief", "민수", "--since", "2d", "--json")).stdout)
    assert two_days["moments"] == changes["moments"]
    assert two_days["profile_added"] is True  # the folder was made today


def test_brief_since_now_says_nothing_changed_and_a_bad_since_is_a_usage_error(
    customer: Team,
) -> None:
    assert ok(customer.run("brief", "민수", "--since", "HEAD")).stdout.endswith(
        "  nothing changed\n"
    )
    wrong = customer.run("brief", "민수", "--since", "last-tuesday-ish")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith(
        "error: --since: 'last-tuesday-ish' is neither a date nor a git ref\n"
    )


def test_history_without_git_lists_the_records(tmp_path: Path, customer: Team) -> None:
    (customer.root / ".git").rename(tmp_path / "moved.git")
    events = json.loads(ok(customer.run("history", "민수", "--json")).stdout)["events"]
    assert [(e["source"], e["commit"]) for e in events] == [("record", None)]


def test_history_limit_shows_the_newest_events_and_says_how_many_are_left(customer: Team) -> None:
    shell(customer, 'note 김민수 -s "샘플 전달" --at "-2d 10:00"')
    shell(customer, 'note 김민수 -s "전화로 확인" -c phone --at "-1d 10:00"')
    full = json.loads(shell(customer, "history 김민수 --json").stdout)
    assert len(full["events"]) == 4  # three notes and the profile's creation
    shown = shell(customer, "history 김민수 --limit 2").stdout  # the profile is added today
    assert "added the profile" in shown and "전화로 확인" in shown
    assert "샘플 전달" not in shown and "처방 조건 문의" not in shown
    assert "2 events, newest first; 2 older not shown" in shown
    limited = json.loads(shell(customer, "history 김민수 -n 1 --json").stdout)
    assert [e["what"] for e in limited["events"]] == [full["events"][0]["what"]]
    assert limited["more"] == 3


def test_history_since_shows_only_events_from_that_day_on(customer: Team) -> None:
    shell(customer, 'note 김민수 -s "전화로 확인" -c phone --at "-1d 10:00"')
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    for since in (yesterday, "1d"):
        shown = shell(customer, f"history 김민수 --since {since}").stdout
        assert "전화로 확인" in shown
        assert "처방 조건 문의" not in shown  # three days ago
    wrong = customer.run("history", "김민수", "--since", "언젠가")
    assert wrong.exit_code == 2, wrong.output
    assert "error: --since: cannot read '언젠가' as a date" in wrong.stderr


def test_a_hand_edit_by_someone_not_on_the_team_names_them_once_with_their_email(
    customer: Team,
) -> None:
    team = customer
    commented = "name: 김민수  # 원장님\n"
    hand_edit(team, "name: 김민수\n", commented, "주석", who="Helper", email="h@else.example")

    shown = ok(team.run("history", "김민수")).stdout

    edit = next(line for line in shown.splitlines() if "edited comments or layout" in line)
    assert shown.count("Helper") == 1, shown  # in the who column, not again in the text
    assert edit.split()[2] == "Helper", shown
    assert edit.rstrip().endswith("· <h@else.example>"), shown


@pytest.fixture
def in_zone() -> Iterator[None]:
    """Commands in this process read `TZ` through the C library; put it back afterwards."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def move_to(zone: str) -> None:
    os.environ["TZ"] = zone
    time.tzset()


@pytest.mark.parametrize(
    ("reader", "note_shown", "edit_shown"),
    [
        ("UTC", "2026-11-29 01:00", "2026-11-30 03:00"),
        ("Asia/Seoul", "2026-11-29 10:00", "2026-11-30 12:00"),
    ],
)
def test_history_shows_notes_and_commits_in_the_readers_one_zone(
    team: Team, in_zone: None, reader: str, note_shown: str, edit_shown: str
) -> None:
    move_to("Asia/Seoul")  # a rep in Seoul writes the note (its `at:` is +09:00)
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    shell(team, 'note 김민수 -s "처방 조건 문의" --at "-3d 10:00"')
    move_to("UTC")  # a helper on a UTC server edits the profile at 12:00 in Seoul
    path = team.root / PROFILE
    path.write_text(path.read_text(encoding="utf-8") + "# 원장님\n", encoding="utf-8")
    team.git("commit", "--quiet", "--date=2026-11-30T03:00:00+00:00", "-m", "주석", "--", PROFILE)

    move_to(reader)
    shown = ok(team.run("history", "김민수")).stdout

    rows = {line[:16]: line for line in shown.splitlines() if line[:4] == "2026"}
    assert "처방 조건 문의" in rows.get(note_shown, ""), shown
    assert "(주석)" in rows.get(edit_shown, ""), shown
    at = {
        e["what"]: e["at"]
        for e in json.loads(ok(team.run("history", "김민수", "--json")).stdout)["events"]
    }
    assert at["visit: 처방 조건 문의"] == "2026-11-29T10:00:00+09:00"  # --json keeps each offset
