"""One broken file never blocks the team: views show every readable customer and name the file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len as cells

from conftest import BuiltTeam, Outcome, Team, git

BROKEN_LINE = (
    "customers/gim-minsu/profile.yaml:7:11: error: expected text, got the number 211804301 "
    "(contacts.office)"
)


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def break_profile(team: Team) -> None:
    """What a teammate commits by hand: an office number without quotes."""
    path = team.root / "customers" / "gim-minsu" / "profile.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("owner: sylee\n", "owner: sylee\ncontacts:\n  office: 0211804301\n")
    )
    team.git("commit", "--quiet", "-am", "연락처 추가")


@pytest.fixture
def broken(team_built_by: BuiltTeam) -> Team:
    """Two customers with open complaints; 김민수's profile then gets a bad office number (set
    up once per worker, copied for each test)."""
    return team_built_by(_break_one_of_two)


def _break_one_of_two(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor"))
    ok(team.run("add", "이영희", "--kind", "pharmacist"))
    ok(team.run("remember", "김민수", "수요일 오후 방문 금지"))
    ok(team.run("note", "김민수", "-s", "처방 논의", "--complaint", "샘플 배송 지연"))
    ok(
        team.run(
            "note",
            "이영희",
            "-s",
            "처방 재고 확인",
            "--complaint",
            "반품 처리 지연",
            "--next",
            "+2d",
        )
    )
    break_profile(team)
    assert BROKEN_LINE in team.run("check").stdout  # the text every warning repeats


@pytest.mark.parametrize(
    "command",
    [
        ("open",),
        ("list",),
        ("health",),
        ("agenda",),
        ("search", "처방"),
        ("export", "--all"),
        ("readiness", "--rep", "sylee"),
        ("readiness", "--all"),
    ],
)
def test_a_broken_profile_leaves_every_team_view_working_with_one_warning(
    broken: Team, command: tuple[str, ...]
) -> None:
    done = broken.run(*command)
    assert done.exit_code == 0, done.output
    assert "이영희" in done.stdout
    warnings = done.stderr.splitlines()
    assert [line for line in warnings if line.startswith("customers/")] == [
        BROKEN_LINE + " — hint: quote phone numbers, postcodes and codes so leading zeros "
        "survive: '010…'"
    ]
    assert "could not be read" in warnings[-1] and "--strict" in warnings[-1]


@pytest.mark.parametrize("command", [("list",), ("open",), ("export", "--all")])
def test_strict_makes_the_broken_file_an_error(broken: Team, command: tuple[str, ...]) -> None:
    done = broken.run(*command, "--strict")
    assert done.exit_code == 3, done.output
    assert BROKEN_LINE in done.stderr


def test_check_stays_the_gate_that_fails(broken: Team) -> None:
    done = broken.run("check")
    assert done.exit_code == 1, done.output
    assert BROKEN_LINE in done.stdout


def test_a_note_and_a_resolve_on_a_broken_profile_are_still_recorded(broken: Team) -> None:
    before = len(broken.commits())
    noted = broken.run("note", "김민수", "-s", "자료 전달", "--promise", "샘플 by 2026-12-20")
    assert noted.exit_code == 0, noted.output
    assert "Noted visit with 김민수" in noted.stdout
    assert BROKEN_LINE in noted.stderr
    resolved = broken.run("resolve", "gim-minsu#1", "샘플 재발송")
    assert resolved.exit_code == 0, resolved.output
    assert BROKEN_LINE in resolved.stderr
    assert broken.commits()[:2] == ["resolve: gim-minsu#1 — 샘플 재발송", "note: 김민수 — visit"]
    assert len(broken.commits()) == before + 2
    assert broken.git("status", "--porcelain") == ""


def test_remember_on_a_broken_profile_records_the_fact_and_warns(broken: Team) -> None:
    profile = (broken.root / "customers" / "gim-minsu" / "profile.yaml").read_bytes()
    before = len(broken.commits())

    remembered = broken.run("remember", "김민수", "라텍스 알레르기")
    noted = broken.run("note", "김민수", "-s", "전화", "--remember", "오전 진료 후 통화")

    assert remembered.exit_code == 0, remembered.output
    assert remembered.stdout == "Remembered for 김민수: 라텍스 알레르기\n"
    assert BROKEN_LINE in remembered.stderr
    assert noted.exit_code == 0, noted.output
    assert "Remembered: 오전 진료 후 통화" in noted.stdout
    assert BROKEN_LINE in noted.stderr
    assert broken.commits()[:2] == ["note: 김민수 — visit", "remember: 김민수 — 라텍스 알레르기"]
    assert len(broken.commits()) == before + 2
    assert (broken.root / "customers" / "gim-minsu" / "profile.yaml").read_bytes() == profile
    assert broken.git("status", "--porcelain") == ""
    shown = broken.run("brief", "김민수").stdout
    assert "라텍스 알레르기" in shown and "오전 진료 후 통화" in shown


def test_brief_shows_what_it_can_read_and_the_error(broken: Team) -> None:
    done = broken.run("brief", "김민수")
    assert done.exit_code == 3, done.output  # shown, but incomplete: the file's exit code
    assert done.stdout.startswith("김민수 (gim-minsu) · doctor")
    assert "수요일 오후 방문 금지" in done.stdout
    assert "complaint: 샘플 배송 지연" in done.stdout
    assert BROKEN_LINE in done.stderr


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_history_shows_what_it_can_read_and_names_the_broken_profile(
    broken: Team, lang: str
) -> None:
    done = broken.run("--lang", lang, "history", "김민수")
    assert done.exit_code == 3, done.output  # shown, but from an unreadable profile, as brief
    assert done.stdout.startswith("김민수 (gim-minsu) · "), done.stdout
    assert "처방 논의" in done.stdout and "연락처 추가" in done.stdout  # notes and profile commits
    assert "customers/gim-minsu/profile.yaml:7:11: error: " in done.stderr
    if lang == "ko":
        assert "경고: 파일 1개를" in done.stderr, done.stderr


def test_a_broken_note_leaves_its_customer_in_the_list_and_names_the_note(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor"))
    ok(team.run("note", "김민수", "-s", "처방 논의"))
    [note] = (team.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
    note.write_text(note.read_text("utf-8").replace("rating:", "rating: [") + "channel: [\n")
    done = team.run("list")
    assert done.exit_code == 0, done.output
    assert "김민수" in done.stdout
    shown = note.relative_to(team.root).as_posix()
    assert re.search(rf"^{re.escape(shown)}:\d+:\d+: error: ", done.stderr, re.M), done.stderr


def test_a_note_with_a_key_typed_twice_is_refused_by_brief_as_by_check(team: Team) -> None:
    """One read path: `brief` used to show the second `summary:` of a hand-edited note (a
    lenient fast reader took the last one) while `check` named the file as broken."""
    ok(team.run("add", "김민수", "--kind", "doctor"))
    ok(team.run("note", "김민수", "-s", "처방 논의"))
    [note] = (team.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
    note.write_text(note.read_text("utf-8") + "summary: 손으로 고친 요약\n", "utf-8")
    shown = re.escape(note.relative_to(team.root).as_posix())
    checked = team.run("check")
    assert checked.exit_code == 1, checked.output
    [problem] = re.findall(
        rf'^{shown}:\d+:\d+: error: the key "summary" appears twice \(first value: "처방 논의"\)',
        checked.stdout,
        re.M,
    )
    in_korean = team.run("--lang", "ko", "check")
    assert in_korean.exit_code == 1, in_korean.output
    assert re.search(
        rf'^{shown}:\d+:\d+: error: "summary" 키가 두 번 나옵니다 \(처음 값: "처방 논의"\)',
        in_korean.stdout,
        re.M,
    ), in_korean.stdout
    done = team.run("brief", "김민수")
    assert done.exit_code == 3, done.output
    assert "손으로 고친 요약" not in done.stdout
    assert problem in done.stderr


def test_after_sync_a_teammate_is_not_blocked_by_a_broken_profile(
    tmp_path: Path, broken: Team
) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    broken.git("remote", "add", "origin", str(remote))
    ok(broken.run("sync"))
    git(tmp_path, "clone", "--quiet", str(remote), str(tmp_path / "jpark"))
    teammate = Team(tmp_path / "jpark")
    ok(teammate.run("sync"))
    for command in (("list",), ("open",), ("health",)):
        done = teammate.run(*command)
        assert done.exit_code == 0, done.output
        assert "이영희" in done.stdout
        assert BROKEN_LINE in done.stderr


def test_a_note_too_large_to_read_back_is_refused_before_it_is_written(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor"))
    before, files = team.commits(), team.files()
    done = team.run("note", "김민수", "-s", "-", input="가" * 1_100_000)
    assert done.exit_code == 2, done.output
    assert "over the limit of 1,000,000" in done.stderr and "nothing written" in done.stderr
    assert team.commits() == before and team.files() == files
    assert team.git("status", "--porcelain") == ""
    ok(team.run("list"))


@pytest.mark.parametrize(
    ("command", "shows"),
    [(("rep", "list"), "이서연"), (("digest", "--rep", "sylee"), "handover digest 2026-12-02")],
)
def test_rep_list_and_digest_warn_about_the_profile_they_leave_out(
    broken: Team, command: tuple[str, ...], shows: str
) -> None:
    done = broken.run(*command)
    assert done.exit_code == 0, done.output
    assert shows in done.stdout
    assert BROKEN_LINE in done.stderr
    assert "could not be read" in done.stderr.splitlines()[-1]
    assert broken.run(*command, "--strict").exit_code == 3


@pytest.mark.parametrize(
    "command", [("readiness", "김민수"), ("export", "--customer", "민수", "-o", "pack.md")]
)
def test_a_book_of_a_broken_profile_names_the_file_not_an_empty_book(
    broken: Team, command: tuple[str, ...]
) -> None:
    done = broken.run(*command)
    assert done.exit_code == 3, done.output
    assert BROKEN_LINE in done.stderr
    assert "empty" not in done.output


def test_readiness_without_a_book_suggests_an_option_that_exists(broken: Team) -> None:
    done = broken.run("readiness")
    assert done.exit_code == 2, done.output
    assert "--all" in done.stderr
    assert broken.run("readiness", "--all").exit_code == 0


def test_a_broken_profile_never_hides_its_customer_or_open_items(broken: Team) -> None:
    views = [
        (("open",), "gim-minsu#1"),
        (("open", "--rep", "sylee"), "샘플 배송 지연"),
        (("list",), "김민수"),
        (("agenda",), "gim-minsu#1 complaint: 샘플 배송 지연"),
        (("health",), "김민수"),
        (("readiness", "--rep", "sylee"), "김민수 (gim-minsu)"),
        (("search", "처방"), "김민수"),
    ]
    for command, shows in views:  # one team for all: each view only reads
        done = broken.run(*command)
        assert done.exit_code == 0, (command, done.output)
        assert shows in done.stdout, (command, done.stdout)
        assert "이영희" in done.stdout, (command, done.stdout)
        assert BROKEN_LINE in done.stderr, (command, done.stderr)  # and the file is named


@pytest.mark.parametrize("not_yaml", [False, True])
def test_rep_list_counts_the_open_items_of_a_customer_with_a_broken_profile(
    broken: Team, not_yaml: bool
) -> None:
    profile = broken.root / "customers" / "gim-minsu" / "profile.yaml"
    if not_yaml:  # a file YAML cannot parse at all: the owner is read from its own line
        profile.write_text(profile.read_text("utf-8") + "tags: [강남구\n", "utf-8")
    done = broken.run("rep", "list", "--json")
    assert done.exit_code == 0, done.output
    counts = {row["id"]: (row["customers"], row["open_items"]) for row in json.loads(done.stdout)}
    assert counts["sylee"] == (2, 2)
    assert "customers/gim-minsu/profile.yaml:" in done.stderr


def test_a_rep_leaving_with_a_broken_profile_in_their_book_is_refused_naming_it(
    broken: Team,
) -> None:
    ok(broken.run("rep", "add", "hkang", "--name", "강현우", "--email", "hkang@example.com"))
    before, files = broken.commits(), broken.files()
    for command in (
        ("transfer", "--from", "sylee", "--to", "hkang"),
        ("rep", "leave", "sylee", "--successor", "hkang", "--force"),
    ):
        done = broken.run(*command)
        assert done.exit_code == 3, done.output
        assert BROKEN_LINE in done.stderr
    assert broken.commits() == before and broken.files() == files


def test_a_broken_profile_of_another_rep_does_not_stop_a_leave(broken: Team) -> None:
    ok(broken.run("rep", "add", "hkang", "--name", "강현우", "--email", "hkang@example.com"))
    ok(broken.run("add", "박영수", "--kind", "doctor", "--owner", "jpark"))
    for command in (
        ("transfer", "--from", "jpark", "--to", "hkang", "--dry-run"),
        ("rep", "leave", "jpark", "--successor", "hkang", "--force"),
    ):
        done = broken.run(*command)
        assert done.exit_code == 0, done.output
        assert BROKEN_LINE in done.stderr  # named, not moved: it is 이서연's
    assert "owner: hkang" in (broken.root / "customers/bak-yeongsu/profile.yaml").read_text()
    assert "owner: sylee" in (broken.root / "customers/gim-minsu/profile.yaml").read_text()


# --- 13 trial: a hand edit that stops the profile parsing -------------------------------------

DEMO_PROFILE = (
    Path(__file__).parent.parent / "profiles" / "customers" / "no-seungu" / "profile.yaml"
)


@pytest.fixture
def unparsable(team: Team) -> Team:
    """노승우's demo profile, committed, then a hand edit that leaves `[tue` unclosed."""
    path = team.root / "customers" / "no-seungu" / "profile.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(DEMO_PROFILE.read_text("utf-8"), encoding="utf-8")
    team.git("add", "-A")
    team.git("commit", "--quiet", "-m", "add 노승우")
    path.write_text(path.read_text("utf-8").replace("[tue]", "[tue"), encoding="utf-8")
    team.git("commit", "--quiet", "-am", "hand edit 노승우")
    return team


