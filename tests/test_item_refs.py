"""An item reference names one item, or nothing happens.

`note --resolves`, `resolve`, `reopen` and `amend` read the customer part of a reference;
a number two clones both chose is ambiguous until it is qualified; nothing is written when a
reference does not name exactly one item.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import Outcome, Team, git


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


@pytest.fixture
def two_customers(team: Team) -> Team:
    """김민수 and 안재현, each with an open item #1 (the same number, different customers)."""
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    ok(team.run("add", "안재현", "--kind", "pharmacist", "--owner", "sylee"))
    ok(team.run("note", "김민수", "-s", "자료 요청", "--promise", "신장 용량 자료 전달"))
    ok(team.run("note", "안재현", "-s", "재고 문의", "--request", "재고 확인"))
    return team


def open_refs(team: Team, customer: str) -> list[str]:
    brief = json.loads(ok(team.run("brief", customer, "--json")).stdout)
    return [item["ref"] for item in brief["open_items"]]


def test_a_note_refuses_to_resolve_another_customers_item_and_writes_nothing(
    two_customers: Team,
) -> None:
    before, commits = two_customers.files(), two_customers.commits()
    done = two_customers.run("note", "재현", "-s", "방문", "--resolves", "gim-minsu#1")
    assert done.exit_code == 2, done.output
    wrong = "gim-minsu#1 is an item of 김민수 (gim-minsu), not of 안재현 (an-jaehyeon)"
    assert wrong in done.stderr
    assert 'handover resolve gim-minsu#1 "…"' in done.stderr
    assert "Traceback" not in done.output
    assert two_customers.files() == before
    assert two_customers.commits() == commits
    assert open_refs(two_customers, "재현") == ["an-jaehyeon#1"]
    assert open_refs(two_customers, "민수") == ["gim-minsu#1"]


def test_a_note_may_name_its_own_customer_by_name_in_a_reference(two_customers: Team) -> None:
    done = ok(two_customers.run("note", "재현", "-s", "재고 회신", "--resolves", "재현#1"))
    assert "Resolved: an-jaehyeon#1" in done.stdout
    assert open_refs(two_customers, "재현") == []
    assert open_refs(two_customers, "민수") == ["gim-minsu#1"]


def test_a_reference_to_a_number_that_does_not_exist_writes_nothing(two_customers: Team) -> None:
    before = two_customers.files()
    for command in (
        ("note", "민수", "-s", "방문", "--resolves", "gim-minsu#9"),
        ("resolve", "gim-minsu#9", "완료"),
        ("reopen", "gim-minsu#9"),
    ):
        done = two_customers.run(*command)
        assert done.exit_code == 2, done.output
        assert "no item gim-minsu#9" in done.stderr, command
        assert "gim-minsu#1" in done.stderr, "the items that do exist are listed"
    assert two_customers.files() == before


def test_amend_by_item_reference_checks_the_customer_part(two_customers: Team) -> None:
    before = two_customers.files()
    refused = two_customers.run("amend", "재현", "gim-minsu#1", "--rating", "2")
    assert refused.exit_code == 2, refused.output
    assert "gim-minsu#1 is an item of 김민수 (gim-minsu), not of 안재현 (an-jaehyeon)" in (
        refused.stderr
    )
    assert two_customers.files() == before
    done = ok(two_customers.run("amend", "민수", "gim-minsu#1", "--rating", "2"))
    assert "Corrected rating of note" in done.stdout
    brief = json.loads(two_customers.run("brief", "민수", "--json").stdout)
    assert brief["recent"][0]["rating"] == 2


def test_a_number_two_clones_both_chose_is_ambiguous_until_qualified(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    team.git("remote", "add", "origin", str(remote))
    ok(team.run("sync"))
    laptops = {}
    for rep in ("sylee", "jpark"):
        git(tmp_path, "clone", "--quiet", str(remote), str(tmp_path / rep))
        laptops[rep] = Team(tmp_path / rep)
    sylee, jpark = laptops["sylee"], laptops["jpark"]

    shown_to_sylee = ok(sylee.run("note", "민수", "-s", "방문", "--promise", "샘플 전달"))
    shown_to_jpark = ok(
        jpark.run("note", "민수", "-s", "전화", "--request", "가격표", "--by", "jpark")
    )
    assert "Opened: gim-minsu#1 promise" in shown_to_sylee.stdout
    assert "Opened: gim-minsu#1 request" in shown_to_jpark.stdout
    for laptop in (sylee, jpark, sylee):
        ok(laptop.run("sync"))

    before = sylee.files()
    for command in (
        ("resolve", "gim-minsu#1", "전달함"),
        ("note", "민수", "-s", "방문", "--resolves", "gim-minsu#1"),
    ):
        done = sylee.run(*command)
        assert done.exit_code == 2, done.output
        assert "gim-minsu#1 is ambiguous: two items have number 1" in done.stderr
        assert "promise: 샘플 전달 (opened by sylee" in done.stderr
        assert "request: 가격표 (opened by jpark" in done.stderr
        assert sylee.files() == before, "nothing written"

    refs = open_refs(sylee, "민수")
    assert len(refs) == 2 and all(re.fullmatch(r"gim-minsu#1@[0-9a-f]+", ref) for ref in refs)
    history = json.loads(ok(sylee.run("history", "민수", "--json")).stdout)
    opened = sorted(
        e["what"].split(" · opened ")[1] for e in history["events"] if " · opened " in e["what"]
    )
    brief_items = json.loads(sylee.run("brief", "민수", "--json").stdout)["open_items"]
    assert opened == sorted(f"{i['ref']} {i['kind']}" for i in brief_items), (
        "history names them as brief"
    )
    brief = json.loads(sylee.run("brief", "민수", "--json").stdout)
    promise = next(i["ref"] for i in brief["open_items"] if i["kind"] == "promise")
    done = ok(sylee.run("resolve", promise, "샘플 전달함"))
    assert f"Resolved {promise} (promise: 샘플 전달)" in done.stdout
    still = json.loads(sylee.run("brief", "민수", "--json").stdout)["open_items"]
    assert [(i["kind"], i["text"]) for i in still] == [("request", "가격표")]
    # Once only one item #1 is open, the bare number still names nothing but the two.
    again = sylee.run("resolve", "gim-minsu#1", "완료")
    assert again.exit_code == 2, again.output
    assert "ambiguous" in again.stderr


def test_a_note_naming_another_customers_item_that_does_not_exist_says_so(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor"))
    ok(team.run("add", "안재현", "--kind", "pharmacist"))
    ok(team.run("note", "김민수", "-s", "자료 요청", "--promise", "자료 전달"))
    before = team.files()
    done = team.run("note", "민수", "-s", "방문", "--resolves", "an-jaehyeon#1")
    assert done.exit_code == 2, done.output
    assert "no item an-jaehyeon#1 (items of this customer: none)" in done.stderr
    assert "is an item of" not in done.stderr
    assert team.files() == before
