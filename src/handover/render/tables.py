"""One table renderer for every list a command prints: fits the terminal, streams its lines.

Column widths are computed from the data once, in terminal cells (Hangul is two), and then
each row is written as finished lines, so thousands of rows cost one pass and no layout
engine. References, ids and dates (``key`` columns) are never wrapped or shortened; names
(``label`` columns) are shortened with ``…`` when space runs out; the one free-text column
wraps. When even that is too narrow, the free text moves to its own indented lines under
its row, so the keys keep their full width at 60 columns too.

Everything written here is text people or files wrote: it is shown literally (control
characters made visible), never interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len

from handover.format.text import visible as escaped

if TYPE_CHECKING:
    from rich.console import Console

Role = Literal["key", "label", "text"]
Fragment = tuple[str, str]  # (text, rich style name, "" for none)
Cell = str | Fragment | Sequence[Fragment]

GAP = 2
TEXT_MIN = 20  # below this the free text goes on its own lines
STACK_INDENT = 4
LABEL_MIN = 8  # a name is never cut shorter than this


def visible(text: str) -> str:
    """Text as written, with terminal control characters shown instead of obeyed (the one
    escaper of `handover.format.text`); a tab is a space, so columns stay aligned."""
    return escaped(text).replace("\t", " ")


def cells(text: str) -> int:
    """The terminal cells `text` takes: its length when it is ASCII (shown text has no control
    characters left, so each is one cell), else rich's count (Hangul is two). Thousands of
    rows ask this for every cell."""
    return len(text) if text.isascii() else cell_len(text)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    role: Role = "key"
    justify: Literal["left", "right"] = "left"


@dataclass(slots=True)
class Table:
    """Columns and rows; a row holds one cell per column. A text cell may hold newlines."""

    columns: Sequence[Column]
    rows: list[Sequence[Cell]] = field(default_factory=list)
    header_style: str = "bold"

    def add(self, *cells: Cell) -> None:
        self.rows.append(cells)


Line = list[Fragment]


def _fragments(cell: Cell) -> list[Fragment]:
    if isinstance(cell, str):
        return [(cell, "")]
    if len(cell) == 2 and isinstance(cell[0], str) and isinstance(cell[1], str):
        return [(cell[0], cell[1])]
    return [(text, style) for text, style in cell]  # type: ignore[str-unpack]


def _one_line(cell: Cell) -> Line:
    return [(visible(t).replace("\n", " "), s) for t, s in _fragments(cell)]


def _text_lines(cell: Cell) -> list[Line]:
    """A free-text cell split at its newlines, each line keeping its fragments' styles."""
    lines: list[Line] = [[]]
    for text, style in _fragments(cell):
        for position, part in enumerate(text.split("\n")):
            if position:
                lines.append([])
            if part:
                lines[-1].append((visible(part), style))
    return lines


def _width(line: Line) -> int:
    return sum(cells(text) for text, _ in line)


def shorten(line: Line, width: int) -> Line:
    """The line cut to ``width`` cells, ending in ``…`` when something was cut."""
    if _width(line) <= width:
        return line
    result: Line = []
    room = width - 1
    for text, style in line:
        size = cells(text)
        if size <= room:
            result.append((text, style))
            room -= size
            continue
        kept = ""
        for char in text:
            char_size = cells(char)
            if char_size > room:
                break
            kept += char
            room -= char_size
        result.append((kept + "…", style))
        return result
    return result


def wrap(line: Line, width: int) -> list[Line]:
    """The line wrapped at spaces to ``width`` cells; a longer word is broken by cells."""
    if _width(line) <= width:  # most cells fit: the same line as the loop below makes
        return [_join([(text, style) for text, style in line if text])]
    chars = [(char, style) for text, style in line for char in text]
    lines: list[Line] = []
    while chars:
        used, cut, last_space = 0, 0, -1
        while cut < len(chars):
            size = cells(chars[cut][0])
            if used + size > width:
                break
            if chars[cut][0] == " ":
                last_space = cut
            used += size
            cut += 1
        if cut < len(chars) and last_space > 0:
            cut = last_space
        lines.append(_join(chars[:cut]))
        chars = chars[max(cut, 1) :]
        while chars and chars[0][0] == " ":
            chars = chars[1:]
    return lines or [[]]


