"""In Korean, click's own usage errors and every --help are Korean too (issue 13.7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, Team, run


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["note", "김민수", "--bogus"], "오류: 없는 옵션입니다: --bogus"),
        (["add"], "오류: 'name' 인자가 필요합니다"),
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
