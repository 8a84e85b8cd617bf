"""A report table that fits the terminal: row labels, then figure columns that are never cut.
When the figures do not fit beside the labels, the table is drawn in parts, each with the row
labels again (a Hangul label squeezed by rich disappears whole, a figure loses its end: `27.2…`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text

from handover.render.prose import Prose

Cell = str | Text
Label = Callable[[int | None], Cell]
"""A row label drawn within `room` cells (None: as long as it is); a rep's name is cut with `…`
and its id kept whole, other labels are short enough as they are."""

GAP = 2  # rich puts two cells between columns of a borderless table with pad_edge=False


def heading(title: str) -> Prose:
    """A table's title, wrapped to the terminal under its text (rich draws a table's own
    title on one line however long, past the terminal's edge)."""
    return Prose(Text(""), Text(title, style="bold"))


def fixed(text: Cell) -> Label:
    """A label that is never cut: `전체`, a kind, a day."""
    return lambda _room: text


@dataclass(frozen=True)
class FigureColumn:
    header: str
    cells: Sequence[Cell]
    justify: Literal["left", "right"] = "right"

    @property
    def width(self) -> int:
        return max(cell_len(str(cell)) for cell in (self.header, *self.cells))


def _width(cell: Cell) -> int:
    return cell_len(str(cell))


class FittedTable:
    """One table when every figure fits beside the labels (names cut first if need be), else
    one table per part of `parts`, a part still too wide split further, column by column."""

    def __init__(
        self,
        label_header: str,
        labels: Sequence[Label],
        parts: Sequence[Sequence[FigureColumn]],
        title: str | None = None,
    ) -> None:
        self.label_header, self.labels, self.parts, self.title = label_header, labels, parts, title

    def _narrowest_labels(self) -> int:
        return max(_width(cell) for cell in (self.label_header, *(lb(0) for lb in self.labels)))

    def _fits(self, columns: Sequence[FigureColumn], width: int) -> bool:
        return self._narrowest_labels() + sum(c.width + GAP for c in columns) <= width

    def groups(self, width: int) -> list[list[FigureColumn]]:
        """The columns of each table drawn at `width`."""
        every = [column for part in self.parts for column in part]
        if self._fits(every, width):
            return [every]
        groups: list[list[FigureColumn]] = []
        for part in self.parts:
            groups += self._split(list(part), width)
        return groups

    def _split(self, part: list[FigureColumn], width: int) -> list[list[FigureColumn]]:
        """A part in the fewest even chunks that fit (5 + 1 columns drawn as 3 + 3); a column
        too wide even alone (a sparkline of 47 weeks) is drawn alone, folded."""
        for index, column in enumerate(part):
            if not self._fits([column], width):
                before, after = part[:index], part[index + 1 :]
                return [
                    *(self._split(before, width) if before else []),
                    [column],
                    *(self._split(after, width) if after else []),
                ]
        for chunks in range(1, len(part) + 1):
            size = -(-len(part) // chunks)
            split = [part[i : i + size] for i in range(0, len(part), size)]
            if all(self._fits(columns, width) for columns in split):
                return split
        return [[column] for column in part]

    def table(self, columns: Sequence[FigureColumn], room: int) -> Table:
        drawn = Table(box=None, pad_edge=False)
        narrowest = self._narrowest_labels()
        drawn.add_column(self.label_header, justify="left", no_wrap=True, min_width=narrowest)
        folds = room < narrowest  # a column too wide even alone (a year by week): fold it
        for column in columns:
            drawn.add_column(
                column.header, justify=column.justify, no_wrap=not folds, overflow="fold"
            )
        for row, label in enumerate(self.labels):
            drawn.add_row(label(room), *(column.cells[row] for column in columns))
        return drawn

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        width = options.max_width
        groups = self.groups(width)
        # the labels' room in the widest part, so each part shows a row the same way
        room = min(width - sum(c.width + GAP for c in columns) for columns in groups)
        if self.title:
            yield heading(self.title)
        for index, columns in enumerate(groups):
            if index:
                yield Text()
            yield self.table(columns, room)