def test_brief_of_an_unparsable_profile_shows_its_lines_and_the_last_version_that_read(
    unparsable: Team,
) -> None:
    done = unparsable.run("--lang", "ko", "brief", "노승우", "--no-pager")
    assert done.exit_code == 3, done.output
    assert done.stdout.startswith("노승우 (no-seungu) · 의사 · 대표원장, 방이연합의원"), done.stdout
    assert "담당자" in done.stdout and "unknown" not in done.stdout
    assert re.search(r"프로필을 읽지 못해 \d{4}-\d\d-\d\d 커밋의 내용을 보여 줍니다", done.stdout)
    assert "혈압약 처방 많음, 글루코핀 얘기는 짧게" in done.stdout  # from the version that read
    assert (
        "customers/no-seungu/profile.yaml:14:10: error: 닫히지 않은 `[` 목록입니다: "
        "',' 또는 ']'가 와야 할 자리에 ':'가 있습니다"
    ) in done.stderr

    never_read = unparsable.root / "customers" / "hong-gildong" / "profile.yaml"
    never_read.parent.mkdir()  # no owner line and no version that parses: said in Korean
    never_read.write_text("id: hong-gildong\nname: 홍길동\nkind: doctor\ntags: [a\nrole: x\n")
    ownerless = unparsable.run("--lang", "ko", "brief", "hong-gildong", "--no-pager")
    assert ownerless.exit_code == 3, ownerless.output
    assert "담당자        알 수 없음 (프로필의 owner 줄을 읽지 못함)" in ownerless.stdout


