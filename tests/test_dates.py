from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from handover.domain.dates import days_between, parse_date, parse_moment_time
from handover.domain.words import age

TODAY = date(2026, 11, 24)  # a Tuesday
KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 24, 15, 30, tzinfo=KST)
DATE_ERROR = "use 2026-12-03, +7d, tomorrow or next monday"


def test_the_fixed_today_is_a_tuesday() -> None:
    assert TODAY.weekday() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("2024-02-29", date(2024, 2, 29)),
        ("  2026-12-03  ", date(2026, 12, 3)),
    ],
)
def test_iso_dates_are_read_as_is(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 24)),
        ("Tomorrow", date(2026, 11, 25)),
        ("YESTERDAY", date(2026, 11, 23)),
        ("오늘", date(2026, 11, 24)),
        ("내일", date(2026, 11, 25)),
        ("모레", date(2026, 11, 26)),
        ("어제", date(2026, 11, 23)),
    ],
)
def test_named_days_in_english_and_korean(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+7d", date(2026, 12, 1)),
        ("7d", date(2026, 12, 1)),
        ("-3d", date(2026, 11, 21)),
        ("+0d", date(2026, 11, 24)),
        ("+2w", date(2026, 12, 8)),
        ("2w", date(2026, 12, 8)),
        ("-1w", date(2026, 11, 17)),
        ("+1m", date(2026, 12, 24)),
        ("+2m", date(2027, 1, 24)),
        ("-11m", date(2025, 12, 24)),
        ("+7D", date(2026, 12, 1)),
        ("in 3 days", date(2026, 11, 27)),
        ("in 1 day", date(2026, 11, 25)),
        ("in 2 weeks", date(2026, 12, 8)),
        ("In  1  week", date(2026, 12, 1)),
        ("in 1 month", date(2026, 12, 24)),
    ],
)
def test_relative_offsets_count_from_today(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
        (date(2026, 12, 31), "+1m", date(2027, 1, 31)),
        (date(2026, 5, 31), "+1m", date(2026, 6, 30)),
    ],
)
def test_months_keep_the_day_number_clamped_to_month_end(
    today: date, text: str, expected: date
) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wed", date(2026, 11, 25)),
        ("Wednesday", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("sun", date(2026, 11, 29)),
        ("mon", date(2026, 11, 30)),
        ("monday", date(2026, 11, 30)),
        ("Tue", date(2026, 12, 1)),
        ("tuesday", date(2026, 12, 1)),
        ("next monday", date(2026, 11, 30)),
        ("Next Tue", date(2026, 12, 1)),
        ("next wed", date(2026, 11, 25)),
    ],
)
def test_weekdays_mean_the_next_such_day_strictly_after_today(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["xyz", "", "2026-13-01", "2026-02-30", "26-12-03", "+7x", "next", "next month", "in days",
     "+99999999d", "7 d ago"],
)  # fmt: skip
def test_unreadable_dates_list_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text, TODAY)
    message = str(caught.value)
    assert message == f"cannot read {text!r} as a date: {DATE_ERROR}"
    assert "\n" not in message


