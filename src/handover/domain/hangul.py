"""Korean text as people type it: particles on search words, initials in names, 가나다 order.

Pure functions over strings; search, name resolution and the listings call them, so one rule
holds everywhere (`처방을` finds `처방`, `김ㅁ` finds 김민수, 안재현 sorts after 김민수).
"""

from __future__ import annotations

import unicodedata

from handover.domain.romanize import initial_consonants
from handover.domain.text import match_form, strip_invisible

PARTICLES = (
    "을", "를", "이", "가", "은", "는", "에", "에서", "에게", "께", "께서", "한테", "으로", "로",
    "와", "과", "도", "만", "의", "까지", "부터", "처럼", "이랑", "랑", "하고", "보다", "이나",
)  # fmt: skip
"""Particles a search word may carry; stripped one at a time (`병원에서는` → `병원`)."""

VERB_ENDINGS = (
    "했습니다", "했어요", "하였다", "했는데", "했다", "했음", "했고", "해요", "해서", "해야",
    "합니다", "한다", "하다", "하기", "하는", "하면", "함", "됐다", "됐음", "되었다", "됨",
    "돼요", "된다",
)  # fmt: skip
"""Endings of 하다/되다 verbs: `처방했다` and `요청함` are searched as `처방`, `요청`."""

MIN_STEM = 2
"""Syllables a word must keep: `내과`, `효과`, `불만`, `회의` are nouns, not 내+과 or 회+의."""

_SUFFIXES = sorted({*PARTICLES, *VERB_ENDINGS}, key=len, reverse=True)
_MAX_STRIPS = 3


def search_stem(word: str) -> str:
    """The word without the particles and 하다-endings stuck to it, never shorter than two."""
    stem = unicodedata.normalize("NFC", word)
    for _ in range(_MAX_STRIPS):
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem = stem[: -len(suffix)]
                break
        else:
            return stem
    return stem


def _is_jamo_initial(char: str) -> bool:
    return 0x3131 <= ord(char) <= 0x314E


def has_initials(query: str) -> bool:
    """A query with at least one bare initial consonant (`ㄱㅁㅅ`, `김ㅁ`, `ㄱ민수`)."""
    return any(_is_jamo_initial(char) for char in query)


def name_span(query: str, name: str) -> tuple[int, int] | None:
    """Where `query` is in `name`, a bare initial standing for any syllable starting with it.

    Spaces and case are ignored: `김ㅁ`, `ㄱ민수`, `ㄱㅁㅅ`, `민수` and `김 민수` all match 김민수.
    The span is (start, end) in `name` itself, for highlighting.
    """
    wanted = "".join(match_form(query).split())
    name = strip_invisible(unicodedata.normalize("NFC", name))
    positions = [i for i, char in enumerate(name) if not char.isspace()]
    letters = "".join(name[i] for i in positions).casefold()
    if not wanted or len(letters) != len(positions):
        return None
    initials = initial_consonants(letters)
    for start in range(len(letters) - len(wanted) + 1):
        if all(
            q == letters[start + i] or (_is_jamo_initial(q) and q == initials[start + i])
            for i, q in enumerate(wanted)
        ):
            return positions[start], positions[start + len(wanted) - 1] + 1
    return None


def name_matches(query: str, name: str) -> bool:
    """Is `query` a part of `name` (see `name_span`)."""
    return name_span(query, name) is not None


def initials_key(query: str) -> str:
    """The query as initials only, to narrow candidates by an index of names' initials."""
    return initial_consonants("".join(strip_invisible(unicodedata.normalize("NFC", query)).split()))


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or _is_jamo_initial(char)


def ganada_key(name: str, tiebreak: str = "") -> tuple[int, str, str]:
    """가나다 order: Hangul names first in dictionary order, then the others; ties by id.

    Unicode orders precomposed syllables as the Korean dictionary does (가 < 나 < 다 … 하),
    so NFC code-point order is 가나다 order; Latin names would otherwise come first.
    """
    text = unicodedata.normalize("NFC", name).strip()
    return (0 if text and _is_hangul(text[0]) else 1, text.casefold(), tiebreak)
