"""Korean romanization and slugs, so customer ids stay ASCII and stable across machines."""

from __future__ import annotations

import re
import unicodedata

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
_MEDIAL_COUNT = 21
_FINAL_COUNT = 28

_INITIAL_JAMO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
    "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
_MEDIALS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
# Index 0 is "no final"; the rest follow Unicode order ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ
# ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ, each mapped to its representative sound.
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_INITIAL_RIEUL = 5
_FINAL_RIEUL = 8

_COMPOUND_SURNAMES = frozenset({"남궁", "제갈", "선우", "독고", "황보", "사공", "서문", "동방"})
_MAX_SLUG = 64
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _is_syllable(char: str) -> bool:
    return _SYLLABLE_FIRST <= ord(char) <= _SYLLABLE_LAST


def _decompose(char: str) -> tuple[int, int, int]:
    offset = ord(char) - _SYLLABLE_FIRST
    initial, rest = divmod(offset, _MEDIAL_COUNT * _FINAL_COUNT)
    medial, final = divmod(rest, _FINAL_COUNT)
    return initial, medial, final


def romanize(text: str) -> str:
    """Romanize syllable by syllable, as RR prescribes for personal names."""
    out: list[str] = []
    previous_final: int | None = None
    for char in text:
        if not _is_syllable(char):
            out.append(char)
            previous_final = None
            continue
        initial, medial, final = _decompose(char)
        if initial == _INITIAL_RIEUL and previous_final == _FINAL_RIEUL:
            out.append("l")
        else:
            out.append(_INITIALS[initial])
        out.append(_MEDIALS[medial])
        out.append(_FINALS[final])
        previous_final = final
    return "".join(out)


def _korean_name_slug(name: str) -> str | None:
    if not 2 <= len(name) <= 4 or not all(_is_syllable(c) for c in name):
        return None
    split = 2 if len(name) == 4 and name[:2] in _COMPOUND_SURNAMES else 1
    return f"{romanize(name[:split])}-{romanize(name[split:])}"


def slugify_name(name: str) -> str:
    """Make a customer id from a display name; "" means the caller must ask for one."""
    stripped = name.strip()
    korean = _korean_name_slug(stripped)
    if korean is not None:
        return korean
    ascii_text = (
        unicodedata.normalize("NFKD", romanize(stripped))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    return slug[:_MAX_SLUG].rstrip("-")


def initial_consonants(text: str) -> str:
    """Reduce syllables to initials so 초성 search (ㄱㅁㅅ finds 김민수) works."""
    return "".join(_INITIAL_JAMO[_decompose(c)[0]] if _is_syllable(c) else c for c in text)


def is_initials_query(q: str) -> bool:
    """Tell 초성 queries apart from ordinary text so search can match on initials."""
    chars = [c for c in q if not c.isspace()]
    return bool(chars) and all(0x3131 <= ord(c) <= 0x314E for c in chars)
