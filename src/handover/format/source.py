"""A team file's text as read: strict UTF-8, with the newline style, BOM and document markers
it came with, so a rewrite keeps them. Nothing here parses YAML: every read starts here, and
most (a note or a profile read the fast way) never need the round-trip loader (yamlio.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handover.errors import DataError, Location
from handover.i18n import _

MAX_FILE_BYTES = 1_000_000
BOM = "\ufeff"


@dataclass(slots=True)
class SourceText:
    """A file's text with the newline style and BOM it came with, so a rewrite keeps them.
    (Not frozen, though never changed: a frozen dataclass costs a microsecond more to make,
    and the index build makes one for each of 600,000 notes.)"""

    text: str
    newline: str = "\n"
    bom: bool = False
    start: str = ""
    """A `---` line (with its comment) that opened the document, put back on every rewrite."""
    end: str = ""
    """A `...` line and whatever follows it, put back on every rewrite."""

    def encode(self, text: str) -> bytes:
        if self.start:
            text = self.start + text.lstrip("\n")
        if self.end:
            text = text.rstrip("\n") + "\n" + self.end
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def source_text(raw: bytes, path: Path) -> SourceText:
    """Strict UTF-8 (an Excel CP949 file is named, never guessed) with BOM and CRLF noted."""
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            _(
                "file is {size} bytes, over the limit of {limit}",
                size=f"{len(raw):,}",
                limit=f"{MAX_FILE_BYTES:,}",
            ),
            location=Location(path),
            hint=_("a profile or note should be a few kilobytes; split or trim it"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = _("save it as UTF-8")
        try:
            raw.decode("cp949")
            hint = _("it looks like CP949 (Korean Excel/Windows): iconv -f cp949 -t utf-8")
        except UnicodeDecodeError:
            pass
        raise DataError(
            _("file is not valid UTF-8"), location=Location(path, line), hint=hint
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    if newline != "\n":
        text = text.replace(newline, "\n")
    # the markers are rare: look for them with a substring test before the (slower) regexes
    start = _DOCUMENT_START.match(text) if text.startswith("---") else None
    end = _DOCUMENT_END.search(text) if text.startswith("...") or "\n..." in text else None
    if start is None and end is None and not bom and newline == "\n":
        return SourceText(text)  # most files: the defaults, and no keyword arguments to parse
    return SourceText(
        # the markers' lines become blank, so positions in errors still match the file
        text=_blank(text, start, end),
        newline=newline,
        bom=bom,
        start=start[0] if start else "",
        end=end[0].lstrip("\n") if end else "",
    )


_DOCUMENT_START = re.compile(r"\A---(?:[ \t]+#[^\n]*)?[ \t]*\n")
_DOCUMENT_END = re.compile(r"(?:\A|\n)\.\.\.(?:[ \t][^\n]*)?(?:\n.*)?\Z", re.DOTALL)


def _blank(text: str, start: re.Match[str] | None, end: re.Match[str] | None) -> str:
    if end is not None:
        text = text[: end.start()] + "\n" * end[0].count("\n")
    if start is not None:
        text = "\n" + text[start.end() :]
    return text
