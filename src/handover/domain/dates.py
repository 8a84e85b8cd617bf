"""Forgiving date input, so notes can be logged as fast as people talk about them."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DATE_FORMS = "use 2026-12-03, +7d, tomorrow or next monday"
_MOMENT_FORMS = "use 14:30, yesterday 14:30, 2026-12-03 14:30 or 2026-12-03T14:30+09:00"

_NAMED_OFFSETS = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "오늘": 0,
    "내일": 1,
    "모레": 2,
    "어제": -1,
}
_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
_UNITS = {"d": "d", "day": "d", "days": "d", "w": "w", "week": "w", "weeks": "w"}
_UNITS |= {"m": "m", "month": "m", "months": "m"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHORT_RELATIVE = re.compile(r"([+-]?)(\d+)\s*([dwm])")
_IN_RELATIVE = re.compile(r"in\s+(\d+)\s*(days?|weeks?|months?)")
_WEEKDAY = re.compile(r"(?:next\s+)?([a-z]+)")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_WITH_TIME = re.compile(r"(.+?)\s+(\d{1,2}:\d{2})")
_NOON = dt.time(12, 0)
_FUTURE_SLACK = dt.timedelta(minutes=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _shift(today: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "m":
        return _add_months(today, amount)
    return today + dt.timedelta(days=amount * (7 if unit == "w" else 1))


def _parse_date_or_none(text: str, today: dt.date) -> dt.date | None:
    key = " ".join(text.strip().lower().split())
    if key in _NAMED_OFFSETS:
        return today + dt.timedelta(days=_NAMED_OFFSETS[key])
    if _ISO_DATE.fullmatch(key):
        return dt.date.fromisoformat(key)
    if match := _SHORT_RELATIVE.fullmatch(key):
        sign = -1 if match[1] == "-" else 1
        return _shift(today, sign * int(match[2]), match[3])
    if match := _IN_RELATIVE.fullmatch(key):
        return _shift(today, int(match[1]), _UNITS[match[2]])
    if (match := _WEEKDAY.fullmatch(key)) and match[1] in _WEEKDAYS:
        ahead = (_WEEKDAYS[match[1]] - today.weekday() - 1) % 7 + 1
        return today + dt.timedelta(days=ahead)
    return None


def parse_date(text: str, today: dt.date) -> dt.date:
    """Read a due date the way people type it; `today` is passed in to keep this testable."""
    try:
        parsed = _parse_date_or_none(text, today)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise ValueError(f"cannot read {text!r} as a date: {_DATE_FORMS}")
    return parsed


def _parse_clock(text: str) -> dt.time | None:
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _parse_moment_or_none(text: str, now: dt.datetime) -> dt.datetime | None:
    key = text.strip()
    today = now.date()
    tz = now.tzinfo
    if (clock := _parse_clock(key)) is not None:
        return dt.datetime.combine(today, clock, tz)
    if match := _WITH_TIME.fullmatch(key):
        clock = _parse_clock(match[2])
        day = _parse_date_or_none(match[1], today)
        if clock is not None and day is not None:
            return dt.datetime.combine(day, clock, tz)
    if (day := _parse_date_or_none(key, today)) is not None:
        noon = dt.datetime.combine(day, _NOON, tz)
        # A bare "today" typed before noon means "earlier today", not a future noon.
        return min(noon, now) if day == today else noon
    if ":" in key:
        moment = dt.datetime.fromisoformat(key)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    return None


def parse_moment_time(text: str, now: dt.datetime) -> dt.datetime:
    """Read `--at` for something that already happened, so the future is refused."""
    try:
        moment = _parse_moment_or_none(text, now)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ValueError(f"cannot read {text!r} as a time: {_MOMENT_FORMS}")
    if moment > now + _FUTURE_SLACK:
        raise ValueError(
            f"a moment cannot be in the future: {text!r} is after {now:%Y-%m-%d %H:%M}"
        )
    return moment


def days_between(a: dt.date, b: dt.date) -> int:
    """Days from a to b, positive when b is later; feed (then, today) to format_age."""
    return (b - a).days


def format_age(days: int) -> str:
    """Say how long ago something was; negative ages are in the future."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days > 0:
        return f"{days} days ago"
    return f"in {-days} days"
