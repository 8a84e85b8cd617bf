"""`handover note`: a rep logs a moment in about fifteen seconds, from flags, stdin or $EDITOR."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import TODAY, Team


def notes_of(team: Team, customer_id: str = "gim-minsu") -> list[Path]:
    return sorted((team.root / "customers" / customer_id / "notes").glob("*/*.yaml"))


def read_note(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def only_note(team: Team, customer_id: str = "gim-minsu") -> dict[str, Any]:
    paths = notes_of(team, customer_id)
    assert len(paths) == 1, paths
    return read_note(paths[0])


def changed_in_last_commit(team: Team) -> list[str]:
    return team.git("show", "--name-only", "--format=", "HEAD").split()


def editor(tmp_path: Path, name: str, body: str) -> str:
    """A real $EDITOR: a small shell script that edits the file it is given."""
    script = tmp_path / name
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def minsu(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor", "--org", "서울중앙내과의원")
    assert added.exit_code == 0, added.output
    return team


def declare_vocabulary(team: Team, topics: list[str], materials: list[str]) -> None:
    config = team.root / "handover.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  topics: []", "  topics: [" + ", ".join(topics) + "]")
    text = text.replace("  materials: []", "  materials: [" + ", ".join(materials) + "]")
    config.write_text(text, encoding="utf-8")
    team.git("commit", "--quiet", "-am", "vocabulary")


# --- flags --------------------------------------------------------------------------------


def test_a_rep_logs_a_visit_in_korean_with_every_flag(minsu: Team) -> None:
    before = minsu.commits()
    done = minsu.run(
        "note", "김민수",
        "--channel", "visit",
        "--summary", "글루코핀 처방 조건 문의",
        "--topic", "Glucofin", "--topic", "신장 기능",
        "--material", "글루코핀 브로셔", "--material", "샘플",
        "--question", "신장 용량 조절은?", "--question", "부작용 빈도?",
        "--rating", "3",
        "--next", "2031-12-03",
        "--tag", "vip", "--tag", "신규처방",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Noted visit with 김민수" in done.stdout
    note = only_note(minsu)
    assert note["kind"] == "moment"
    assert note["by"] == "sylee"
    assert note["channel"] == "visit"
    assert note["summary"] == "글루코핀 처방 조건 문의"
    assert note["topics"] == ["Glucofin", "신장 기능"]
    assert note["materials"] == ["글루코핀 브로셔", "샘플"]
    assert note["questions"] == ["신장 용량 조절은?", "부작용 빈도?"]
    assert note["rating"] == 3
    assert str(note["next_contact"]) == "2031-12-03"
    assert note["tags"] == ["vip", "신규처방"]
    assert minsu.commits() == ["note: 김민수 — visit", *before]
    assert minsu.git("log", "-1", "--format=%an <%ae>").strip() == "이서연 <sylee@example.com>"
    path = notes_of(minsu)[0]
    assert changed_in_last_commit(minsu) == [str(path.relative_to(minsu.root))]
    assert re.fullmatch(r"\d{8}T\d{6}Z-sylee-[0-9a-f]+\.yaml", path.name)
    assert minsu.git("status", "--porcelain") == ""


def test_the_note_file_is_small_and_leaves_out_empty_fields(minsu: Team) -> None:
    done = minsu.run("note", "민수", "-c", "phone", "-s", "전화 안부")
    assert done.exit_code == 0, done.output
    note = only_note(minsu)
    assert set(note) == {"at", "by", "kind", "channel", "summary"}
    assert minsu.commits()[0] == "note: 김민수 — phone"


@pytest.mark.parametrize(("typed", "days"), [("+7d", 7), ("tomorrow", 1), ("2w", 14)])
def test_next_contact_accepts_relative_dates(minsu: Team, typed: str, days: int) -> None:
    done = minsu.run("note", "김민수", "-s", "방문", "--next", typed)
    assert done.exit_code == 0, done.output
    expected = TODAY + dt.timedelta(days=days)
    assert str(only_note(minsu)["next_contact"]) == expected.isoformat()


def test_a_visit_logged_the_evening_after_keeps_when_it_happened(minsu: Team) -> None:
    done = minsu.run(
        "note", "김민수", "-s", "어제 방문", "--at", "yesterday 16:00", "--next", "+7d"
    )
    assert done.exit_code == 0, done.output
    note = only_note(minsu)
    yesterday = TODAY - dt.timedelta(days=1)
    expected = dt.datetime.combine(yesterday, dt.time(16, 0)).astimezone()
    assert dt.datetime.fromisoformat(str(note["at"])) == expected
    # +7d counts from the day of the moment, not from the evening it was typed in
    assert str(note["next_contact"]) == (yesterday + dt.timedelta(days=7)).isoformat()
    assert notes_of(minsu)[0].parent.name == f"{yesterday.year:04d}"


def test_remember_during_a_note_is_recorded_in_the_same_commit(minsu: Team) -> None:
    before = minsu.commits()
    done = minsu.run(
        "note", "김민수", "-s", "원장님 면담", "--remember", "수요일 오후 방문 금지",
        "--remember", "라텍스 알레르기",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Remembered: 수요일 오후 방문 금지; 라텍스 알레르기" in done.stdout
    assert minsu.commits() == ["note: 김민수 — visit", *before]
    changed = changed_in_last_commit(minsu)
    assert len(changed) == 2
    assert all(path.startswith("customers/gim-minsu/notes/") for path in changed)
    brief = json.loads(minsu.run("brief", "김민수", "--json").stdout)
    assert brief["never_forget"][-2:] == ["수요일 오후 방문 금지", "라텍스 알레르기"]
    assert minsu.git("status", "--porcelain") == ""


def test_no_commit_writes_the_note_but_leaves_git_alone(minsu: Team) -> None:
    before = minsu.commits()
    done = minsu.run("note", "김민수", "-s", "커밋 없이", "--no-commit")
    assert done.exit_code == 0, done.output
    assert "commit" not in done.stdout
    assert only_note(minsu)["summary"] == "커밋 없이"
    assert minsu.commits() == before
    assert minsu.git("status", "--porcelain").startswith("?? customers/gim-minsu/notes/")


def test_summary_dash_reads_the_summary_from_stdin(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "--summary", "-", "-c", "phone", input="전화로 처방 문의\n")
    assert done.exit_code == 0, done.output
    assert only_note(minsu)["summary"] == "전화로 처방 문의"
    assert minsu.commits()[0] == "note: 김민수 — phone"


def test_a_multiline_summary_from_stdin_stays_readable(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "-", input="첫째 줄\n둘째 줄\n")
    assert done.exit_code == 0, done.output
    assert only_note(minsu)["summary"] == "첫째 줄\n둘째 줄\n"
    assert "summary: |" in notes_of(minsu)[0].read_text(encoding="utf-8")


def test_note_json_tells_a_program_what_was_written(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "JSON 확인", "-r", "4", "--json")
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert answer["customer"] == "gim-minsu"
    assert (minsu.root / answer["path"]).is_file()
    assert answer["note"] == Path(answer["path"]).stem
    assert answer["commit"] == minsu.git("rev-parse", "HEAD").strip()
    assert answer["record"]["summary"] == "JSON 확인"
    assert answer["record"]["rating"] == 4
    assert answer["record"]["by"] == "sylee"


# --- the editor ---------------------------------------------------------------------------


@pytest.fixture
def kept_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Editor templates go to tmp_path, so a kept file is easy to find and cleaned up."""
    folder = tmp_path / "editor-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_rep_writes_a_note_in_the_editor(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    seen = tmp_path / "seen.yaml"
    monkeypatch.setenv(
        "EDITOR",
        editor(
            tmp_path,
            "fill.sh",
            f'cp "$1" "{seen}"\n'
            "sed -i -e 's/^summary: |$/summary: 편집기로 쓴 메모/' -e 's/^rating: $/rating: 4/' "
            "-e 's/^topics: \\[\\]$/topics: [신장 기능]/' \"$1\"\n",
        ),
    )
    done = minsu.run("note", "김민수", "--channel", "video")
    assert done.exit_code == 0, done.output
    template = seen.read_text(encoding="utf-8")
    assert template.startswith("# Note for 김민수 (gim-minsu).")
    assert "channel: video\n" in template
    note = only_note(minsu)
    assert note["summary"] == "편집기로 쓴 메모"
    assert note["rating"] == 4
    assert note["topics"] == ["신장 기능"]
    assert note["channel"] == "video"
    assert minsu.commits()[0] == "note: 김민수 — video"
    assert not list((minsu.root / ".git" / "handover" / "drafts").glob("*"))  # nothing kept


