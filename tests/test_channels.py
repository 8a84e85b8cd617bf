"""A rep says how they met in Korean (`-c 전화`); the note stores the channel's English key."""

from __future__ import annotations

import re
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


def test_a_korean_rep_fills_the_korean_template_in_their_editor(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Korean the template's keys, comments and channel words are Korean; what a Korean
    rep writes there (`평가: 3 좋음`, `다음 접점: 다음주 화요일`, `…까지`) is read back."""
    shown = tmp_path / "template.txt"
    script = tmp_path / "editor.sh"
    script.write_text(
        "#!/bin/sh\n"
        f'cp "$1" "{shown}"\n'
        "python3 - \"$1\" <<'PY'\n"
        "import sys\n"
        "p = sys.argv[1]\n"
        "t = open(p, encoding='utf-8').read()\n"
        "for old, new in (('채널: 방문', '채널: 전화'), ('평가: ', '평가: 3 좋음'),\n"
        "                 ('다음 접점: ', '다음 접점: 다음주 화요일'),\n"
        "                 ('약속: []', '약속: [샘플 전달 금요일까지]'),\n"
        "                 ('기억할 것: []', '기억할 것: [오전 통화 선호]'),\n"
        "                 ('요약: |\\n  ', '요약: |\\n  보험 기준 문의')):\n"
        "    t = t.replace('\\n' + old, '\\n' + new, 1)\n"
        "open(p, 'w', encoding='utf-8').write(t)\n"
        "PY\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    done = minsu.run("--lang", "ko", "note", "김민수")
    assert done.exit_code == 0, done.output
    template = shown.read_text(encoding="utf-8")
    assert "# 채널: 방문, 전화/통화, 이메일/메일" in template
    assert "\n요약: |\n" in template and "\n약속: []  # 하나마다 항목이 생깁니다" in template
    assert re.findall(r"[A-Za-z]{2,}", re.sub(r"gim-minsu|by 2026-12-05", "", template)) == []
    records = [YAML(typ="safe").load(p.read_text(encoding="utf-8")) for p in notes(minsu)]
    (note,) = [r for r in records if "summary" in r]
    assert (note["channel"], note["rating"], note["summary"]) == ("phone", 3, "보험 기준 문의")
    assert note["next_contact"] == "2026-12-08"  # 다음주 화요일 from Wednesday 2026-12-02
    assert [(i["kind"], i["text"], i["due"]) for i in note["opens"]] == [
        ("promise", "샘플 전달", "2026-12-04")
    ]
    assert "오전 통화 선호" in minsu.run("brief", "김민수").stdout
