"""Rows for spreadsheets: the views' own data as CSV (UTF-8 with BOM) or an Excel workbook.

A manager opens these in Excel, so text people wrote must never run as a formula there. In
CSV, which has no types, a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading apostrophe (OWASP's advice; Excel hides it). In xlsx every text cell is
stored as a string cell, which Excel never evaluates, so the text stays exactly as written.
Numbers stay numbers in both.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

Cell = str | int | float | None


def flatten(item: Any) -> dict[str, Cell]:
    """One row: nested fields as `a.b` columns, lists joined by '; ', dates as ISO text."""
    data = item.model_dump(mode="json") if isinstance(item, BaseModel) else item
    row: dict[str, Cell] = {}

    def put(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                put(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple):
            row[prefix] = "; ".join(_text(v) for v in value)
        elif isinstance(value, bool):
            row[prefix] = "yes" if value else "no"
        elif isinstance(value, int | float) or value is None:
            row[prefix] = value
        else:
            row[prefix] = _text(value)

    put("", data)
    return row


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return "" if value is None else str(value)


def table(items: Sequence[Any]) -> tuple[list[str], list[list[Cell]]]:
    """Headers (in the order fields first appear) and one list of cells per item."""
    rows = [flatten(item) for item in items]
    headers: list[str] = []
    for row in rows:
        headers += [key for key in row if key not in headers]
    return headers, [[row.get(h) for h in headers] for row in rows]


def neutralise(value: Cell) -> Cell:
    """A text cell that a spreadsheet would run as a formula, made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(items: Sequence[Any], *, for_terminal: bool = False) -> bytes:
    """The rows as CSV. A file carries the text exactly; ``for_terminal`` writes control
    characters out (``\\x1b``), so an escape sequence in a note never runs in the terminal."""
    headers, rows = table(items)
    if for_terminal:
        from handover.format.text import visible

        rows = [[visible(v) if isinstance(v, str) else v for v in row] for row in rows]
        headers = [visible(h) for h in headers]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_bytes(items: Sequence[Any], title: str) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    headers, rows = table(items)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])

    def cells(values: Sequence[Cell]) -> list[Any]:
        out: list[Any] = []
        for value in values:
            if isinstance(value, str):  # control characters are not allowed in xlsx: shown
                value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            out.append(cell)
        return out

    sheet.append(cells(headers))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
