"""Odd but valid input works; invalid input is refused at the door (issue 11.7)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ruamel.yaml import YAML

from conftest import Team


def profile_of(team: Team, customer_id: str) -> dict[str, object]:
    path = team.root / "customers" / customer_id / "profile.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_decomposed_korean_name_is_stored_composed(team: Team) -> None:
    nfd = unicodedata.normalize("NFD", "김민수")
    done = team.run("add", nfd, "--kind", "doctor")
    assert done.exit_code == 0, done.output
    assert profile_of(team, "gim-minsu")["name"] == "김민수"
    assert team.run("brief", "김민수").exit_code == 0


def test_a_zero_width_space_is_removed_from_a_new_name_with_a_warning(team: Team) -> None:
    done = team.run("add", "이\u200b영희", "--kind", "doctor")
    assert done.exit_code == 0, done.output
    assert "warning: removed invisible characters from the name: U+200B ZERO WIDTH SPACE" in (
        done.stderr
    )
    assert profile_of(team, "i-yeonghui")["name"] == "이영희"


def test_a_hand_typed_zero_width_space_does_not_hide_the_customer(team: Team) -> None:
    assert team.run("add", "이영희", "--kind", "doctor").exit_code == 0
    path = team.root / "customers/i-yeonghui/profile.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("이영희", "이\u200b영희"), "utf-8")
    done = team.run("brief", "이영희")
    assert done.exit_code == 0, done.output


def test_a_bidi_override_is_removed(team: Team) -> None:
    done = team.run("add", "\u202e김민수", "--kind", "doctor")
    assert done.exit_code == 0, done.output
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in done.stderr
    assert profile_of(team, "gim-minsu")["name"] == "김민수"


def test_a_line_break_in_a_name_is_refused_and_nothing_is_written(team: Team) -> None:
    before = team.files()
    done = team.run("add", "김민수\n원장", "--kind", "doctor")
    assert done.exit_code == 2, done.output
    assert "a name cannot contain a line break" in done.stderr
    assert team.files() == before


def test_add_con_gets_an_id_windows_can_check_out(team: Team) -> None:
    done = team.run("add", "CON", "--kind", "other")
    assert done.exit_code == 0, done.output
    assert (team.root / "customers/con-2/profile.yaml").is_file()
    refused = team.run("add", "Aux Kim", "--id", "aux")
    assert refused.exit_code == 2, refused.output
    assert "cannot be a folder name on Windows" in refused.stderr


def _an_edit_keeps(team: Team, raw: bytes) -> bytes:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    path: Path = team.root / "customers/gim-minsu/profile.yaml"
    path.write_bytes(raw)
    team.git("commit", "--quiet", "-am", "hand edit")
    done = team.run("transfer", "김민수", "--to", "jpark")  # edits `owner:` in place
    assert done.exit_code == 0, done.output
    assert team.run("check").exit_code == 0
    return path.read_bytes()


PROFILE = "id: gim-minsu\nname: 김민수\nkind: doctor\nowner: sylee\nnever_forget: []\n"


def test_cr_only_line_endings_survive_an_edit(team: Team) -> None:
    after = _an_edit_keeps(team, PROFILE.replace("\n", "\r").encode())
    assert b"\n" not in after
    assert after.decode().split("\r") == PROFILE.replace("sylee", "jpark").split("\n")


def test_document_markers_with_comments_survive_an_edit(team: Team) -> None:
    raw = f"--- # 김민수 원장님\n{PROFILE}... # 끝\n# 꼬리 주석\n".encode()
    after = _an_edit_keeps(team, raw).decode()
    assert after.startswith("--- # 김민수 원장님\nid: gim-minsu\n")
    assert after.endswith("owner: jpark\nnever_forget: []\n... # 끝\n# 꼬리 주석\n")


def _hide_a_zero_width_space_in_the_name(team: Team) -> None:
    assert team.run("add", "이영희", "--kind", "doctor").exit_code == 0
    path = team.root / "customers/i-yeonghui/profile.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("이영희", "이\u200b영희"), "utf-8")


def test_brief_finds_a_zero_width_name_through_the_warm_index(team: Team) -> None:
    _hide_a_zero_width_space_in_the_name(team)
    assert team.run("list").exit_code == 0  # the index is built and warm
    done = team.run("brief", "이영희")
    assert done.exit_code == 0, done.output
    assert "i-yeonghui" in done.stdout


def test_search_finds_a_name_and_a_note_with_zero_width_characters_by_the_clean_word(
    team: Team,
) -> None:
    _hide_a_zero_width_space_in_the_name(team)
    noted = team.run("note", "i-yeonghui", "-s", "처\u200b방 변경 논의\u2060함", "-c", "visit")
    assert noted.exit_code == 0, noted.output
    by_name = team.run("search", "이영희", "--json")
    assert by_name.exit_code == 0, by_name.output
    assert "i-yeonghui" in by_name.stdout
    by_word = team.run("search", "처방", "--json")
    assert by_word.exit_code == 0, by_word.output
    assert "i-yeonghui" in by_word.stdout
    by_other = team.run("search", "논의함", "--json")
    assert "i-yeonghui" in by_other.stdout, by_other.output


def test_one_function_says_how_text_compares() -> None:
    from handover.domain.text import match_form

    assert match_form("이\u200b영\u202e희") == match_form("이영희") == "이영희"
    assert match_form("Emily\u00a0CARTER") == match_form("emily\u00a0carter")
    decomposed = "\u1112\u1161\u11ab"  # 한 as a Mac writes it (NFD)
    assert match_form(decomposed) == "한"


def rep_names(team: Team) -> dict[str, object]:
    data = YAML(typ="safe").load((team.root / "handover.yaml").read_text(encoding="utf-8"))
    return {rep["id"]: rep["name"] for rep in data["reps"]}


def test_a_new_reps_name_loses_its_invisible_characters_with_a_warning(team: Team) -> None:
    done = team.run("rep", "add", "yhlee", "--name", "\u202e이\u200b영희", "--email", "y@x.kr")
    assert done.exit_code == 0, done.output
    assert "warning: removed invisible characters from the name: U+200B ZERO WIDTH SPACE" in (
        done.stderr
    )
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in done.stderr
    assert rep_names(team)["yhlee"] == "이영희"
    assert team.run("list", "--rep", "이영희").exit_code == 0


def test_a_decomposed_rep_name_is_stored_composed(team: Team) -> None:
    nfd = unicodedata.normalize("NFD", "최유나")
    done = team.run("rep", "add", "ynchoi", "--name", nfd, "--email", "y@x.kr")
    assert done.exit_code == 0, done.output
    assert rep_names(team)["ynchoi"] == "최유나"


def test_a_line_break_in_a_reps_name_is_refused_and_nothing_is_written(team: Team) -> None:
    before = team.files()
    done = team.run("rep", "add", "yhlee", "--name", "이영희\n팀장", "--email", "y@x.kr")
    assert done.exit_code == 2, done.output
    assert "a name cannot contain a line break" in done.stderr
    assert team.files() == before
    empty = team.run("rep", "add", "yhlee", "--name", "\u200b ", "--email", "y@x.kr")
    assert empty.exit_code == 2, empty.output
    assert team.files() == before
