"""What search compares: normalized text and its character bigrams.

Search documents are indexed by character bigrams in a contentless FTS5 table, so any query of
two or more characters (Korean included) finds every document that contains it.
"""

from __future__ import annotations

import re
import unicodedata


def normalize(text: str) -> str:
    """What search compares: NFC (a Mac's decomposed Hangul too) and case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


_BIGRAM = re.compile(r"(?=([^\W_]{2}))")


def bigrams(norm: str) -> set[str]:
    """Every pair of adjacent letters within a word: 병원에서 → 병원 원에 에서."""
    return set(_BIGRAM.findall(norm))


def gram_text(text: str) -> str:
    """A document as the FTS5 table stores it: its distinct bigrams, space-separated."""
    return " ".join(bigrams(normalize(text)))
