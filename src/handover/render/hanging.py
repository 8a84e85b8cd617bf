"""A line whose wrapped part starts under its text, not at the terminal's first column.

A brief's lines begin with a reference or a label (`  gim-minsu#8`, `담당자        `); when the
text after it is too long for the terminal, the rest continues under the text, so the
references and labels stay a column of their own. The text is wrapped at words by display
cells (Hangul is two); a word longer than the room left (an e-mail address on a narrow
terminal) is folded, never cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

NARROWEST = 12
"""The fewest cells the text keeps on a terminal too narrow for the lead and the text."""


class Hanging:
    """`lead` then `text`; the text's further lines are indented by the lead's width. Given
    several parts, the text is broken only between them (`휴대폰: 010-… · 이메일: …`)."""

    def __init__(self, lead: Text | str, text: Text | str | list[str], sep: str = " · ") -> None:
        self.lead = lead if isinstance(lead, Text) else Text(lead)
        self.parts = [Text(part) for part in text] if isinstance(text, list) else None
        if isinstance(text, list):
            text = sep.join(text)
        self.text = text if isinstance(text, Text) else Text(text)
        self.sep = sep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.lead.cell_len
        room = max(options.max_width - indent, NARROWEST)
        if indent + NARROWEST > options.max_width:  # no room beside the lead: text under it
            indent, room = 0, options.max_width
        shown = self.lead.copy()
        for number, line in enumerate(self._lines(console, room)):
            line.rstrip()
            if number or (not indent and self.lead.plain):
                shown.append("\n" + " " * indent)
            shown.append_text(line)
        yield shown

    def _lines(self, console: Console, room: int) -> list[Text]:
        if self.parts is None:
            return list(self.text.wrap(console, room, overflow="fold"))
        lines: list[Text] = []
        for part in self.parts:
            joined = Text(self.sep).join([lines[-1], part]) if lines else part
            if lines and joined.cell_len <= room:
                lines[-1] = joined
            else:
                lines += part.wrap(console, room, overflow="fold")
        return lines
