"""Adding, listing and finding customers, and remembering what must never be forgotten."""

from __future__ import annotations

import json
import os
import time
import unicodedata

import pytest
from rich.cells import cell_len

from conftest import BuiltTeam, Team


def added(team: Team, *args: str) -> str:
    done = team.run("add", *args)
    assert done.exit_code == 0, done.output
    return done.stdout


# --- add ----------------------------------------------------------------------------------


def test_a_korean_name_gets_a_romanized_id(team: Team) -> None:
    out = added(team, "김민수", "--kind", "doctor", "--org", "서울중앙내과의원", "--role", "원장")
    assert "Added 김민수 as gim-minsu (customers/gim-minsu/profile.yaml)" in out
    profile = (team.root / "customers/gim-minsu/profile.yaml").read_text(encoding="utf-8")
    assert profile.splitlines()[1:7] == [
        "id: gim-minsu",
        "name: 김민수",
        "kind: doctor",
        "organisation: 서울중앙내과의원",
        "role: 원장",
        "owner: sylee",  # the rep at the keyboard, from git's user.email
    ]
    assert team.commits()[0] == "add: 김민수 (gim-minsu)"
    assert team.git("status", "--porcelain") == ""


def test_a_second_customer_with_the_same_name_gets_a_suffix(team: Team) -> None:
    added(team, "김민수", "--kind", "doctor")
    out = added(team, "김민수", "--kind", "pharmacist", "--owner", "jpark")
    assert "as gim-minsu-2" in out
    profile = (team.root / "customers/gim-minsu-2/profile.yaml").read_text(encoding="utf-8")
    assert "owner: jpark" in profile
    assert team.commits()[:2] == ["add: 김민수 (gim-minsu-2)", "add: 김민수 (gim-minsu)"]


def test_an_english_name_becomes_a_slug(team: Team) -> None:
    assert "as john-carter" in added(team, "John Carter", "--kind", "purchasing")


def test_id_overrides_the_derived_one(team: Team) -> None:
    out = added(team, "김민수", "--id", "kim-minsu-gangnam")
    assert "as kim-minsu-gangnam" in out
    assert (team.root / "customers/kim-minsu-gangnam/profile.yaml").is_file()


def test_a_chinese_only_name_needs_an_id(team: Team) -> None:
    before = team.files()
    done = team.run("add", "王力")
    assert done.exit_code == 2, done.output
    assert "cannot make an ASCII id from '王力'" in done.stderr
    assert "--id" in done.stderr
    assert team.files() == before
    assert "as wang-li" in added(team, "王力", "--id", "wang-li")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--owner", "nobody"), "unknown rep 'nobody'"),
        (("--kind", "dentist"), "kind"),
        (("--id", "Kim Minsu"), "id"),
    ],
)
def test_bad_add_options_are_usage_errors(team: Team, args: tuple[str, ...], said: str) -> None:
    before = team.files(), team.commits()
    done = team.run("add", "김민수", *args)
    assert done.exit_code == 2, done.output
    assert said in done.stderr
    assert "Traceback" not in done.output
    assert (team.files(), team.commits()) == before


def test_an_id_that_is_taken_is_refused(team: Team) -> None:
    added(team, "김민수")
    done = team.run("add", "김민지", "--id", "gim-minsu")
    assert done.exit_code == 2, done.output
    assert "already exists" in done.stderr


def test_add_json_returns_the_profile(team: Team) -> None:
    done = team.run("add", "김민수", "--kind", "nurse", "--json")
    assert done.exit_code == 0, done.output
    profile = json.loads(done.stdout)
    assert profile["id"] == "gim-minsu"
    assert profile["kind"] == "nurse"
    assert profile["owner"] == "sylee"


# --- list ---------------------------------------------------------------------------------


@pytest.fixture
def book(team_built_by: BuiltTeam) -> Team:
    """Four customers, one with a note: set up once per worker, copied for each test."""
    return team_built_by(_four_customers)


def _four_customers(team: Team) -> None:
    added(team, "김민수", "--kind", "doctor")
    added(team, "남궁민", "--kind", "nurse", "--owner", "jpark")
    added(team, "Sarah O'Neil", "--kind", "pharmacist")
    added(team, "이", "--kind", "internal", "--id", "i")
    done = team.run("note", "김민수", "-s", "방문")
    assert done.exit_code == 0, done.output


