"""What a Korean rep types and reads (issue 13): durations and hints in Korean,
usage errors in --json mode in Korean, help examples kept whole, an untouched template dropped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import Team, run


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
    refused = team.run("--lang", "ko", "open", "--older-than", "석삼")
    assert refused.exit_code == 2, refused.output
    assert "7일, 2주, 사흘처럼" in refused.stderr, refused.stderr


def test_two_units_in_one_alarm_are_added_up(team: Team, tmp_path: Path) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("note", "김민수", "-s", "자료", "--next", "+3d").exit_code == 0
    for typed in ("1시간 30분", "1시간30분", "1h30m"):
        path = tmp_path / "x.ics"
        done = team.run("--lang", "ko", "agenda", "--ics", str(path), "--alarm", typed)
        assert done.exit_code == 0, done.output
        assert "TRIGGER:-PT1H30M" in path.read_text(encoding="utf-8"), typed


@pytest.mark.parametrize(
    ("lang", "typed", "said", "hint"),
    [
        ("ko", "3개월", "한 달의 길이가 일정하지 않아 달로는 받지 않습니다", "90일이나 13주로"),
        ("en", "3 months", "a month has no fixed length", "write 90d or 13w"),
    ],
)
def test_months_are_refused_because_a_month_has_no_fixed_length_with_days_and_weeks_offered(
    team: Team, lang: str, typed: str, said: str, hint: str
) -> None:
    refused = team.run("--lang", lang, "open", "--older-than", typed)
    assert refused.exit_code == 2, refused.output
    assert said in refused.stderr, refused.stderr
    assert hint in refused.stderr, refused.stderr
    assert "not a duration" not in refused.stderr and "기간이 아닙니다" not in refused.stderr


def test_an_unreadable_promise_date_hints_with_a_korean_placeholder(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    promise, before = "샘플 전달 13월 40일까지", team.commits()
    done = team.run("--lang", "ko", "note", "김민수", "-s", "x", "--promise", promise)
    assert done.exit_code == 2, done.output
    assert "끝에 '날짜까지'나 ' by 날짜'를 붙이거나 날짜를 빼세요" in done.stderr, done.stderr
    assert "DATE" not in done.stderr
    assert team.commits() == before


def test_a_day_gone_by_inside_a_promise_is_its_text_not_its_due_date(team: Team) -> None:
    """`지난 금요일까지 보내기로 한 견적서 재발송`: "resend the quote promised by last Friday".
    Its `금요일까지` was read as the coming Friday and `지난` left dangling."""
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    said = "지난 금요일까지 보내기로 한 견적서 재발송"
    done = team.run("note", "김민수", "-s", "방문", "--promise", said, "--json")
    assert done.exit_code == 0, done.output
    [item] = json.loads(done.stdout)["record"]["opens"]
    assert item["text"] == said
    assert item["due"] == "2026-12-09"  # the promise's default: 7 days from the moment

    ambiguous, before = "다음 금요일까지 샘플 전달", team.commits()
    refused = team.run("--lang", "ko", "note", "김민수", "-s", "x", "--promise", ambiguous)
    assert refused.exit_code == 2, refused.output
    assert "'다음 금요일'" in refused.stderr, refused.stderr  # never this Friday's `금요일`
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


def _lines(shown: str) -> list[str]:
    return [line.rstrip() for line in shown.splitlines()]


def test_help_reflows_paragraphs_and_keeps_each_example_command_indented(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    report = run("--lang", "ko", "report", "--help")
    assert report.exit_code == 0, report.output
    lines = [line.rstrip() for line in report.stdout.splitlines()]
    assert "   handover report --since 2026-01-01 --until 2026-06-30" in lines, report.stdout
    assert "            --kind doctor" in lines, report.stdout  # under its command, not column 1
    assert any("쓰면 형식은 파일 확장자" in line for line in lines), report.stdout  # reflowed
    imported = run("--lang", "ko", "import", "--help").stdout
    assert "            --map crm-map.yaml" in _lines(imported), imported
    assert "파일:행:열로" in imported and "FILE:ROW" not in imported
    assert "<파일>..." in imported and "<경로>" not in imported  # the files and --map
    top = run("--lang", "ko", "--help").stdout
    assert "   handover brief 민수" in _lines(top), top
    assert "traceback으로" in top and "traceback을" not in top, top
    monkeypatch.setenv("COLUMNS", "100")
    wide = run("--lang", "ko", "report", "--help").stdout
    assert any("-o를 쓰면 형식은 파일 확장자" in line for line in _lines(wide)), wide
    assert "90일, 월요일" in wide and "monday" not in wide
    assert "[기본: 월]" in wide and "month]" not in wide


def test_report_by_takes_the_korean_word_its_help_shows(team: Team) -> None:
    korean = team.run("report", "--by", "주", "--json")
    assert korean.exit_code == 0, korean.output
    assert korean.stdout == team.run("report", "--by", "week", "--json").stdout


def test_help_breaks_a_slashed_list_after_a_slash_not_inside_a_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    shown = run("--lang", "ko", "note", "--help").stdout
    words = " ".join(line.strip("│ ") for line in _lines(shown))
    for word in ("카카오톡/", "메시지/", "메세지,", "이메일/메일,"):
        assert re.search(rf"(^|[\s/]){word}", words), shown  # whole, not `카카오톡/메` / `시지`


def test_an_unreadable_since_lists_korean_forms_in_korean(team: Team) -> None:
    done = team.run("--lang", "ko", "search", "자료", "--since", "zzz")
    assert done.exit_code == 2, done.output
    assert "월요일, 지난주 월요일, 3주 전처럼" in done.stderr, done.stderr
    assert "monday" not in done.stderr
