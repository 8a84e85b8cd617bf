"""Open items follow the people: a transfer or a rep leaving moves them, and `item assign` /
`item due` change who holds an item and when it is due, each by a new record."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ruamel.yaml import YAML

from conftest import TODAY, BuiltTeam, Outcome, Team


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def book(team_built_by: BuiltTeam) -> Team:
    """jpark's customer 김민수 with his open promise and complaint; sylee's 안재현, where jpark
    made a promise while covering for her; hkang joins the team (once per worker, copied)."""
    return team_built_by(_jpark_covers_for_sylee)


def _jpark_covers_for_sylee(team: Team) -> None:
    ok(team.run("rep", "add", "hkang", "--name", "강혜원", "--email", "hkang@example.com"))
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "jpark"))
    ok(team.run("add", "안재현", "--kind", "pharmacist", "--owner", "sylee"))
    ok(
        team.run(
            "note", "민수", "-s", "자료 요청", "--by", "jpark", "--at", f"{day(-10)} 10:00",
            "--promise", f"신장 용량 자료 전달 by {day(-3)}",
        )
    )  # fmt: skip
    ok(team.run("note", "민수", "-s", "전화", "--by", "jpark", "--complaint", "샘플 지연"))
    ok(team.run("note", "재현", "-s", "대신 방문", "--by", "jpark", "--promise", "재고 확인"))


def holders(team: Team, rep: str | None = None) -> dict[str, str]:
    args = ("open", "--json", *(("--rep", rep) if rep else ()))
    return {
        row["item"]["ref"]: row["item"]["owner"] for row in json.loads(ok(team.run(*args)).stdout)
    }


def test_a_transfer_moves_the_customers_open_items_to_the_new_owner(book: Team) -> None:
    assert holders(book) == {
        "gim-minsu#1": "jpark",
        "gim-minsu#2": "jpark",
        "an-jaehyeon#1": "jpark",
    }
    done = ok(book.run("transfer", "김민수", "--to", "hkang", "--by", "sylee"))
    assert "open items follow: gim-minsu#1, gim-minsu#2" in done.stdout
    assert holders(book) == {
        "gim-minsu#1": "hkang",
        "gim-minsu#2": "hkang",
        "an-jaehyeon#1": "jpark",
    }
    overdue = json.loads(ok(book.run("open", "--rep", "hkang", "--overdue", "--json")).stdout)
    assert [row["item"]["ref"] for row in overdue] == ["gim-minsu#1"]
    history = ok(book.run("history", "김민수")).stdout
    assert "transfer: jpark → hkang · open items now held by hkang: gim-minsu#1, gim-minsu#2" in (
        " ".join(history.split())
    )


def test_rep_leave_hands_every_open_item_to_the_successor(book: Team) -> None:
    done = ok(book.run("rep", "leave", "jpark", "--successor", "hkang", "--force", "--by", "sylee"))
    assert "hkang now holds an-jaehyeon#1 (other customers)" in done.stdout
    assert set(holders(book).values()) == {"hkang"}
    assert book.git("status", "--porcelain") == "", "one commit holds it all"
    history = " ".join(ok(book.run("history", "재현")).stdout.split())
    assert "assigned an-jaehyeon#1 to hkang" in history
    assert "check: no problems" in ok(book.run("check")).output


def test_item_assign_gives_an_open_item_to_another_rep_by_a_new_record(book: Team) -> None:
    before = book.files()
    done = ok(
        book.run("item", "assign", "민수#1", "--to", "sylee", "--reason", "자료는 이서연 담당")
    )
    assert "Assigned gim-minsu#1 (promise: 신장 용량 자료 전달) to sylee, was jpark" in done.stdout
    after = book.files()
    assert all(after[path] == data for path, data in before.items()), "nothing edited"
    (new,) = set(after) - set(before)
    record = YAML(typ="safe").load(after[new].decode())
    assert (record["kind"], record["item"], record["to"], record["reason"]) == (
        "assign", 1, "sylee", "자료는 이서연 담당"
    )  # fmt: skip
    assert book.commits()[0] == "item assign: gim-minsu#1 jpark → sylee"
    assert holders(book, "sylee")["gim-minsu#1"] == "sylee"

    as_json = json.loads(
        ok(book.run("item", "assign", "gim-minsu#2", "--to", "hkang", "--json")).stdout
    )
    assert (as_json["ref"], as_json["before"], as_json["after"]) == (
        "gim-minsu#2",
        "jpark",
        "hkang",
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("gim-minsu#1", "--to", "nobody"), "unknown rep 'nobody'"),
        (("gim-minsu#1", "--to", "jpark"), "held by jpark already"),
        (("gim-minsu#9", "--to", "sylee"), "no item gim-minsu#9"),
    ],
)
def test_item_assign_refuses_what_it_cannot_do_and_writes_nothing(
    book: Team, args: tuple[str, ...], says: str
) -> None:
    before = book.files()
    done = book.run("item", "assign", *args)
    assert done.exit_code == 2, done.output
    assert says in done.stderr
    assert book.files() == before


def test_item_due_renegotiates_and_the_first_date_stays_visible(book: Team) -> None:
    done = ok(
        book.run("item", "due", "gim-minsu#1", "+5d", "--reason", "의학부 회신 지연, 고객 동의")
    )
    assert (
        f"gim-minsu#1 (promise: 신장 용량 자료 전달) is due {day(5)}, was {day(-3)}" in done.stdout
    )
    brief = ok(book.run("brief", "민수")).stdout
    line = next(line for line in brief.splitlines() if "gim-minsu#1" in line and "promise" in line)
    assert f"due {day(5)} (was due {day(-3)})" in line
    assert "overdue" not in line
    item = json.loads(ok(book.run("brief", "민수", "--json")).stdout)["open_items"]
    promise = next(i for i in item if i["ref"] == "gim-minsu#1")
    assert (promise["due"], promise["due_before"]) == (day(5), [day(-3)])
    history = " ".join(ok(book.run("history", "민수")).stdout.split())
    assert (
        f"due date of gim-minsu#1 renegotiated to {day(5)}: 의학부 회신 지연, 고객 동의" in history
    )

    as_json = json.loads(ok(book.run("item", "due", "gim-minsu#1", "+9d", "--json")).stdout)
    assert (as_json["before"], as_json["after"]) == (day(5), day(9))
    past = book.run("item", "due", "gim-minsu#1", "어제")
    assert past.exit_code == 2, past.output
    assert "in the past" in past.stderr


def test_check_and_readiness_report_open_items_held_by_a_rep_who_left(book: Team) -> None:
    config = book.root / "handover.yaml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace(
            "  email: jpark@example.com\n", "  email: jpark@example.com\n  status: left\n"
        ),
        encoding="utf-8",
    )
    checked = book.run("check")
    assert checked.exit_code == 1, checked.output
    lines = [line for line in checked.stdout.splitlines() if "who has left the team" in line]
    assert len(lines) == 3, checked.stdout
    assert any(
        "open promise gim-minsu#1 is held by jpark, who has left the team" in line
        and "handover item assign gim-minsu#1 --to REP" in line
        for line in lines
    )
    ready = ok(book.run("readiness", "김민수")).stdout
    assert "Open items held by a rep who has left (2)" in ready
    assert "gim-minsu#1 promise: 신장 용량 자료 전달 — held by jpark" in ready
    as_json = json.loads(ok(book.run("readiness", "김민수", "--json")).stdout)
    assert [held["ref"] for held in as_json["held_by_left"]] == ["gim-minsu#1", "gim-minsu#2"]

    for ref in ("gim-minsu#1", "gim-minsu#2", "an-jaehyeon#1"):
        ok(book.run("item", "assign", ref, "--to", "hkang", "--by", "sylee"))
    checked = book.run("check")
    assert "who has left" not in checked.stdout


def test_item_assign_takes_the_rep_by_name_like_every_rep_option(team: Team) -> None:
    team.run("rep", "add", "jpark", "--name", "박지훈", "--email", "jpark@example.com")
    team.run("add", "김민수", "--kind", "doctor")
    assert team.run("note", "김민수", "-s", "방문", "--promise", "자료 전달 by +5d").exit_code == 0

    done = team.run("item", "assign", "gim-minsu#1", "--to", "박지훈")

    assert done.exit_code == 0, done.output
    assert "to jpark" in done.stdout


def agenda_refs(team: Team, rep: str) -> set[str]:
    entries = json.loads(ok(team.run("agenda", "--rep", rep, "--json")).stdout)
    return {entry["ref"] for entry in entries if entry["ref"]}


def test_open_agenda_ics_and_digest_of_a_rep_show_the_items_the_rep_holds(book: Team) -> None:
    ok(book.run("item", "assign", "민수#1", "--to", "hkang"))

    assert set(holders(book, "hkang")) == {"gim-minsu#1"}
    assert agenda_refs(book, "hkang") == {"gim-minsu#1"}
    digest = json.loads(ok(book.run("digest", "--rep", "hkang", "--json")).stdout)
    assert [promise["ref"] for promise in digest["overdue_promises"]] == ["gim-minsu#1"]
    assert "gim-minsu#1" in ok(book.run("digest", "--rep", "hkang")).stdout
    ics = book.root.parent / "hkang.ics"
    ok(book.run("agenda", "--rep", "hkang", "--ics", str(ics)))
    assert "item-gim-minsu-1@" in ics.read_text("utf-8")
    assert "item-gim-minsu-2@" not in ics.read_text("utf-8")


def test_after_rep_leave_the_successors_agenda_and_digest_hold_the_work(book: Team) -> None:
    ok(book.run("rep", "leave", "jpark", "--successor", "hkang", "--force", "--by", "sylee"))

    held = set(holders(book, "hkang"))
    assert held == {"gim-minsu#1", "gim-minsu#2", "an-jaehyeon#1"}
    assert agenda_refs(book, "hkang") == held
    digest = json.loads(ok(book.run("digest", "--rep", "hkang", "--json")).stdout)
    assert [promise["ref"] for promise in digest["overdue_promises"]] == ["gim-minsu#1"]
    assert [c["ref"] for c in digest["complaints_about_to_zero"]] == []
    assert {e["ref"] for e in digest["agenda"]} >= {"gim-minsu#1"}
