"""Dates and times as people type them, in Korean and English: the one grammar of the tool.

Every option that takes a day or a moment (`--next`, `--at`, `--since`, due dates of items)
reads it here, so `다음주 화요일` means the same thing everywhere. Nothing here knows the clock:
`today` / `now` are passed in, which keeps the grammar table-testable (tests/data/dates_ko.tsv).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from handover.format.records import FIRST_YEAR, LAST_YEAR
from handover.i18n import N_, _

_DATE_FORMS = N_("use 2026-12-03, +7d, tomorrow or next monday")
_DATE_FORMS_KO = N_("use 내일, 화요일, 다음주 화요일, 3일 후, 12월 5일 or 2026.12.05")
_SINCE_FORMS = N_("use 2026-11-01, 30d, 1y, monday, last monday or 3 weeks ago")
_SINCE_FORMS_KO = N_("use 3일, 2주, 3개월, 월요일, 지난주 월요일, 11월 3일 or 2026.11.01")
_MOMENT_FORMS = N_("use 14:30, yesterday 14:30, 2026-12-03 14:30 or 2026-12-03T14:30+09:00")
_MOMENT_FORMS_KO = N_("use 오후 3시, 어제 오후 5시, 오전 10시 30분, 3일 전 or 12월 5일 14:30")

_NAMED_OFFSETS = {
    "today": 0, "tomorrow": 1, "yesterday": -1,
    "오늘": 0, "금일": 0, "내일": 1, "명일": 1, "모레": 2, "내일모레": 2, "글피": 3,
    "어제": -1, "그제": -2, "그저께": -2, "엊그제": -2,
}  # fmt: skip
_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
_KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_KO_WEEK_SHIFT = {"이번": 0, "금": 0, "다음": 1, "담": 1, "다다음": 2, "지난": -1, "저번": -1}
_KO_WEEK_SHIFT |= {"지지난": -2}
KO_SHIFT_WORDS = frozenset({*_KO_WEEK_SHIFT, "지지난"}) - {"금"}
"""The words that move a Korean date by weeks (`다음`, `지난`, …): a weekday after one of them
belongs to it."""
KO_PAST_WORDS = frozenset({"지난", "저번", "지지난"})
"""Those that move it back: what follows is a day gone by, never a due date."""
_KO_MONTH_SHIFT = {"이번": 0, "다음": 1, "담": 1, "다다음": 2, "지난": -1, "저번": -1}
_KO_YEAR_SHIFT = {"올해": 0, "금년": 0, "내년": 1, "작년": -1, "지난해": -1, "재작년": -2}
_KO_COUNTED_DAYS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7}
_KO_COUNTED_DAYS |= {"일주일": 7, "열흘": 10, "보름": 15}
_KO_NUMBERS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8}
_KO_NUMBERS |= {"아홉": 9, "열": 10, "열한": 11, "열두": 12}
_KO_UNITS = {"일": "d", "주": "w", "주일": "w", "개월": "m", "달": "m", "년": "y"}
_UNITS = {"d": "d", "day": "d", "days": "d", "w": "w", "week": "w", "weeks": "w"}
_UNITS |= {"m": "m", "month": "m", "months": "m", "y": "y", "year": "y", "years": "y"}
_MORNING = {"오전", "아침", "새벽", "am", "a.m."}
_AFTERNOON = {"오후", "낮", "저녁", "밤", "pm", "p.m."}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SHORT_RELATIVE = re.compile(r"([+-]?)(\d+)\s*([dwmy])")
_IN_RELATIVE = re.compile(r"in\s+(\d+)\s*(days?|weeks?|months?|years?)")
_AGO = re.compile(r"(\d+)\s*(days?|weeks?|months?|years?)\s+ago")
_WEEKDAY = re.compile(r"(?:(next|last)\s+)?([a-z]+)")
_WEEK_WORD = rf"({'|'.join(sorted(_KO_WEEK_SHIFT, key=len, reverse=True))})\s*주"
_KO_WEEKDAY = re.compile(rf"(?:{_WEEK_WORD}\s*)?([월화수목금토일])(?:요일|욜)")
_KO_WEEKDAY_SHORT = re.compile(rf"(?:{_WEEK_WORD}\s*)?([월화수목금토])")  # not 일: that is a day
_KO_WEEK = re.compile(_WEEK_WORD)
_KO_MONTH = re.compile(r"(이번|다음|담|다다음|지난|저번)\s*달")
_DIRECTION = r"\s*(후|뒤|전|이후|있다가)"
_KO_OFFSET = re.compile(
    rf"(\d+|{'|'.join(sorted(_KO_NUMBERS, key=len, reverse=True))})\s*(주일|주|개월|달|년|일)"
    + _DIRECTION
)
_KO_COUNTED = re.compile(
    rf"({'|'.join(sorted(_KO_COUNTED_DAYS, key=len, reverse=True))})" + _DIRECTION
)
_KO_CALENDAR = re.compile(r"(?:(\d{4}|\d{2})\s*년\s*)?(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일")
_NUMERIC_DATE = re.compile(
    r"(?:(\d{4}|\d{2})\s*[./]\s*)?(\d{1,2})\s*[./]\s*(\d{1,2})\s*\.?"
)  # 2026.12.05, 2026. 12. 5., 26.12.5, 12/5
_CLOCK = r"(?P<ch>\d{1,2}):(?P<cm>\d{2})(?::(?P<cs>\d{2}))?"
_TIME = re.compile(
    rf"(?:(?P<mer>오전|오후|아침|새벽|낮|저녁|밤)\s*)?"
    rf"(?:{_CLOCK}|(?P<hour>\d{{1,2}})\s*시(?:\s*(?:(?P<half>반)|(?P<minute>\d{{1,2}})\s*분))?)"
    rf"|(?P<eng>\d{{1,2}})(?::(?P<engmin>\d{{2}}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)"
    rf"|(?P<word>정오|자정|noon|midnight)"
)
_WITH_TIME = re.compile(rf"(?P<day>.*?)\s*(?P<time>(?:{_TIME.pattern}))")
_HOURS_AGO = re.compile(r"(\d+)\s*(시간|분)\s*전|(\d+)\s*(hours?|minutes?|mins?)\s+ago")
_NOON = dt.time(12, 0)
_FUTURE_SLACK = dt.timedelta(minutes=1)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def normalise(text: str) -> str:
    """NFC, lower case, single spaces, no trailing particle (`화요일에`, `3일 후에`)."""
    key = " ".join(unicodedata.normalize("NFC", text).strip().lower().split())
    return re.sub(r"(?<=[가-힣0-9])\s*(?:에|쯤|경|부터|까지)$", "", key)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day number `months` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(today: dt.date, amount: int, unit: str) -> dt.date:
    """`amount` days (d), weeks (w), months (m) or years (y) from `today`; negative is earlier."""
    if unit in ("m", "y"):
        return add_months(today, amount * (12 if unit == "y" else 1))
    return today + dt.timedelta(days=amount * (7 if unit == "w" else 1))


def _week_day(today: dt.date, weeks: int | None, weekday: int, past: bool) -> dt.date:
    """A weekday alone is the next such day (never today); with 이번주/다음주 it is in that week."""
    if weeks is not None:  # weeks start on Monday, as on Korean business calendars
        monday = today - dt.timedelta(days=today.weekday())
        return monday + dt.timedelta(days=7 * weeks + weekday)
    if past:
        return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _ko_offset(number: int, unit: str, direction: str, today: dt.date) -> dt.date:
    return shift(today, -number if direction == "전" else number, unit)


def _year_for(year: str | None, month: int, day: int, today: dt.date, past: bool) -> int:
    """A date without a year is the next one (or, looking back, the last one)."""
    if year is not None:
        return int(year) + (2000 if len(year) == 2 else 0)
    candidate = dt.date(today.year, month, day)
    if past and candidate > today:
        return today.year - 1
    if not past and candidate < today:
        return today.year + 1
    return today.year


def _calendar(year: str | None, month: str | None, day: str, today: dt.date, past: bool) -> dt.date:
    if month is None:  # `5일`: the 5th of this month, or of the next (previous) one
        candidate = dt.date(today.year, today.month, int(day))
        if not past and candidate < today:
            return add_months(candidate, 1)
        return add_months(candidate, -1) if past and candidate > today else candidate
    return dt.date(_year_for(year, int(month), int(day), today, past), int(month), int(day))


def _parse_english(key: str, today: dt.date, past: bool) -> dt.date | None:
    if match := _SHORT_RELATIVE.fullmatch(key):
        sign = -1 if match[1] == "-" else 1
        return shift(today, sign * int(match[2]), match[3])
    if match := _IN_RELATIVE.fullmatch(key):
        return shift(today, int(match[1]), _UNITS[match[2]])
    if match := _AGO.fullmatch(key):
        return shift(today, -int(match[1]), _UNITS[match[2]])
    if (match := _WEEKDAY.fullmatch(key)) and match[2] in _WEEKDAYS:
        weekday = _WEEKDAYS[match[2]]
        if match[1] == "last":  # the one before today, even when today is that day
            return today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
        return _week_day(today, None, weekday, past=past and match[1] != "next")
    return None


def _parse_korean(key: str, today: dt.date, past: bool) -> dt.date | None:
    if match := _KO_WEEKDAY.fullmatch(key) or _KO_WEEKDAY_SHORT.fullmatch(key):
        weeks = _KO_WEEK_SHIFT[match[1]] if match[1] else None
        return _week_day(today, weeks, _KO_WEEKDAYS[match[2]], past)
    if match := _KO_WEEK.fullmatch(key):  # 다음주: that week's Monday
        return _week_day(today, _KO_WEEK_SHIFT[match[1]], 0, past)
    if match := _KO_MONTH.fullmatch(key):  # 다음달: the 1st of that month
        return add_months(today.replace(day=1), _KO_MONTH_SHIFT[match[1]])
    if key in _KO_YEAR_SHIFT:  # 올해, 작년: the 1st of January
        return dt.date(today.year + _KO_YEAR_SHIFT[key], 1, 1)
    if match := _KO_OFFSET.fullmatch(key):
        number = int(match[1]) if match[1].isdigit() else _KO_NUMBERS[match[1]]
        return _ko_offset(number, _KO_UNITS[match[2]], match[3], today)
    if match := _KO_COUNTED.fullmatch(key):
        return _ko_offset(_KO_COUNTED_DAYS[match[1]], "d", match[2], today)
    if match := _KO_CALENDAR.fullmatch(key):
        return _calendar(match[1], match[2], match[3], today, past)
    return None


def _parse_date_or_none(text: str, today: dt.date, past: bool = False) -> dt.date | None:
    key = normalise(text)
    if key in _NAMED_OFFSETS:
        return today + dt.timedelta(days=_NAMED_OFFSETS[key])
    if match := _ISO_DATE.fullmatch(key):
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC_DATE.fullmatch(key):
        return _calendar(match[1], match[2], match[3], today, past)
    found = _parse_english(key, today, past) or _parse_korean(key, today, past)
    timed = _WITH_TIME.fullmatch(key)
    if found is None and timed and timed["day"] and _clock_of(timed) is not None:
        found = _parse_date_or_none(timed["day"], today, past)  # a day is a day: the time goes
    return found


class UnreadableDate(ValueError):
    """The text is not a date or time at all (other ValueErrors: read, but not allowed here)."""


def _in_range(day: dt.date, text: str) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(
            _(
                "{text} is {day}: dates must be between {first} and {last}",
                text=repr(text),
                day=day,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return day


def _unreadable(text: str, what: str, forms: str, forms_ko: str) -> UnreadableDate:
    """One line; Korean input gets Korean examples."""
    examples = forms_ko if is_korean(text) else forms
    return UnreadableDate(
        _(
            "cannot read {text} as {what}: {examples}",
            text=repr(text),
            what=_(what),
            examples=_(examples),
        )
    )


def is_korean(text: str) -> bool:
    return _HANGUL.search(text) is not None


def parse_date(text: str, today: dt.date, *, past: bool = False) -> dt.date:
    """A day as people type it; without a year `12월 5일` is the next one (`past`: the last)."""
    try:
        parsed = _parse_date_or_none(text, today, past)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise _unreadable(text, N_("a date"), _DATE_FORMS, _DATE_FORMS_KO)
    return _in_range(parsed, text)


def parse_future_date(text: str, today: dt.date) -> dt.date:
    """A day that is still to come (`--next`): today or later; `--next 어제` is a mistake."""
    day = parse_date(text, today)
    if day < today:
        raise ValueError(
            _("{text} is {day}, in the past: give today or a later day", text=repr(text), day=day)
        )
    return day


def parse_since(text: str, today: dt.date) -> dt.date:
    """`--since`: a day on or before today; a bare age (`7d`, `1y`, `3일`, `2주`) means ago.

    So `--since 3일` is the last three days; the 3rd of a month is `11월 3일`.
    """
    key = normalise(text)
    if match := re.fullmatch(r"(\d+)\s*([dwmy])", key):
        key = f"-{match[1]}{match[2]}"
    elif match := re.fullmatch(r"(\d+)\s*(일|주일|주|개월|달|년)", key):  # 3일: the last 3 days
        key = f"{match[1]}{match[2]} 전"
    try:
        parsed = _parse_date_or_none(key if key else text, today, past=True)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise _unreadable(text, N_("a date"), _SINCE_FORMS, _SINCE_FORMS_KO)
    day = _in_range(parsed, text)
    if day > today:
        raise ValueError(
            _("{text} is {day}, in the future: --since needs a past day", text=repr(text), day=day)
        )
    return day


def _clock_of(match: re.Match[str]) -> dt.time | None:
    if match["word"]:
        return dt.time(0, 0) if match["word"] in ("자정", "midnight") else _NOON
    if match["eng"]:
        hour, minute, meridiem = int(match["eng"]), int(match["engmin"] or 0), match["ampm"]
    elif match["hour"]:
        hour, meridiem = int(match["hour"]), match["mer"]
        minute = 30 if match["half"] else int(match["minute"] or 0)
        if meridiem is None and 1 <= hour <= 6:
            meridiem = "오후"  # a bare `3시` at work is three in the afternoon
    else:
        hour, minute, meridiem = int(match["ch"]), int(match["cm"]), match["mer"]
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in _AFTERNOON else 0)
    if hour > 23 or minute > 59:
        return None
    seconds = int(match["cs"]) if match["ch"] and match["cs"] else 0
    return dt.time(hour, minute, seconds) if seconds < 60 else None


def _parse_moment_or_none(text: str, now: dt.datetime) -> dt.datetime | None:
    key = normalise(text)
    today, tz = now.date(), now.tzinfo
    if match := _HOURS_AGO.fullmatch(key):
        amount, unit = int(match[1] or match[3]), match[2] or match[4]
        minutes = amount * (60 if unit in ("시간", "hour", "hours") else 1)
        return now - dt.timedelta(minutes=minutes)
    if (match := _WITH_TIME.fullmatch(key)) and (clock := _clock_of(match)) is not None:
        day = _parse_date_or_none(match["day"], today, past=True) if match["day"] else today
        if day is not None:
            return dt.datetime.combine(day, clock, tz)
    if (day := _parse_date_or_none(key, today, past=True)) is not None:
        noon = dt.datetime.combine(day, _NOON, tz)
        # A bare "today" typed before noon means "earlier today", not a future noon.
        return min(noon, now) if day == today else noon
    if ":" in key and not is_korean(key):
        moment = dt.datetime.fromisoformat(text.strip())
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    return None


def parse_moment_time(text: str, now: dt.datetime) -> dt.datetime:
    """Read `--at` for something that already happened, so the future is refused."""
    try:
        moment = _parse_moment_or_none(text, now)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise _unreadable(text, N_("a time"), _MOMENT_FORMS, _MOMENT_FORMS_KO)
    _in_range(moment.date(), text)
    if moment > now + _FUTURE_SLACK:
        raise ValueError(
            _(
                "a moment cannot be in the future: {text} is after {now}",
                text=repr(text),
                now=f"{now:%Y-%m-%d %H:%M}",
            )
        )
    return moment


_DUE_WORDS = 5  # a due date is at most this many words: `다음주 화요일 오후 3시까지`
_BY = re.compile(r"\s+by\s+(.+?)\s*$", re.IGNORECASE)


def split_due(text: str, today: dt.date) -> tuple[str, dt.date | None]:
    """Take the due date out of an item's text: `…까지` anywhere, or a trailing ` by DATE`.

    '금요일까지 샘플 전달' → ('샘플 전달', that Friday); 'send data by 2026-12-05' →
    ('send data', 2026-12-05). Text without a readable date comes back unchanged.
    """
    text = unicodedata.normalize("NFC", text).strip()
    if (match := _BY.search(text)) and text[: match.start()].strip():
        try:
            return text[: match.start()].strip(), parse_date(match[1], today)
        except ValueError:
            pass
    for marker in re.finditer(r"까지", text):
        words = text[: marker.start()].split(" ")
        for size in range(min(_DUE_WORDS, len(words)), 0, -1):
            try:
                due = parse_date(" ".join(words[-size:]).strip("([{ "), today)
            except ValueError:
                if size > 1 and words[-size] in KO_SHIFT_WORDS:
                    break  # `다음 금요일`, `지난 금요일`: meant whole, never as its `금요일`
                continue
            if due < today:
                break  # a day gone by is no due: `어제까지 보내기로 한 견적서` is what was said
            head = " ".join(words[:-size]).rstrip(" ([{")
            tail = text[marker.end() :].lstrip(" )]},")
            rest = " ".join(part for part in (head, tail) if part)
            if rest:
                return rest, due
    return text, None


def days_between(a: dt.date, b: dt.date) -> int:
    """Days from a to b, positive when b is later; feed (then, today) to words.age."""
    return (b - a).days
