"""`handover report` read by a Korean team lead: the terminal, the HTML page and the CSV speak
Korean with `--lang ko` (`--json` keys stay English), and the monthly sparklines keep all
twelve months on an 80-column terminal. On the demo team, whose year ends on 2026-11-20."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import PROJECT, Outcome, run
from test_korean_usage import english_words

DEMO = ("--dir", str(PROJECT / "profiles"), "--until", "2026-11-20")
TREND = r"[▁▂▃▄▅▆▇█·]{12}"


def report(*args: str) -> Outcome:
    done = run("report", *args, *DEMO)
    assert done.exit_code == 0, done.output
    return done


def without_data(text: str) -> str:
    """The report's own words: the team's and reps' names are data, kept as people wrote them."""
    for name in ("Seoul East Sales", "David Wilson", "dwilson", "hkang", "jpark", "mchoi"):
        text = text.replace(name, "")
    return text


def test_a_korean_lead_reads_the_terminal_report_in_korean() -> None:
    text = report("--lang", "ko").stdout
    assert " · 월별 (12) · 고객 40명\n" in text.splitlines(keepends=True)[0]
    for heading in (
        "응답 시간: 요청·불만·질문이 생긴 접점부터 해결까지",
        "2025-12-01 → 2026-11-20에 기한이 든 약속: 24건",
        "서비스 회복: 기간 중 해결된 불만 42건",
        "월말 건강도 (그날 기준)",
        "접촉: 50.71주 동안 접점 658건",
        "평가: 평가가 있는 접점 633건의 결과",
    ):
        assert heading in text
    assert re.search(rf"월별 중앙값  {TREND}\n", text)
    assert re.search(r"강하나 \(hkang\) +14 +18\.9일 +31\.2일", text)
    assert english_words(without_data(text)) == []


def test_the_korean_html_page_and_csv_speak_korean_and_json_keeps_its_keys(
    tmp_path: Path,
) -> None:
    page = tmp_path / "team.html"
    report("--lang", "ko", "-o", str(page))
    html = page.read_text("utf-8")
    assert html.startswith('<!doctype html>\n<html lang="ko">')
    for words in ("<h2>응답 시간</h2>", "<h2>서비스 회복</h2>", "<th>열린 기간 중앙값</th>",
                  "<span>연락 끊김 (90일 초과)</span>", "월별 응답 시간 중앙값"):  # fmt: skip
        assert words in html
    body = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert english_words(without_data(body)) == []

    rows = list(csv.reader(io.StringIO(report("--lang", "ko", "--format", "csv").stdout)))
    assert rows[0] == ["구분", "대상", "시작", "끝", "지표", "값"]
    data = json.loads(report("--lang", "ko", "--json").stdout)
    assert data["response"]["all"]["median_days"] == 4.06
    assert ["응답", "전체", "2025-12-01", "2026-11-20", "중앙값_일", "4.06"] in rows
    assert ["평가", "전체", "2025-12-01", "2026-11-20", "평가_0", "26"] in rows


@pytest.mark.parametrize("columns", ["80", "60"])
def test_the_monthly_sparklines_keep_twelve_months_on_a_narrow_terminal(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns (and 60) the contact table would cut its sparkline to 7 months: it is
    drawn as two tables, moments with the trend, then moments by channel."""
    monkeypatch.setenv("COLUMNS", columns)
    text = report("--lang", "en").stdout
    contact = text[text.index("Contact:") : text.index("silent for more than")]
    assert re.search(rf"강하나 \(hkang\) +125 +2\.46  {TREND}\n", contact), contact
    assert "Moments by channel\n" in contact
    assert re.search(r"강하나 \(hkang\) +84 +11 +6 +12 +6 +6\n", contact), contact
    from rich.cells import cell_len

    assert max(cell_len(line.rstrip()) for line in contact.splitlines()) <= int(columns)


def test_the_header_and_footnotes_wrap_at_80_columns_keeping_a_name_with_its_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    text = report("--lang", "ko", "--rep", "dwilson").stdout
    lines = text.splitlines()
    head = " ".join(line.strip() for line in lines[:2])
    assert "담당 David Wilson (dwilson) · 고객" in head, text
    assert any(line.strip().startswith("담당 David Wilson (dwilson)") for line in lines[:2]), text
    prose = [line for line in lines if "기간 중 해결" in line or "건강 규칙" in line]
    assert prose, text
    assert max(cell_len(line.rstrip()) for line in lines[:2] + prose) <= 80, text


def test_the_response_table_keeps_each_rep_on_one_row_with_the_id_whole_at_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    text = report("--lang", "ko", "--by", "주").stdout

    lines = text.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("응답 시간"))) + 1 :]
    table = table[: table.index(next(x for x in table if x.startswith("주별 중앙값")))]
    assert len(table) == 1 + 4 + 5, text  # the header, all and three kinds, five reps: one row each
    wilson = next(line for line in table if "(dwilson)" in line)
    assert re.match(r"Dav\w*… \(dwilson\) +1 +5\.1일", wilson), text  # the name cut, the id whole
    assert "강하나 (hkang)" in text and "이서연 (sylee)" in text  # names that fit are whole
    assert max(cell_len(line.rstrip()) for line in table) <= 80, text
    english = report("--lang", "en", "--by", "week").stdout
    assert re.search(r"^David W… \(dwilson\) +1 +5\.1d", english, re.MULTILINE), english
    assert "\n(dwilson)" not in english, english


def section(text: str, start: str, end: str) -> list[str]:
    """The lines of the report from the one starting with `start` up to the one with `end`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and end in line)
    return lines[first + 1 : last]


