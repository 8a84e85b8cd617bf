"""--help at any width keeps every character, by display cells, in Korean and English (13)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.main import get_command

from conftest import Team, run
from handover import i18n
from handover.cli.app import app
from handover.cli.help_screen import filled

BOX = re.compile(r"[\s│╭╮╰╯─]")


def help_texts(command: str, language: str) -> Iterator[str]:
    """Every option's and argument's help of a command, as the language says it."""
    i18n.choose(language, {})
    try:
        for param in get_command(app).commands[command].params:  # type: ignore[attr-defined]
            if param.help:
                yield filled(i18n._(param.help))
    finally:
        i18n.reset()


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("command", ["note", "open"])
def test_help_wraps_by_cells_and_loses_no_character(
    command: str, language: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    done = run("--lang", language, command, "--help")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width, done.stdout
    shown = BOX.sub("", done.stdout)
    for text in help_texts(command, language):
        assert BOX.sub("", text) in shown, f"{text!r} lost characters at {width}:\n{done.stdout}"
    assert "…" not in done.stdout.replace("'…", ""), done.stdout


def test_korean_help_names_types_arguments_and_the_help_option_in_korean() -> None:
    done = run("--lang", "ko", "note", "--help")
    assert done.exit_code == 0, done.output
    assert "사용법: handover note [옵션] [고객]" in done.stdout
    assert "이 도움말을 보여 주고 끝냅니다." in done.stdout
    assert "<텍스트>" in done.stdout and "<숫자>" in done.stdout
    for english in ("Show this message", "<bool>", "<str>", "<int>", "list[", "<dir>", "TEXT"):
        assert english not in done.stdout, english
    due = run("--lang", "ko", "item", "due", "--help")
    assert "사용법: handover item due [옵션] {항목} {날짜}" in due.stdout, due.stdout
    english = run("note", "--help")
    assert "Show this message and exit." in english.stdout and "[customer]" in english.stdout


@pytest.mark.parametrize(
    ("command", "word"), [("note", "방문"), ("add", "기타"), ("import", "기타")]
)
def test_a_default_that_is_a_word_is_shown_in_korean(command: str, word: str) -> None:
    done = run("--lang", "ko", command, "--help")
    assert done.exit_code == 0, done.output
    assert f"[기본: {word}]" in done.stdout, done.stdout
    assert "[기본: visit]" not in done.stdout and "[기본: other]" not in done.stdout
    english = run(command, "--help")
    assert re.search(r"\[default: (visit|other)\]", english.stdout), english.stdout


def test_import_takes_the_korean_kind_its_help_shows(team: Team, tmp_path: Path) -> None:
    sheet = tmp_path / "crm.csv"
    sheet.write_text("이름,회사\n박지원,서울약국\n", encoding="utf-8")
    done = team.run("--lang", "ko", "import", str(sheet), "--kind", "기타", "--json")
    assert done.exit_code == 0, done.output
    assert "kind: other\n" in (team.root / "customers/bak-jiwon/profile.yaml").read_text("utf-8")
