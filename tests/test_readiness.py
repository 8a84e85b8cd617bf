"""`handover readiness` and `handover rep leave`: see what is missing before a rep goes."""

from __future__ import annotations

import json
import re

import pytest

from conftest import Team

COMPLETE = """\
id: gim-minsu
name: 김민수
kind: doctor
owner: jpark
never_forget:
  - 수요일 오후 방문 금지
  - fact: 당뇨 신환 대부분 Glucofin XR로 시작
    confirmed: 2020-03-02
preferences:
  best_days: [tue, thu]
related:
  - name: 박정은
    relation: 의원 사무장
"""


@pytest.fixture
def book(team: Team) -> Team:
    """jpark owns 김민수 (well documented, one fact confirmed long ago) and 최영희 (bare)."""
    for name in ("김민수", "최영희"):
        added = team.run("add", name, "--owner", "jpark")
        assert added.exit_code == 0, added.output
    (team.root / "customers" / "gim-minsu" / "profile.yaml").write_text(COMPLETE, "utf-8")
    team.git("commit", "-qam", "김민수 by hand")
    noted = team.run(
        "note", "김민수", "-s", "신장 용량 자료 전달 약속", "--promise", "신장 용량 자료 전달",
        "--request", "샘플 추가", "--next", "+14d", "--by", "sylee",
    )  # fmt: skip
    assert noted.exit_code == 0, noted.output
    return team


def test_readiness_names_each_gap_as_something_to_do_today(book: Team) -> None:
    done = book.run("readiness", "--rep", "jpark")
    assert done.exit_code == 0, done.output
    out = re.sub(r"\n {8}(?=\S)", " ", done.stdout)  # each advice on one line, however wrapped
    assert out.startswith("Readiness  50  박지훈 (jpark) · 2 customers\n")
    assert "add at least one never-forget fact for 최영희: handover remember choe-yeonghui" in out
    assert "see or call 최영희 and log it (no moment recorded yet)" in out
    assert "plan the next contact with 최영희" in out
    assert "under related: in customers/choe-yeonghui/profile.yaml" in out
    assert "record when and how 최영희 likes to be contacted" in out
    # 김민수: the request has no due date (the promise got the team's default), the promise's
    # note says nothing more than the promise, and a fact was last confirmed in 2020
    assert "agree a due date with 김민수 for gim-minsu#1 (request: 샘플 추가), or resolve it" in out
    assert "write down why 김민수 was promised '신장 용량 자료 전달' (gim-minsu#2)" in out
    assert "re-confirm with 김민수 that '당뇨 신환 대부분 Glucofin XR로 시작' still holds" in out
    assert "5 customers" not in out
    assert "1 customer     no never-forget fact  (−20 each)" in out


def test_readiness_exits_1_under_min_so_ci_can_gate_a_handover(book: Team) -> None:
    under = book.run("readiness", "--rep", "jpark", "--min", "80")
    assert under.exit_code == 1, under.output
    assert "under --min 80" in under.stdout
    passes = book.run("readiness", "--rep", "jpark", "--min", "50")
    assert passes.exit_code == 0, passes.output
    assert "passes --min 50" in passes.stdout


def test_readiness_json_has_scores_gaps_and_weights(book: Team) -> None:
    done = book.run("readiness", "김민수", "--json", "--min", "90")
    assert done.exit_code == 1, done.output
    result = json.loads(done.stdout)
    assert result["scope"] == "1 customer"
    assert (result["score"], result["min"], result["passed"]) == (65, 90, False)
    [customer] = result["customers"]
    assert [gap["gap"] for gap in customer["gaps"]] == [
        "due_dates",
        "promise_context",
        "stale_facts",
    ]
    assert result["settings"]["weights"]["never_forget"] == 20