def _join(chars: Sequence[tuple[str, str]]) -> Line:
    line: Line = []
    for char, style in chars:
        if line and line[-1][1] == style:
            line[-1] = (line[-1][0] + char, style)
        else:
            line.append((char, style))
    while line and line[-1][0].endswith(" "):
        stripped = line[-1][0].rstrip(" ")
        line[-1] = (stripped, line[-1][1])
        if not stripped:
            line.pop()
    return line


@dataclass(frozen=True, slots=True)
class Layout:
    widths: list[int]
    bands: list[list[int]]  # the columns of each line of a row; later bands are indented
    stacked: bool  # the free text goes on its own indented lines under its row
    gap: int = GAP  # blanks between columns: one when two would push a column off the line


def _span(widths: Sequence[int], indices: Sequence[int], gap: int = GAP) -> int:
    return sum(widths[i] for i in indices) + gap * max(0, len(indices) - 1)


def layout(columns: Sequence[Column], natural: list[int], width: int, longest: int = 0) -> Layout:
    """Column widths that fit ``width``. In order of preference: everything on one line with
    the free text beside, two blanks between columns, else one; the free text under its
    row; names shortened (never below 8 cells, one blank between columns); and last, when
    the keys alone are wider than the terminal, each row's columns spread over more than one
    line, so that no key is ever cut. ``longest`` is the free text's longest word (a file
    reference, an e-mail address): the text is given room for it whole, names shortened a
    little first, else it goes under its row, so such a word is never broken."""
    text = next((i for i, c in enumerate(columns) if c.role == "text"), None)
    everything = list(range(len(columns)))
    others = [i for i in everything if i != text]
    widths = list(natural)
    floors = [
        min(natural[i], LABEL_MIN) if c.role == "label" else natural[i]
        for i, c in enumerate(columns)
    ]
    unbroken = min(longest, width - STACK_INDENT)
    for gap in (GAP, 1):
        if _span(widths, everything, gap) <= width:
            return Layout(widths, [everything], stacked=False, gap=gap)
        if text is not None:
            need = min(natural[text], max(TEXT_MIN, unbroken))
            beside = width - _span(widths, others, gap) - gap
            if beside < need and unbroken > TEXT_MIN:  # room for the word: names give first
                narrower = list(widths)
                _shrink_labels(columns, narrower, floors, need - beside)
                if width - _span(narrower, others, gap) - gap >= need:
                    widths, beside = narrower, width - _span(narrower, others, gap) - gap
            if beside >= need:
                widths[text] = beside
                return Layout(widths, [everything], stacked=False, gap=gap)
    if text is not None:
        widths[text] = max(1, width - STACK_INDENT)
    for gap in (GAP, 1):
        if _span(widths, others, gap) <= width:
            return Layout(widths, [others], stacked=text is not None, gap=gap)
    _shrink_labels(columns, widths, floors, _span(widths, others, 1) - width)
    if _span(widths, others, 1) <= width:
        return Layout(widths, [others], stacked=text is not None, gap=1)
    bands: list[list[int]] = [[]]
    for index in others:
        room = width - (STACK_INDENT if len(bands) > 1 else 0)
        if bands[-1] and _span(widths, [*bands[-1], index]) > room:
            bands.append([])
        bands[-1].append(index)
    return Layout(widths, bands, stacked=text is not None)


def _shrink_labels(
    columns: Sequence[Column], widths: list[int], floors: list[int], excess: int
) -> None:
    """Take ``excess`` cells from the widest names first, never below their floor."""
    labels = [i for i, c in enumerate(columns) if c.role == "label"]
    while excess > 0:
        candidates = [i for i in labels if widths[i] > floors[i]]
        if not candidates:
            return
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1


