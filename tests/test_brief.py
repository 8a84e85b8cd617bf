"""`handover brief`: the one screen a successor reads on day one."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from conftest import PROJECT, TODAY, Team


def days_ago(days: int, clock: str = "10:00") -> str:
    return f"{(TODAY - dt.timedelta(days=days)).isoformat()} {clock}"


@pytest.fixture
def minsu(team: Team) -> Team:
    for args in (
        ("add", "김민수", "--kind", "doctor", "--org", "서울중앙내과의원", "--role", "원장"),
        ("remember", "김민수", "수요일 오후 방문 금지", "라텍스 알레르기"),
    ):
        done = team.run(*args)
        assert done.exit_code == 0, done.output
    return team


def note(team: Team, *args: str) -> None:
    done = team.run("note", "김민수", *args)
    assert done.exit_code == 0, done.output


def test_the_first_lines_say_what_a_successor_needs_in_fifteen_seconds(minsu: Team) -> None:
    next_day = TODAY + dt.timedelta(days=10)
    note(minsu, "-c", "phone", "-s", "처방 조건 문의", "-r", "3", "--at", days_ago(2))
    note(minsu, "-c", "visit", "-s", "샘플 전달", "-r", "4", "--at", days_ago(1),
         "--next", next_day.isoformat())  # fmt: skip
    done = minsu.run("brief", "김민수")
    assert done.exit_code == 0, done.output
    head, recent = done.stdout.split("Recent moments", 1)
    lines = head.strip().splitlines()
    assert len(lines) <= 10, head
    assert lines[0].startswith("김민수 (gim-minsu) · doctor")
    assert "원장" in lines[0] and "서울중앙내과의원" in lines[0]
    assert "Owner" in head and "이서연 (sylee)" in head
    last = next(line for line in lines if line.startswith("Last contact"))
    assert (TODAY - dt.timedelta(days=1)).isoformat() in last
    assert "visit" in last and "4 excellent" in last
    planned = next(line for line in lines if line.startswith("Next contact"))
    assert next_day.isoformat() in planned and "in 10 days" in planned
    assert "overdue" not in planned
    assert "수요일 오후 방문 금지" in head and "라텍스 알레르기" in head
    assert "(2 in all)" in recent


def test_a_customer_never_contacted_says_so(minsu: Team) -> None:
    done = minsu.run("brief", "gim-minsu")
    assert done.exit_code == 0, done.output
    assert "Last contact  never" in done.stdout
    assert "Next contact  none planned" in done.stdout
    assert "Recent moments" not in done.stdout


def test_the_last_five_moments_are_shown_newest_first(minsu: Team) -> None:
    for number in range(1, 7):
        note(minsu, "-s", f"moment {number}", "--at", days_ago(10 - number))
    done = minsu.run("brief", "김민수")
    assert done.exit_code == 0, done.output
    assert "Recent moments (6 in all)" in done.stdout
    assert "moment 1" not in done.stdout
    positions = [done.stdout.index(f"moment {number}") for number in (6, 5, 4, 3, 2)]
    assert positions == sorted(positions), done.stdout


def test_moments_are_ordered_by_when_they_happened_not_when_logged(minsu: Team) -> None:
    note(minsu, "-s", "오늘 방문", "--at", days_ago(0, "00:01"))
    note(minsu, "-s", "지난주 방문, 늦게 기록", "--at", days_ago(7))
    done = minsu.run("brief", "김민수", "--json")
    assert done.exit_code == 0, done.output
    brief = json.loads(done.stdout)
    assert [m["summary"] for m in brief["recent"]] == ["오늘 방문", "지난주 방문, 늦게 기록"]
    assert brief["contact"]["last"]["summary"] == "오늘 방문"


def test_related_people_are_listed_with_their_relation(minsu: Team) -> None:
    added = minsu.run("add", "박지영", "--kind", "pharmacist", "--org", "온누리약국")
    assert added.exit_code == 0, added.output
    profile = minsu.root / "customers/gim-minsu/profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8")
        + "related:\n"
        + "  - customer: bak-jiyeong  # 문전약국\n"
        + "    relation: 문전약국 약사\n"
        + "  - name: 최간호 수간호사\n"
        + "    relation: 일정 관리, 먼저 연락할 것\n",
        encoding="utf-8",
    )
    done = minsu.run("brief", "민수")
    assert done.exit_code == 0, done.output
    related = done.stdout.split("Related", 1)[1]
    assert "박지영 (bak-jiyeong) — 문전약국 약사" in related
    assert "최간호 수간호사 — 일정 관리, 먼저 연락할 것" in related
    as_json = json.loads(minsu.run("brief", "민수", "--json").stdout)
    assert as_json["related"] == [
        {"relation": "문전약국 약사", "name": "박지영", "customer": "bak-jiyeong"},
        {"relation": "일정 관리, 먼저 연락할 것", "name": "최간호 수간호사", "customer": None},
    ]


def test_brief_json_has_the_same_facts_for_programs(minsu: Team) -> None:
    note(minsu, "-c", "phone", "-s", "전화 문의", "-r", "0", "-t", "반품", "--at", days_ago(3))
    done = minsu.run("brief", "김민수", "--json")
    assert done.exit_code == 0, done.output
    brief = json.loads(done.stdout)
    assert {"id", "name", "kind", "organisation", "owner", "contact", "never_forget", "recent",
            "related", "preferences"} <= set(brief)  # fmt: skip
    assert brief["id"] == "gim-minsu"
    assert brief["name"] == "김민수"
    assert brief["owner"] == "sylee"
    assert brief["never_forget"] == ["수요일 오후 방문 금지", "라텍스 알레르기"]
    last = brief["contact"]["last"]
    assert last["channel"] == "phone"
    assert last["rating"] == 0
    assert last["topics"] == ["반품"]
    assert brief["contact"]["days_since_last"] == 3
    assert brief["contact"]["moments"] == 1
    assert len(brief["recent"]) == 1


def test_brief_markdown_is_ready_for_a_git_host(minsu: Team) -> None:
    note(minsu, "-s", "처방 | 조건 논의", "-r", "3", "--at", days_ago(1))
    done = minsu.run("brief", "김민수", "--markdown")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("# 김민수 (gim-minsu)\n")
    assert "## Never forget" in done.stdout
    assert "- 수요일 오후 방문 금지" in done.stdout
    assert "- **Owner:** 이서연 (sylee)" in done.stdout
    assert "처방 \\| 조건 논의" in done.stdout  # a pipe does not break the table


def test_an_overdue_next_contact_says_overdue(minsu: Team) -> None:
    overdue = TODAY - dt.timedelta(days=10)
    note(minsu, "-s", "재방문 약속", "--at", days_ago(20), "--next", overdue.isoformat())
    done = minsu.run("brief", "김민수")
    assert done.exit_code == 0, done.output
    planned = next(line for line in done.stdout.splitlines() if line.startswith("Next contact"))
    assert overdue.isoformat() in planned
    assert "overdue" in planned
    assert (
        json.loads(minsu.run("brief", "김민수", "--json").stdout)["contact"]["days_until_next"]
        == -10
    )


def test_an_overdue_next_contact_says_overdue_in_markdown_too(minsu: Team) -> None:
    overdue = TODAY - dt.timedelta(days=10)
    note(minsu, "-s", "재방문 약속", "--at", days_ago(20), "--next", overdue.isoformat())
    done = minsu.run("brief", "김민수", "--markdown")
    assert done.exit_code == 0, done.output
    planned = next(line for line in done.stdout.splitlines() if "Next contact" in line)
    assert "overdue" in planned


def test_a_later_moment_fulfils_the_planned_contact(minsu: Team) -> None:
    note(minsu, "-s", "약속", "--at", days_ago(20), "--next", days_ago(10).split()[0])
    note(minsu, "-s", "약속대로 재방문", "--at", days_ago(9))
    done = minsu.run("brief", "김민수")
    assert done.exit_code == 0, done.output
    planned = next(line for line in done.stdout.splitlines() if line.startswith("Next contact"))
    assert planned == "Next contact  none planned"


def test_brief_of_an_invalid_profile_names_file_line_and_field(minsu: Team) -> None:
    profile = minsu.root / "customers/gim-minsu/profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("kind: doctor", "kind: dentist"),
        encoding="utf-8",
    )
    done = minsu.run("brief", "김민수")
    assert done.exit_code == 3, done.output
    assert done.stderr.startswith("customers/gim-minsu/profile.yaml:4:7: error: ")
    assert "(kind)" in done.stderr
    assert "Traceback" not in done.output


@pytest.mark.parametrize("args", [(), ("--json",), ("--markdown",)])
def test_a_reader_that_quits_before_the_brief_is_printed_is_not_an_error(
    args: tuple[str, ...],
) -> None:
    """`handover brief 김민수 | head -1`, the pipe closed before handover writes a byte: it
    used to end with `error: cannot use a file:` and exit 4."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first write: EPIPE, every time
    demo = str(PROJECT / "profiles")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "handover", "brief", "김민수", "--dir", demo, *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
