"""An item's due date as reps type it inside the text: `… by DATE` or Korean `… DATE까지`.

`dates.split_due` finds and reads the date with the one grammar `--next` uses, so every form it
learns works here too. What this module adds is the refusal: an ending that was meant as a date
but cannot be read is an error, never silently left in the text with no due date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from handover.domain import dates
from handover.i18n import N_, _

_KKAJI = "까지"
_WORDS_TRIED = (
    3  # `다음주 화요일까지`, `3일 후까지`, `12월 5일까지`: the date is the last few words
)

_DATE_WORDS = {
    "today", "tomorrow", "tonight", "yesterday", "next", "this", "in", "end", "eod", "eow",
    "week", "weeks", "month", "months", "day", "days", "noon",
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december",
}  # fmt: skip
_KOREAN_DATE = re.compile(
    r"^(오늘|내일|모레|글피|어제|이번|다음|다다음|지난|월말|주말|연말|월초|연초|일주일|"
    r"[월화수목금토일](요일)?|(이번|다음|다다음|지난)(주|달))$"
)  # digits (`13월`, `3일`) are date-like by themselves; `전달`, `주문` are words


@dataclass(frozen=True)
class DueText:
    """The text without its due date, and the date."""

    text: str
    due: dt.date | None


class DueDateError(ValueError):
    """An ending meant as a due date that the date grammar cannot read."""


def looks_like_a_date(words: str) -> bool:
    """Whether an unreadable ending was meant as a date: a digit, a date word, or a Korean
    date form (`13월 40일`, `다음 분기`); `by courier` and `퇴근까지` are text."""
    if any(char.isdigit() for char in words) or words.lstrip().startswith("+"):
        return True
    tokens = words.lower().split()
    if any(token.strip(".,") in _DATE_WORDS for token in tokens):
        return True
    return any(_KOREAN_DATE.match(token) for token in tokens)


def _unreadable_ending(text: str) -> str | None:
    """The date-like words of a ` by …` ending or before a `까지` that the grammar did not read."""
    head, separator, tail = text.rpartition(" by ")
    if separator and head.strip() and looks_like_a_date(tail):
        return tail.strip()
    for marker in re.finditer(_KKAJI, text):
        words = text[: marker.start()].split()
        trailing = 0
        while trailing < min(_WORDS_TRIED, len(words)) and looks_like_a_date(words[-trailing - 1]):
            trailing += 1
        if trailing and words[-trailing] not in dates.KO_PAST_WORDS:  # `지난 금요일`: gone by
            return " ".join(words[-trailing:])
    return None


def split_due(text: str, today: dt.date) -> DueText:
    """'send the renal data by 2026-12-05' → ('send the renal data', 2026-12-05);
    '샘플 전달 다음주 화요일까지' → ('샘플 전달', that Tuesday). Relative dates count from
    `today` (the day of the moment). Raises DueDateError for a date ending it cannot read."""
    body, due = dates.split_due(text, today)
    if due is not None:
        return DueText(body, due)
    typed = _unreadable_ending(body)
    if typed is not None:
        try:
            dates.parse_date(typed, today)
        except ValueError as exc:
            raise DueDateError(str(exc)) from None
    return DueText(body, None)


DUE_HINT = N_("a due date comes on or after the moment that opened the item")


def due_before_opening(due: dt.date | None, opened: dt.date) -> str | None:
    """The one rule, for `note` and `check`: an item is not due before the moment that opened
    it. What is wrong, in the language in use; None when the due date is fine."""
    if due is None or due >= opened:
        return None
    return _("due {due} is before the item was opened ({opened})", due=due, opened=opened)
