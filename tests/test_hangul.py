"""Korean text rules shared by search, name lookups and listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from handover.domain.hangul import ganada_key, name_matches, search_stem

TABLE = Path(__file__).parent / "data" / "search_particles_ko.tsv"
CASES = [
    tuple(line.split("\t")[:2])
    for line in TABLE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_particle_table_covers_every_particle_the_issue_names() -> None:
    endings = {"을", "를", "이", "가", "은", "는", "에", "에서", "에게", "께", "으로", "로", "와"}
    endings |= {"과", "도", "만", "의", "까지", "부터", "처럼", "이랑", "하고"}
    endings |= {"했다", "했음", "해요"}
    covered = {query.removeprefix(stem) for query, stem in CASES}
    assert len(CASES) >= 30
    assert endings - covered <= {"를"}  # 를 follows a vowel: 자료를, below


@pytest.mark.parametrize(("query", "stem"), CASES, ids=[query for query, _ in CASES])
def test_a_search_word_loses_its_particle_but_keeps_two_syllables(query: str, stem: str) -> None:
    assert search_stem(query) == stem


def test_reul_after_a_vowel() -> None:
    assert search_stem("자료를") == "자료"


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("김ㅁ", "김민수", True),
        ("ㄱ민수", "김민수", True),
        ("ㄱㅁㅅ", "김민수", True),
        ("ㅁㅅ", "김민수", True),
        ("민ㅅ", "김민수", True),
        ("김 민수", "김민수", True),
        ("김ㅅ", "김민수", False),
        ("ㅇㅅㅇ", "이서연", True),
        ("서연", "이서연", True),
        ("ㄴ", "김민수", False),
        ("carter", "Dr. Emily Carter", True),
    ],
)
def test_a_name_matches_by_syllables_or_initials(query: str, name: str, expected: bool) -> None:
    assert name_matches(query, name) is expected


def test_ganada_order_puts_hangul_names_in_dictionary_order_before_latin() -> None:
    people = [
        ("an-jaehyeon", "안재현"), ("emily", "Emily Carter"), ("gim-minsu", "김민수"),
        ("bak-jihun", "박지훈"), ("han-yuna", "한유나"), ("gim-minsu-2", "김민수"),
    ]  # fmt: skip
    ordered = sorted(people, key=lambda p: ganada_key(p[1], p[0]))
    assert [cid for cid, _ in ordered] == [
        "gim-minsu", "gim-minsu-2", "bak-jihun", "an-jaehyeon", "han-yuna", "emily",
    ]  # fmt: skip
