"""Lengths of time as people type them, in Korean and English: `30분`, `2시간`, `삼일`, `2w`.

`agenda --alarm` and `open --older-than` both read a duration here, so a unit or number word
accepted by one is accepted by the other (tests/data/dates_ko.tsv, uses `alarm` and `older`).
Each caller says which units make sense for it (an alarm in weeks does not; an age in minutes
does not), and the refusal lists that caller's forms, in Korean for Korean.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from typing import Literal

from handover.errors import UsageError
from handover.i18n import _

Unit = Literal["minute", "hour", "day", "week"]

_UNITS: dict[str, Unit] = {
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "분": "minute",
    "h": "hour", "hr": "hour", "hour": "hour", "hours": "hour", "시간": "hour",
    "d": "day", "day": "day", "days": "day", "일": "day",
    "w": "week", "week": "week", "weeks": "week", "주": "week", "주일": "week",
}  # fmt: skip
_LENGTH: dict[Unit, dt.timedelta] = {
    "minute": dt.timedelta(minutes=1),
    "hour": dt.timedelta(hours=1),
    "day": dt.timedelta(days=1),
    "week": dt.timedelta(weeks=1),
}
_COUNTED_DAYS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7}
_COUNTED_DAYS |= {"일주일": 7, "열흘": 10, "보름": 15}
_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8}
_NATIVE |= {"아홉": 9, "열": 10, "열한": 11, "열두": 12}
_SINO_DIGITS = "일이삼사오육칠팔구"
_SINO = rf"[{_SINO_DIGITS}]?십[{_SINO_DIGITS}]?|[{_SINO_DIGITS}]"
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_NATIVE_WORDS = "|".join(sorted(_NATIVE, key=len, reverse=True))
_DURATION = re.compile(rf"(\d+|{_NATIVE_WORDS}|{_SINO})\s*({_UNIT_WORDS})")


def _sino(number: str) -> int:
    """`삼` 3, `십오` 15, `이십` 20: Sino-Korean numbers as people count days and minutes."""
    tens, _sep, ones = number.rpartition("십")
    value = _SINO_DIGITS.index(ones) + 1 if ones else 0
    if "십" in number:
        value += 10 * (_SINO_DIGITS.index(tens) + 1 if tens else 1)
    return value


def _number(word: str) -> int:
    if word.isdigit():
        return int(word)
    return _NATIVE[word] if word in _NATIVE else _sino(word)


def read_duration(text: str) -> tuple[int, Unit] | None:
    """`30분` (30, minute), `이틀` (2, day), `2 hours` (2, hour); None when it is not a duration."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
    if key in _COUNTED_DAYS:
        return _COUNTED_DAYS[key], "day"
    match = _DURATION.fullmatch(key)
    if match is None:
        return None
    return _number(match[1]), _UNITS[match[2]]


def parse_duration(text: str, *, option: str, units: Collection[Unit], hint: str) -> dt.timedelta:
    """A duration in one of `units`; else a usage error naming `option`, with `hint`."""
    read = read_duration(text)
    if read is None or read[1] not in units:
        message = _("{option}: '{value}' is not a duration", option=option, value=text)
        raise UsageError(message, hint=hint)
    return read[0] * _LENGTH[read[1]]


def parse_alarm(text: str) -> dt.timedelta:
    """`--alarm`: ``30분``, ``2시간``, ``1일`` (``30m``, ``2h``, ``1d``) before the day starts."""
    hint = _("write it like 30m, 2h or 1d")
    before = parse_duration(text, option="--alarm", units=("minute", "hour", "day"), hint=hint)
    if not before:
        raise UsageError(_("--alarm: '{value}' is not a duration", value=text), hint=hint)
    return before


def parse_age_days(text: str) -> int:
    """`--older-than`: ``7일``, ``2주``, ``삼일`` (or ``7d``, ``2w``), in whole days."""
    hint = _("use 7d or 2w")
    return parse_duration(text, option="--older-than", units=("day", "week"), hint=hint).days
