"""13.7c: in Korean, the errors, warnings and hints of broken files, git and locks are Korean.

A rep working in Korean meets these when a file is broken, when git is half-way through
something, when another command holds the folder, or when a transfer cannot go ahead.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import Team, run
from test_git_states import rebasing
from test_korean_usage import english_words

KEPT = re.compile(
    r": error: "  # the compiler-style `path:line:column: error:` editors and CI read
    r"|(?<!\S)/\S+|\S+\.py\b"  # the test's team folder, the command holding the lock
    r"|[\w/]*\.yaml|\bpid \d+"  # file names before a particle (profile.yaml이), a process id
    r"|\((?:phone|nickname)\)|'extra:'|\bnobody\b"  # keys and data as the user wrote them
    r"|<YYYYMMDDTHHMMSSZ>-<rep>-<hex>|YYYY|\bYAML\b|\bREP\b"  # formats, placeholders
)
"""Latin text a Korean error may keep, besides the ids, paths and commands of the 13.7d test."""


def korean(team: Team, *args: str, code: int) -> str:
    done = team.run("--lang", "ko", *args)
    assert done.exit_code == code, done.output
    left = english_words(KEPT.sub(" ", done.output))
    assert left == [], f"{args}: {left}\n{done.output}"
    return done.output


def break_profile(team: Team) -> None:
    """A profile with a misspelt key and a phone number typed as a number."""
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    text = profile.read_text("utf-8")
    profile.write_text(text + "phone: 1012345678\nnickname: 민수\n", encoding="utf-8")


def test_a_broken_profile_is_a_korean_warning_in_every_team_view(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("add", "박지훈", "--kind", "doctor").exit_code == 0
    break_profile(team)

    for view in (("list", "--no-pager"), ("open", "--no-pager"), ("health",), ("agenda",)):
        said = korean(team, *view, code=0)
        assert "profile.yaml:7:8: error: 알 수 없는 키 (phone) — 도움말: " in said, view
        assert "경고: 파일 1개를 다 읽지 못해 이 결과에는 읽을 수 있는 것만" in said, view
    assert "박지훈" in korean(team, "list", "--no-pager", code=0)  # the rest of the team


def test_check_names_every_kind_of_problem_in_korean(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("note", "김민수", "-s", "면담", "--no-commit").exit_code == 0
    break_profile(team)
    notes = team.root / "customers" / "gim-minsu" / "notes"
    note = next(notes.rglob("*.yaml"))
    note.rename(note.with_name("renamed.yaml"))
    orphan = team.root / "customers" / "nobody" / "notes" / note.parent.name
    orphan.mkdir(parents=True)
    (orphan / note.name).write_bytes(note.with_name("renamed.yaml").read_bytes())
    (team.root / "customers" / "gim-minsu" / "stray.txt").write_text("x", encoding="utf-8")

    said = korean(team, "check", code=1)
    assert "customers/gim-minsu/profile.yaml:" in said
    assert ": error: " in said  # the compiler-style prefix editors and CI read stays
    assert "profile.yaml:7:8: error: 알 수 없는 키 (phone) — 도움말: 철자를 확인하거나" in said
    assert "notes/2026/renamed.yaml: error: 기록 파일 이름이 <YYYYMMDDTHHMMSSZ>-" in said
    assert "error: 프로필이 없는 고객('nobody')의 기록" in said
    assert "stray.txt: error: 고객 폴더에 있으면 안 되는 파일" in said
    assert said.endswith("검사: 문제 6건\n")


def test_a_write_during_a_rebase_is_refused_in_korean(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    rebasing(team)
    said = korean(team, "note", "김민수", "-s", "면담", code=4)
    assert "git rebase이(가) 끝나지 않았습니다" in said
    assert "git rebase --continue 하세요" in said


def test_a_lock_held_too_long_is_explained_in_korean(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    lock = team.root / ".git" / "handover" / "lock"
    lock.parent.mkdir(exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "os.write(fd, f'{os.getpid()} note\\n'.encode())\n"
         "print('held', flush=True)\n"
         "time.sleep(30)\n",
         str(lock)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setenv("HANDOVER_LOCK_TIMEOUT", "0.2")
        said = korean(team, "note", "김민수", "-s", "면담", code=4)
        assert f"pid {holder.pid}" in said
        assert "0.2초 기다린 뒤 그만두었습니다" in said
    finally:
        holder.kill()
        holder.wait()


def test_a_refused_transfer_says_why_in_korean(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0
    assert team.run("add", "박지훈", "--kind", "doctor").exit_code == 0
    break_profile(team)
    files = team.files()
    said = korean(team, "transfer", "김민수", "박지훈", "nobody", "--to", "sylee", code=3)
    assert "이관하지 않았습니다. 3명 중 3명을 옮길 수 없습니다" in said
    assert "profile.yaml:7:8: error: 알 수 없는 키 (phone)" in said
    assert "박지훈 (bak-jihun): 이미 sylee 담당입니다" in said
    assert team.files() == files


def test_sync_refuses_edits_it_did_not_make_in_korean(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(profile.read_text("utf-8") + "# 손으로 고침\n", encoding="utf-8")
    said = korean(team, "sync", code=4)
    assert "handover가 만들지 않은, 커밋하지 않은 변경이 있습니다" in said
    assert "customers/gim-minsu/profile.yaml" in said


# --- 13.7 trial: the errors a new Korean user met --------------------------------------------


def test_the_errors_a_new_korean_user_met_are_korean(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("add", "박지훈", "--kind", "nurse").exit_code == 0
    assert team.run("note", "박지훈", "-s", "면담", "--promise", "자료 금요일까지").exit_code == 0

    said = korean(team, "note", "김민수", "-s", "x", "--at", "2027-01-01", code=2)
    assert "접점은 미래일 수 없습니다: '2027-01-01'은 " in said
    said = korean(team, "note", "김민수", "-s", "x", "--resolves", "bak-jihun#1", code=2)
    assert "bak-jihun#1은 김민수(gim-minsu) 고객이 아니라 박지훈(bak-jihun) 고객의 항목" in said
    assert '해결하려면 `handover resolve bak-jihun#1 "…"`' in said
    said = korean(team, "list", "--kind", "치과", code=2)
    assert "알 수 없는 고객 유형 '치과'" in said
    assert "다음 중 하나를 쓰세요: 의사, 약사, 간호사" in said
    done = team.run("--lang", "ko", "brief", "김민수", "--since", "뭐지")  # a ref: origin/main
    assert done.exit_code == 2, done.output
    said = done.output
    assert "나 참조(origin/main, 태그)를 쓰세요" in said
    assert "--since: '뭐지'는 날짜도 git 참조도 아닙니다" in said
    again = run("--lang", "ko", "init", ".", cwd=team.root)
    assert again.exit_code != 0, again.output
    assert "handover.yaml이(가) 이미 있습니다: 이미 팀 폴더입니다" in again.stderr


def test_a_mistyped_alarm_a_rep_added_twice_and_a_bad_handle_are_wholly_korean(team: Team) -> None:
    """13: the errors raised with plain English strings came out half Korean."""
    done = team.run("--lang", "ko", "agenda", "--ics", "x.ics", "--alarm", "xx")
    assert done.exit_code == 2, done.output
    assert done.output.splitlines() == [
        "오류: --alarm: 'xx'은(는) 기간이 아닙니다",
        "  도움말: 30분, 2시간, 1일처럼 쓰세요 (30m, 2h, 1d도 됩니다)",
    ]
    assert not (team.root / "x.ics").exists()
    said = korean(team, "rep", "add", "jpark", "--name", "박지훈", "--email", "j@x.kr", code=2)
    assert "담당자 'jpark'은(는) 이미 있습니다" in said
    rep_add = ["rep", "add", "mkim", "--name", "김민", "--email", "m@x.kr"]
    done = team.run("--lang", "ko", *rep_add, "--handle", "min kim")
    assert done.exit_code == 2, done.output
    assert "'min kim'은(는) git 호스트 핸들이 아닙니다: 사용자 이름(minho-choi)" in done.output


def test_a_kind_is_typed_as_the_tables_show_it(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("add", "박지훈", "--kind", "nurse").exit_code == 0
    done = team.run("--lang", "ko", "list", "--kind", "의사", "--no-pager")
    assert done.exit_code == 0, done.output
    assert "김민수" in done.output
    assert "박지훈" not in done.output


def test_open_takes_the_korean_kind_and_duration(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("note", "김민수", "-s", "면담", "--promise", "자료 금요일까지",
                    "--at", "2026-11-20 10:00").exit_code == 0  # fmt: skip
    assert team.run("note", "김민수", "-s", "질문", "--request", "견적").exit_code == 0
    done = team.run("--lang", "ko", "open", "--kind", "약속", "--older-than", "7일", "--no-pager")
    assert done.exit_code == 0, done.output
    assert "자료" in done.output
    assert "견적" not in done.output
    weeks = team.run("--lang", "ko", "open", "--older-than", "2주", "--no-pager")
    assert weeks.exit_code == 0, weeks.output
    assert "자료" not in weeks.output


def test_search_takes_the_korean_customer_kind(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("add", "박지훈", "--kind", "nurse").exit_code == 0
    for name in ("김민수", "박지훈"):
        assert team.run("note", name, "-s", "처방 논의").exit_code == 0
    done = team.run("--lang", "ko", "search", "처방", "--kind", "의사")
    assert done.exit_code == 0, done.output
    assert "김민수" in done.output
    assert "박지훈" not in done.output


def test_add_takes_the_korean_kind_and_names_the_kinds_in_korean(team: Team) -> None:
    done = team.run("--lang", "ko", "add", "김민수", "--kind", "의사")
    assert done.exit_code == 0, done.output
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    assert "kind: doctor" in profile.read_text("utf-8")
    said = korean(team, "add", "박지훈", "--kind", "치과", code=2)
    assert "알 수 없는 고객 유형 '치과'" in said
    assert not (team.root / "customers" / "bak-jihun").exists()


def test_a_limit_too_small_and_an_unchosen_book_are_korean(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    done = team.run("--lang", "ko", "history", "김민수", "-n", "0")
    assert done.exit_code == 2, done.output
    assert "'--limit' / '-n' 값이 올바르지 않습니다: 1 이상이어야 합니다" in done.stderr
    said = korean(team, "readiness", code=2)
    assert "볼 범위를 고르세요: --rep REP, --from REP, 고객 이름, 또는 --all" in said


def test_a_bad_rating_lists_the_korean_rating_words(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    said = korean(team, "note", "김민수", "-s", "면담", "-r", "5", code=2)
    assert "0 매우 나쁨 · 1 나쁨" in said
    assert "4 매우 좋음" in said


def test_a_particle_follows_the_sound_of_the_word_before_it(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    said = korean(team, "note", "김민수", "-s", "면담", "-r", "5", code=2)
    assert "5는 평가 점수가 아닙니다" in said
    said = korean(team, "note", "김민수", "-s", "x", "--at", "2027-01-01", code=2)
    assert "'2027-01-01'은 " in said
    done = team.run("--lang", "ko", "brief", "김민수", "--since", "뭐지")
    assert "--since: '뭐지'는 날짜도 git 참조도 아닙니다" in done.output
