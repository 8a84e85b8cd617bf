"""Tables fit the terminal: at 60, 80 and 120 columns, with Hangul (two cells a character),
no line is wider than the terminal, and references, ids and dates are never split."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import PROJECT, TODAY, Team, _isolate, run
from handover.render.tables import Column, Table, shorten, table_lines, wrap

WIDTHS = (60, 80, 120)
REF = re.compile(r"[a-z][a-z0-9-]*#\d+[a-z]?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def ago(days: int) -> str:
    return f"{(TODAY - dt.timedelta(days=days)).isoformat()} 10:00"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, team_template: Path) -> Team:
    """Long Korean names, a customer with eleven open items (`#1` is a prefix of `#11`),
    long Korean notes and a long English name, made by the real commands once."""
    root = tmp_path_factory.mktemp("book") / "team"
    shutil.copytree(team_template, root, symlinks=True)
    team = Team(root)
    with pytest.MonkeyPatch.context() as env:
        _isolate(root.parent / "home", env)
        for name, owner, org in (
            ("남궁현아", "sylee", "서울특별시 송파구 가락동 대학병원 내분비내과"),
            ("김민수", "sylee", "서울중앙내과의원"),
            ("Alexandra Montgomery-Smith", "jpark", "St. Mary's International Clinic"),
            ("황보승민", "jpark", "황보약국"),
        ):
            done = team.run("add", name, "--kind", "doctor", "--owner", owner, "--org", org)
            assert done.exit_code == 0, done.output
        requests = [
            f"--request=신장 기능 저하 환자 용량 근거 원문 자료 {n}번째 요청 (의학부 경유)"
            for n in range(1, 12)
        ]
        steps = [
            ("남궁현아", [*requests, "-s", "외래 끝나고 " * 12, "--at", ago(40)]),
            (
                "남궁현아",
                [
                    "-s",
                    "학회 준비",
                    "--promise",
                    f"학회 발표 슬라이드 전달 by {ago(20)[:10]}",
                    "--at",
                    ago(30),
                ],
            ),
            (
                "김민수",
                ["-s", "불만", "--complaint", "샘플이 두 주째 늦게 도착해서 " * 4, "--at", ago(25)],
            ),
            (
                "Alexandra Montgomery-Smith",
                ["-s", "call", "--question", "renal dosing " * 8, "--at", ago(9)],
            ),
            ("황보승민", ["-s", "처방 자료 전달, 다음 방문 " * 6, "-r", "0", "--at", ago(3)]),
        ]
        for customer, args in steps:
            done = team.run("note", customer, "--by", "sylee", *args)
            assert done.exit_code == 0, done.output
    return team


COMMANDS = [
    ["list"],
    ["open"],
    ["open", "--rep", "sylee"],
    ["health"],
    ["agenda", "--days", "30"],
    ["search", "자료"],
    ["history", "남궁현아"],
    ["brief", "남궁현아"],
    ["brief", "김민수"],
]


def shown(team: Team, width: int, *args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    done = team.run(*args)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal(
    book: Team, width: int, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = shown(book, width, *args, monkeypatch=monkeypatch)
    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert too_wide == [], out


@pytest.mark.parametrize("width", WIDTHS)
def test_item_references_are_never_split_into_other_references(
    book: Team, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = {row["item"]["ref"] for row in json.loads(book.run("open", "--json").stdout)}
    assert "namgung-hyeona#11" in refs and "namgung-hyeona#1" in refs
    out = shown(book, width, "open", monkeypatch=monkeypatch)
    first_column = {
        line.split()[0] for line in out.splitlines()[1:-1] if REF.fullmatch(line.split()[0])
    }
    assert first_column == refs, out
    assert {m.group() for m in REF.finditer(out)} == refs, out


@pytest.mark.parametrize("width", WIDTHS)
def test_ids_and_dates_in_the_customer_list_stay_whole(
    book: Team, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(book.run("list", "--json").stdout)
    out = shown(book, width, "list", monkeypatch=monkeypatch)
    words = out.split()
    assert all(row["id"] in words for row in rows), out
    assert sorted(DAY.findall(out)) == sorted(row["last_contact"] for row in rows), out


def test_at_60_columns_a_long_name_is_shortened_and_the_text_wraps_under_its_row(
    book: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = shown(book, 60, "open", monkeypatch=monkeypatch)
    assert "Alexandra Montgomery-Smith" not in out
    assert "Alexand…" in out, out
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("namgung-hyeona#11 "))
    under = lines[row + 1 : row + 4]
    assert any(line.startswith("    신장 기능 저하 환자") for line in under), out


def test_at_120_columns_the_text_stays_beside_its_row(
    book: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = shown(book, 120, "open", monkeypatch=monkeypatch)
    assert "Alexandra Montgomery-Smith" in out
    row = next(line for line in out.splitlines() if line.startswith("namgung-hyeona#11 "))
    assert "  신장 기능 저하 환자" in row, out


def test_text_from_files_is_shown_literally_in_a_table() -> None:
    table = Table([Column("id"), Column("text", role="text")])
    table.add("a#1", "[bold]not markup[/bold] \x1b[31mred\x1b[0m")
    lines = ["".join(text for text, _ in line) for line in table_lines(table, 80)]
    assert lines[1] == "a#1  [bold]not markup[/bold] \\x1b[31mred\\x1b[0m"


def test_hangul_wraps_by_cells_at_spaces_and_is_shortened_with_an_ellipsis() -> None:
    assert [
        "".join(t for t, _ in line) for line in wrap([("신장 기능 저하 환자 용량", "")], 10)
    ] == ["신장 기능", "저하 환자", "용량"]
    assert shorten([("남궁현아선생님", "")], 7) == [("남궁현…", "")]


@pytest.mark.parametrize("width", WIDTHS)
def test_korean_brief_list_and_readiness_fit_and_wrap_under_their_text(
    book: Team, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Korean too: a brief's item wraps under its text (the ref stays a column of its
    own), `list` keeps 일수 on the header line, `readiness`'s advice wraps under itself."""
    brief = shown(book, width, "--lang", "ko", "brief", "남궁현아", monkeypatch=monkeypatch)
    monkeypatch.setenv("COLUMNS", str(width))
    listing = "고객 일수\n"
    if width == 60:  # the demo's ids (up to 16 cells) fit with one blank between columns
        demo = run("--lang", "ko", "list", "--dir", str(PROJECT / "profiles"))
        assert demo.exit_code == 0, demo.output
        listing = demo.stdout
    readiness = book.run("--lang", "ko", "readiness", "--rep", "이서연")
    assert readiness.exit_code in (0, 1), readiness.output
    for out in (brief, listing, readiness.stdout):
        too_wide = [line for line in out.splitlines() if cell_len(line) > width]
        assert too_wide == [], out
    lines = brief.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("미결 항목")))
    items = lines[start + 1 : lines.index(next(x for x in lines if x.startswith("담당자")))]
    refs = [line for line in items if REF.match(line.strip())]
    assert len(refs) == 12, brief
    for line in items:  # every line is a ref's first line or indented under the text
        indent = len(line) - len(line.lstrip())
        assert indent == 2 if REF.match(line.strip()) else indent >= len("  namgung-hyeona#1 ")
    assert listing.splitlines()[0].split()[-1] == "일수", listing
    advice = [line for line in readiness.stdout.splitlines() if line.startswith("      ")]
    assert all(line.startswith(("      · ", "        ")) for line in advice), readiness.stdout
