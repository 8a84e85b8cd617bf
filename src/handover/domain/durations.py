"""Lengths of time as people type them, in Korean and English: `30분`, `2시간`, `삼일`, `2w`,
and several units in one (`1시간 30분`, `1h30m`), added up.

`agenda --alarm` and `open --older-than` both read a duration here, so a unit or number word
accepted by one is accepted by the other (tests/data/dates_ko.tsv, uses `alarm` and `older`).
Each caller says which units make sense for it (an alarm in weeks does not; an age in minutes
does not), and the refusal lists that caller's forms, in Korean for Korean. Months (`3개월`,
`석 달`, `3 months`) are read only to be refused with the truer reason: a month has no fixed
length, so the refusal offers the nearest days and weeks (`90일`, `13주`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from typing import Literal

from handover.errors import UsageError
from handover.i18n import _

Unit = Literal["minute", "hour", "day", "week", "month"]

_UNITS: dict[str, Unit] = {
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "분": "minute",
    "h": "hour", "hr": "hour", "hour": "hour", "hours": "hour", "시간": "hour",
    "d": "day", "day": "day", "days": "day", "일": "day",
    "w": "week", "week": "week", "weeks": "week", "주": "week", "주일": "week",
    "mo": "month", "month": "month", "months": "month", "개월": "month", "달": "month",
}  # fmt: skip
_DAYS_IN_A_MONTH = 30  # only for the hint that offers days instead of months
_LENGTH: dict[Unit, dt.timedelta] = {
    "minute": dt.timedelta(minutes=1),
    "hour": dt.timedelta(hours=1),
    "day": dt.timedelta(days=1),
    "week": dt.timedelta(weeks=1),
}
_COUNTED_DAYS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7}
_COUNTED_DAYS |= {"일주일": 7, "열흘": 10, "보름": 15}
_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8}
_NATIVE |= {"아홉": 9, "열": 10, "열한": 11, "열두": 12, "석": 3, "넉": 4}  # 석 달, 넉 달
_SINO_DIGITS = "일이삼사오육칠팔구"
_SINO = rf"[{_SINO_DIGITS}]?십[{_SINO_DIGITS}]?|[{_SINO_DIGITS}]"
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_NATIVE_WORDS = "|".join(sorted(_NATIVE, key=len, reverse=True))
_PIECE = re.compile(rf"(\d+|{_NATIVE_WORDS}|{_SINO})\s*({_UNIT_WORDS})(\s*반)?\s*")
"""A number, its unit, and `반` (half) after hours: `1시간 반` is 90 minutes."""


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


def read_duration(text: str) -> list[tuple[int, Unit]] | None:
    """`30분` [(30, minute)], `이틀` [(2, day)], `1h30m` and `1시간 반` [(1, hour), (30, minute)];
    None when it is not a duration. Each piece is a number and its unit, spaces optional."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
    if key in _COUNTED_DAYS:
        return [(_COUNTED_DAYS[key], "day")]
    pieces: list[tuple[int, Unit]] = []
    at = 0
    while at < len(key):
        match = _PIECE.match(key, at)
        if match is None:
            return None
        count, unit = _number(match[1]), _UNITS[match[2]]
        if match[3] and unit != "hour":  # `2일 반` in whole days or weeks is not what was meant
            return None
        pieces.append((count, unit))
        if match[3]:
            pieces.append((30, "minute"))
        at = match.end()
    return pieces or None


def _nearest_days_and_weeks(pieces: list[tuple[int, Unit]]) -> str:
    """The hint for a refused month: `3개월` is about `90일`, or `13주`."""
    days = sum(
        count * (_DAYS_IN_A_MONTH if unit == "month" else _LENGTH[unit].days)
        for count, unit in pieces
    )
    return _("write {days}d or {weeks}w", days=days, weeks=max(1, round(days / 7)))


def parse_duration(text: str, *, option: str, units: Collection[Unit], hint: str) -> dt.timedelta:
    """A duration in `units` (pieces added up); else a usage error naming `option`, with `hint`."""
    pieces = read_duration(text)
    if pieces is not None and any(unit == "month" for _count, unit in pieces):
        message = _(
            "{option}: '{value}' is in months, which are not taken: a month has no fixed length",
            option=option,
            value=text,
        )
        in_days = {"day", "week"} <= set(units)
        raise UsageError(message, hint=_nearest_days_and_weeks(pieces) if in_days else hint)
    if pieces is None or any(unit not in units for _count, unit in pieces):
        message = _("{option}: '{value}' is not a duration", option=option, value=text)
        raise UsageError(message, hint=hint)
    return sum((count * _LENGTH[unit] for count, unit in pieces), dt.timedelta())


def parse_alarm(text: str) -> dt.timedelta:
    """`--alarm`: ``30분``, ``2시간``, ``1일``, ``1시간 30분`` (``30m``, ``2h``, ``1h30m``)
    before the day starts."""
    hint = _("write it like 30m, 2h or 1d")
    before = parse_duration(text, option="--alarm", units=("minute", "hour", "day"), hint=hint)
    if not before:
        raise UsageError(_("--alarm: '{value}' is not a duration", value=text), hint=hint)
    return before


def parse_age_days(text: str) -> int:
    """`--older-than`: ``7일``, ``2주``, ``삼일``, ``1주 3일`` (``7d``, ``2w``), in whole days."""
    hint = _("use 7d or 2w")
    return parse_duration(text, option="--older-than", units=("day", "week"), hint=hint).days
