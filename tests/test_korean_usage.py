"""In Korean, click's own usage errors and every --help are Korean too (issue 13.7)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, Team, run


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["note", "김민수", "--bogus"], "오류: 없는 옵션입니다: --bogus"),
        (["add"], "오류: '이름' 인자가 필요합니다"),
        (
            ["note", "김민수", "--rating", "많이"],
            "오류: '--rating' / '-r' 값이 올바르지 않습니다: 정수",
        ),
        (["nosuch"], "오류: 없는 명령입니다: 'nosuch'"),
        (["list", "extra"], "오류: 필요 없는 인자가 있습니다: extra"),
        (["brief", "김민수", "--since"], "오류: '--since' 옵션에 값이 필요합니다"),
    ],
)
def test_a_usage_mistake_is_explained_in_korean(args: list[str], said: str) -> None:
    done = run("--lang", "ko", *args)
    assert done.exit_code == 2, done.output
    assert said in done.stderr
    assert "  도움말: 'handover" in done.stderr
    if args[0] == "note":
        assert "사용법: handover note [옵션]" in done.stderr
    for english in ("No such", "Missing", "Invalid value", "Try ", "Usage:", "Error", "Got "):
        assert english not in done.stderr, done.stderr


def test_a_usage_mistake_stays_english_by_default(team: Team) -> None:
    done = team.run("note", "김민수", "--bogus")
    assert done.exit_code == 2, done.output
    assert "No such option: --bogus" in done.stderr


def run_installed(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "COLUMNS": "100"}
    handover = str(Path(sys.executable).parent / "handover")
    return subprocess.run(
        [handover, *args], capture_output=True, text=True, env=env, cwd=PROJECT, check=False
    )


def test_help_is_korean_under_a_korean_locale() -> None:
    done = run_installed("note", "--help", lang="ko_KR.UTF-8")
    assert done.returncode == 0, done.stderr
    assert "고객을 만난 뒤 그 순간을 기록합니다" in done.stdout
    assert "사용법: handover note [옵션]" in done.stdout
    assert "╭─ 옵션 " in done.stdout
    assert "Log a moment" not in done.stdout
    english = run_installed("note", "--help", lang="C.UTF-8")
    assert "Log a moment with a customer" in english.stdout


def test_help_follows_the_team_files_language(team: Team) -> None:
    config = team.root / "handover.yaml"
    config.write_text(config.read_text("utf-8") + "language: ko\n", encoding="utf-8")
    done = run_installed("brief", "--help", "--dir", str(team.root), lang="C.UTF-8")
    assert done.returncode == 0, done.stderr
    assert "누구인지, 꼭 기억할 것" in done.stdout
    chosen = run_installed("--lang", "en", "brief", "--help", "--dir", str(team.root), lang="C")
    assert "Who this is, what never to forget" in chosen.stdout


def test_every_help_text_has_a_korean_translation() -> None:
    sys.path.insert(0, str(PROJECT / "scripts"))
    from babel.messages.pofile import read_po
    from babel_help import help_texts

    po = PROJECT / "src/handover/locale/ko/LC_MESSAGES/handover.po"
    with po.open("rb") as file:
        translated = {m.id: m.string for m in read_po(file) if m.id}
    missing = [text for text in help_texts() if not translated.get(text)]
    assert not missing, "run `make messages` and translate: " + repr(missing[:3])


# --- 13.7d: the daily commands leave no English word in Korean --------------------------------

ALLOWED = re.compile(
    r"[a-z][a-z0-9-]*#\d+"  # item references
    r"|\b[a-z]+(?:-[a-z0-9]+)+\b"  # customer ids (gim-minsu)
    r"|(?:sylee|jpark|hkim)"  # rep ids
    r"|[\w.+-]+@[\w.-]+"  # emails
    r"|(?:customers|notes)/\S*|\S+\.(?:yaml|ics|csv|md)\b"  # paths
    r"|handover(?: [a-z-]+(?!\d))*|--[a-z-]+|\$[A-Z_]+|git(?: [a-z-]+(?!\d))*"  # commands, options
    r"|(?<![0-9A-Za-z])[0-9a-f]{6,40}(?![0-9A-Za-z])"  # commits, note ids (a particle may follow)
    r"|\b(?:related|preferences|never_forget):"  # profile keys, as the file spells them
    r"|Emily Carter|\bURL\b|\bREP\b|\borigin\b"  # data and placeholders
    r"|\[[a-z_]+\]"  # the argument of a usage line (typer names it after the parameter)
)
"""What may stay Latin in a Korean screen: ids, references, emails, paths, commands, data."""


def english_words(text: str) -> list[str]:
    """Latin words left once the allowed ones, diff lines (file content) and commit subjects
    (what git records) are taken out."""
    said = [
        line.split("커밋: ")[0]
        for line in text.splitlines()
        if not line.startswith(("+", "-", "@@", " kind:", " never_forget:"))
    ]
    return re.findall(r"[A-Za-z]{2,}", ALLOWED.sub("", "\n".join(said)))


def test_the_daily_commands_say_nothing_in_english(team: Team) -> None:
    def korean(*args: str, code: int = 0) -> str:
        done = team.run("--lang", "ko", *args)
        assert done.exit_code == code, done.output
        left = english_words(done.output)
        assert left == [], f"{args}: {left}\n{done.output}"
        return done.output

    assert "담당자 추가: 김하늘 (hkim)" in korean(
        "rep", "add", "hkim", "--name", "김하늘", "--email", "hkim@example.com"
    )
    assert "김민수 고객 추가: gim-minsu" in korean("add", "김민수", "--kind", "doctor")
    korean("add", "Emily Carter", "--kind", "purchasing")
    assert "김민수 고객의 꼭 기억할 것: 수요일 오후 방문 금지" in korean(
        "remember", "김민수", "수요일 오후 방문 금지"
    )
    korean("note", "김민수", "-s", "처방 조건 논의", "-c", "방문", "-r", "3",
           "--promise", "샘플 전달 금요일까지", "--next", "다음주 화요일")  # fmt: skip
    for args in (
        ("brief", "김민수", "--no-pager"),
        ("open", "--no-pager"),
        ("agenda",),
        ("digest",),
        ("health",),
        ("list", "--no-pager"),
        ("search", "처방을"),
        ("readiness", "--rep", "이서연"),
        ("transfer", "김민수", "--to", "김하늘", "--dry-run"),
        ("report",),
    ):
        korean(*args)
    assert "hkim에게 고객 1명 이관" in korean("transfer", "김민수", "--to", "김하늘")
    korean("resolve", "gim-minsu#1", "메일로 전달")
    assert "원격 저장소가 없습니다" in korean("sync")
    assert "이미 지난 날입니다" in korean("note", "김민수", "-s", "x", "--next", "어제", code=2)
    korean("brief", "없는사람", code=2)
    korean("note", "김민수", "--bogus", code=2)


# --- 13.7 trial: what changed, the history, search and the rep list are Korean ------------------


def test_brief_since_history_search_and_rep_list_speak_korean(team: Team) -> None:
    def korean(*args: str) -> str:
        done = team.run("--lang", "ko", *args)
        assert done.exit_code == 0, done.output
        subjects = re.sub(r"\((?:add|note|resolve): [^()]*\([^()]*\)\)", "", done.output)
        left = english_words(subjects)  # a commit subject is what git recorded, kept as is
        assert left == [], f"{args}: {left}\n{done.output}"
        return done.output

    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    korean("note", "김민수", "-s", "처방 논의", "-c", "visit",
           "--promise", "샘플 전달 금요일까지", "--promise", "자료 전달 금요일까지")  # fmt: skip
    korean("resolve", "gim-minsu#1", "메일로 전달")

    since = korean("brief", "김민수", "--since", "3일 전", "--no-pager")
    assert "3일 전 이후" in since
    assert "새로 생김 (2)" in since
    assert "새 기록 (1)" in since
    assert "프로필\n  그 뒤에 폴더에 추가됨" in since
    assert "gim-minsu#1 약속: 샘플 전달 · 2026-12-02 sylee 님이 당일 해결: 메일로 전달" in since

    history = korean("history", "김민수")
    assert "sylee  gim-minsu#1 해결: 메일로 전달" in history
    assert "sylee  방문: 처방 논의 · #1 약속, #2 약속 생김" in history

    assert "gim-minsu#1 해결됨" in korean("search", "샘플")
    reps = korean("rep", "list")
    assert "활동 중" in reps


@pytest.mark.parametrize(
    ("args", "usage"),
    [(["brief"], "사용법: handover brief [옵션]"), (["bogus"], "사용법: handover [옵션] 명령")],
)
def test_a_korean_usage_line_says_usage_once(args: list[str], usage: str) -> None:
    done = run("--lang", "ko", *args)
    assert done.exit_code == 2, done.output
    assert done.stderr.startswith(usage), done.stderr
    assert "사용법: 사용법" not in done.stderr


def test_a_korean_brief_labels_contacts_says_opened_today_and_amend_confirms(
    team: Team,
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(
        profile.read_text("utf-8")
        + "contacts:\n  mobile: '010-1234-5678'\n  office: '02-555-0100'\n  fax: '02-555-0101'\n"
        "  비서실: '내선 12'\n",
        encoding="utf-8",
    )
    noted = team.run("note", "김민수", "-s", "자료 요청", "-r", "3", "--complaint", "샘플 늦음")
    assert noted.exit_code == 0, noted.output

    brief = team.run("--lang", "ko", "brief", "김민수", "--no-pager")
    assert brief.exit_code == 0, brief.output
    assert "휴대폰: 010-1234-5678 · 사무실: 02-555-0100 · 팩스: 02-555-0101 · 비서실: 내선 12" in (
        brief.stdout
    )
    assert "gim-minsu#1 불만: 샘플 늦음 · 오늘 생김" in brief.stdout, brief.stdout
    assert "불만 gim-minsu#1 오늘 생김, 아직 답 없음" in brief.stdout, brief.stdout
    assert "0일" not in brief.stdout and "mobile" not in brief.stdout
    english = team.run("brief", "김민수", "--no-pager")
    assert "gim-minsu#1 complaint: 샘플 늦음 · opened today" in english.stdout, english.stdout
    assert "mobile: 010-1234-5678" in english.stdout and "0d" not in english.stdout
    assert "after 0d" not in team.run("brief", "김민수", "--since", "1d", "--no-pager").stdout

    amended = team.run("--lang", "ko", "amend", "김민수", "--rating", "2", "-s", "자료 요청함")
    assert amended.exit_code == 0, amended.output
    assert amended.stdout.split(" ", 1)[1] == "기록의 평가, 요약을 정정했습니다\n", amended.stdout
    assert english_words(amended.stdout.split(" ", 1)[1]) == [], amended.stdout


def test_import_names_each_row_in_korean(team: Team, tmp_path: Path) -> None:
    sheet = tmp_path / "crm.csv"
    sheet.write_text(
        "이름,회사,휴대폰,담당자,구분\n박지원,서울약국,010-1111-2222,sylee,약사\n"
        ",빈행,,,\n최수정,동네의원,010-3333-4444,nobody,의사\n",
        encoding="utf-8",
    )
    refused = team.run("--lang", "ko", "import", str(sheet))
    assert refused.exit_code == 3, refused.output
    assert "crm.csv:3:이름: 이름이 비어 있습니다" in refused.stderr
    assert "crm.csv:4:담당자: 알 수 없는 담당자 'nobody'" in refused.stderr
    assert "오류: 아무것도 가져오지 않았습니다: 잘못된 행 2개" in refused.stderr
    dry = team.run("--lang", "ko", "import", str(sheet), "--dry-run", "--skip-bad")
    assert dry.exit_code == 0, dry.output
    assert "추가 예정 1, 수정 예정 0, 그대로 0, 작성할 기록 0건, 잘못된 행 2개 건너뜀" in dry.stdout
    said = re.sub(r"name|kind|organisation|owner|contacts|nobody|/\S+", "", dry.output)
    assert english_words(said) == [], dry.output


def test_a_korean_markdown_brief_is_korean_and_still_escaped(team: Team) -> None:
    day = (TODAY - dt.timedelta(days=20)).isoformat()
    late, later = (TODAY - dt.timedelta(days=5)).isoformat(), (TODAY + dt.timedelta(days=9))
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    said = ["-c", "phone", "-s", "처방 | 조건 *논의*", "-r", "3", "--at", f"{day} 10:00"]
    promised = ["--next", late, "--promise", f"자료 전달 by {late}", "--promise", f"샘플 by {late}"]
    noted = team.run("note", "김민수", *said, *promised)
    assert noted.exit_code == 0, noted.output
    moved = team.run("item", "due", "gim-minsu#2", later.isoformat())
    assert moved.exit_code == 0, moved.output

    done = team.run("--lang", "ko", "brief", "김민수", "--markdown")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert "## 미결 항목 (2)" in lines and "## 꼭 기억할 것" in lines, done.stdout
    assert f"- **다음 접점:** {late} (5일 전) **연체**" in lines, done.stdout
    assert f"- **최근 접점:** {day} (20일 전) · 전화 · 3 좋음" in lines, done.stdout
    assert "- `gim-minsu#1` 약속: 자료 전달 · 20일째 미결 · **5일 연체**" in lines, done.stdout
    assert f"· 기한 {later} (원래 기한 {late})" in lines[lines.index("## 미결 항목 (2)") + 3]
    assert "| 날짜 | 기록자 | 채널 | 평가 | 요약 |" in lines, done.stdout
    assert "처방 \\| 조건 \\*논의\\*" in done.stdout  # escaped as before
    said = re.sub(r"^- ", "", done.stdout, flags=re.MULTILINE)
    assert english_words(said) == [], done.stdout


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "columns:\n  이름: name\n  담당: 담당자\n",
            "map.yaml:3:7: error: '담당' 열이 알 수 없는 필드 '담당자'에 대응됩니다 (columns.담당)",
        ),
        ("columns: {}\nowner: {}\n", "map.yaml:2:8: error: 알 수 없는 키 'owner' (owner)"),
        ("kinds: [의원]\n", "map.yaml:1:8: error: `kinds:`는 텍스트를 텍스트에 대응시키는 표여야"),
    ],
)
def test_a_bad_map_file_is_named_by_line_and_key_in_korean(
    team: Team, tmp_path: Path, written: str, said: str
) -> None:
    sheet, mapping = tmp_path / "crm.csv", tmp_path / "map.yaml"
    sheet.write_text("이름,담당\n박지원,sylee\n", encoding="utf-8")
    mapping.write_text(written, encoding="utf-8")
    done = team.run("--lang", "ko", "import", str(sheet), "--map", str(mapping))
    assert done.exit_code == 3, done.output
    assert said in done.stderr, done.stderr
    for english in ("maps to", "unknown", "must map", "hint", "fields:", "a map file"):
        assert english not in done.stderr, done.stderr
    assert not (team.root / "customers/bak-jiwon").exists()


def test_korean_help_and_hints_list_the_korean_kinds_they_take(team: Team) -> None:
    shown = run("--lang", "ko", "add", "--help")
    assert shown.exit_code == 0, shown.output
    assert "의사, 약사, 간호사, 구매 담당, 관리자, 사내, 기타" in re.sub(
        r"[\s│]+", " ", shown.stdout
    )
    refused = team.run("--lang", "ko", "open", "--kind", "약사")
    assert refused.exit_code == 2, refused.output
    assert "도움말: 다음 중 하나를 쓰세요: 요청, 불만, 약속, 질문" in refused.stderr, refused.stderr
    taken = team.run("--lang", "ko", "add", "박지원", "--kind", "구매 담당")
    assert taken.exit_code == 0, taken.output
    assert "kind: purchasing\n" in (team.root / "customers/bak-jiwon/profile.yaml").read_text()