def test_an_unchanged_editor_template_writes_nothing(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    before = minsu.files(), minsu.commits()
    monkeypatch.setenv("EDITOR", editor(tmp_path, "noop.sh", "exit 0\n"))
    done = minsu.run("note", "김민수")
    assert done.exit_code == 1, done.output
    assert "nothing written" in done.stderr
    assert "Traceback" not in done.output
    assert notes_of(minsu) == []
    assert (minsu.files(), minsu.commits()) == before
    assert not list((minsu.root / ".git" / "handover" / "drafts").glob("*"))  # nothing kept


def test_an_editor_that_empties_the_summary_writes_nothing(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    monkeypatch.setenv(
        "EDITOR", editor(tmp_path, "rate.sh", "sed -i 's/^rating: $/rating: 2/' \"$1\"\n")
    )
    done = minsu.run("note", "김민수")
    assert done.exit_code == 1, done.output
    assert "empty summary: nothing written" in done.stderr
    assert notes_of(minsu) == []


def test_a_failing_editor_writes_nothing(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    before = minsu.commits()
    monkeypatch.setenv("VISUAL", editor(tmp_path, "fail.sh", "exit 3\n"))
    done = minsu.run("note", "김민수")
    assert done.exit_code == 2, done.output
    assert "the editor exited with 3: nothing written" in done.stderr
    assert notes_of(minsu) == []
    assert minsu.commits() == before


def test_a_failing_editor_keeps_the_template_only_if_the_rep_wrote_in_it(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    """13 (ko11): `EDITOR=false note 이수진 -e` kept the untouched template and the next `-e`
    announced it as the rep's note to reopen."""
    monkeypatch.setenv("VISUAL", "false")
    done = minsu.run("--lang", "ko", "note", "김민수", "-e")
    assert done.exit_code == 2, done.output
    assert "--resume" not in done.stderr, done.stderr
    drafts = minsu.root / ".git" / "handover" / "drafts"
    assert list(drafts.glob("*.yaml")) == []
    again = minsu.run("--lang", "ko", "note", "김민수", "-e")
    assert "다시 엽니다" not in again.stderr, again.stderr

    wrote = 'sed -i "s/^요약:.*/요약: 처방 논의/" "$1"; exit 1\n'
    monkeypatch.setenv("VISUAL", editor(tmp_path, "half.sh", wrote))
    done = minsu.run("--lang", "ko", "note", "김민수", "-e")
    assert done.exit_code == 2, done.output
    assert "--resume" in done.stderr, done.stderr
    (kept,) = drafts.glob("*.yaml")
    assert "처방 논의" in kept.read_text(encoding="utf-8")
    assert notes_of(minsu) == []


def test_broken_yaml_from_the_editor_is_kept_and_named_in_the_hint(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    before = minsu.commits()
    monkeypatch.setenv(
        "EDITOR", editor(tmp_path, "break.sh", 'printf "summary: [방문 메모\\n" > "$1"\n')
    )
    done = minsu.run("note", "김민수")
    assert done.exit_code != 0, done.output
    assert "Traceback" not in done.output
    assert notes_of(minsu) == []
    assert minsu.commits() == before
    kept = re.search(r"`handover note --resume` reopens it \((\S+)\)", done.stderr)
    assert kept is not None, done.stderr
    kept_path = Path(kept.group(1))
    assert kept_path.parent == minsu.root / ".git" / "handover" / "drafts"  # the clone's own
    assert kept_path.read_text(encoding="utf-8") == "summary: [방문 메모\n"
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{kept_path}:"), first  # file:line:column of the broken YAML


def test_no_summary_no_editor_and_no_terminal_asks_for_a_summary(minsu: Team) -> None:
    done = minsu.run("note", "김민수")
    assert done.exit_code == 2, done.output
    assert "error: a note needs a summary" in done.stderr
    assert "hint:" in done.stderr and "--summary" in done.stderr
    assert notes_of(minsu) == []


# --- vocabulary -----------------------------------------------------------------------------


def test_a_near_miss_of_a_declared_topic_asks_did_you_mean(minsu: Team) -> None:
    declare_vocabulary(minsu, ["Glucofin XR", "신장 기능"], ["글루코핀 브로셔"])
    before = minsu.commits()
    done = minsu.run("note", "김민수", "-s", "처방 논의", "--topic", "Glucofin")
    assert done.exit_code == 2, done.output
    assert "did you mean 'Glucofin XR'?" in done.stderr
    assert notes_of(minsu) == []
    assert minsu.commits() == before


SLIPS = [
    ("--topic", "glucofin xr", "Glucofin XR"),
    ("--topic", "신장기능", "신장 기능"),
    ("--material", "글루코핀 브로슈어", "글루코핀 브로셔"),
]


def test_case_and_spelling_slips_are_refused_with_the_declared_spelling(minsu: Team) -> None:
    declare_vocabulary(minsu, ["Glucofin XR", "신장 기능"], ["글루코핀 브로셔"])
    for flag, typed, meant in SLIPS:
        done = minsu.run("note", "김민수", "-s", "처방 논의", flag, typed)
        assert done.exit_code == 2, (typed, done.output)
        assert f"did you mean '{meant}'?" in done.stderr
        assert notes_of(minsu) == []


def test_declared_and_unrelated_new_topics_are_accepted(minsu: Team) -> None:
    declare_vocabulary(minsu, ["Glucofin XR", "신장 기능"], ["글루코핀 브로셔"])
    done = minsu.run(
        "note", "김민수", "-s", "학회 안내", "--topic", "Glucofin XR", "--topic", "학회 일정",
        "--material", "글루코핀 브로셔",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert only_note(minsu)["topics"] == ["Glucofin XR", "학회 일정"]


# --- who may write, and bad input -----------------------------------------------------------


def test_a_rep_who_has_left_cannot_write_notes(minsu: Team) -> None:
    config = minsu.root / "handover.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "  email: sylee@example.com\n", "  email: sylee@example.com\n  status: left\n"
        ),
        encoding="utf-8",
    )
    minsu.git("commit", "--quiet", "-am", "sylee left")
    before = minsu.commits()
    done = minsu.run("note", "김민수", "-s", "마지막 방문")
    assert done.exit_code == 2, done.output
    assert "has left" in done.stderr
    assert notes_of(minsu) == []
    assert minsu.commits() == before
    colleague = minsu.run("note", "김민수", "-s", "인수 후 첫 방문", "--by", "jpark")
    assert colleague.exit_code == 0, colleague.output
    assert only_note(minsu)["by"] == "jpark"


def test_an_unknown_writer_is_a_usage_error(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "누구?", "--by", "ghost")
    assert done.exit_code == 2, done.output
    assert "unknown rep 'ghost'" in done.stderr
    assert notes_of(minsu) == []


def test_a_rating_outside_zero_to_four_is_a_usage_error(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "과장된 평가", "--rating", "7")
    assert done.exit_code == 2, done.output
    assert "error: rating 7 is not a rating: use 0 went badly · 1 poor" in done.stderr
    assert notes_of(minsu) == []


def test_a_bad_next_date_is_one_line(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "방문", "--next", "someday")
    assert done.exit_code == 2, done.output
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: --next: cannot read 'someday'")
    assert notes_of(minsu) == []


def test_a_moment_in_the_future_is_refused(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "미래", "--at", "tomorrow 10:00")
    assert done.exit_code == 2, done.output
    assert "error: --at: a moment cannot be in the future" in done.stderr
    assert notes_of(minsu) == []


def test_an_unknown_channel_is_a_usage_error(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "팩스", "--channel", "fax")
    assert done.exit_code == 2, done.output
    assert "--channel" in done.stderr
    assert "Traceback" not in done.output
    assert notes_of(minsu) == []


def test_a_blank_summary_is_refused(minsu: Team) -> None:
    done = minsu.run("note", "김민수", "-s", "   ")
    assert done.exit_code == 2, done.output
    assert "a note needs a summary" in done.stderr
    assert notes_of(minsu) == []


def test_the_clock_can_be_pinned_for_a_whole_session(
    minsu: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`$HANDOVER_NOW` is the moment every command believes it is (tests, demos, screenshots)."""
    monkeypatch.setenv("HANDOVER_NOW", "2026-03-04T15:30:00+09:00")
    result = minsu.run("note", "김민수", "-s", "전화 확인", "--by", "sylee")
    assert result.exit_code == 0, result.output
    notes = minsu.root / "customers" / "gim-minsu" / "notes" / "2026"
    assert any(path.name.startswith("20260304T0630") for path in notes.iterdir())

    monkeypatch.setenv("HANDOVER_NOW", "next tuesday")
    refused = minsu.run("open")
    assert refused.exit_code == 2, refused.output
    assert "HANDOVER_NOW is not a date and time: next tuesday" in refused.output


# --- 13 trial: a kept template survives a second `note -e` -------------------------------------


def test_a_second_note_in_the_editor_reopens_the_kept_template_and_never_deletes_it(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_in_tmp: Path
) -> None:
    broken = "summary: [방문 메모\n"
    monkeypatch.setenv("EDITOR", editor(tmp_path, "break.sh", f'printf "{broken}" > "$1"\n'))
    first = minsu.run("--lang", "ko", "note", "김민수", "-e")
    assert first.exit_code != 0, first.output
    kept = re.search(r"`handover note --resume`으로 다시 엽니다 \((\S+)\)", first.stderr)
    assert kept is not None, first.stderr
    kept_path = Path(kept.group(1))

    seen = tmp_path / "seen.yaml"
    monkeypatch.setenv("EDITOR", editor(tmp_path, "look.sh", f'cp "$1" "{seen}"\n'))
    again = minsu.run("--lang", "ko", "note", "김민수", "-e")
    assert again.exit_code != 0, again.output
    assert seen.read_text(encoding="utf-8") == broken  # the kept template, not a blank one
    assert f"보관해 둔 김민수 메모 양식을 다시 엽니다 ({kept_path})" in again.stderr
    assert "양식이 그대로입니다" not in again.stderr
    assert kept_path.read_text(encoding="utf-8") == broken  # still kept
    assert notes_of(minsu) == []

    fixed = "summary: 방문 메모\\nchannel: visit\\n"
    monkeypatch.setenv("EDITOR", editor(tmp_path, "fix.sh", f'printf "{fixed}" > "$1"\n'))
    resumed = minsu.run("note", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert only_note(minsu)["summary"] == "방문 메모"
    assert not kept_path.exists()

    nothing = minsu.run("--lang", "ko", "note", "--resume")
    assert nothing.exit_code != 0, nothing.output
    assert "오류: 다시 열 메모 양식이 없습니다" in nothing.stderr
    assert "도움말: `handover note 이름`으로 새로 시작하세요" in nothing.stderr


def test_a_promise_due_before_the_moment_is_refused_as_check_would_say_it(minsu: Team) -> None:
    done = minsu.run(
        "note", "김민수", "-s", "지난주 방문", "--at", "2026-11-20 10:00",
        "--promise", "샘플 전달 by 2026-11-10",
    )  # fmt: skip
    assert done.exit_code == 2, done.output
    assert "--promise: due 2026-11-10 is before the item was opened (2026-11-20)" in done.stderr
    assert notes_of(minsu) == []
