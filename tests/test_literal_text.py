"""What people wrote is shown literally: never as rich markup, never as terminal control codes."""

from __future__ import annotations

import pytest

from conftest import Team

HOSTILE = "[red]빨강[/red] [link=http://evil.example]click[/link] \x1b[2J \x1b]52;c;aGk=\x07 [/b]"
SHOWN = r"[red]빨강[/red] [link=http://evil.example]click[/link] \x1b[2J \x1b]52;c;aGk=\x07 [/b]"


@pytest.fixture
def hostile(team: Team) -> Team:
    """A customer whose name, note, complaint and fact all hold markup and escape codes."""
    for args in (
        ("add", "김[/b]민수", "--kind", "doctor", "--id", "gim-minsu"),
        ("note", "gim-minsu", "-s", HOSTILE, "--complaint", f"불만 {HOSTILE}"),
        ("remember", "gim-minsu", f"사실 {HOSTILE}"),
    ):
        done = team.run(*args)
        assert done.exit_code == 0, done.output
    return team


def test_a_note_with_markup_and_escape_codes_is_shown_as_written(hostile: Team) -> None:
    done = hostile.run("brief", "gim-minsu")
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.output and "\x07" not in done.output
    assert "김[/b]민수 (gim-minsu)" in done.stdout
    assert f"사실 {SHOWN}" in done.stdout
    assert f"불만 {SHOWN}" in " ".join(done.stdout.split())
    assert "[red]빨강[/red]" in done.stdout and "[link=http://evil.example]" in done.stdout


@pytest.mark.parametrize(
    "command",
    [("open",), ("list",), ("health",), ("search", "빨강"), ("history", "gim-minsu")],
)
def test_every_team_view_shows_markup_literally_instead_of_crashing(
    hostile: Team, command: tuple[str, ...]
) -> None:
    done = hostile.run(*command)
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.output
    assert "[/b]" in done.stdout


def test_adding_and_noting_with_a_closing_tag_succeed_once(team: Team) -> None:
    before = len(team.commits())
    added = team.run("add", "[/b]김", "--kind", "doctor", "--id", "kim")
    assert added.exit_code == 0, added.output
    assert "[/b]김" in added.stdout
    noted = team.run("note", "kim", "-s", "[/b] 처방 [bold]논의", "--promise", "[/i]샘플")
    assert noted.exit_code == 0, noted.output
    assert "Noted visit with [/b]김" in noted.stdout
    assert len(team.commits()) == before + 2  # one commit each: a retry is never needed


def test_brief_markdown_escapes_markdown_and_html_like_the_pack(hostile: Team) -> None:
    hostile.run("note", "gim-minsu", "-s", "<script>alert(1)</script> | **굵게** # 제목")
    done = hostile.run("brief", "gim-minsu", "--markdown")
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.stdout
    assert r"\<script\>alert(1)\</script\> \| \*\*굵게\*\* # 제목" in done.stdout
    assert r"# 김\[/b\]민수 (gim-minsu)" in done.stdout
    assert r"\x1b\[2J" in done.stdout
    pack = hostile.run("export", "--customer", "gim-minsu")
    assert pack.exit_code == 0, pack.output
    assert r"\<script\>alert(1)\</script\> \| \*\*굵게\*\* # 제목" in pack.stdout


def test_a_rep_name_with_markup_is_shown_literally_by_transfer(team: Team) -> None:
    added = team.run("rep", "add", "mchoi", "--name", "[bold]최민호[/bold]", "--email",
                     "mchoi@example.com")  # fmt: skip
    assert added.exit_code == 0, added.output
    # `rep add` refuses control characters; a hand edit of handover.yaml can still carry one
    config = team.root / "handover.yaml"
    text = config.read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if "최민호" in line)
    hand_edited = name_line.split(":", 1)[0] + ': "[bold]최민호[/bold] \\e[31m"'
    config.write_text(text.replace(name_line, hand_edited), encoding="utf-8")
    team.git("commit", "-qam", "a hand edit")
    team.run("add", "김민수", "--kind", "doctor")
    done = team.run("transfer", "김민수", "--to", "mchoi", "--reason", "[/b] 재배치")
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.output
    brief = team.run("brief", "김민수")
    assert "[bold]최민호[/bold] \\x1b[31m" in brief.stdout


def test_an_error_about_a_name_shows_its_escape_codes(team: Team) -> None:
    done = team.run("brief", "\x1b]52;c;aGk=\x07")
    assert done.exit_code == 2, done.output
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert r"\x1b]52;c;aGk=\x07" in done.stderr
