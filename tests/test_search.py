"""`handover search`: Korean first, every match found, the match highlighted."""

from __future__ import annotations

import contextlib
import json

import pytest

from conftest import TODAY, BuiltTeam, Team
from handover.core.search import make_snippet


@pytest.fixture
def clinic(team_built_by: BuiltTeam) -> Team:
    """Three customers, their notes and a fact: set up once per worker, copied for each test."""
    return team_built_by(_open_clinic)


def _open_clinic(team: Team) -> None:
    for name, kind, org in (
        ("김민수", "doctor", "서울중앙내과의원"),
        ("김민서", "pharmacist", "1층 문전약국"),
        ("Emily Carter", "purchasing", "Seoul International Clinic"),
    ):
        added = team.run("add", name, "--kind", kind, "--org", org, "--owner", "sylee")
        assert added.exit_code == 0, added.output
    for args in (
        ["김민수", "-s", "김민수 과장님과 병원에서 면담. 글루코핀 XR 처방 조건을 다시 문의하심."],
        ["김민수", "-s", "외래 끝나고 신장애 환자 용량 질문", "--at", "2026-01-05 10:00"],
        ["김민서", "-s", "약국에서 재고 확인. 처방전 증가 추세", "--by", "jpark"],
        ["carter", "-s", "Asked for RENAL dosing data", "-c", "phone", "-q", "eGFR under 30?"],
    ):
        done = team.run("note", *args)
        assert done.exit_code == 0, done.output
    assert team.run("remember", "carter", "allergic to latex").exit_code == 0


def hits(team: Team, *args: str) -> list[dict[str, object]]:
    done = team.run("search", *args, "--json")
    assert done.exit_code == 0, done.output
    found: list[dict[str, object]] = json.loads(done.stdout)["hits"]
    return found


def test_a_two_syllable_query_finds_every_note_that_contains_it(clinic: Team) -> None:
    found = hits(clinic, "처방")
    assert {(h["customer"], h["where"]) for h in found} == {
        ("gim-minsu", "note"),
        ("gim-minseo", "note"),  # 처방전: the word goes on
    }


def test_a_particle_does_not_hide_a_match(clinic: Team) -> None:
    assert [h["customer"] for h in hits(clinic, "병원")] == ["gim-minsu"]  # 병원에서
    assert [h["customer"] for h in hits(clinic, "약국")] == ["gim-minseo", "gim-minseo"]


def test_a_name_part_finds_the_customer_and_the_notes_that_mention_them(clinic: Team) -> None:
    found = hits(clinic, "민수")
    assert found[0]["where"] == "name"
    assert {h["customer"] for h in found} == {"gim-minsu"}
    assert len(found) == 2  # the profile, and the note that names 김민수 과장님


def test_initial_consonants_find_names(clinic: Team) -> None:
    found = hits(clinic, "ㄱㅁㅅ")
    assert [(h["name"], h["where"]) for h in found] == [("김민서", "name"), ("김민수", "name")]
    assert found[0]["marks"] == [[0, 3]]
    shown = clinic.run("search", "ㄱㅁㅅ")
    assert "김민수    gim-minsu " in shown.stdout


def test_latin_text_matches_whatever_the_case(clinic: Team) -> None:
    assert [h["customer"] for h in hits(clinic, "renal")] == ["emily-carter"]
    assert [h["where"] for h in hits(clinic, "LATEX")] == ["profile"]
    assert next(h["where"] for h in hits(clinic, "carter")) == "name"


def test_every_word_of_a_query_must_match(clinic: Team) -> None:
    assert [h["customer"] for h in hits(clinic, "신장애 용량")] == ["gim-minsu"]
    assert hits(clinic, "신장애 재고") == []


def test_a_one_syllable_query_reads_every_document(clinic: Team) -> None:
    assert {h["customer"] for h in hits(clinic, "병")} == {"gim-minsu"}


def test_filters_narrow_the_results(clinic: Team) -> None:
    assert {h["customer"] for h in hits(clinic, "처방", "--kind", "pharmacist")} == {"gim-minseo"}
    assert hits(clinic, "처방", "--rep", "jpark") == []
    assert {h["customer"] for h in hits(clinic, "처방", "--customer", "민수")} == {"gim-minsu"}
    recent = hits(clinic, "용량", "--since", "30d")
    assert recent == []  # the only 용량 note is from 2026-01-05
    assert len(hits(clinic, "용량", "--since", "2026-01-01")) == 1
    unknown = clinic.run("search", "처방", "--rep", "nobody")
    assert unknown.exit_code == 2
    assert "unknown rep 'nobody'" in unknown.stderr


def test_results_show_customer_date_and_the_match_highlighted(clinic: Team) -> None:
    shown = clinic.run("search", "용량")
    assert shown.exit_code == 0, shown.output
    assert "김민수    gim-minsu  2026-01-05  note " in shown.stdout
    assert "신장애 환자 용량 질문" in shown.stdout
    found = hits(clinic, "용량")[0]
    assert found["date"] == "2026-01-05"
    snippet = str(found["snippet"])
    start, end = found["marks"][0]  # type: ignore[index]
    assert snippet[start:end] == "용량"
    assert clinic.run("search", "없는말").stdout.strip() == "nothing matches '없는말'"