def test_the_list_lines_up_with_korean_names(book: Team) -> None:
    done = book.run("list")
    assert done.exit_code == 0, done.output
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    header, rows = lines[0], lines[1:5]
    assert "4 customers" in lines[5]
    ids = ["gim-minsu", "i", "nam-gungmin", "sarah-o-neil"]
    assert sorted(row.split()[-5] for row in rows) == ids  # id is the fifth column from the end
    for column, values in (("id", ids), ("kind", ["doctor", "nurse", "pharmacist", "internal"])):
        start = cell_len(header[: header.index(f" {column} ") + 1])
        for row in rows:
            value = next(v for v in values if f" {v} " in row)
            assert cell_len(row[: row.index(f" {value} ") + 1]) == start, (column, row)


def test_list_shows_kind_owner_and_last_contact(book: Team) -> None:
    done = book.run("list")
    assert done.exit_code == 0, done.output
    row = next(line for line in done.stdout.splitlines() if "gim-minsu" in line)
    assert row.split()[1:] == ["gim-minsu", "doctor", "sylee", row.split()[4], "0"]
    never = next(line for line in done.stdout.splitlines() if "nam-gungmin" in line)
    assert "never" in never and "jpark" in never


FILTERS = [
    (("--rep", "jpark"), ["nam-gungmin"]),
    (("--rep", "sylee"), ["gim-minsu", "i", "sarah-o-neil"]),
    (("--kind", "doctor"), ["gim-minsu"]),
    (("--rep", "sylee", "--kind", "nurse"), []),
]


def test_list_filters_by_rep_and_kind(book: Team) -> None:
    for args, ids in FILTERS:
        done = book.run("list", *args, "--json")
        assert done.exit_code == 0, (args, done.output)
        assert [row["id"] for row in json.loads(done.stdout)] == ids, args


def test_list_json_gives_one_object_per_customer(book: Team) -> None:
    done = book.run("list", "--json")
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    first = rows[0]
    assert first["id"] == "gim-minsu"
    assert first["name"] == "김민수"
    assert first["kind"] == "doctor"
    assert first["owner"] == "sylee"
    assert first["days_since"] == 0
    assert first["last_contact"] is not None
    assert rows[1]["last_contact"] is None


def test_list_of_an_unknown_rep_is_a_usage_error(book: Team) -> None:
    done = book.run("list", "--rep", "nobody")
    assert done.exit_code == 2, done.output
    assert "unknown rep 'nobody'" in done.stderr


def test_list_of_an_unknown_kind_is_a_usage_error(book: Team) -> None:
    done = book.run("list", "--kind", "dentist")
    assert done.exit_code == 2, done.output


