"""Text people type into names: invisible characters and line breaks kept out at the door.

A zero-width space or a bidi override in a name looks like nothing on screen but makes `brief
이영희` miss `이\u200b영희`; a line break breaks every table. Names are cleaned once, on the way in.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from handover.i18n import _

INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Zero-width characters, soft hyphen and bidi controls: invisible, never meant in a name."""


_INVISIBLE_CHARS = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
"""One C pass (the index runs this on every document: 18× a Python loop or str.translate)."""


def strip_invisible(text: str) -> str:
    return _INVISIBLE_CHARS.sub("", text)


def match_form(text: str) -> str:
    """How handover compares text people typed with text in files, everywhere: NFC (a Mac's
    decomposed Hangul too), invisible characters removed (이\u200b영희 = 이영희), case-folded.

    The one home of this rule: search, the index, names, reps, facts and imports use it, so
    what one command finds another finds too. Length may change (ß → ss, U+200B → nothing).
    """
    return strip_invisible(unicodedata.normalize("NFC", text)).casefold()


def clean_name(text: str) -> tuple[str, list[str]]:
    """(NFC name without invisible characters, what was removed); a line break is refused.

    Raises ValueError for a newline, tab or other control character: those are typing or
    pasting mistakes that would break every table, so the name is not guessed at.
    """
    nfc = unicodedata.normalize("NFC", text)
    controls = sorted({char for char in nfc if unicodedata.category(char) == "Cc"})
    if controls:
        shown = ", ".join(_describe(char) for char in controls)
        raise ValueError(
            _("a name cannot contain a line break or control character ({shown})", shown=shown)
        )
    removed = sorted({_describe(char) for char in nfc if char in INVISIBLE})
    return " ".join(strip_invisible(nfc).split()), removed


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or {"\n": "LINE FEED", "\r": "CARRIAGE RETURN"}.get(char, "")
    return f"U+{ord(char):04X} {name}".strip()


WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))}
)  # fmt: skip
"""Names Windows cannot use for a file or folder (any case, any extension)."""


def is_windows_reserved(slug: str) -> bool:
    return slug.split(".")[0].casefold() in WINDOWS_RESERVED


def close_to_declared(value: str, declared: list[str]) -> str | None:
    """The declared spelling a near-miss meant, or None if the value is declared or new."""
    if not declared:
        return None
    normal = {match_form(d): d for d in declared}
    key = match_form(value)
    if value in declared:
        return None
    if key in normal:
        return normal[key]
    close = difflib.get_close_matches(key, list(normal), n=1, cutoff=0.75)
    return normal[close[0]] if close else None