def test_a_snippet_marks_every_match_around_the_first() -> None:
    snippet, marks = make_snippet("Glucofin XR 처방. 다음에도 처방 논의", ["처방"])
    assert snippet == "Glucofin XR 처방. 다음에도 처방 논의"
    assert [snippet[a:b] for a, b in marks] == ["처방", "처방"]
    long = "가" * 100 + " 처방 " + "나" * 100
    snippet, marks = make_snippet(long, ["처방"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[a:b] for a, b in marks] == ["처방"]


def test_walking_newest_first_finds_what_sorting_finds(
    clinic: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Common bigrams take the newest-first walk; it must give the same answers."""
    from handover.core import search

    queries = ("처방", "민수", "renal", "용량", "약국")
    sorted_first = {q: hits(clinic, q) for q in queries}
    monkeypatch.setattr(search, "COMMON", 0)
    assert {q: hits(clinic, q) for q in queries} == sorted_first
    assert hits(clinic, "용량", "--since", "2026-01-01") == sorted_first["용량"]


def test_notes_written_in_the_same_second_keep_their_order_when_the_index_refreshes(
    clinic: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two notes of one moment (the clock is pinned): the index re-reads a customer whose
    files changed, and neither that nor the newest-first walk may change their order."""
    import os

    from handover.core import search

    first = hits(clinic, "처방")
    assert [h["date"] for h in first if h["where"] == "note"] == [str(TODAY)] * 2
    older = clinic.root / "customers" / str(first[-1]["customer"])  # re-read, so re-indexed
    for note in older.rglob("notes/*/*.yaml"):
        os.utime(note, (note.stat().st_atime, note.stat().st_mtime + 5))
    assert hits(clinic, "처방") == first
    monkeypatch.setattr(search, "COMMON", 0)
    assert hits(clinic, "처방") == first


def test_a_common_word_finds_profiles_in_decomposed_hangul_with_invisible_or_nul_characters(
    clinic: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile typed on a Mac (decomposed Hangul), pasted with a zero-width space, or with a
    NUL escaped in YAML, is found by a common word as by a rare one."""
    import unicodedata

    from handover.core import search

    def profiles_found() -> tuple[set[object], set[object]]:
        rare = {h["customer"] for h in hits(clinic, "처방") if h["where"] == "profile"}
        with monkeypatch.context() as common:
            common.setattr(search, "COMMON", 0)  # every bigram common: every profile is read
            walked = {h["customer"] for h in hits(clinic, "처방") if h["where"] == "profile"}
        return rare, walked

    def add_role(folder: str, role: str) -> None:
        profile = clinic.root / "customers" / folder / "profile.yaml"
        text = profile.read_text(encoding="utf-8") + f'role: "{role}"\n'
        profile.write_text(text, encoding="utf-8")

    add_role("gim-minsu", unicodedata.normalize("NFD", "처방 담당"))
    add_role("gim-minseo", "처\u200b방 상담")
    assert profiles_found() == ({"gim-minsu", "gim-minseo"},) * 2
    add_role("emily-carter", "처방\\0검토")  # YAML's escape: the text holds a NUL
    assert profiles_found() == ({"gim-minsu", "gim-minseo", "emily-carter"},) * 2


def test_a_word_said_twice_is_forgotten_once_the_profile_no_longer_says_it(clinic: Team) -> None:
    """The search table is given a text's bigrams as they come, repeats and all; taking the
    words out of the profile by hand takes every one of its bigrams out, after a `reindex` as
    in an index kept up to date (search checks each candidate's text, so a bigram left
    behind would not show as a hit, only make every later search read one more document)."""
    import sqlite3

    from handover.index.db import index_path

    profile = clinic.root / "customers" / "gim-minsu" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")

    def documents_with(bigram: str) -> int:
        with contextlib.closing(sqlite3.connect(index_path(clinic.root))) as db:
            query = "SELECT count(*) FROM grams WHERE grams MATCH ?"
            count: int = db.execute(query, (f'"{bigram}"',)).fetchone()[0]
            return count

    for first_build in ("kept up to date", "reindex"):
        said_twice = text + 'role: "라텍스 장갑, 라텍스 주사"\n'
        profile.write_text(said_twice, encoding="utf-8")
        if first_build == "reindex":
            done = clinic.run("reindex", "--json")
            assert done.exit_code == 0, done.output
        assert [h["customer"] for h in hits(clinic, "라텍스")] == ["gim-minsu"]
        assert (documents_with("라텍"), documents_with("텍스")) == (1, 1)
        profile.write_text(text, encoding="utf-8")
        assert hits(clinic, "라텍스") == [], first_build
        assert (documents_with("라텍"), documents_with("텍스")) == (0, 0), first_build
