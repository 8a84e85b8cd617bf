"""`handover report` shown the way people read it: a terminal with bars and sparklines, one
self-contained HTML page (opened in headless Chromium), CSV for spreadsheets, versioned JSON.
All on the demo team, whose year ends on 2026-11-20."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from conftest import PROJECT, Outcome, run
from test_export import CHROMIUM, LAUNCH_FLAGS

DEMO = ("--dir", str(PROJECT / "profiles"), "--until", "2026-11-20")


def report(*args: str) -> Outcome:
    done = run("report", *args, *DEMO)
    assert done.exit_code == 0, done.output
    return done


def test_the_terminal_report_has_every_section_with_its_counts() -> None:
    text = report().stdout
    assert text.startswith(
        "서울 동부 영업2팀 (Seoul East Sales 2) · 2025-12-01 → 2026-11-20 · by month (12) · "
        "40 customers\n"
    )
    for heading in (
        "Response time: from the moment that opened a request, complaint or question",
        "Promises due 2025-12-01 → 2026-11-20:",
        "Service recovery:",
        "Health at the end of each month, as of that day",
        "Contact:",
        "Ratings: how ",
    ):
        assert heading in text
    assert re.search(r"median by month  [▁▂▃▄▅▆▇█·]{12}\n", text)
    assert re.search(r"share at 0  [▁▂▃▄▅▆▇█·]{12}\n", text)
    assert "still open on 2026-11-20" in text


def test_json_is_versioned_and_matches_the_csv() -> None:
    data = json.loads(report("--json").stdout)
    assert data["report_version"] == 1
    assert list(data) == [
        "report_version", "scope", "response", "promises", "recovery", "health", "contact",
        "ratings",
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(report("--format", "csv").stdout)))
    assert list(rows[0]) == ["section", "subject", "start", "end", "figure", "value"]
    median = next(r for r in rows if r["subject"] == "all" and r["figure"] == "median_days")
    assert float(median["value"]) == data["response"]["all"]["median_days"]
    zeros = [r for r in rows if r["section"] == "health" and r["figure"] == "zero"]
    assert [int(r["value"]) for r in zeros] == [p["zero"] for p in data["health"]]


def test_the_html_report_is_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "team.html"
    done = report("-o", str(out))
    assert "Wrote" in done.stdout
    html = out.read_text("utf-8")
    assert html.startswith('<!doctype html>\n<html lang="ko">')
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"(?!#|data:)", html)
    assert (
        "@import" not in html
        and "url(" not in html
        and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert '"Noto Sans CJK KR"' in html and "@media print" in html
    assert html.count('<svg class="chart"') == 4


def test_the_html_report_in_a_real_browser(tmp_path: Path) -> None:
    if not os.environ.get("HANDOVER_REQUIRE_BROWSER"):
        if not CHROMIUM.exists():
            pytest.skip(f"no browser at {CHROMIUM}")
        pytest.importorskip("playwright")
    import playwright.sync_api as playwright

    out = tmp_path / "team.html"
    report("--format", "html", "-o", str(out))
    problems: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1300})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)  # fmt: skip
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on(
                "request",
                lambda r: None if r.url.startswith("file:") else problems.append(f"fetch {r.url}"),
            )
            page.goto(out.as_uri(), wait_until="load")
            points = page.locator("#health tr.point").count()
            bars = page.locator("#health svg rect").count()
            width = page.evaluate(
                "() => { const s = document.createElement('span'); s.textContent = '영업팀';"
                "s.style.fontFamily = getComputedStyle(document.body).fontFamily;"
                "document.body.append(s); const w = s.getBoundingClientRect().width;"
                "s.remove(); return w; }"
            )
            pdf = page.pdf(format="A4")
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(out.as_uri(), wait_until="load")
            overflow = phone.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
        finally:
            browser.close()
    assert problems == []
    assert points == 12
    assert bars == 12 * 4  # four bands stacked in each month
    assert width > 20  # Hangul drawn with a real font, not empty boxes
    assert overflow <= 0
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
