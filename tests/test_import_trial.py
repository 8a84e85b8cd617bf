"""`handover import` as a new team met it: Excel's CSVs, look-alike rows, rows and sheets named
as Excel names them, phones' vCards, dates, and what the import leaves for the next command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import Team


def profile(team: Team, customer_id: str) -> dict[str, object]:
    path = team.root / "customers" / customer_id / "profile.yaml"
    loaded = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def notes(team: Team, customer_id: str) -> list[dict[str, object]]:
    folder = team.root / "customers" / customer_id / "notes"
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted(folder.rglob("*.yaml"))]


QUOTED_LAST = (
    "이름,병원명,메모\r\n"
    '김민수,서울중앙내과의원,"=HYPERLINK(""x"")"\r\n'
    '최영희,온누리약국,"""VIP"" 고객"\r\n'
    '한소라,한빛병원,"끝이 ""따옴표"""\r\n'
)


@pytest.mark.parametrize("encoding", ["cp949", "utf-8"])
def test_excel_crlf_csv_keeps_the_quotes_of_a_quoted_last_column(team: Team, encoding: str) -> None:
    path = team.root.parent / "excel.csv"
    path.write_bytes(QUOTED_LAST.encode(encoding))
    done = team.run("import", str(path))
    assert done.exit_code == 0, done.output
    assert profile(team, "gim-minsu")["never_forget"] == ['=HYPERLINK("x")']
    assert profile(team, "choe-yeonghui")["never_forget"] == ['"VIP" 고객']
    assert profile(team, "han-sora")["never_forget"] == ['끝이 "따옴표"']


def _bak_jiwon(team: Team) -> None:
    first = team.root.parent / "first.csv"
    first.write_text(
        "이름,병원명,구분,휴대폰,이메일\n박지원,서울내과,의사,010-2468-1357,jw@seoul.example\n",
        "utf-8",
    )
    done = team.run("import", str(first))
    assert done.exit_code == 0, done.output


def _lookalike_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "고객"
    sheet.append(["이름", "기관명", "유형", "핸드폰", "이메일"])
    sheet.append(["서현우", "잠실약국", "약사", "010-2468-1357", "hw@jamsil.example"])
    activities = book.create_sheet("활동")
    activities.append(["일자", "고객명", "활동내용", "방법"])
    activities.append([dt.datetime(2026, 3, 4, 10, 30), "서현우", "신제품 소개", "방문"])
    book.save(path)
    return path


def test_a_row_matching_another_person_by_mobile_is_a_bad_row(team: Team) -> None:
    _bak_jiwon(team)
    path = _lookalike_book(team.root.parent / "고객관리.xlsx")
    before = team.files(), team.commits()
    for args in ((), ("--dry-run",)):
        done = team.run("import", str(path), *args)
        assert done.exit_code == 3, done.output
        assert done.stderr.splitlines()[0] == (
            f"{path}[고객]:2:이름: matches 박지원 (bak-jiwon) by mobile, but the name differs"
            " — hint: fix the row, or give it the id column"
        )
        assert f"{path}[활동]:2:고객명: no customer '서현우'" in done.stderr
        assert "nothing imported: 2 bad row(s)" in done.stderr
    assert (team.files(), team.commits()) == before
    skipped = team.run("import", str(path), "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    jiwon = profile(team, "bak-jiwon")
    assert (jiwon["name"], jiwon["kind"], jiwon["organisation"]) == ("박지원", "doctor", "서울내과")
    assert jiwon["contacts"] == {"mobile": "010-2468-1357", "email": "jw@seoul.example"}
    assert notes(team, "bak-jiwon") == []


def test_the_same_person_matched_by_email_without_a_name_column_still_updates(team: Team) -> None:
    _bak_jiwon(team)
    newer = team.root.parent / "newer.csv"
    newer.write_text("이메일,전화\njw@seoul.example,02-555-0101\n", "utf-8")
    done = team.run("import", str(newer))
    assert done.exit_code == 0, done.output
    assert profile(team, "bak-jiwon")["contacts"] == {
        "mobile": "010-2468-1357",
        "email": "jw@seoul.example",
        "office": "02-555-0101",
    }


def test_a_row_after_a_multi_line_cell_is_named_by_its_spreadsheet_row(team: Team) -> None:
    path = team.root.parent / "multi.csv"
    path.write_text(
        '이름,메모,이메일\n김민수,"첫 줄\n둘째 줄\n셋째 줄",m@b.example\n최영희,,yh@\n', "utf-8"
    )
    done = team.run("import", str(path))
    assert done.exit_code == 3, done.output
    assert done.stderr.splitlines()[0] == f"{path}:3:이메일: 'yh@' is not an email address"


VCARDS = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:이;수진;;;\r\nFN:이수진\r\n"
    "TEL;CELL:01013572468\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:정다은\r\n"
    'TEL;TYPE="cell,voice";VALUE=uri:tel:+82-10-9876-5432\r\n'
    "TEL;TYPE=work;VALUE=uri:tel:+82-2-555-0101\r\nEND:VCARD\r\n"
)