def table_lines(table: Table, width: int) -> Iterator[Line]:
    """The table's lines, each at most ``width`` cells unless a single key is wider."""
    columns = table.columns
    text = next((i for i, c in enumerate(columns) if c.role == "text"), None)
    cells: list[tuple[list[Line | list[Line]], list[int]]] = []
    natural = [cell_len(c.header) for c in columns]
    longest = 0  # the free text's longest word, which is never broken if it can be helped
    for row in table.rows:
        prepared: list[Line | list[Line]] = []
        sizes: list[int] = []  # each one-line cell's width, measured once
        for index, cell in enumerate(row):
            if index == text:
                lines = _text_lines(cell)
                natural[index] = max(natural[index], *(_width(line) for line in lines))
                longest = max(longest, _longest_word(lines))
                prepared.append(lines)
                sizes.append(0)
            else:
                line = _one_line(cell)
                size = _width(line)
                natural[index] = max(natural[index], size)
                prepared.append(line)
                sizes.append(size)
        cells.append((prepared, sizes))
    shape = layout(columns, natural, width, longest)
    header: list[Line | list[Line]] = [[(c.header, table.header_style)] for c in columns]
    if text is not None:
        header[text] = [[(columns[text].header, table.header_style)]]
    header_sizes = [cell_len(c.header) for c in columns]
    yield from _row_lines(columns, header, header_sizes, shape, text, header_row=True)
    for prepared, sizes in cells:
        yield from _row_lines(columns, prepared, sizes, shape, text, header_row=False)


def _longest_word(lines: Sequence[Line]) -> int:
    """The cells of the widest space-free run (`customers/a/profile.yaml:14)`, an e-mail)."""
    return max(
        (cells(word) for line in lines for word in "".join(t for t, _ in line).split()),
        default=0,
    )


def _row_lines(
    columns: Sequence[Column],
    cells: Sequence[Line | list[Line]],
    sizes: Sequence[int],
    shape: Layout,
    text: int | None,
    *,
    header_row: bool,
) -> Iterator[Line]:
    widths = shape.widths
    free: list[Line] = []
    if text is not None:
        free = [wrapped for line in cells[text] for wrapped in wrap(line, widths[text])]  # type: ignore[arg-type]
    for number, band in enumerate(shape.bands):
        indent = STACK_INDENT if number else 0
        height = max(1, len(free)) if text in band else 1
        for position in range(height):
            line: Line = []
            pending = indent  # blanks owed before the next content; trailing ones never written
            for order, index in enumerate(band):
                if order:
                    pending += shape.gap
                if index == text:
                    content = free[position] if position < len(free) else []
                    size = _width(content)
                elif position == 0:
                    content = cells[index]  # type: ignore[assignment]
                    size = sizes[index]
                    if columns[index].role == "label" and size > widths[index]:
                        content = shorten(content, widths[index])
                        size = _width(content)
                else:
                    content, size = [], 0
                pad = widths[index] - size
                if columns[index].justify == "right":
                    pending, pad = pending + pad, 0
                if content:
                    if pending:
                        line.append((" " * pending, ""))
                    line.extend(content)
                    pending = 0
                pending += pad
            yield line
    if shape.stacked and not header_row:
        for wrapped in free:
            if wrapped:
                yield [(" " * STACK_INDENT, ""), *wrapped]


class LineWriter:
    """Writes finished lines to a console's file, styled only when the console shows colour."""

    def __init__(self, console: Console) -> None:
        from rich.color import ColorSystem

        self.file = console.file
        systems = {
            "standard": ColorSystem.STANDARD,
            "256": ColorSystem.EIGHT_BIT,
            "truecolor": ColorSystem.TRUECOLOR,
            "windows": ColorSystem.WINDOWS,
        }
        name = console.color_system
        self.system = systems.get(name) if name and console.is_terminal else None
        self.no_color = console.no_color
        self._styles: dict[str, object] = {}

    def styled(self, text: str, style: str) -> str:
        if not style or self.system is None:
            return text
        from rich.style import Style

        parsed = self._styles.get(style)
        if parsed is None:
            parsed = Style.parse(style)
            if self.no_color:
                parsed = parsed.without_color
            self._styles[style] = parsed
        return parsed.render(text, color_system=self.system)  # type: ignore[attr-defined,no-any-return]

    def write(self, line: Line) -> None:
        self.file.write("".join(self.styled(text, style) for text, style in line) + "\n")


def print_table(console: Console, table: Table) -> None:
    """Write the table to the console, fitted to its width; an empty table prints nothing."""
    if not table.rows:
        return
    writer = LineWriter(console)
    for line in table_lines(table, console.width):
        writer.write(line)
