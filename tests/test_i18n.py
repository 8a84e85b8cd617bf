"""A Korean interface: with LANG=ko_KR.UTF-8, `language: ko` or `--lang ko`, the daily
commands speak Korean; English stays the default. One gettext catalogue, checked here."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import PROJECT, TODAY, Outcome, Team
from handover import errors

LOCALE = PROJECT / "src" / "handover" / "locale" / "ko" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def ago(days: int) -> str:
    return f"{(TODAY - dt.timedelta(days=days)).isoformat()} 10:00"


def catalogue() -> object:
    with (LOCALE / "handover.po").open("rb") as file:
        return read_po(file)


def test_the_compiled_catalogue_matches_its_source() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())  # type: ignore[arg-type]
    assert (LOCALE / "handover.mo").read_bytes() == compiled.getvalue(), "run `make messages`"


def test_every_message_in_the_code_has_a_korean_translation() -> None:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(PROJECT / "src" / "handover"), keywords=keywords
        )
    }
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0]): m.string
        for m in catalogue()  # type: ignore[attr-defined]
        if m.id
    }
    missing = sorted(m for m in found if not translated.get(m))
    assert missing == [], "add these to handover.po, then `make messages`"


def _subclasses(cls: type) -> set[str]:
    return {cls.__name__}.union(*(_subclasses(sub) for sub in cls.__subclasses__()))


USER_ERRORS = _subclasses(errors.HandoverError)


def _literal_text(node: ast.expr) -> bool:
    """English written straight into the call: a literal, an f-string, or one glued or
    chosen (`a if x else b`) from them; `_()` (or a variable holding its result) is not."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) or _literal_text(node.orelse)
    return False


def test_every_error_and_hint_a_user_reads_goes_through_the_catalogue() -> None:
    """A message or hint of a HandoverError written as a plain string would stay English
    in Korean (`오류: --alarm: 'xx' is not a duration`): each must be `_()`."""
    untranslated = []
    for path in sorted((PROJECT / "src" / "handover").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name not in USER_ERRORS:
                continue
            texts = [
                *node.args[:1],
                *(k.value for k in node.keywords if k.arg in ("message", "hint")),
            ]
            if any(_literal_text(text) for text in texts):
                untranslated.append(f"{path.relative_to(PROJECT)}:{node.lineno}: {name}")
    assert untranslated == [], "wrap these in _() and translate them in handover.po"


def test_translations_keep_every_placeholder() -> None:
    for message in catalogue():  # type: ignore[attr-defined]
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else message.string
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(source)) | {
                "count"
            }, source
            assert set(PLACEHOLDER.findall(source)) - {"count"} <= set(
                PLACEHOLDER.findall(string)
            ), source


@pytest.fixture
def clinic(team: Team) -> Team:
    """A Korean customer with an overdue promise, a complaint, a bad moment and a fact."""
    for args in (
        ("add", "김민수", "--kind", "doctor", "--owner", "sylee", "--org", "서울중앙내과의원"),
        ("remember", "김민수", "수요일 오후 방문 금지"),
        (
            "note",
            "김민수",
            "-s",
            "처방 조건 논의",
            "-c",
            "visit",
            "-r",
            "3",
            "--at",
            ago(20),
            "--promise",
            f"신장 용량 자료 전달 by {ago(12)[:10]}",
            "--next",
            ago(5)[:10],
        ),
        (
            "note",
            "김민수",
            "-s",
            "샘플 지연 불만",
            "-c",
            "phone",
            "-r",
            "0",
            "--at",
            ago(3),
            "--complaint",
            "샘플이 2주째 안 옴",
        ),
    ):
        done = team.run(*args)
        assert done.exit_code == 0, done.output
    return team


