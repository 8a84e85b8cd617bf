"""Prose on stderr (`경고: …`, `  도움말: …`) wrapped to the terminal, under its own text.

Only prose is wrapped: a compiler-style `path:line:col: error: …` line stays one line, since
editors and CI tools parse it. Words are never broken (a path or a command stays whole on the
next line). Stderr sent to a file or a pipe (`2>log`, a CI step) is read by tools: it is never
wrapped, even with $COLUMNS set, unlike stdout's views, which people page.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

_LABEL = re.compile(r"^( *[^\s:]{1,12}: )")
"""`경고: `, `  도움말: `, `warning: `: the further lines start under what follows it."""


def stderr_width() -> int | None:
    """The width to wrap stderr prose at when stderr is a terminal: $COLUMNS, else its own."""
    if not sys.stderr.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size().columns


def fold(line: str, width: int | None) -> str:
    """``line`` wrapped at spaces to ``width`` cells, its further lines indented under the
    text after its label; a word wider than the room is kept whole on its own line."""
    if width is None or "\n" in line or cell_len(line) <= width:
        return line
    found = _LABEL.match(line)
    lead = found.group(1) if found else ""
    indent = cell_len(lead) if cell_len(lead) * 2 < width else 0
    room = max(1, width - indent)
    rows: list[str] = []
    current = ""
    for word in line[len(lead) :].split(" "):
        joined = f"{current} {word}" if current else word
        if current and cell_len(joined) > room:
            rows.append(current)
            current = word
        else:
            current = joined
    rows.append(current)
    return lead + ("\n" + " " * indent).join(rows)


class Prose:
    """A prose line of a stdout view (the report's header and footnotes): wrapped at words
    under its text when stdout is a terminal or $COLUMNS is set, as the other views are;
    piped, one line. Given parts (`… · rep David Wilson (dwilson) · …`), it breaks only
    between them, so a name never leaves its id on another row."""

    def __init__(self, lead: Text, text: Text | list[str], sep: str = " · ") -> None:
        self.lead, self.text, self.sep = lead, text, sep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from handover.render.hanging import Hanging

        if console.is_terminal or os.environ.get("COLUMNS"):
            yield Hanging(self.lead, self.text, self.sep)
            return
        whole = self.lead.copy()
        whole.append_text(
            self.text if isinstance(self.text, Text) else Text(self.sep.join(self.text))
        )
        yield whole