def test_history_of_an_unparsable_profile_says_it_stopped_reading_in_one_line(
    unparsable: Team,
) -> None:
    done = unparsable.run("--lang", "ko", "history", "노승우", "--no-pager")
    assert done.exit_code == 3, done.output
    assert done.stdout.startswith("노승우 (no-seungu) · 이력"), done.stdout
    assert "프로필을 손으로 고침: 읽을 수 없게 됨 (customers/no-seungu/profile.yaml:14)" in (
        " ".join(done.stdout.split())
    )
    assert "(document)" not in done.stdout and '{"id"' not in done.stdout


def test_history_of_a_profile_that_does_not_parse_still_names_the_customer(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor"))
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.write_text(profile.read_text("utf-8") + "contacts: [\n", encoding="utf-8")

    own_line = team.run("--lang", "ko", "history", "김민수", "--no-pager")
    assert own_line.exit_code == 3, own_line.output
    assert own_line.stdout.startswith("김민수 (gim-minsu) · 이력\n"), own_line.stdout
    said = " ".join(own_line.stdout.split())  # one line, never the old profile as a dump
    assert "(커밋 안 됨) 프로필을 손으로 고침: 읽을 수 없게 됨 (customers/gim-minsu/" in said, said
    assert "(파일 전체)" not in said and "→ (없음)" not in said, said

    profile.write_text(profile.read_text("utf-8").replace("name: 김민수", "name: [김민수"), "utf-8")
    committed = team.run("--lang", "ko", "history", "gim-minsu", "--no-pager")
    assert committed.exit_code == 3, committed.output
    assert committed.stdout.startswith("김민수 (gim-minsu) · 이력\n"), committed.stdout
    assert "customers/gim-minsu/profile.yaml:" in committed.stderr

    ok(team.run("add", "이영희", "--kind", "pharmacist", "--no-commit"))
    [new] = [
        p for p in (team.root / "customers").glob("*/profile.yaml") if "이영희" in p.read_text()
    ]
    new.write_text(new.read_text("utf-8").replace("name: 이영희", "name: [이영희"), "utf-8")
    never_read = team.run("--lang", "ko", "history", new.parent.name, "--no-pager")
    assert never_read.exit_code == 3, never_read.output
    assert never_read.stdout.startswith(f"{new.parent.name} · 이력\n"), never_read.stdout


def test_readiness_of_an_unparsable_profile_names_the_broken_file_not_facts_it_holds(
    unparsable: Team,
) -> None:
    done = unparsable.run("--lang", "ko", "readiness", "--all")
    assert done.exit_code in (0, 1, 3), done.output
    text = " ".join(done.stdout.split())
    assert "customers/no-seungu/profile.yaml:14" in text, done.stdout
    assert "고치세요" in text, done.stdout
    for advice in ("꼭 기억할 것을 하나 이상", "preferences:에 적으세요"):
        assert advice not in text, done.stdout  # 노승우's last version that parses has them


def test_history_never_breaks_a_file_reference_across_lines(
    unparsable: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = "60"
    monkeypatch.setenv("COLUMNS", columns)
    done = unparsable.run("--lang", "ko", "history", "노승우", "--no-pager")
    assert done.exit_code == 3, done.output
    assert "(customers/no-seungu/profile.yaml:14)" in done.stdout, done.stdout
    assert all(cells(line) <= int(columns) for line in done.stdout.splitlines()), done.stdout


def test_stderr_prose_wraps_on_a_terminal_but_located_lines_stay_whole(
    unparsable: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real terminal on stderr (a pty), 60 columns: the warning wraps under its text; the
    `path:line:col: error:` line stays one line. Piped (every other test), nothing wraps."""
    monkeypatch.setenv("COLUMNS", "60")
    handover = str(Path(sys.executable).parent / "handover")
    leader, follower = os.openpty()
    with os.fdopen(leader, "rb", buffering=0) as terminal:
        done = subprocess.run(
            [
                handover,
                "--lang",
                "ko",
                "brief",
                "노승우",
                "--no-pager",
                "--dir",
                str(unparsable.root),
            ],
            stdout=subprocess.PIPE,
            stderr=follower,
        )
        os.close(follower)
        said = b""
        with contextlib.suppress(OSError):  # EIO once the writer is gone
            while chunk := terminal.read(4096):
                said += chunk
    assert done.returncode == 3, said
    located, *prose = said.decode("utf-8").replace("\r\n", "\n").splitlines()
    assert located.startswith("customers/no-seungu/profile.yaml:14:10: error: "), said
    assert prose[0].startswith("경고: 파일 1개를 다 읽지 못해"), said
    assert len(prose) > 1, said
    assert all(cells(line) <= 60 and line.startswith("      ") for line in prose[1:]), prose
    assert " ".join(p.strip() for p in prose).endswith("알려 줍니다)"), said


def test_an_unclosed_quote_is_named_where_it_opens_not_at_the_end_of_the_file(
    team: Team,
) -> None:
    path = team.root / "customers" / "no-seungu" / "profile.yaml"
    path.parent.mkdir(parents=True)
    lines = DEMO_PROFILE.read_text("utf-8").splitlines(keepends=True)
    opened = next(n for n, line in enumerate(lines) if line.startswith("  channel:"))
    lines[opened] = lines[opened].replace(": ", ': "', 1)  # a quote a rep never closed
    path.write_text("".join(lines), encoding="utf-8")

    english = team.run("check")
    korean = team.run("--lang", "ko", "check")

    assert english.exit_code != 0, english.output
    assert f"customers/no-seungu/profile.yaml:{opened + 1}:" in english.output
    assert "a quote opened here is never closed" in english.output
    assert f"customers/no-seungu/profile.yaml:{opened + 1}:" in korean.output
    assert "따옴표가 닫히지 않았습니다" in korean.output