def test_vcard_2_1_and_4_0_cell_numbers_are_mobiles(team: Team) -> None:
    path = team.root.parent / "phone.vcf"
    path.write_text(VCARDS, "utf-8")
    done = team.run("import", str(path))
    assert done.exit_code == 0, done.output
    assert profile(team, "i-sujin")["contacts"] == {"mobile": "010-1357-2468"}
    assert profile(team, "jeong-daeun")["contacts"] == {
        "mobile": "010-9876-5432",
        "office": "02-555-0101",
    }


def test_a_date_only_excel_cell_is_noon(team: Team) -> None:
    assert team.run("add", "김민수", "--owner", "sylee").exit_code == 0
    path = team.root.parent / "acts.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["일자", "고객", "활동내용"])
    sheet.append([dt.date(2026, 4, 1), "김민수", "전화 통화"])
    book.save(path)
    done = team.run("import", str(path))
    assert done.exit_code == 0, done.output
    (call,) = notes(team, "gim-minsu")
    assert str(call["at"]).startswith("2026-04-01T12:00")


def test_a_second_file_with_only_a_title_keeps_the_department(team: Team) -> None:
    first = team.root.parent / "first.csv"
    first.write_text("이름,병원명,진료과\n김민수,서울중앙내과의원,내과\n", "utf-8")
    assert team.run("import", str(first)).exit_code == 0
    second = team.root.parent / "second.csv"
    second.write_text("이름,병원명,직책\n김민수,서울중앙내과의원,원장\n", "utf-8")
    done = team.run("import", str(second))
    assert done.exit_code == 0, done.output
    assert profile(team, "gim-minsu")["role"] == "내과 원장"
    again = team.run("import", str(second))
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.stdout
    assert profile(team, "gim-minsu")["role"] == "내과 원장"


def test_bad_rows_are_counted_as_rows_not_cells(team: Team) -> None:
    path = team.root.parent / "bad.csv"
    path.write_text(
        "이름,이메일,구분\n김민수,m@,외계인\n최영희,y@,외계인\n한소라,h@,의사\n", "utf-8"
    )
    done = team.run("import", str(path))
    assert done.exit_code == 3, done.output
    assert "error: nothing imported: 3 bad row(s) (5 bad cells)" in done.stderr


def test_imported_profiles_get_the_schema_line_add_writes(team: Team) -> None:
    assert team.run("schema", "--write").exit_code == 0
    assert team.run("add", "박서준", "--owner", "sylee").exit_code == 0
    added = (team.root / "customers" / "bak-seojun" / "profile.yaml").read_text("utf-8")
    path = team.root.parent / "book.csv"
    path.write_text("이름\n김민수\n", "utf-8")
    assert team.run("import", str(path)).exit_code == 0
    imported = (team.root / "customers" / "gim-minsu" / "profile.yaml").read_text("utf-8")
    assert added.startswith("# yaml-language-server: $schema=")
    assert imported.splitlines()[0] == added.splitlines()[0]
