"""What a Korean rep meets at 60 and 80 columns (issue 13): types in Korean,
nothing that must be copied is cut or broken, no English word left in a Korean message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import PROJECT, Team, run


def korean(team: Team, width: int, *args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    done = team.run("--lang", "ko", *args)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("history", "<숫자> [1 이상]"),
        ("search", "<숫자> [1 이상]"),
        ("readiness", "<숫자> [0–100]"),
    ],
)
def test_a_number_option_says_its_range_in_korean(
    command: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    done = run("--lang", "ko", command, "--help")
    assert done.exit_code == 0, done.output
    assert shown in done.stdout, done.stdout
    assert "range" not in done.stdout and "x>=" not in done.stdout and "<=x" not in done.stdout
    assert "<int range> [x>=1]" in run(command, "--help").stdout or command == "readiness"


@pytest.mark.parametrize("width", [60, 80])
def test_an_option_name_is_never_cut_in_help(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    done = run("--lang", "ko", "--help")
    assert done.exit_code == 0, done.output
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout
    assert "…" not in done.stdout, done.stdout
    assert max(cell_len(line) for line in done.stdout.splitlines()) <= width, done.stdout


def test_an_item_opened_today_is_today_in_the_open_list(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    assert team.run("note", "김민수", "-s", "자료", "--promise", "샘플 전달").exit_code == 0
    shown = korean(team, 100, "open", monkeypatch=monkeypatch)
    assert re.search(r"gim-minsu#1\s+김민수\s+약속\s+오늘\s", shown), shown
    assert "0일" not in shown
    english = team.run("open").stdout
    assert re.search(r"gim-minsu#1\s+김민수\s+promise\s+today\s", english), english


def test_a_korean_message_lists_korean_words_not_english_ones(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    channel = team.run("--lang", "ko", "note", "김민수", "-c", "팩스", "-s", "안부")
    assert channel.exit_code == 2, channel.output
    assert "방문, 전화/통화, 이메일/메일, 문자/" in channel.stderr, channel.stderr
    assert "visit" not in channel.stderr and "phone" not in channel.stderr
    sheet = tmp_path / "crm.csv"
    sheet.write_text(
        "이름,회사,직책,담당자,휴대폰,구분\n박지원,서울약국,약사,sylee,010-1111-2222,약사\n"
        "최수정,동네의원,원장,sylee,010-3333-4444,외계인\n",
        encoding="utf-8",
    )
    shown = korean(
        team, 100, "import", str(sheet), "--skip-bad", "--dry-run", monkeypatch=monkeypatch
    )
    assert "알 수 없는 유형 '외계인' (다음 중 하나: 의사, 약사," in shown, shown
    assert "이름, 유형, 소속, " in shown, shown
    for english in ("doctor", "pharmacist", "organisation", "owner", "contacts"):
        assert english not in shown, shown


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


@pytest.mark.parametrize("width", [60, 80])
def test_rep_list_and_import_never_cut_an_id_a_row_or_a_territory(
    width: int, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    reps = run("--lang", "ko", "rep", "list", "--dir", str(PROJECT / "profiles"))
    assert reps.exit_code == 0, reps.output
    assert "…" not in reps.stdout and widest(reps.stdout) <= width, reps.stdout
    assert "International clinics" in " ".join(reps.stdout.split()), reps.stdout
    sheet = tmp_path / "거래처목록.csv"
    sheet.write_text(
        "이름,회사,직책,담당자,휴대폰\n박지원,서울중앙국제약국,약사,sylee,010-1111-2222\n"
        "강민수,강남국제의료재단부설의원,원장,sylee,010-3333-4445\n",
        encoding="utf-8",
    )
    shown = korean(team, width, "import", str(sheet), "--dry-run", monkeypatch=monkeypatch)
    assert "…" not in shown, shown
    assert re.search(r"bak-jiwon +박지원 +거래처목록\.csv:2\b", shown), shown
    assert re.search(r"gang-minsu +강민수 +거래처목록\.csv:3\b", shown), shown
    assert "이름, 유형, 소속, 직책, 담당, 연락처" in " ".join(shown.split()), shown


@pytest.mark.parametrize("width", [60, 80])
def test_readiness_puts_each_command_to_copy_whole_on_one_line(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    demo = str(PROJECT / "profiles")
    shown = ""
    for rep in ("jpark", "sylee"):
        done = run("--lang", "ko", "readiness", "--rep", rep, "--dir", demo)
        assert done.exit_code in (0, 1), done.output
        shown += done.stdout
    lines = [line.strip() for line in shown.splitlines()]
    assert 'handover remember gwon-hyejin "…"' in lines, shown
    assert "handover note gwon-hyejin … --next 날짜" in lines, shown
    assert 'handover resolve o-junyeong#3 "…"' in lines, shown
    assert all(cell_len(line) <= width for line in shown.splitlines()), shown
    wide = run("--lang", "ko", "readiness", "--rep", "jpark", "--dir", demo, "--json")
    assert ': handover remember gwon-hyejin \\"…\\"' in wide.stdout  # the advice itself is whole


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_commands_list_breaks_a_summary_only_where_its_column_ends(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    done = run("--lang", language, "--help")
    assert done.exit_code == 0, done.output
    alone = re.findall(r"^│ {13}(\S*[^\s.]) *│$", done.stdout, re.MULTILINE)  # `pull`, `in`
    assert alone == [], done.stdout
    if language == "ko":
        assert "pull --rebase, push." in done.stdout and "메모, 해결, 정정," in done.stdout


@pytest.mark.parametrize("width", [60, 80])
def test_digest_on_a_terminal_wraps_under_its_text_and_piped_keeps_one_line_each(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = str(PROJECT / "profiles")
    monkeypatch.setenv("COLUMNS", str(width))
    done = run("--lang", "ko", "digest", "--rep", "sylee", "--dir", demo)
    assert done.exit_code == 0, done.output
    assert widest(done.stdout) <= width, done.stdout
    lines = done.stdout.splitlines()
    first = next(n for n, line in enumerate(lines) if "gim-minsu#8 약속:" in line)
    under = cell_len(lines[first][: lines[first].index("gim-minsu#8")])
    following = lines[first + 1]
    assert len(following) - len(following.lstrip()) == under, done.stdout  # under its text
    monkeypatch.delenv("COLUMNS")
    piped = run("--lang", "ko", "digest", "--rep", "sylee", "--dir", demo)
    assert "gim-minsu#8 약속: eGFR 30 미만 환자 용량 임상 자료(원문) 전달\n" in piped.stdout
    assert " · 김민수 · gim-minsu#8" in piped.stdout, piped.stdout
