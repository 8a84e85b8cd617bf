"""Export for managers: `list`, `open`, `health` and `agenda` as CSV and Excel workbooks."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import PROJECT, Team

HANDOVER = PROJECT / ".venv" / "bin" / "handover"
EVIL = ['=HYPERLINK("http://x.example","click")', "+82 10 1234", "-1+2", "@SUM(A1)"]
"""Item texts a spreadsheet would run as formulas (a stored text never starts with a tab)."""


@pytest.fixture
def book(team: Team) -> Team:
    for args in (
        ("김민수", "--kind", "doctor", "--org", "서울중앙내과의원"),
        ("=1+1", "--kind", "other", "--id", "formula-person"),
    ):
        added = team.run("add", *args, "--owner", "sylee")
        assert added.exit_code == 0, added.output
    noted = team.run(
        "note", "김민수", "-s", "자료 요청", "--at", "yesterday 10:00",
        *[arg for text in EVIL for arg in ("--request", text)],
        "--promise", "신장 용량 자료 전달 by +3d", "--next", "+2d",
    )  # fmt: skip
    assert noted.exit_code == 0, noted.output
    return team


def read_xlsx(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_list_as_csv_opens_in_excel_with_hangul(book: Team, tmp_path: Path) -> None:
    out = tmp_path / "customers.csv"
    done = book.run("list", "--format", "csv", "-o", str(out))
    assert done.exit_code == 0, done.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    minsu = next(r for r in rows if r["id"] == "gim-minsu")
    assert minsu["name"] == "김민수"
    assert minsu["organisation"] == "서울중앙내과의원"
    assert minsu["open_items"] == "5"
    assert next(r for r in rows if r["id"] == "formula-person")["name"] == "'=1+1"


def test_list_as_xlsx_is_the_same_rows_as_json(book: Team, tmp_path: Path) -> None:
    import json

    out = tmp_path / "customers.xlsx"
    done = book.run("list", "--format", "xlsx", "-o", str(out))
    assert done.exit_code == 0, done.output
    rows = read_xlsx(out)
    listed = json.loads(book.run("list", "--json").stdout)
    assert rows[0] == list(listed[0])
    assert [r[0] for r in rows[1:]] == [c["id"] for c in listed]
    health = rows[0].index("health")
    assert all(isinstance(r[health], int) for r in rows[1:])  # numbers stay numbers


def test_open_items_with_formula_text_are_inert_in_csv(book: Team, tmp_path: Path) -> None:
    out = tmp_path / "open.csv"
    done = book.run("open", "--format", "csv", "-o", str(out))
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    texts = {r["item.text"] for r in rows}
    assert {"'" + text for text in EVIL} <= texts
    assert "신장 용량 자료 전달" in texts


def test_open_items_with_formula_text_stay_text_in_xlsx(book: Team, tmp_path: Path) -> None:
    out = tmp_path / "open.xlsx"
    done = book.run("open", "--format", "xlsx", "-o", str(out))
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("item.text")] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} >= set(EVIL)
    assert {c.data_type for c in cells} == {"s"}  # a string cell: Excel never evaluates it


@pytest.mark.parametrize("command", ["health", "agenda"])
def test_health_and_agenda_export_their_rows(book: Team, tmp_path: Path, command: str) -> None:
    out = tmp_path / f"{command}.xlsx"
    done = book.run(command, "--format", "xlsx", "-o", str(out))
    assert done.exit_code == 0, done.output
    rows = read_xlsx(out)
    assert len(rows) >= 2
    assert any("김민수" in str(cell) for row in rows[1:] for cell in row)
    csv_out = book.run(command, "--format", "csv", "-o", str(tmp_path / f"{command}.csv"))
    assert csv_out.exit_code == 0, csv_out.output


def test_tab_and_carriage_return_starts_are_neutralised_too() -> None:
    from handover.render.sheets import csv_bytes

    raw = csv_bytes([{"a": "\tcmd", "b": "\r=1", "c": "ok", "d": -3}]).decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(raw, newline="")))[1:]
    assert row == ["'\tcmd", "'\r=1", "ok", "-3"]


def test_an_unknown_format_is_a_usage_error(book: Team) -> None:
    done = book.run("list", "--format", "pdf")
    assert done.exit_code == 2, done.output
    assert "error: --format: 'pdf' is not one of table, csv, xlsx" in done.stderr


@pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")
def test_csv_to_stdout_from_the_installed_command(book: Team) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDOVER_")}
    done = subprocess.run(
        [str(HANDOVER), "list", "--format", "csv", "--dir", str(book.root)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"\xef\xbb\xbfid,name,kind")


OSC52 = "\x1b]52;c;ZXZpbA==\x07"
"""A promise text that would write to the clipboard of the terminal that printed it."""


@pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")
def test_csv_to_a_terminal_shows_control_characters_a_file_keeps_them(
    book: Team, tmp_path: Path
) -> None:
    import pexpect

    noted = book.run("note", "김민수", "-s", "x", "--promise", f"자료{OSC52}전달")
    assert noted.exit_code == 0, noted.output
    env = {k: v for k, v in os.environ.items() if k != "HANDOVER_DIR"}
    child = pexpect.spawn(
        str(HANDOVER), ["open", "--format", "csv", "--dir", str(book.root)], env=env,
        encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    screen = child.before
    child.close()
    assert child.exitstatus == 0, screen
    assert "\x1b" not in screen and "\x07" not in screen
    assert "자료\\x1b]52;c;ZXZpbA==\\x07전달" in screen
    out = tmp_path / "open.csv"
    written = book.run("open", "--format", "csv", "-o", str(out))
    assert written.exit_code == 0, written.output
    assert f"자료{OSC52}전달" in out.read_text("utf-8-sig")  # the file carries the data