def test_the_date_error_message_reads_naturally() -> None:
    with pytest.raises(ValueError, match=r"^cannot read 'xyz' as a date: use 2026-12-03, \+7d"):
        parse_date("xyz", TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T09:15:00+00:00", datetime(2026, 11, 20, 9, 15, tzinfo=UTC)),
        ("2026-11-20T09:15+09:00", datetime(2026, 11, 20, 9, 15, tzinfo=KST)),
        ("2026-11-20 09:15:30+05:30",
         datetime(2026, 11, 20, 9, 15, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    ],
)  # fmt: skip
def test_an_iso_datetime_with_offset_is_kept_as_is(text: str, expected: datetime) -> None:
    moment = parse_moment_time(text, NOW)
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T09:15", datetime(2026, 11, 20, 9, 15, tzinfo=KST)),
        ("2026-11-20T09:15:45", datetime(2026, 11, 20, 9, 15, 45, tzinfo=KST)),
        ("2026-11-20 09:15", datetime(2026, 11, 20, 9, 15, tzinfo=KST)),
    ],
)
def test_an_iso_datetime_without_offset_gets_nows_timezone(text: str, expected: datetime) -> None:
    moment = parse_moment_time(text, NOW)
    assert moment == expected
    assert moment.tzinfo is KST


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:05", datetime(2026, 11, 24, 9, 5, tzinfo=KST)),
        ("9:05", datetime(2026, 11, 24, 9, 5, tzinfo=KST)),
        ("00:00", datetime(2026, 11, 24, 0, 0, tzinfo=KST)),
        ("15:31", datetime(2026, 11, 24, 15, 31, tzinfo=KST)),
    ],
)
def test_a_bare_time_is_today_at_that_time(text: str, expected: datetime) -> None:
    assert parse_moment_time(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 23:10", datetime(2026, 11, 23, 23, 10, tzinfo=KST)),
        ("어제 08:00", datetime(2026, 11, 23, 8, 0, tzinfo=KST)),
        ("today 10:00", datetime(2026, 11, 24, 10, 0, tzinfo=KST)),
        ("-3d 14:00", datetime(2026, 11, 21, 14, 0, tzinfo=KST)),
        ("2026-11-02 7:45", datetime(2026, 11, 2, 7, 45, tzinfo=KST)),
    ],
)
def test_a_date_form_followed_by_a_time(text: str, expected: datetime) -> None:
    assert parse_moment_time(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", datetime(2026, 11, 23, 12, 0, tzinfo=KST)),
        ("어제", datetime(2026, 11, 23, 12, 0, tzinfo=KST)),
        ("2026-11-02", datetime(2026, 11, 2, 12, 0, tzinfo=KST)),
        ("-1w", datetime(2026, 11, 17, 12, 0, tzinfo=KST)),
        ("today", datetime(2026, 11, 24, 12, 0, tzinfo=KST)),
    ],
)
def test_a_date_alone_means_noon_that_day(text: str, expected: datetime) -> None:
    assert parse_moment_time(text, NOW) == expected


def test_today_alone_before_noon_means_now_rather_than_a_future_noon() -> None:
    morning = datetime(2026, 11, 24, 9, 0, tzinfo=KST)
    assert parse_moment_time("today", morning) == morning


@pytest.mark.parametrize(
    "text",
    ["15:32", "tomorrow", "tomorrow 09:00", "+1d", "2026-11-25T00:00", "2026-11-24T07:00-05:00"],
)
def test_a_moment_more_than_a_minute_ahead_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"^a moment cannot be in the future") as caught:
        parse_moment_time(text, NOW)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text", ["xyz", "", "25:00", "12:60", "yesterday 25:00", "someday 10:00", "2026-11-20T99:00"]
)
def test_unreadable_moments_raise_a_one_line_error(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_moment_time(text, NOW)
    message = str(caught.value)
    assert message.startswith(f"cannot read {text!r} as a time: use ")
    assert "yesterday 14:30" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "today"),
        (1, "yesterday"),
        (2, "2 days ago"),
        (3, "3 days ago"),
        (400, "400 days ago"),
        (-1, "tomorrow"),
        (-2, "in 2 days"),
    ],
)
def test_an_age_in_days_says_how_long_ago(days: int, expected: str) -> None:
    assert age(days) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2026, 11, 21), TODAY, 3),
        (TODAY, TODAY, 0),
        (date(2026, 11, 26), TODAY, -2),
        (date(2025, 11, 24), TODAY, 365),
    ],
)
def test_days_between_is_positive_when_b_is_later(a: date, b: date, expected: int) -> None:
    assert days_between(a, b) == expected


def test_days_between_feeds_the_age() -> None:
    assert age(days_between(date(2026, 11, 21), TODAY)) == "3 days ago"
