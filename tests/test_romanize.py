from __future__ import annotations

import pytest

from handover.domain.romanize import initial_consonants, is_initials_query, romanize, slugify_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("가", "ga"),
        ("까", "kka"),
        ("나", "na"),
        ("다", "da"),
        ("따", "tta"),
        ("라", "ra"),
        ("마", "ma"),
        ("바", "ba"),
        ("빠", "ppa"),
        ("사", "sa"),
        ("싸", "ssa"),
        ("아", "a"),
        ("자", "ja"),
        ("짜", "jja"),
        ("차", "cha"),
        ("카", "ka"),
        ("타", "ta"),
        ("파", "pa"),
        ("하", "ha"),
    ],
)
def test_each_initial_consonant_has_its_rr_letters(text: str, expected: str) -> None:
    assert romanize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("아애야얘어에여예오와왜외요우워웨위유으의이",
         "aaeyayaeeoeyeoyeowawaeoeyouwowewiyueuuii"),
    ],
)  # fmt: skip
def test_all_21_vowels_romanize_in_order(text: str, expected: str) -> None:
    assert romanize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("악", "ak"),
        ("앆", "ak"),
        ("앇", "ak"),
        ("앍", "ak"),
        ("앜", "ak"),
        ("안", "an"),
        ("앉", "an"),
        ("않", "an"),
        ("앋", "at"),
        ("앗", "at"),
        ("았", "at"),
        ("앚", "at"),
        ("앛", "at"),
        ("앝", "at"),
        ("앟", "at"),
        ("알", "al"),
        ("앏", "al"),
        ("앐", "al"),
        ("앑", "al"),
        ("앓", "al"),
        ("암", "am"),
        ("앎", "am"),
        ("압", "ap"),
        ("앖", "ap"),
        ("앞", "ap"),
        ("앙", "ang"),
    ],
)
def test_finals_use_their_representative_sound(text: str, expected: str) -> None:
    assert romanize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("울릉", "ulleung"),
        ("서울대병원", "seouldaebyeongwon"),
        ("신라", "sinra"),
        ("한국", "hanguk"),
    ],
)
def test_syllables_do_not_assimilate_except_double_rieul(text: str, expected: str) -> None:
    assert romanize(text) == expected


def test_non_hangul_passes_through_unchanged() -> None:
    assert romanize("Dr. 김 (CTO) 東京 ㄱ") == "Dr. gim (CTO) 東京 ㄱ"


def test_rieul_rule_does_not_cross_non_hangul() -> None:
    assert romanize("울 릉") == "ul reung"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("김민수", "gim-minsu"),
        ("이서연", "i-seoyeon"),
        ("박지훈", "bak-jihun"),
        ("최진", "choe-jin"),
        ("김수한무", "gim-suhanmu"),
        (" 정하늘 ", "jeong-haneul"),
    ],
)
def test_a_korean_name_becomes_surname_hyphen_given_name(name: str, expected: str) -> None:
    assert slugify_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("남궁민수", "namgung-minsu"),
        ("제갈공명", "jegal-gongmyeong"),
        ("선우정아", "seonu-jeonga"),
        ("독고영재", "dokgo-yeongjae"),
        ("황보현우", "hwangbo-hyeonu"),
        ("사공일도", "sagong-ildo"),
        ("서문탁희", "seomun-takhui"),
        ("동방신기", "dongbang-singi"),
    ],
)
def test_two_syllable_surnames_stay_together_in_four_syllable_names(
    name: str, expected: str
) -> None:
    assert slugify_name(name) == expected


def test_a_three_syllable_name_starting_like_a_compound_surname_splits_after_one() -> None:
    assert slugify_name("남궁민") == "nam-gungmin"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dr. Emily Carter", "dr-emily-carter"),
        ("서울대병원 약제부", "seouldaebyeongwon-yakjebu"),
        ("José Müller", "jose-muller"),
        ("  --ACME__Corp!!  ", "acme-corp"),
        ("김", "gim"),
        ("김민수정하나", "gimminsujeonghana"),
        ("LG전자", "lgjeonja"),
        ("ＡＢＣ 123", "abc-123"),
        ("Café 東京", "cafe"),
    ],
)
def test_other_text_becomes_a_lowercase_hyphenated_slug(name: str, expected: str) -> None:
    assert slugify_name(name) == expected


@pytest.mark.parametrize("name", ["東京大学", "さくら", "", "   ", "!!!"])
def test_nothing_ascii_left_gives_an_empty_slug(name: str) -> None:
    assert slugify_name(name) == ""


def test_slugs_are_cut_to_64_chars_without_a_trailing_hyphen() -> None:
    slug = slugify_name("a" * 63 + " b" + " c" * 10)
    assert slug == "a" * 63
    assert len(slugify_name("x" * 100)) == 64


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("김민수", "ㄱㅁㅅ"),
        ("까치 Tower", "ㄲㅊ Tower"),
        ("서울대병원", "ㅅㅇㄷㅂㅇ"),
        ("", ""),
    ],
)
def test_initial_consonants_replace_each_syllable(text: str, expected: str) -> None:
    assert initial_consonants(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ㄱㅁㅅ", True),
        ("ㅅㅇ ㄷㅂ", True),
        ("ㄲㅎ", True),
        ("", False),
        ("  ", False),
        ("김ㅁㅅ", False),
        ("ㄱㅁa", False),
        ("ㅏ", False),
    ],
)
def test_initials_query_is_only_compatibility_consonants(query: str, expected: bool) -> None:
    assert is_initials_query(query) is expected