def test_weights_and_thresholds_come_from_handover_yaml(book: Team) -> None:
    config = book.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8")
        + "readiness:\n  confirm_days: 5000\n  weights:\n    due_dates: 0\n    promise_context: 0\n"
    )
    done = book.run("readiness", "김민수", "--json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["score"] == 100
    assert [gap["gap"] for gap in result["customers"][0]["gaps"]] == [
        "due_dates",
        "promise_context",
    ]


def test_rep_leave_refuses_while_the_book_is_not_ready(book: Team) -> None:
    files, log = book.files(), book.commits()
    done = book.run("rep", "leave", "jpark", "--successor", "sylee")
    assert done.exit_code == 1, done.output
    assert done.stderr.startswith(
        "error: 박지훈 (jpark)'s book is not ready to hand over: readiness 50 is under 70"
    )
    assert "handover readiness --rep jpark" in done.stderr
    assert book.files() == files
    assert book.commits() == log


def test_rep_leave_with_force_marks_the_rep_and_moves_the_book_in_one_commit(
    book: Team,
) -> None:
    config = book.root / "handover.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  email: jpark@example.com", "  email: jpark@example.com  # 2026-10-31 퇴사 예정"
        )
    )
    book.git("commit", "-qam", "comment")
    before = len(book.commits())
    done = book.run("rep", "leave", "jpark", "--successor", "sylee", "--force")
    assert done.exit_code == 0, done.output
    assert "jpark is marked as left (readiness 50) — forced; successor sylee" in done.stdout
    assert len(book.commits()) == before + 1
    assert book.commits()[0] == "rep leave: 박지훈 (jpark) → 이서연 (sylee), 2 customers"
    text = config.read_text("utf-8")
    assert "  email: jpark@example.com  # 2026-10-31 퇴사 예정\n  status: left\n" in text
    for customer in ("gim-minsu", "choe-yeonghui"):
        profile = (book.root / "customers" / customer / "profile.yaml").read_text("utf-8")
        assert "owner: sylee" in profile
    assert book.git("status", "--porcelain") == ""
    assert book.run("check").exit_code == 0
    brief = book.run("brief", "최영희").stdout
    assert "now 이서연" in brief
    again = book.run("rep", "leave", "jpark", "--successor", "sylee")
    assert again.exit_code == 2
    assert "jpark has left already and owns no customers" in again.stderr


def test_rep_leave_passes_a_lower_bar_and_can_be_previewed(book: Team) -> None:
    preview = book.run("rep", "leave", "jpark", "--successor", "sylee", "--min", "50", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "+  status: left" in preview.stdout
    assert "-owner: jpark\n+owner: sylee" in preview.stdout
    assert "status: left" not in (book.root / "handover.yaml").read_text("utf-8")
    done = book.run("rep", "leave", "jpark", "--successor", "sylee", "--min", "50")
    assert done.exit_code == 0, done.output
    assert "— forced" not in done.stdout


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_rejected_related_field_is_advised_as_the_line_to_fix_not_people_to_add(
    book: Team, lang: str
) -> None:
    path = book.root / "customers" / "gim-minsu" / "profile.yaml"
    path.write_text(
        COMPLETE.replace("  - name: 박정은\n    relation: 의원 사무장\n", "  - 박정은\n")
    )

    done = book.run("--lang", lang, "readiness", "--rep", "jpark")

    assert done.exit_code == 0, done.output
    out = re.sub(r"\n {8}(?=\S)", " ", done.stdout)  # each advice on one line, however wrapped
    where = "customers/gim-minsu/profile.yaml:12:5"  # the line `- 박정은`
    fix = {
        "en": f"fix related: of 김민수 at {where}",
        "ko": f"{where}에서 김민수의 related:를 고치세요",
    }
    assert fix[lang] in out, out
    assert "under related: in customers/gim-minsu" not in out, out  # not "name the people"
    assert "related: in customers/choe-yeonghui/profile.yaml" in out or lang == "ko", out
    assert path.read_text(encoding="utf-8").endswith("  - 박정은\n")  # nothing written


def test_each_rejected_field_of_a_profile_is_advised_as_its_own_line_to_fix(book: Team) -> None:
    """related:, preferences: and never_forget: malformed: each is the line to fix, none the
    advice to add what was written."""
    path = book.root / "customers" / "gim-minsu" / "profile.yaml"
    broken = COMPLETE.replace("  best_days: [tue, thu]\n", "  best_days: 화요일\n")
    facts = COMPLETE[COMPLETE.index("never_forget:") : COMPLETE.index("preferences:")]
    broken = broken.replace(facts, "never_forget: 수요일 오후 방문 금지\n")
    path.write_text(broken.replace("  - name: 박정은\n    relation: 의원 사무장\n", "  - 박정은\n"))

    done = book.run("--lang", "en", "readiness", "--rep", "jpark")

    assert done.exit_code == 0, done.output
    out = re.sub(r"\n {8}(?=\S)", " ", done.stdout)  # each advice on one line, however wrapped
    where = "customers/gim-minsu/profile.yaml"
    assert f"fix related: of 김민수 at {where}:9:5" in out, out
    assert f"fix preferences: of 김민수 at {where}:7:14" in out, out
    assert f"under related: in {where}" not in out, out
    assert f"under preferences: in {where}" not in out, out
    assert f"fix never_forget: of 김민수 at {where}:5:15" in out, out
    assert "add at least one never-forget fact for 김민수" not in out, out
    assert path.read_text(encoding="utf-8").endswith("  - 박정은\n")  # nothing written
