"""`handover search` finds the word a Korean rep types, whatever particle or ending it carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import BuiltTeam, Team

TABLE = Path(__file__).parent / "data" / "search_particles_ko.tsv"
PARTICLE_QUERIES = [
    line.split("\t")[0]
    for line in TABLE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#") and line.split("\t")[0].startswith("처방")
]


@pytest.fixture
def clinic(team_built_by: BuiltTeam) -> Team:
    """Three customers and their notes: set up once per worker, copied for each test."""
    return team_built_by(_open_clinic)


def _open_clinic(team: Team) -> None:
    for name, org in (
        ("김민수", "서울중앙내과의원"),
        ("김민서", "1층 문전약국"),
        ("박지원", "강동약국"),
    ):
        added = team.run("add", name, "--kind", "doctor", "--org", org, "--owner", "sylee")
        assert added.exit_code == 0, added.output
    for customer, summary in (
        ("김민수", "글루코핀 XR 처방 조건 문의. 샘플이 부족하다고 하심"),
        ("김민수", "원장님이 처방을 늘리겠다고 함. 샘플 두 박스 전달"),
        ("김민서", "처방전 증가 추세, 샘플은 필요 없음"),
        ("박지원", "약사님 늦게 옴. 내과 처방 얘기"),
    ):
        done = team.run("note", customer, "-s", summary)
        assert done.exit_code == 0, done.output
    promised = team.run("note", "김민수", "-s", "재방문", "--promise", "신장 자료 전달")
    assert promised.exit_code == 0, promised.output
    asked = team.run("note", "김민서", "-s", "전화", "--request", "신장 자료 요청")
    assert asked.exit_code == 0, asked.output
    resolved = team.run("resolve", "gim-minseo#1", "메일로 보냄")
    assert resolved.exit_code == 0, resolved.output


def refs(team: Team, *words: str) -> list[str]:
    done = team.run("search", *words, "--json")
    assert done.exit_code == 0, done.output
    return sorted(str(hit["ref"]) for hit in json.loads(done.stdout)["hits"])


def test_the_table_has_the_verb_endings_the_tests_run() -> None:
    assert {"처방을", "처방했다", "처방했음", "처방해요"} <= set(PARTICLE_QUERIES)


@pytest.mark.parametrize("query", PARTICLE_QUERIES)
def test_a_word_with_a_particle_finds_what_the_bare_word_finds(clinic: Team, query: str) -> None:
    expected = refs(clinic, "처방")
    assert len(expected) == 4
    assert refs(clinic, query) == expected


def test_sample_with_i_finds_every_note_about_samples(clinic: Team) -> None:
    assert refs(clinic, "샘플이") == refs(clinic, "샘플")
    assert len(refs(clinic, "샘플이")) == 3


def test_a_noun_ending_like_a_particle_is_not_cut_short(clinic: Team) -> None:
    assert len(refs(clinic, "내과")) == 2  # 서울중앙내과의원 and 내과 처방: never all of 내…


def test_several_words_unquoted_are_one_query_that_needs_them_all(clinic: Team) -> None:
    done = clinic.run("search", "늦게", "옴")
    assert done.exit_code == 0, done.output
    assert "박지원" in done.stdout and "약사님 늦게 옴" in done.stdout
    assert refs(clinic, "샘플", "박스") == refs(clinic, "샘플 박스")
    assert len(refs(clinic, "샘플", "박스")) == 1


@pytest.mark.parametrize("query", ["김ㅁ", "ㄱ민수", "ㄱㅁㅅ", "김ㅁㅅ"])
def test_mixed_initials_match_names(clinic: Team, query: str) -> None:
    done = clinic.run("search", query, "--json")
    assert done.exit_code == 0, done.output
    names = [hit["name"] for hit in json.loads(done.stdout)["hits"]]
    assert "김민수" in names
    assert "박지원" not in names
    if query == "ㄱ민수":
        assert names == ["김민수"]


def test_an_item_hit_says_whether_it_is_open_or_resolved(clinic: Team) -> None:
    done = clinic.run("search", "신장", "자료", "--json")
    assert done.exit_code == 0, done.output
    status = {hit["ref"]: hit["status"] for hit in json.loads(done.stdout)["hits"]}
    assert status == {"gim-minsu#1": "open", "gim-minseo#1": "resolved"}
    shown = clinic.run("search", "신장", "자료")
    assert "gim-minsu#1 open" in shown.stdout
    assert "gim-minseo#1 resolved" in shown.stdout
