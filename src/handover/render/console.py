"""The console every command prints through: text is shown literally, whatever it holds.

Rich reads `[…]` in a printed string as markup and passes control characters to the terminal.
This console turns markup and emoji codes off, so a string is only ever text, and writes every
control character in what it renders as `\\x1b` (see `handover.format.text.visible`), so neither a
note nor a name can style, link, clear or retitle the reader's terminal. Styles the renderers
set on `Text` objects, and rich's own control segments (cursor moves of a progress bar), are
unaffected. rich is imported here, so only commands that print load this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from handover.format.text import visible


class LiteralConsole(Console):
    """A rich Console that never interprets the text it prints."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("highlight", False)
        super().__init__(markup=False, emoji=False, **kwargs)

    def on_broken_pipe(self) -> None:
        """The reader closed the pipe (`| head`): not an error, so no exit 1 as rich does."""
        raise BrokenPipeError

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Strings (print arguments, table cells) become plain Text, control codes shown."""
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(visible(text), **kwargs)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """The last line of defence: no rendered text segment carries a control character
        (a `Text` built from a file's content included)."""
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text and visible(segment.text) != segment.text:
                yield Segment(visible(segment.text), segment.style, None)
            else:
                yield segment
