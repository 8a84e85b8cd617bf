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
    """A document as the FTS5 table stores it: its distinct bigrams, space-separated."""
    return " ".join(bigrams(normalize(text)))
