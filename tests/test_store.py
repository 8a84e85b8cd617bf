"""The store keeps what people wrote and refuses what profiles never need.

Profiles are hand-edited YAML: a tool edit must change only what it adds. Broken, hostile or
oversized files give one clean line naming file, line and field, never a traceback, and never a
change to any file.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import stat
from pathlib import Path

import pytest

from conftest import Outcome, Team
from handover.core.transaction import transaction
from handover.core.workspace import Workspace
from handover.errors import DataError, FolderError
from handover.format.files import atomic_write
from handover.format.profile import Profile
from handover.format.records import Moment
from handover.format.store import TeamFolder
from handover.format.yamlio import append_to_list

CUSTOMER = "gim-minsu"
LONG = (
    "당뇨 신약 샘플은 반드시 냉장 보관해서 전달할 것 — "
    "지난번 상온으로 가져갔다가 크게 항의를 받음, "
) * 2
assert len(LONG) > 100

# A hand-edited profile: comments at the top, at line ends and between keys, blank lines,
# keys in a person's order, both quote styles, a long line, lists indented with an offset.
OFFSET_PROFILE = f"""\
# 김민수 원장 — 인수인계용 프로필
# 손으로 고친 파일입니다. 주석을 지우지 마세요.

name: "김민수"   # 원장님
id: gim-minsu
kind: doctor
owner: sylee
organisation: '서울중앙내과의원'

contacts:
  mobile: '010-1234-5678'  # 개인 휴대폰
  office: "02-555-0101"

# 절대 잊지 말 것
never_forget:
  - 수요일 오후 방문 금지
  - "{LONG.strip()}"
  # 위 두 가지는 2025년 기준

tags:
  - 내과   # 진료과
  - '당뇨'
"""
OFFSET_ADDED_AFTER = f'  - "{LONG.strip()}"\n'

FLUSH_PROFILE = """\
id: gim-minsu
name: 김민수
kind: doctor
owner: sylee
never_forget:
- 수요일 오후 방문 금지
- '샘플은 냉장 보관'  # 중요
# 목록 끝
related:
- name: 박간호사
  relation: 수간호사
