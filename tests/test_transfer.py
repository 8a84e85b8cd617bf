"""`handover transfer`: ownership moves with its history kept, all or nothing, one commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TODAY, BuiltTeam, Team

HAND_WRITTEN = """\
# 김민수 과장 — 박지훈 담당. 화요일 오전이 제일 좋음
id: gim-minsu
name: 김민수
kind: doctor
organisation: 서울중앙내과의원
owner: "jpark"   # 2026-10-31 퇴사 예정

contacts:
    mobile: "010-5632-9505"   # quoted: leading zero

never_forget:
    - 수요일 오후 방문 금지  # 외래 시술
tags: [kol, diabetes]
"""


def add(team: Team, name: str, *args: str, owner: str = "jpark") -> str:
    done = team.run("add", name, "--owner", owner, *args)
    assert done.exit_code == 0, done.output
    return done.stdout.split(" as ")[1].split(" ")[0]


@pytest.fixture
def book(team_built_by: BuiltTeam) -> Team:
    """jpark's book: two doctors and a pharmacist; sylee owns one customer (set up once per
    worker, copied for each test)."""
    return team_built_by(_jparks_book)


def _jparks_book(team: Team) -> None:
    added = team.run("rep", "add", "mchoi", "--name", "최민호", "--email", "mchoi@example.com")
    assert added.exit_code == 0, added.output
    add(team, "김민수", "--kind", "doctor")
    add(team, "윤재호", "--kind", "doctor")
    add(team, "최영희", "--kind", "pharmacist")
    add(team, "Emily Carter", "--kind", "purchasing", owner="sylee")


def owner_of(team: Team, customer: str) -> str:
    text = (team.root / "customers" / customer / "profile.yaml").read_text("utf-8")
    return next(line for line in text.splitlines() if line.startswith("owner:"))


def transfer_records(team: Team, customer: str) -> list[str]:
    notes = sorted((team.root / "customers" / customer / "notes").rglob("*.yaml"))
    return [path.read_text("utf-8") for path in notes if "kind: transfer" in path.read_text()]


def test_a_lead_moves_two_customers_in_one_commit(book: Team) -> None:
    before = len(book.commits())
    done = book.run("transfer", "김민수", "최영희", "--to", "sylee", "--reason", "퇴사 인수인계")
    assert done.exit_code == 0, done.output
    assert "Moved 2 customers to sylee" in done.stdout
    assert "김민수 (gim-minsu)  jpark → sylee" in done.stdout
    assert owner_of(book, "gim-minsu") == "owner: sylee"
    assert owner_of(book, "choe-yeonghui") == "owner: sylee"
    assert owner_of(book, "yun-jaeho") == "owner: jpark"
    [record] = transfer_records(book, "gim-minsu")
    assert "by: sylee\nfrom: jpark\nto: sylee\nreason: 퇴사 인수인계\n" in record
    commits = book.commits()
    assert len(commits) == before + 1
    assert commits[0] == "transfer: 2 customers jpark → sylee"
    assert book.git("status", "--porcelain") == ""
    changed = book.git("show", "--name-only", "--format=", "HEAD").split()
    assert len(changed) == 4  # two records, two profiles


def test_a_hand_commented_profile_keeps_its_comments_after_a_transfer(book: Team) -> None:
    profile = book.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(HAND_WRITTEN, encoding="utf-8")
    book.git("commit", "-qam", "hand edit")
    done = book.run("transfer", "민수", "--to", "sylee")
    assert done.exit_code == 0, done.output
    expected = HAND_WRITTEN.replace('owner: "jpark"', 'owner: "sylee"')
    assert profile.read_text("utf-8") == expected


def test_the_brief_tells_whose_customer_it_was(book: Team) -> None:
    assert book.run("transfer", "김민수", "--to", "sylee").exit_code == 0
    brief = book.run("brief", "김민수")
    assert brief.exit_code == 0, brief.output
    assert "Owner         이서연 (sylee)" in brief.stdout
    assert "History       owned by 박지훈 (→ 20" in brief.stdout
    assert "now 이서연" in brief.stdout
    as_json = json.loads(book.run("brief", "김민수", "--json").stdout)
    assert [p["rep"] for p in as_json["ownership"]] == ["jpark", "sylee"]
    assert as_json["ownership"][-1]["until"] is None


def test_a_batch_with_a_customer_that_cannot_move_changes_nothing(book: Team) -> None:
    assert book.run("transfer", "최영희", "--to", "sylee").exit_code == 0
    broken = book.root / "customers" / "yun-jaeho" / "profile.yaml"
    broken.write_text(broken.read_text("utf-8").replace("kind: doctor", "kind: docter"))
    book.git("commit", "-qam", "typo")
    files, log = book.files(), book.commits()
    done = book.run("transfer", "김민수", "최영희", "윤재호", "nobody", "--to", "sylee")
    assert done.exit_code == 3, done.output  # the worst of the reasons: invalid data
    message = done.stderr
    assert message.startswith("error: nothing transferred: 3 of 4 cannot move:")
    assert "최영희 (choe-yeonghui): already owned by sylee" in message
    assert "윤재호 (yun-jaeho): customers/yun-jaeho/profile.yaml:4:7: error:" in message
    assert "nobody: no customer matches 'nobody'" in message
    assert "김민수" not in message
    assert book.files() == files
    assert book.commits() == log


def test_a_batch_that_fails_half_way_changes_nothing(book: Team) -> None:
    # the third customer's folder for this year's notes is a stray file: reading its notes
    # skips it, so the batch passes its checks, and writing its record fails mid-batch
    year = TODAY.year
    stray = book.root / "customers" / "yun-jaeho" / "notes" / str(year)
    stray.parent.mkdir()
    stray.write_text("not a folder\n", encoding="utf-8")
    book.git("add", str(stray))
    book.git("commit", "-qm", "stray file")
    files, log = book.files(), book.git("log", "--format=%H %s")
    done = book.run("transfer", "--from", "jpark", "--to", "sylee")
    assert done.exit_code == 4, done.output
    assert done.stderr.startswith("error: nothing transferred, every file put back: ")
    assert "customers/yun-jaeho/notes" in done.stderr
    assert book.files() == files
    assert book.git("log", "--format=%H %s") == log
    assert book.git("status", "--porcelain") == ""
    assert not (book.root / "customers" / "gim-minsu" / "notes").exists()


def test_a_commit_that_fails_puts_every_file_back(book: Team) -> None:
    hook = book.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by policy' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    files, log = book.files(), book.commits()
    done = book.run("transfer", "--from", "jpark", "--to", "sylee")
    assert done.exit_code == 4, done.output
    assert done.stderr.startswith(
        "error: nothing transferred, every file put back: git's pre-commit hook refused the commit"
    )
    assert "refused by policy" in done.stderr
    assert book.files() == files
    assert book.commits() == log
    assert book.git("status", "--porcelain") == ""


def test_a_dry_run_shows_every_change_and_writes_nothing(book: Team) -> None:
    files, log = book.files(), book.commits()
    done = book.run("transfer", "--from", "jpark", "--kind", "doctor", "--to", "mchoi", "--dry-run")
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert "Dry run: nothing written. Would move 2 customers:" in out
    assert "--- a/customers/gim-minsu/profile.yaml" in out
    assert "-owner: jpark\n+owner: mchoi" in out
    assert "new file customers/yun-jaeho/notes/" in out
    assert "+from: jpark\n+to: mchoi" in out
    assert "commit: transfer: 2 customers jpark → mchoi" in out
    assert "choe-yeonghui" not in out  # a pharmacist, not a doctor
    assert book.files() == files
    assert book.commits() == log


def test_a_book_is_split_between_two_successors_by_a_plan(book: Team, tmp_path: Path) -> None:
    plan = tmp_path / "split.csv"
    plan.write_text(
        "\ufeffcustomer,to,reason\n김민수,sylee,\n윤재호,mchoi,강동구로 이관\n최영희,mchoi,\n",
        encoding="utf-8",
    )
    done = book.run("transfer", "--plan", str(plan), "--reason", "퇴사")
    assert done.exit_code == 0, done.output
    assert book.commits()[0] == "transfer: 3 customers jpark → mchoi (2), sylee (1)"
    assert owner_of(book, "yun-jaeho") == "owner: mchoi"
    assert "reason: 강동구로 이관" in transfer_records(book, "yun-jaeho")[0]
    assert "reason: 퇴사" in transfer_records(book, "gim-minsu")[0]


def test_a_plan_names_the_new_owners_as_people_write_them(book: Team, tmp_path: Path) -> None:
    plan = tmp_path / "split.csv"
    plan.write_text("customer,to\n김민수,이서연\n윤재호,민호\n최영희,ㅊㅁㅎ\n", encoding="utf-8")
    done = book.run("transfer", "--plan", str(plan))
    assert done.exit_code == 0, done.output
    assert owner_of(book, "gim-minsu") == "owner: sylee"
    assert owner_of(book, "yun-jaeho") == "owner: mchoi"
    assert owner_of(book, "choe-yeonghui") == "owner: mchoi"
    assert "to: mchoi" in transfer_records(book, "yun-jaeho")[0]


def test_an_ambiguous_new_owner_in_a_plan_lists_the_reps_and_names_the_line(
    book: Team, tmp_path: Path
) -> None:
    added = book.run("rep", "add", "sjlee", "--name", "이서진", "--email", "sjlee@example.com")
    assert added.exit_code == 0, added.output
    files, log = book.files(), book.commits()
    plan = tmp_path / "split.yaml"
    plan.write_text("김민수: 이서\n윤재호: 최민호\n최영희: 홍길동\n", encoding="utf-8")
    done = book.run("transfer", "--plan", str(plan))
    assert done.exit_code == 2, done.output
    assert (
        "split.yaml:1: 김민수: cannot go to 이서: '이서' matches 2 reps: 이서연 (sylee), "
        "이서진 (sjlee)" in done.stderr
    )
    assert "split.yaml:3: 최영희: cannot go to 홍길동: '홍길동' is not a rep of the team" in (
        done.stderr
    )
    assert book.files() == files
    assert book.commits() == log


def test_a_yaml_plan_with_a_left_rep_is_refused_naming_the_line(book: Team, tmp_path: Path) -> None:
    (book.root / "handover.yaml").write_text(
        (book.root / "handover.yaml")
        .read_text("utf-8")
        .replace("email: mchoi@example.com", "email: mchoi@example.com\n  status: left")
    )
    book.git("commit", "-qam", "mchoi left")
    plan = tmp_path / "split.yaml"
    plan.write_text("# who goes where\n김민수: sylee\n윤재호: mchoi\n", encoding="utf-8")
    done = book.run("transfer", "--plan", str(plan))
    assert done.exit_code == 2, done.output
    assert "split.yaml:3: 윤재호: cannot go to mchoi: mchoi has left the team" in done.stderr
    assert owner_of(book, "gim-minsu") == "owner: jpark"


def test_territory_selects_customers_by_tag(book: Team) -> None:
    profile = book.root / "customers" / "yun-jaeho" / "profile.yaml"
    profile.write_text(profile.read_text("utf-8") + "tags: [강동구]\n", encoding="utf-8")
    book.git("commit", "-qam", "tag")
    done = book.run("transfer", "--from", "jpark", "--territory", "강동구", "--to", "mchoi")
    assert done.exit_code == 0, done.output
    assert "Moved 1 customer to mchoi" in done.stdout
    none = book.run("transfer", "--from", "jpark", "--territory", "송파구", "--to", "mchoi")
    assert none.exit_code == 2
    assert "jpark owns no customers tagged '송파구'" in none.stderr


def test_check_reports_an_owner_edited_by_hand_against_the_last_transfer(book: Team) -> None:
    assert book.run("transfer", "김민수", "--to", "sylee").exit_code == 0
    profile = book.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(profile.read_text("utf-8").replace("owner: sylee", "owner: mchoi"))
    check = book.run("check")
    assert check.exit_code == 1, check.output
    assert (
        "customers/gim-minsu/profile.yaml:5:8: error: owner 'mchoi' disagrees with the last "
        "transfer" in check.stdout
    )
    # recording the move the history misses makes the folder consistent again
    repaired = book.run("transfer", "김민수", "--to", "mchoi")
    assert repaired.exit_code == 0, repaired.output
    assert "sylee → mchoi" in repaired.stdout
    assert book.run("check").exit_code == 0


def test_transfer_json_names_every_file(book: Team) -> None:
    done = book.run("transfer", "김민수", "--to", "sylee", "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    [move] = result["moves"]
    assert move["from"] == "jpark" and move["to"] == "sylee"
    assert move["note"].startswith("customers/gim-minsu/notes/")
    assert result["commit"] == book.git("rev-parse", "HEAD").strip()
    refused = json.loads(book.run("transfer", "김민수", "--to", "sylee", "--json").stdout)
    assert refused["exit_code"] == 2
    assert refused["refused"][0]["why"] == "already owned by sylee"


def test_two_transfers_in_the_same_second_follow_each_other_by_owner() -> None:
    from handover.domain.ownership import chain
    from handover.format.records import Transfer

    def move(source: str, target: str) -> Transfer:
        data = {"kind": "transfer", "at": "2026-11-24T10:00:00+09:00", "by": "sylee"}
        return Transfer.model_validate(data | {"from": source, "to": target})

    first, second, third = move("jpark", "sylee"), move("sylee", "mchoi"), move("mchoi", "hkang")
    for order in ([first, second, third], [third, second, first], [second, third, first]):
        assert chain(order) == [first, second, third]
