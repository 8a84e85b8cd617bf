"""Reading what teams really have into rows of text: CSV, Excel workbooks and vCards.

Every cell comes back as text with the place it came from (file, row, column), so a problem
can be named as ``FILE:ROW:COLUMN``. The readers' libraries are imported here only, so they
cost nothing to commands that never import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handover.errors import DataError, Location, UsageError
from handover.i18n import _

MAX_BYTES = 200 * 1024 * 1024
SAMPLE_BYTES = 64 * 1024  # detection reads this much; a 10,000-row file would take a second
KOREAN_CODECS = ("cp949", "euc_kr", "johab", "iso2022_kr")


@dataclass(frozen=True)
class SourceRow:
    """One row of a sheet: its cells by header, and where it came from."""

    file: Path
    number: int  # as the user's program counts it: the header is row 1 of a sheet
    cells: dict[str, str]
    sheet: str | None = None  # a workbook's sheet, named in every problem of the row

    @property
    def place(self) -> str:
        """The file (and sheet) as a problem names it: `고객관리.xlsx[활동]`."""
        return f"{self.file}[{self.sheet}]" if self.sheet else str(self.file)

    @property
    def where(self) -> str:
        """The short form, for plans: `고객관리.xlsx[활동]:2`."""
        sheet = f"[{self.sheet}]" if self.sheet else ""
        return f"{self.file.name}{sheet}:{self.number}"


@dataclass
class Sheet:
    """A table read from a file: its headers in order and its rows."""

    file: Path
    name: str | None
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    encoding: str | None = None

    @property
    def place(self) -> str:
        return f"{self.file}[{self.name}]" if self.name else str(self.file)


def read_sheets(path: Path, *, encoding: str | None, sheets: list[str]) -> list[Sheet]:
    """The sheets of one file, by its extension."""
    if path.exists() and not path.is_file():
        from handover.format.files import read_bounded

        read_bounded(path)  # refuses a FIFO, a device or a folder by what it is, reading nothing
    if not path.is_file():
        raise UsageError(_("{path}: no such file", path=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path, sheets)
    if suffix in (".vcf", ".vcard"):
        return [read_vcards(path, encoding)]
    if suffix in (".csv", ".tsv", ".txt"):
        return [read_csv(path, encoding)]
    raise UsageError(
        _("{path}: cannot import a '{suffix}' file", path=path, suffix=suffix)
        if suffix
        else _("{path}: cannot import a file without an extension", path=path),
        hint=_("import .csv, .xlsx or .vcf files (save an .xls as .xlsx first)"),
    )


# --- text files ---------------------------------------------------------------------------------


def decode(path: Path, raw: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of a file and the encoding it was read with.

    UTF-8 (with or without BOM) is tried first because it is exact; anything else is detected
    by charset-normalizer, which tells CP949/EUC-KR (Excel on Korean Windows) from the rest.
    """
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise UsageError(
                _("--encoding: unknown encoding '{encoding}'", encoding=encoding)
            ) from None
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DataError(
                _("not {encoding} text (byte {byte})", encoding=encoding, byte=exc.start),
                location=Location(path, line),
                hint=_("try without --encoding to detect it"),
            ) from None
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    sample = raw[:SAMPLE_BYTES]
    if len(raw) > SAMPLE_BYTES:  # cut at a line end so no character is split
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    best = from_bytes(sample).best()
    if best is not None and not _decodes(raw, best.encoding):
        best = from_bytes(raw).best()  # the sample misled it: judge the whole file
    if best is None:
        raise DataError(
            _("cannot tell which encoding this file is in"),
            location=Location(path),
            hint=_("name it with --encoding cp949 (or utf-8, euc-kr …)"),
        )
    detected = best.encoding
    if detected not in KOREAN_CODECS and _decodes(raw, "cp949"):
        detected = "cp949"  # short Korean files can look like another legacy code page
    return raw.decode(detected), detected


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError(
            _("file too large ({size} bytes)", size=f"{size:,}"), location=Location(path)
        )
    return path.read_bytes()


def read_csv(path: Path, encoding: str | None) -> Sheet:
    text, used = decode(path, _read_bytes(path), encoding)
    # Only the delimiter is sniffed: the Sniffer guesses quoting wrong when the last column
    # is quoted and lines end in CRLF (as Excel writes them), and reads `""` as two quotes.
    # Excel always doubles a quote inside a quoted cell, which is csv.excel's own rule.
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(_("the file is empty"), location=Location(path)) from None
    sheet = Sheet(file=path, name=None, headers=headers, encoding=used)
    # A row is numbered as a spreadsheet numbers it (the header is row 1), not by the line
    # it ends on: a cell of three lines is still one row.
    for number, values in enumerate(reader, start=2):
        _add_row(sheet, number, values)
    return sheet