def korean(team: Team, *args: str, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    return team.run(*args)


IDS = re.compile(r"gim-minsu(#\d+)?|sylee|jpark|\d{4}-\d{2}-\d{2}|[0-9a-f]{7}")


def test_the_korean_brief_has_no_english_label_left(
    clinic: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = korean(clinic, "brief", "김민수", monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert "건강도" in done.stdout and "미결 항목 (2)" in done.stdout
    assert "약속 gim-minsu#1 12일 연체" in done.stdout  # the health reason, in Korean order
    assert "최근 접점     " in done.stdout and "(3일 전) · 전화 · 0 매우 나쁨" in done.stdout
    assert "꼭 기억할 것" in done.stdout and "다음 접점     " in done.stdout
    english = re.findall(r"[A-Za-z]{2,}", IDS.sub("", done.stdout))
    assert english == [], done.stdout


def test_the_same_brief_in_english_by_default(clinic: Team) -> None:
    done = clinic.run("brief", "김민수")
    assert done.exit_code == 0, done.output
    assert "promise gim-minsu#1 overdue by 12 days" in done.stdout
    assert "Last contact" in done.stdout and "3 days ago" in done.stdout
    assert "건강도" not in done.stdout


@pytest.mark.parametrize(
    ("args", "korean_words", "english_words"),
    [
        (["open"], ["항목", "고객", "유형", "약속", "불만", "미결 2건"], ["item", "open items"]),
        (["health"], ["건강도", "이유", "불만 gim-minsu#2"], ["why", "complaint"]),
        (["agenda", "--days", "14"], ["언제", "지금", "건강도 0"], ["when", "now"]),
        (["list"], ["고객", "아이디", "의사", "고객 1명"], ["customer", "doctor"]),
        (["search", "샘플"], ["위치", "기록", "결과 "], ["where", "result"]),
        (["history", "김민수"], ["언제", "누가", "최신순"], ["when", "newest first"]),
    ],
)
def test_the_team_views_speak_korean(
    clinic: Team,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    korean_words: list[str],
    english_words: list[str],
) -> None:
    english = clinic.run(*args)
    assert english.exit_code == 0, english.output
    assert all(word in english.stdout for word in english_words), english.stdout
    done = korean(clinic, *args, monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert all(word in done.stdout for word in korean_words), done.stdout
    assert not any(word in done.stdout for word in english_words), done.stdout


def test_note_and_resolve_confirm_in_korean(clinic: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    done = korean(
        clinic,
        "note",
        "김민수",
        "-s",
        "자료 전달",
        "-c",
        "email",
        "--request",
        "환자용 안내문",
        monkeypatch=monkeypatch,
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("김민수 이메일 기록 → customers/gim-minsu/notes/")
    assert "새 항목: gim-minsu#3" in done.stdout
    done = korean(clinic, "resolve", "gim-minsu#3", "메일로 보냄", monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == "김민수: gim-minsu#3 해결 (요청: 환자용 안내문)"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["brief", "없는사람"], "오류: '없는사람'에 맞는 고객이 없습니다\n  도움말: "),
        (["resolve", "gim-minsu#9", "됨"], "오류: gim-minsu#9 항목이 없습니다 (이 고객의 항목: "),
        (["resolve", "gim-minsu#2", "됨", "--by", "nobody"], "오류: 모르는 담당자: 'nobody'"),
        (["search", "처방", "--rep", "nobody"], "오류: 모르는 담당자: 'nobody'"),
        (["note", "김민수", "-s", " "], "오류: 기록에는 요약이 있어야 합니다\n  도움말: --summary"),
        (["list", "--lang", "fr"], "error: --lang: 'fr' is not one of: ko, en"),
    ],
)
def test_errors_and_hints_are_in_korean(
    clinic: Team, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    before = clinic.files()
    done = korean(clinic, *args, monkeypatch=monkeypatch)
    assert done.exit_code == 2, done.output
    assert done.stderr.startswith(said), done.stderr
    assert clinic.files() == before


def test_readiness_speaks_korean(clinic: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    done = korean(clinic, "readiness", "--rep", "sylee", monkeypatch=monkeypatch)
    assert done.exit_code == 0, done.output
    assert "인계 준비도" in done.stdout and "담당 고객 전체의 빈틈" in done.stdout
    assert "관계자 없음" in done.stdout and "김민수 고객이 언제 어떻게 연락받기를" in done.stdout
    monkeypatch.setenv("LANG", "C.UTF-8")
    english = clinic.run("readiness", "--rep", "sylee")
    assert "Gaps in the book" in english.stdout and "no related people" in english.stdout


def test_the_language_is_chosen_by_flag_env_team_file_then_locale(
    clinic: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    def health_header(*args: str) -> str:
        done = clinic.run("health", *args)
        assert done.exit_code == 0, done.output
        return done.stdout.split()[0]

    assert health_header() == "health"
    assert health_header("--lang", "ko") == "건강도"  # after the command, too
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert health_header() == "건강도"
    assert health_header("--lang", "en") == "health"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    config = clinic.root / "handover.yaml"
    config.write_text(config.read_text("utf-8") + "language: ko\n", encoding="utf-8")
    assert health_header() == "건강도"  # the team file beats the locale
    monkeypatch.setenv("HANDOVER_LANG", "en")
    assert health_header() == "health"  # a person's own choice beats the team file
    wrong = clinic.run("health", "--lang", "fr")
    assert wrong.exit_code == 2 and "--lang: 'fr'" in wrong.stderr


def test_english_never_reads_the_catalogue_and_korean_reads_it_once() -> None:
    probe = (
        "import sys, handover.i18n as i18n\n"
        "i18n.choose(None, {'LANG': sys.argv[1]})\n"
        "i18n._('Owner')\n"
        "print(type(i18n._Choice.catalogue).__name__, 'gettext' in sys.modules, i18n._('Owner'))\n"
    )
    for lang, expected in (
        ("C.UTF-8", "NoneType False Owner"),
        ("ko_KR.UTF-8", "GNUTranslations True 담당자"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, lang], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == expected


def test_the_catalogue_ships_in_the_package() -> None:
    assert (Path(__file__).parents[1] / "src/handover/locale/ko/LC_MESSAGES/handover.mo").is_file()
