"""Phone numbers as Korean reps and their sheets write them: the one home for what a number
is (its digits), how one is written (`010-1234-5678`), and when two rows are one mobile.

`import` cleans what a sheet holds and matches rows to customers by mobile with these; the
labels a profile's `contacts:` uses for numbers (`mobile`, `cell`, `tel` …) are display words
and live with the other words in `domain/words.py`.
"""

from __future__ import annotations

import re

_NOT_DIGITS = re.compile(r"\D+")

MATCHING_DIGITS = 7
"""A mobile shorter than this (an extension, a typo) is never used to say two rows are one."""


def phone_digits(value: str) -> str:
    """The digits of a number as typed: `010-1234-5678` → `01012345678`."""
    return _NOT_DIGITS.sub("", value)


def mobile_key(value: str) -> str | None:
    """What makes two mobiles the same number (their digits), or None when too short to tell."""
    digits = phone_digits(value)
    return digits if len(digits) >= MATCHING_DIGITS else None


def clean_phone(value: str) -> str:
    """A phone number as text; a number Excel stored as a number gets its leading 0 back,
    and an international one from Korea (`+82-10-9876-5432`) is written as dialled here."""
    if value.startswith("+82"):
        rest = value[3:].lstrip(" -.").removeprefix("(0)").lstrip(" -")
        value = rest if rest.startswith("0") else "0" + rest
        if phone_digits(value).startswith("010") and len(phone_digits(value)) == 11:
            value = phone_digits(value)
    if value.isdigit() and value.startswith("1") and len(value) in (9, 10):
        value = "0" + value
    if value.isdigit() and value.startswith("010") and len(value) == 11:
        return f"{value[:3]}-{value[3:7]}-{value[7:]}"
    return value