def _add_row(sheet: Sheet, number: int, values: list[str]) -> None:
    if not any(v.strip() for v in values):
        return  # a blank line between blocks is not a customer
    cells = {h: v.strip() for h, v in zip(sheet.headers, values, strict=False) if h}
    sheet.rows.append(SourceRow(file=sheet.file, number=number, cells=cells, sheet=sheet.name))


# --- Excel --------------------------------------------------------------------------------------


def read_workbook(path: Path, wanted: list[str]) -> list[Sheet]:
    """The first sheet (or the --sheet ones), plus any other sheet that looks like activities."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise DataError(
            _("not a readable Excel workbook ({reason})", reason=exc), location=Location(path)
        ) from None
    try:
        names = list(book.sheetnames)
        unknown = [n for n in wanted if n not in names]
        if unknown:
            raise UsageError(
                _(
                    "{path}: no sheet named {names}",
                    path=path,
                    names=", ".join(repr(n) for n in unknown),
                ),
                hint=_("its sheets: {names}", names=", ".join(names)),
            )
        sheets = []
        for index, name in enumerate(names):
            rows = book[name].iter_rows(values_only=True)
            sheet = _sheet_from_rows(path, name, rows)
            if sheet is None:
                continue
            if wanted:
                if name in wanted:
                    sheets.append(sheet)
            elif index == 0 or _looks_like_activities(sheet.headers):
                sheets.append(sheet)
        return sheets
    finally:
        book.close()


def _looks_like_activities(headers: list[str]) -> bool:
    from handover.core.importing.columns import is_activity_sheet

    return is_activity_sheet(headers)


def _sheet_from_rows(path: Path, name: str, rows: Iterator[tuple[Any, ...]]) -> Sheet | None:
    header_row = next(rows, None)
    if header_row is None:
        return None
    headers = [_cell_text(v).strip() for v in header_row]
    sheet = Sheet(file=path, name=name, headers=headers)
    for number, values in enumerate(rows, start=2):
        _add_row(sheet, number, [_cell_text(v) for v in values])
    return sheet


def _cell_text(value: Any) -> str:
    """A cell as the person typed it: a date as ISO, a whole number without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():  # a date alone: Excel keeps it as midnight
            return str(value.date())
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- vCard --------------------------------------------------------------------------------------

VCARD_HEADERS = ["name", "organisation", "department", "title", "mobile", "phone", "email", "memo"]


def read_vcards(path: Path, encoding: str | None) -> Sheet:
    """Each card a row, numbered by the line its BEGIN:VCARD is on."""
    import vobject

    text, used = decode(path, _read_bytes(path), encoding)
    sheet = Sheet(file=path, name=None, headers=VCARD_HEADERS, encoding=used)
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line.upper() == "BEGIN:VCARD"]
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as exc:  # vobject raises its own ParseError and plain ValueErrors
        raise DataError(
            _("not a readable vCard file ({reason})", reason=exc), location=Location(path)
        ) from None
    for number, card in zip(starts, cards, strict=False):
        sheet.rows.append(SourceRow(file=path, number=number, cells=_card_cells(card)))
    return sheet


def _card_cells(card: Any) -> dict[str, str]:
    def first(key: str) -> Any:
        found = card.contents.get(key)
        return found[0].value if found else None

    cells: dict[str, str] = {}
    name = first("fn")
    if not name and first("n") is not None:
        n = first("n")
        korean = _is_hangul(f"{n.family}{n.given}")
        name = f"{n.family}{n.given}" if korean else f"{n.given} {n.family}"
    cells["name"] = str(name or "").strip()
    org = first("org")
    if org:
        parts = org if isinstance(org, list) else [org]
        cells["organisation"] = str(parts[0]).strip()
        if len(parts) > 1:
            cells["department"] = " ".join(str(p) for p in parts[1:]).strip()
    cells["title"] = str(first("title") or "").strip()
    for tel in card.contents.get("tel", []):
        key = "mobile" if _tel_types(tel) & {"cell", "mobile", "iphone"} else "phone"
        number = str(tel.value).strip()
        if number.lower().startswith("tel:"):  # vCard 4.0: VALUE=uri:tel:+82-10-…
            number = number[4:].split(";", 1)[0]
        cells.setdefault(key, number)
    cells["email"] = str(first("email") or "").strip()
    cells["memo"] = str(first("note") or "").strip()
    return {k: v for k, v in cells.items() if v}


def _tel_types(tel: Any) -> set[str]:
    """A TEL's types however the card's version writes them: `TEL;CELL` (2.1, a bare
    parameter), `TEL;TYPE=CELL` (3.0), `TEL;TYPE="cell,voice"` (4.0, one quoted list)."""
    written = [*tel.params.get("TYPE", []), *getattr(tel, "singletonparams", [])]
    return {part.strip().strip('"').lower() for value in written for part in value.split(",")}


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)
