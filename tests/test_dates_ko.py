"""The date grammar, read from a table a Korean reader can review: tests/data/dates_ko.tsv."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest

from handover import i18n
from handover.domain.dates import (
    parse_date,
    parse_future_date,
    parse_moment_time,
    parse_since,
    split_due,
)
from handover.domain.durations import parse_age_days, parse_alarm
from handover.errors import UsageError

TABLE = Path(__file__).parent / "data" / "dates_ko.tsv"
KST = dt.timezone(dt.timedelta(hours=9))


class Row(NamedTuple):
    use: str
    text: str
    today: str
    expected: str


def _rows() -> list[Row]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [Row(*line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


ROWS = _rows()


def _answer(row: Row) -> str:
    """What the grammar says for one row, written the way the table writes it."""
    i18n.reset()  # the table's own errors are English; a CLI test before may have left Korean
    if row.use in ("alarm", "older"):  # a duration, refused in Korean (the hint shows 30분)
        i18n.choose("ko", {})
        try:
            return str((parse_alarm if row.use == "alarm" else parse_age_days)(row.text))
        finally:
            i18n.reset()
    if row.use == "at":
        now = dt.datetime.fromisoformat(row.today).replace(tzinfo=KST)
        return f"{parse_moment_time(row.text, now).astimezone(KST):%Y-%m-%d %H:%M}"
    today = dt.date.fromisoformat(row.today)
    if row.use == "due":
        text, due = split_due(row.text, today)
        return f"{text} | {due or '-'}"
    read = {"next": parse_future_date, "date": parse_date, "since": parse_since}[row.use]
    return read(row.text, today).isoformat()


def test_the_table_has_at_least_eighty_rows_and_every_use() -> None:
    assert len(ROWS) >= 80
    assert {row.use for row in ROWS} == {"next", "date", "since", "at", "due", "alarm", "older"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.use}:{row.text}@{row.today}" for row in ROWS])
def test_a_korean_date_reads_as_the_table_says(row: Row) -> None:
    if not row.expected.startswith("error: "):
        assert _answer(row) == row.expected
        return
    with pytest.raises((ValueError, UsageError)) as caught:
        _answer(row)
    error = caught.value
    message = f"{error}: {error.hint}" if isinstance(error, UsageError) else str(error)
    assert row.expected.removeprefix("error: ") in message
    assert "\n" not in message