def test_an_empty_folder_lists_no_customers(team: Team) -> None:
    done = team.run("list", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == []


# --- remember -----------------------------------------------------------------------------


def test_remember_records_a_fact_in_one_commit(team: Team) -> None:
    added(team, "김민수", "--kind", "doctor")
    profile = (team.root / "customers/gim-minsu/profile.yaml").read_bytes()
    before = team.commits()
    done = team.run("remember", "김민수", "수요일 오후 방문 금지")
    assert done.exit_code == 0, done.output
    assert "Remembered for 김민수: 수요일 오후 방문 금지" in done.stdout
    assert team.commits() == ["remember: 김민수 — 수요일 오후 방문 금지", *before]
    [path] = team.git("show", "--name-only", "--format=", "HEAD").split()
    assert path.startswith("customers/gim-minsu/notes/")
    record = (team.root / path).read_text(encoding="utf-8")
    assert record.startswith("kind: remember\n")
    assert record.endswith("by: sylee\nfacts:\n- 수요일 오후 방문 금지\n")
    assert (team.root / "customers/gim-minsu/profile.yaml").read_bytes() == profile
    shown = team.run("brief", "김민수")
    assert "수요일 오후 방문 금지" in shown.stdout


HAND_EDITED = """\
# 김민수 원장님 — 인수인계 메모 (이서연)
name: 김민수   # 원장
id: gim-minsu
kind: doctor
organisation: "서울중앙내과의원"
owner: sylee

never_forget:
    - 수요일 오후 방문 금지   # 진료 많음
    # 아래는 작년 메모
contacts:
    mobile: '010-1234-5678'
"""


def test_remember_keeps_a_hand_edited_profile_byte_for_byte(team: Team) -> None:
    added(team, "김민수", "--kind", "doctor")
    path = team.root / "customers/gim-minsu/profile.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    team.git("commit", "--quiet", "-am", "hand edit")
    done = team.run("remember", "민수", "라텍스 알레르기")
    assert done.exit_code == 0, done.output
    assert path.read_text(encoding="utf-8") == HAND_EDITED
    brief = json.loads(team.run("brief", "민수", "--json").stdout)
    assert brief["never_forget"] == ["수요일 오후 방문 금지", "라텍스 알레르기"]


def test_remember_several_facts_at_once(team: Team) -> None:
    added(team, "김민수")
    done = team.run("remember", "민수", "라텍스 알레르기", "커피보다 녹차")
    assert done.exit_code == 0, done.output
    brief = json.loads(team.run("brief", "민수", "--json").stdout)
    assert brief["never_forget"] == ["라텍스 알레르기", "커피보다 녹차"]
    assert len(team.commits()) == 5


def test_remembering_nothing_is_refused(team: Team) -> None:
    added(team, "김민수")
    before = team.files(), team.commits()
    done = team.run("remember", "김민수", "   ")
    assert done.exit_code == 2, done.output
    assert "nothing to remember" in done.stderr
    assert (team.files(), team.commits()) == before


# --- finding a customer -------------------------------------------------------------------


@pytest.fixture
def people(team: Team) -> Team:
    added(team, "김민수", "--kind", "doctor")
    added(team, "김민지", "--kind", "pharmacist")
    added(team, "John Carter", "--kind", "purchasing")
    return team


FOUND_BY = [
    ("gim-minsu", "김민수"),
    ("김민수", "김민수"),
    ("민수", "김민수"),
    (unicodedata.normalize("NFD", "민수"), "김민수"),  # as macOS terminals type it
    ("carter", "John Carter"),
    ("CARTER", "John Carter"),
    ("john c", "John Carter"),
    ("ㄱㅁㅅ", "김민수"),
    ("ㄱㅁㅈ", "김민지"),
    ("minji", "김민지"),
]


def test_a_customer_is_found_by_id_name_or_part(people: Team) -> None:
    for query, name in FOUND_BY:
        done = people.run("brief", query)
        assert done.exit_code == 0, (query, done.output)
        assert done.stdout.startswith(name + " ("), (query, done.stdout)


def test_every_command_finds_customers_the_same_way(people: Team) -> None:
    for args in (("note", "민수", "-s", "방문"), ("remember", "ㄱㅁㅈ", "녹차")):
        done = people.run(*args)
        assert done.exit_code == 0, done.output
    assert people.commits()[:2] == ["remember: 김민지 — 녹차", "note: 김민수 — visit"]


def test_an_ambiguous_part_lists_the_candidates(people: Team) -> None:
    for query in ("김민", "ㄱㅁ", "gim-min"):
        done = people.run("brief", query)
        assert done.exit_code == 2, (query, done.output)
        assert f"'{query}' matches 2 customers" in done.stderr
        assert "김민수 (gim-minsu)" in done.stderr
        assert "김민지 (gim-minji)" in done.stderr
        assert done.stdout == ""


def test_a_name_the_index_knows_is_checked_against_the_profile(people: Team) -> None:
    """With an index, `brief 김민` finds the one customer named exactly 김민 in one row; a
    hand edit the index has not seen yet (김민 → 김민호) has the last word: 김민 is then only
    part of three names, so the brief asks which one."""
    added(people, "김민", "--kind", "nurse")
    past = time.time_ns() - 60 * 10**9  # folders changed in the last seconds are not trusted
    os.utime(people.root / "customers", ns=(past, past))
    assert people.run("list").exit_code == 0  # builds the index
    exact = people.run("brief", "김민")
    assert exact.exit_code == 0, exact.output
    assert exact.stdout.startswith("김민 (gim-min)"), exact.stdout
    profile = people.root / "customers" / "gim-min" / "profile.yaml"
    profile.write_text(
        profile.read_text("utf-8").replace("name: 김민\n", "name: 김민호\n"), "utf-8"
    )

    done = people.run("brief", "김민")

    assert done.exit_code == 2, done.output
    assert "'김민' matches 3 customers" in done.stderr
    assert "김민호 (gim-min)" in done.stderr and "김민수 (gim-minsu)" in done.stderr


def test_an_unknown_but_close_name_suggests_one(people: Team) -> None:
    done = people.run("brief", "김민주")
    assert done.exit_code == 2, done.output
    assert "no customer matches '김민주'" in done.stderr
    assert "did you mean" in done.stderr and "김민수" in done.stderr


def test_an_unknown_name_points_to_the_list(people: Team) -> None:
    done = people.run("note", "박영희", "-s", "방문")
    assert done.exit_code == 2, done.output
    assert "no customer matches '박영희'" in done.stderr
    assert "did you mean" not in done.stderr
    assert "handover list" in done.stderr


def test_remember_help_says_a_fact_is_a_record_and_the_profile_is_not_edited(team: Team) -> None:
    done = team.run("remember", "--help")

    assert done.exit_code == 0, done.output
    assert "as a new record beside its notes" in done.stdout
    assert "The profile is not edited" in done.stdout
