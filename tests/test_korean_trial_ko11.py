"""What a Korean new user met in a second trial (issue 13, ko11): durations and hints in Korean,
usage errors in --json mode in Korean, help examples kept whole, an untouched template dropped."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Team


def test_korean_durations_are_read_by_agenda_and_open_and_refusals_show_korean_forms(
    team: Team, tmp_path: Path
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("note", "김민수", "-s", "자료", "--next", "+3d").exit_code == 0
    path = tmp_path / "x.ics"

    done = team.run("--lang", "ko", "agenda", "--ics", str(path), "--alarm", "30분")
    assert done.exit_code == 0, done.output
    assert "TRIGGER:-PT30M" in path.read_text(encoding="utf-8")
    older = team.run("--lang", "ko", "open", "--older-than", "삼일")
    assert older.exit_code == 0, older.output

    refused = team.run("--lang", "ko", "agenda", "--ics", str(path), "--alarm", "반시간")
    assert refused.exit_code == 2, refused.output
    assert "'반시간'은 기간이 아닙니다" in refused.stderr
    assert "30분, 2시간, 1일처럼" in refused.stderr, refused.stderr
    refused = team.run("--lang", "ko", "open", "--older-than", "석달")
    assert refused.exit_code == 2, refused.output
    assert "7일, 2주, 사흘처럼" in refused.stderr, refused.stderr


def test_an_unreadable_promise_date_hints_with_a_korean_placeholder(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    promise, before = "샘플 전달 13월 40일까지", team.commits()
    done = team.run("--lang", "ko", "note", "김민수", "-s", "x", "--promise", promise)
    assert done.exit_code == 2, done.output
    assert "끝에 '날짜까지'나 ' by 날짜'를 붙이거나 날짜를 빼세요" in done.stderr, done.stderr
    assert "DATE" not in done.stderr
    assert team.commits() == before


def test_a_usage_error_under_json_is_in_korean_with_english_keys(team: Team) -> None:
    done = team.run("--lang", "ko", "list", "--limit", "5", "--json")
    assert done.exit_code == 2, done.output
    said = json.loads(done.stdout)
    assert said == {
        "error": "없는 옵션입니다: --limit",
        "hint": "'handover list --help'를 보세요",
        "exit_code": 2,
    }, said
    english = json.loads(team.run("list", "--limit", "5", "--json").stdout)
    assert english["error"] == "No such option: --limit", english