"""
FLUSH_ADDED_AFTER = "- '샘플은 냉장 보관'  # 중요\n"

MINIMAL = """\
id: gim-minsu
name: 김민수
kind: doctor
owner: sylee
"""


def profile_path(team: Team, customer: str = CUSTOMER) -> Path:
    return team.root / "customers" / customer / "profile.yaml"


def write_profile(team: Team, content: str | bytes, customer: str = CUSTOMER) -> Path:
    path = profile_path(team, customer)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def with_line_added(text: str, after: str, added: str) -> str:
    assert text.count(after) == 1, after
    return text.replace(after, after + added)


def first_line(outcome: Outcome) -> str:
    return outcome.stderr.splitlines()[0]


def assert_clean_failure(outcome: Outcome, exit_code: int) -> None:
    assert outcome.exit_code == exit_code, outcome.output
    assert "Traceback" not in outcome.output
    assert "bug" not in outcome.output


# --- 1. round trip --------------------------------------------------------------------------


def tool_edit(team: Team, *facts: str) -> None:
    """A tool edit of a hand-edited profile: facts appended to its ``never_forget`` list by a
    round trip, in one change (``remember`` did this before facts became records; ``transfer``
    and ``rep add`` edit files the same way)."""
    ws = Workspace.open(team.root)
    with transaction(ws, "tool edit"):
        ws.folder.edit_profile(
            CUSTOMER,
            lambda tree: [append_to_list(tree, "never_forget", f, after="owner") for f in facts],
        )


def test_a_tool_edit_changes_a_hand_edited_profile_by_exactly_one_line(team: Team) -> None:
    path = write_profile(team, OFFSET_PROFILE)
    tool_edit(team, "새 사실")
    expected = with_line_added(OFFSET_PROFILE, OFFSET_ADDED_AFTER, "  - 새 사실\n")
    assert path.read_bytes().decode("utf-8") == expected
    assert team.commits()[0] == "tool edit"


def test_a_tool_edit_in_a_profile_with_lists_at_the_key_column_keeps_them_there(team: Team) -> None:
    path = write_profile(team, FLUSH_PROFILE)
    tool_edit(team, "새 사실")
    expected = with_line_added(FLUSH_PROFILE, FLUSH_ADDED_AFTER, "- 새 사실\n")
    assert path.read_bytes().decode("utf-8") == expected


def test_two_facts_appended_keep_the_trailing_comment_after_the_list(team: Team) -> None:
    path = write_profile(team, OFFSET_PROFILE)
    tool_edit(team, "첫째", "둘째")
    expected = with_line_added(OFFSET_PROFILE, OFFSET_ADDED_AFTER, "  - 첫째\n  - 둘째\n")
    assert path.read_text("utf-8") == expected


def test_a_tool_edit_creates_the_list_when_a_profile_has_none(team: Team) -> None:
    path = write_profile(team, MINIMAL + "tags: [내과]\n")
    tool_edit(team, "새 사실")
    assert path.read_text("utf-8") == MINIMAL + "never_forget:\n- 새 사실\ntags: [내과]\n"


@pytest.mark.parametrize(
    "fact",
    ["123", "010-1234-5678", "2025-01-01", "a: b", "# 주석 아님", "&a", "*a", "null", "'따옴표'"],
)
def test_an_appended_fact_that_looks_like_yaml_stays_text(team: Team, fact: str) -> None:
    write_profile(team, OFFSET_PROFILE)
    tool_edit(team, fact)
    profile = TeamFolder(team.root).profile(CUSTOMER).profile
    assert profile.never_forget[-1] == fact


def test_a_crlf_profile_keeps_crlf_on_every_line_after_a_tool_edit(team: Team) -> None:
    crlf = OFFSET_PROFILE.replace("\n", "\r\n")
    path = write_profile(team, crlf)
    tool_edit(team, "새 사실")
    raw = path.read_bytes()
    expected = with_line_added(OFFSET_PROFILE, OFFSET_ADDED_AFTER, "  - 새 사실\n")
    assert raw == expected.replace("\n", "\r\n").encode("utf-8")
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_a_byte_order_mark_is_kept(team: Team) -> None:
    path = write_profile(team, b"\xef\xbb\xbf" + FLUSH_PROFILE.encode("utf-8"))
    tool_edit(team, "새 사실")
    expected = with_line_added(FLUSH_PROFILE, FLUSH_ADDED_AFTER, "- 새 사실\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_a_rewritten_profile_keeps_its_file_permissions(team: Team) -> None:
    path = write_profile(team, OFFSET_PROFILE)
    path.chmod(0o600)
    tool_edit(team, "새 사실")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- 2. numbers where text belongs -----------------------------------------------------------


def test_a_phone_number_without_quotes_is_an_error_with_a_hint(team: Team) -> None:
    write_profile(team, MINIMAL + "contacts:\n  mobile: '010-1234-5678'\n  phone: 01012345678\n")
    before = team.files()
    failed = team.run("brief", CUSTOMER)  # shown as far as it can be, then the error
    assert_clean_failure(failed, 3)
    line = first_line(failed)
    assert line.startswith("customers/gim-minsu/profile.yaml:7:10: error:"), line
    assert "(contacts.phone)" in line
    assert "hint:" in failed.stderr and "quote" in failed.stderr
    assert team.files() == before


# --- 3-5. hostile files ----------------------------------------------------------------------

ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
        "",
    ]
)


def test_an_alias_bomb_is_refused_at_its_first_anchor(team: Team) -> None:
    write_profile(team, MINIMAL + ALIAS_BOMB)
    before = team.files()
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    assert first_line(briefed).startswith("customers/gim-minsu/profile.yaml:5:")
    assert "anchors and aliases" in briefed.stderr
    checked = team.run("check")
    assert_clean_failure(checked, 1)
    assert "customers/gim-minsu/profile.yaml:5:" in checked.stdout
    assert "anchors and aliases" in checked.stdout
    assert team.files() == before


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "}" * 5000,
        "\n" + "".join(f"{'  ' * level}k{level}:\n" for level in range(2, 202)) + " " * 404 + "x",
        "\n  " + "- " * 200 + "x",
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings", "block-lists"],
)
def test_deep_nesting_is_a_clean_error(team: Team, nested: str) -> None:
    write_profile(team, MINIMAL + "extra:\n  deep: " + nested + "\n")
    folder = TeamFolder(team.root)
    with pytest.raises(DataError, match="nesting deeper than"):
        folder.load_file(profile_path(team))
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    assert "nesting deeper than" in first_line(briefed)
    checked = team.run("check")
    assert_clean_failure(checked, 1)
    assert "nesting deeper than" in checked.stdout


def test_a_file_over_a_megabyte_is_refused(team: Team) -> None:
    write_profile(team, MINIMAL + ("# " + "가" * 99 + "\n") * 4000)
    assert profile_path(team).stat().st_size > 1_000_000
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    line = first_line(briefed)
    assert line.startswith("customers/gim-minsu/profile.yaml: error: file is")
    assert "over the limit of 1,000,000" in line
    checked = team.run("check")
    assert_clean_failure(checked, 1)
    assert "over the limit" in checked.stdout


def test_a_cp949_profile_is_named_with_its_line_and_an_iconv_hint(team: Team) -> None:
    write_profile(team, MINIMAL.encode("cp949"))  # saved by Korean Excel or Notepad
    before = team.files()
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    assert first_line(briefed).startswith(
        "customers/gim-minsu/profile.yaml:2: error: file is not valid UTF-8"
    )
    assert "CP949" in briefed.stderr and "iconv -f cp949 -t utf-8" in briefed.stderr
    checked = team.run("check")
    assert_clean_failure(checked, 1)
    assert "customers/gim-minsu/profile.yaml:2: error: file is not valid UTF-8" in checked.stdout
    assert team.files() == before


def test_a_duplicate_key_names_its_line_and_column(team: Team) -> None:
    write_profile(team, MINIMAL + "kind: nurse\n")
    with pytest.raises(DataError) as caught:
        TeamFolder(team.root).load_file(profile_path(team))
    assert (caught.value.location.line, caught.value.location.column) == (5, 1)
    assert caught.value.message.startswith('the key "kind" appears twice (first value: ')
    assert caught.value.hint and "once" in caught.value.hint
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    assert first_line(briefed).startswith("customers/gim-minsu/profile.yaml:5:1: error: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- id: gim-minsu\n- name: 김민수\n", "expected keys and values here, found a list"),
        ("김민수\n", "expected keys and values here, found text"),
        ("# 아직 비어 있음\n", "expected keys and values here, found nothing"),
        ("%YAML 1.3\n---\nid: gim-minsu\n", "YAML that handover cannot read"),
        ("? [a, b]\n: c\n", "a list or mapping used as a key is not allowed"),
        ("key:    # Comment\n        # lines\n  value\n\n\n", "YAML that handover cannot read"),
        ("--- !!omap\n- id: gim-minsu\n- name: 김민수\n", "required field is missing"),
    ],
    ids=["a-list", "text", "empty", "yaml-1.3", "complex-key", "comment-overlap", "omap"],
)
def test_a_profile_that_is_not_plain_keys_and_values_is_a_clean_error(
    team: Team, content: str, message: str
) -> None:
    write_profile(team, content)
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    assert message in first_line(briefed)


# --- 8. atomic writes ------------------------------------------------------------------------


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "folder" / "profile.yaml"
    path.parent.mkdir()
    path.write_bytes(b"old\n")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"new\n" * 1000)
    assert path.read_bytes() == b"old\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["profile.yaml"]


def test_an_exclusive_write_never_replaces_an_existing_note(tmp_path: Path) -> None:
    path = tmp_path / "2026" / "note.yaml"
    atomic_write(path, b"first\n", exclusive=True)
    with pytest.raises(FileExistsError):
        atomic_write(path, b"second\n", exclusive=True)
    assert path.read_bytes() == b"first\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["note.yaml"]


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "new" / "profile.yaml"
    data = "가나다\n".encode() * 100_000
    atomic_write(path, data)
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == ["profile.yaml"]


def _moment(summary: str) -> Moment:
    at = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    return Moment(at=at, by="sylee", kind="moment", channel="visit", summary=summary)


def test_write_record_never_overwrites_a_note(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    write_profile(team, MINIMAL)
    ws = Workspace.open(team.root, commit=False)
    folder = ws.folder
    with transaction(ws, "two notes"):
        first = folder.write_record(CUSTOMER, _moment("첫 방문"))
        second = folder.write_record(CUSTOMER, _moment("같은 시각의 두 번째 기록"))
    assert first != second and first.parent == second.parent
    summaries = {r.record.summary for r in folder.records(CUSTOMER)}
    assert summaries == {"첫 방문", "같은 시각의 두 번째 기록"}
    before = first.read_bytes()
    monkeypatch.setattr(folder, "_own_second", lambda customer_id, record: record)
    monkeypatch.setattr(secrets, "token_hex", lambda n=None: first.stem.rsplit("-", 1)[1])
    with (
        pytest.raises(FolderError, match="could not find a free note name"),
        transaction(ws, "a third"),
    ):
        folder.write_record(CUSTOMER, _moment("덮어쓰면 안 되는 기록"))
    assert first.read_bytes() == before
    assert sorted(p.name for p in first.parent.iterdir()) == sorted([first.name, second.name])


def test_records_written_in_the_same_second_keep_the_order_they_were_written(team: Team) -> None:
    """A note, its resolution and its reopening in one second (a script, a pinned clock)."""
    write_profile(team, MINIMAL)
    ws = Workspace.open(team.root, commit=False)
    with transaction(ws, "three records"):
        paths = [ws.folder.write_record(CUSTOMER, _moment(text)) for text in ("하나", "둘", "셋")]
    stored = sorted(ws.folder.records(CUSTOMER), key=lambda r: (r.record.at, r.id))
    assert [r.record.summary for r in stored] == ["하나", "둘", "셋"]
    assert [r.record.at.second for r in stored] == [0, 1, 2]
    assert [p.name[:16] for p in paths] == [
        "20260304T013000Z",
        "20260304T013001Z",
        "20260304T013002Z",
    ]


# --- 9. path safety --------------------------------------------------------------------------


def test_a_customer_symlink_leaving_the_folder_is_refused(team: Team, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "profile.yaml").write_text(
        MINIMAL.replace("gim-minsu", "evil").replace("김민수", "비밀환자"), encoding="utf-8"
    )
    (team.root / "customers").mkdir(exist_ok=True)
    (team.root / "customers" / "evil").symlink_to(outside, target_is_directory=True)
    folder = TeamFolder(team.root)
    evil_profile = team.root / "customers" / "evil" / "profile.yaml"
    with pytest.raises(FolderError, match="outside the team folder"):
        folder.safe(evil_profile)
    with pytest.raises(FolderError, match="outside the team folder"):
        folder.load_file(evil_profile)
    briefed = team.run("brief", "evil")
    assert briefed.exit_code != 0
    assert_clean_failure(briefed, briefed.exit_code)
    assert first_line(briefed).startswith("customers/evil: error: leads outside")
    assert "outside the team folder" in first_line(briefed)
    assert "비밀환자" not in briefed.output


def test_a_note_file_symlink_leaving_the_folder_is_refused(team: Team, tmp_path: Path) -> None:
    write_profile(team, MINIMAL)
    secret = tmp_path / "secret.yaml"
    secret.write_text("summary: 비밀\n", encoding="utf-8")
    notes = profile_path(team).parent / "notes" / "2026"
    notes.mkdir(parents=True)
    (notes / "20260304T013000Z-sylee-abc123.yaml").symlink_to(secret)
    with pytest.raises(FolderError):
        TeamFolder(team.root).records(CUSTOMER)
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 4)
    assert "비밀" not in briefed.output


# --- 10. unknown keys -------------------------------------------------------------------------


def test_your_own_keys_belong_under_extra(team: Team) -> None:
    write_profile(team, MINIMAL + 'extra: {crm_id: "A-1", 메모: [하나, 둘]}\n')
    doc = TeamFolder(team.root).profile(CUSTOMER)
    assert isinstance(doc.profile, Profile)
    assert doc.profile.extra == {"crm_id": "A-1", "메모": ["하나", "둘"]}
    checked = team.run("check")
    assert checked.exit_code == 0, checked.output


def test_an_unknown_key_is_an_error_with_a_hint_about_extra(team: Team) -> None:
    write_profile(team, MINIMAL + 'crm_id: "A-1"\n')
    briefed = team.run("brief", CUSTOMER)
    assert_clean_failure(briefed, 3)
    assert first_line(briefed).startswith(
        "customers/gim-minsu/profile.yaml:5:9: error: unknown key (crm_id)"
    )
    assert "extra:" in briefed.stderr
    checked = team.run("check")
    assert_clean_failure(checked, 1)
    assert "customers/gim-minsu/profile.yaml:5:9: error: unknown key (crm_id)" in checked.stdout


# --- 11. no half edits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (OFFSET_PROFILE.replace("kind: doctor", "kind: alien"), "(kind)"),
        (MINIMAL + "never_forget: 수요일 오후 방문 금지\n", "(never_forget)"),
    ],
)
def test_remember_on_an_invalid_profile_keeps_the_fact_and_never_touches_the_file(
    team: Team, broken: str, field: str
) -> None:
    path = write_profile(team, broken)
    team.git("add", "-A")
    team.git("commit", "-qm", "hand edit")

    done = team.run("remember", CUSTOMER, "새 사실")

    assert done.exit_code == 0, done.output
    assert field in first_line(done)  # the warning names the bad field, as `check` does
    assert path.read_text("utf-8") == broken  # an invalid file is never rewritten
    assert team.commits()[0].startswith("remember: ")
    assert team.git("status", "--porcelain") == ""


def test_an_edit_that_would_leave_the_profile_invalid_writes_nothing(team: Team) -> None:
    path = write_profile(team, OFFSET_PROFILE)
    ws = Workspace.open(team.root)
    folder = ws.folder

    def breaks_it(tree: dict[str, object]) -> None:
        tree["kind"] = "alien"
        tree["never_forget"] = "not a list"

    with pytest.raises(DataError), transaction(ws, "an edit"):
        folder.edit_profile(CUSTOMER, breaks_it)
    assert path.read_text("utf-8") == OFFSET_PROFILE
    assert sorted(p.name for p in path.parent.iterdir()) == ["profile.yaml"]


def test_remember_interrupted_while_writing_leaves_the_profile_as_it_was(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_profile(team, OFFSET_PROFILE)
    before = team.files()

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    failed = team.run("remember", CUSTOMER, "새 사실")
    assert failed.exit_code == 130  # as after Ctrl-C
    assert path.read_text("utf-8") == OFFSET_PROFILE
    assert team.files() == before


def test_a_key_with_a_newline_is_reported_on_one_line(team: Team) -> None:
    write_profile(team, MINIMAL + '"crm\\nid": 1\nid2: "a\\tb"\n')
    checked = team.run("check")
    assert_clean_failure(checked, 1)
    lines = checked.stdout.splitlines()
    assert lines[0].startswith("customers/gim-minsu/profile.yaml:5:")
    assert "(crm\\nid)" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("customers/gim-minsu/profile.yaml:6:")


def test_a_tool_edit_adds_to_a_list_written_in_flow_style(team: Team) -> None:
    write_profile(team, MINIMAL + "never_forget: [수요일 금지, 샘플 냉장]\n")
    tool_edit(team, "새 사실")
    profile = TeamFolder(team.root).profile(CUSTOMER).profile
    assert profile.never_forget == ["수요일 금지", "샘플 냉장", "새 사실"]
    assert profile_path(team).read_text("utf-8").startswith(MINIMAL)