@pytest.mark.parametrize("columns", ["60", "50"])
def test_every_row_label_and_figure_of_the_tables_is_whole_on_a_narrow_terminal(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 columns the response table lost its labels (no 전체, no kinds, no reps) and cut
    its figures (`27.2…`): a table too wide is drawn in parts, each with its row labels."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", columns)
    ko = report("--lang", "ko").stdout
    response = "\n".join(section(ko, "응답 시간", "월별 중앙값"))
    assert re.search(r"^전체 +68 +4\.1일 +26\.0일\b", response, re.M), response
    assert re.search(r"^전체 +(68 +4\.1일 +26\.0일 +)?7 +14일 +49일 +1$", response, re.M), response
    for kind in ("요청", "불만", "질문"):
        assert re.search(rf"^{kind} +\d+ +\d+\.\d일", response, re.M), response
    hkang = r"^(?:강하나 \(hkang\)|강… \(hkang\)|hkang)"
    assert re.search(rf"{hkang} +14 +18\.9일 +31\.2일\b", response, re.M), response
    still_open = rf"{hkang} +(14 +18\.9일 +31\.2일 +)?1 +4일 +4일 +1$"
    assert re.search(still_open, response, re.M), response
    assert "해결됨 중앙값 p90" in re.sub(r" +", " ", response), response
    assert "열림 열린 기간 중앙값 최장 다시 열림" in re.sub(r" +", " ", response), response

    en = report("--lang", "en").stdout
    for text in (ko, en):  # titles and footnotes too: rich drew a table's title on one line
        assert max(cell_len(line.rstrip()) for line in text.splitlines()) <= int(columns), text
    tables = {
        "response": section(en, "Response time", "median by month"),
        "health": section(en, "Health at the end", "share at 0  "),
        "contact": section(en, "Contact:", "silent for more than"),
    }
    for lines in tables.values():
        shown = "\n".join(lines)
        assert max(cell_len(line.rstrip()) for line in lines) <= int(columns), shown
        cut = [line for line in lines if "…" in line and not re.search(r"… \(\w+\)", line)]
        assert cut == [], shown  # only a rep's name is ever cut, its id kept whole
        assert not re.search(r"^ *\(\w+\) *$", shown, re.M), shown  # no id on a row of its own
    assert re.search(r"^2026-06-30 +40 +8 +0 +14 +18\b", "\n".join(tables["health"]), re.M)
    assert re.search(r"^2026-06-30 .*██ +20%$", "\n".join(tables["health"]), re.M)
    assert re.search(r"^all +7 +14d +49d +1$|^all( +\S+){4} +7 +14d +49d +1$",
                     "\n".join(tables["response"]), re.M)  # fmt: skip


def test_a_weekly_sparkline_wider_than_the_terminal_is_folded_not_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """47 weeks at 50 columns: the trend cannot fit even beside the rep ids alone."""
    monkeypatch.setenv("COLUMNS", "50")
    weeks = ("--by", "week", "--since", "2026-01-01")
    text = report("--lang", "ko", *weeks).stdout
    contact = "\n".join(section(text, "접촉:", "연락 없음"))
    parts = len(json.loads(report(*weeks, "--json").stdout)["contact"]["reps"][0]["by_part"])
    assert parts > 40
    assert not re.search(r"…(?! \(\w+\))", contact), contact  # only a name is cut, not a week
    sparks = re.findall(r"[▁▂▃▄▅▆▇█·]", contact)
    assert len(sparks) == 5 * parts, contact  # five reps, every week of each
    assert re.search(r"^dwilson +72 +1\.56$", contact, re.M), contact
