"""Text people wrote, made safe to show: literally, never as markup or terminal control codes.

A note summary, an item, a name or a fact comes from a file anyone on the team can commit. Shown
as is, `\\x1b[2J` clears the reader's screen and an OSC 52 sequence sets their clipboard; shown
as rich markup, `[/b]` crashes the renderer and `[link=…]` hides a link. Every renderer passes
such text through here: `visible` for terminals and one-line messages, `markdown` for Markdown
and HTML-bound output. Nothing here imports rich, so the core and the store may use it too.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters other than newline and tab, DEL, and the bidi overrides and
isolates that make a terminal show text in another order than it is stored."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written out (`\\x1b`, `\\r`, `\\u202e`), so what
    reaches the terminal is exactly what the file says. Newline and tab are kept."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(_escape, text)


def one_line(text: str) -> str:
    """`text` for a one-line message: control characters visible and whitespace runs (newlines
    and tabs included) collapsed to one space."""
    return " ".join(visible(text).split())


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]|^[#+-]|(?<=^\d)[.)]|(?<=^\d\d)[.)]")


def markdown(text: object) -> str:
    """Text safe inside a Markdown line or table cell, and in HTML a git host makes of it: one
    line, control characters visible, Markdown and HTML characters backslash-escaped (and a
    leading '#', '-', '+' or '1.' that would start a heading or a list)."""
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), one_line(str(text)))
