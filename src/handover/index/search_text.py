"""What search compares: normalized text and its character bigrams.

Search documents are indexed by character bigrams in a contentless FTS5 table, so any query of
two or more characters (Korean included) finds every document that contains it.
"""

from __future__ import annotations

import re

from handover.domain.text import match_form

normalize = match_form
"""What search compares (`domain.text.match_form`): the index stores text in this form."""


_BIGRAM = re.compile(r"(?=([^\W_]{2}))")


def bigrams(norm: str) -> set[str]:
    """Every pair of adjacent letters within a word: 병원에서 → 병원 원에 에서."""
    return set(_BIGRAM.findall(norm))


def gram_text(text: str) -> str:
    """A document as the FTS5 table stores it: its bigrams, space-separated.

    A bigram twice in one text is written twice: the table (`detail=none`) keeps one entry per
    document and bigram whatever the count, for an insert and a delete alike, so making them
    distinct here (a set, 25 % of this function, 2 s of CPU at 600,000 notes) bought nothing."""
    return " ".join(_BIGRAM.findall(normalize(text)))
