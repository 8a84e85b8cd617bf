"""A rep says how they met in Korean (`-c 전화`); the note stores the channel's English key."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import Team
from handover.format.channels import CHANNEL_WORDS


@pytest.fixture
def minsu(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor")
    assert added.exit_code == 0, added.output
    return team


def notes(team: Team) -> list[Path]:
    return sorted((team.root / "customers/gim-minsu/notes").glob("*/*.yaml"))


def channel_of(path: Path) -> str:
    return str(YAML(typ="safe").load(path.read_text(encoding="utf-8"))["channel"])


@pytest.mark.parametrize(
    ("word", "stored"),
    [("방문", "visit"), ("전화", "phone"), ("이메일", "email"), ("메일", "email"),
     ("문자", "message"), ("카톡", "message"), ("메시지", "message"), ("화상", "video"),
     ("행사", "event"), ("기타", "other"), ("Phone", "phone")],
)  # fmt: skip
def test_a_korean_channel_word_is_stored_as_the_channel(
    minsu: Team, word: str, stored: str
) -> None:
    done = minsu.run("note", "김민수", "-c", word, "-s", "안부")
    assert done.exit_code == 0, done.output
    (path,) = notes(minsu)
    assert channel_of(path) == stored
    assert minsu.commits()[0] == f"note: 김민수 — {stored}"


def test_an_unknown_channel_lists_the_korean_words(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-c", "팩스", "-s", "안부")
    assert done.exit_code == 2, done.output
    assert "unknown channel '팩스'" in done.stderr
    assert "phone (전화/통화)" in done.stderr
    assert notes(minsu) == []


def test_help_lists_every_korean_channel_word(minsu: Team) -> None:
    shown = " ".join(minsu.run("note", "--help").stdout.split())
    for word in CHANNEL_WORDS:
        assert word in shown, word


def test_the_editor_template_takes_a_korean_channel(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.sh"
    script.write_text(
        "#!/bin/sh\n"
        "grep -q '^# channel: visit (방문), phone (전화/통화)' \"$1\" || exit 3\n"
        "sed -i 's/^channel: .*/channel: 전화/; s/^summary: |/summary: 전화 안부/' \"$1\"\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    done = minsu.run("note", "김민수")
    assert done.exit_code == 0, done.output
    (path,) = notes(minsu)
    assert channel_of(path) == "phone"


def test_amend_takes_a_korean_channel(minsu: Team) -> None:
    assert minsu.run("note", "김민수", "-s", "안부").exit_code == 0
    done = minsu.run("amend", "김민수", "-c", "화상")
    assert done.exit_code == 0, done.output
    records = [YAML(typ="safe").load(p.read_text(encoding="utf-8")) for p in notes(minsu)]
    (correction,) = [r for r in records if r["kind"] == "correction"]
    assert correction["changes"] == {"channel": "video"}
