"""`handover export`: a handover pack for a book, as Markdown, HTML or JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, Team, run

CHROMIUM = Path(os.environ.get("HANDOVER_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_FLAGS = [  # playwright adds --headless and a fresh temporary --user-data-dir itself
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def book(team: Team) -> Team:
    """jpark's book: 김민수 with an unanswered complaint (health 0), 최영희 doing fine, and
    Emily Carter, who is sylee's."""
    for name, owner in (("김민수", "jpark"), ("최영희", "jpark"), ("Emily Carter", "sylee")):
        added = team.run("add", name, "--owner", owner, "--kind", "doctor")
        assert added.exit_code == 0, added.output
    ten_days_ago = (TODAY - dt.timedelta(days=10)).isoformat()
    steps = [
        ("remember", "김민수", "수요일 오후 방문 금지"),
        ("note", "김민수", "-s", "샘플 유효기간 항의 <urgent>", "-r", "0",
         "--at", f"{ten_days_ago} 10:00", "--complaint", "유효기간 임박 샘플", "--by", "jpark"),
        ("note", "최영희", "-s", "재고 확인", "-r", "3", "--next", "+7d", "--by", "sylee"),
    ]  # fmt: skip
    for step in steps:
        done = team.run(*step)
        assert done.exit_code == 0, done.output
    return team


def test_a_markdown_pack_opens_with_a_cover_then_the_most_urgent_customer(book: Team) -> None:
    done = book.run("export", "--rep", "jpark")
    assert done.exit_code == 0, done.output
    pack = done.stdout
    head = book.git("rev-parse", "HEAD").strip()
    assert pack.startswith("# Handover pack: 박지훈 (jpark)\n")
    assert "2 customers · made " in pack
    assert f"from commit `{head[:12]}`" in pack
    assert "| zero | 1 |" in pack
    assert "- [김민수 (gim-minsu)](#김민수-gim-minsu) — complaint gim-minsu#1 unanswered" in pack
    assert "## Open items (1, 0 overdue)" in pack
    assert "| `gim-minsu#1` | 김민수 | complaint |" in pack
    assert pack.index("## 김민수 (gim-minsu)") < pack.index("## 최영희 (choe-yeonghui)")
    assert "Emily" not in pack
    section = pack[pack.index("## 김민수 (gim-minsu)") :]
    order = ["### Open items", "### Never forget", "### Relationships", "### Recent moments",
             "### Ownership history"]  # fmt: skip
    assert [section.index(h) for h in order] == sorted(section.index(h) for h in order)
    assert "샘플 유효기간 항의 \\<urgent\\>" in section  # escaped for the git host


def test_a_pack_after_a_transfer_tells_the_ownership_history(book: Team) -> None:
    assert book.run("transfer", "--from", "jpark", "--to", "sylee").exit_code == 0
    empty = book.run("export", "--rep", "jpark")
    assert empty.exit_code == 2
    assert "use --from jpark" in empty.stderr
    done = book.run("export", "--from", "jpark", "--rep", "sylee", "--format", "json")
    assert done.exit_code == 0, done.output
    pack = json.loads(done.stdout)
    assert pack["cover"]["scope"] == "박지훈 (jpark) → 이서연 (sylee)"
    assert [c["brief"]["id"] for c in pack["customers"]] == ["gim-minsu", "choe-yeonghui"]
    [first, now] = pack["customers"][0]["brief"]["ownership"]
    assert (first["rep"], now["rep"], now["until"]) == ("jpark", "sylee", None)


def test_the_json_pack_has_a_stable_documented_shape(book: Team, tmp_path: Path) -> None:
    out = tmp_path / "pack.json"
    done = book.run("export", "--all", "-o", str(out))
    assert done.exit_code == 0, done.output
    assert f"Wrote {out} (json, 3 customers" in done.stdout
    pack = json.loads(out.read_text("utf-8"))
    assert list(pack) == ["pack_version", "team", "source", "cover", "customers"]
    assert pack["pack_version"] == 1
    assert list(pack["source"]) == [
        "commit", "dirty", "made_at", "today", "selection", "handover_version",
    ]  # fmt: skip
    assert pack["source"]["selection"] == {"all": True}
    assert list(pack["cover"]) == [
        "scope", "rep", "customers", "health", "zeros", "open_items", "overdue",
    ]  # fmt: skip
    assert [b["band"] for b in pack["cover"]["health"]] == [
        "zero", "under 50", "under 80", "80 and over",
    ]  # fmt: skip
    customer = pack["customers"][0]
    assert list(customer) == ["brief", "timeline"]
    assert customer["timeline"][0] == {
        "date": customer["timeline"][0]["date"],
        "rating": 0,
        "channel": "visit",
        "summary": "샘플 유효기간 항의 <urgent>",
    }
    documented = (Path(__file__).parents[1] / "docs" / "export.md").read_text("utf-8")
    for key in [*pack, *pack["source"], *pack["cover"], "timeline", "brief"]:
        assert f"`{key}`" in documented, key


def test_a_pack_outside_git_says_so(tmp_path: Path) -> None:
    root = tmp_path / "loose"
    (root / "customers").mkdir(parents=True)
    (root / "handover.yaml").write_text(
        "format: 1\nteam: Loose\nreps:\n- id: sylee\n  name: 이서연\n  email: s@example.com\n",
        encoding="utf-8",
    )
    assert run("add", "김민수", "--dir", str(root), "--owner", "sylee").exit_code == 0
    done = run("export", "--all", "--dir", str(root), "--format", "md")
    assert done.exit_code == 0, done.output
    assert "from commit `not a git repository`" in done.stdout


def test_note_and_brief_do_not_load_jinja(book: Team) -> None:
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from handover.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['brief', '김민수', '--dir', {str(book.root)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('jinja2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_html_pack_is_one_self_contained_file(book: Team, tmp_path: Path) -> None:
    out = tmp_path / "jpark.html"
    done = book.run("export", "--rep", "jpark", "-o", str(out))
    assert done.exit_code == 0, done.output
    html = out.read_text("utf-8")
    assert html.startswith('<!doctype html>\n<html lang="ko">')
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"(?!#|data:)", html)  # nothing fetched, no links out
    assert "@import" not in html and "url(" not in html and "http" not in html
    assert '"Noto Sans CJK KR"' in html and "@media print" in html and "max-width: 600px" in html
    assert "&lt;urgent&gt;" in html  # escaped
    assert html.count('<svg class="chart"') == 2


def test_the_html_pack_in_a_real_browser(book: Team, tmp_path: Path) -> None:
    """Headless Chromium opens the pack: it loads without console errors or network, shows
    the customers most urgent first, and renders Hangul with a real font."""
    if not os.environ.get("HANDOVER_REQUIRE_BROWSER"):  # .ci/run sets it: there, no skipping
        if not CHROMIUM.exists():
            pytest.skip(f"no browser at {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.importorskip("playwright")
    import playwright.sync_api as playwright

    out = tmp_path / "jpark.html"
    assert book.run("export", "--rep", "jpark", "--format", "html", "-o", str(out)).exit_code == 0
    problems: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1300})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on(
                "request",
                lambda r: None if r.url.startswith("file:") else problems.append(f"fetch {r.url}"),
            )
            page.goto(out.as_uri(), wait_until="load")
            page.screenshot(path=str(tmp_path / "pack.png"), full_page=True)
            names = page.locator("article.customer h2").all_inner_texts()
            zero = page.locator(".band.zero b").inner_text()
            width = page.evaluate(
                "() => { const s = document.createElement('span'); s.textContent = '김민수';"
                "s.style.fontFamily = getComputedStyle(document.body).fontFamily;"
                "document.body.append(s); const w = s.getBoundingClientRect().width;"
                "s.remove(); return w; }"
            )
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(out.as_uri(), wait_until="load")
            overflow = phone.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
        finally:
            browser.close()
    assert problems == []
    assert [name.split()[0] for name in names] == ["김민수", "최영희"]
    assert zero == "1"
    assert width > 20  # three Hangul glyphs with width, not empty boxes
    assert overflow <= 0  # no sideways scrolling on a phone
    assert (tmp_path / "pack.png").stat().st_size > 10_000


def test_progress_is_reported_while_a_book_is_read(book: Team) -> None:
    from handover.core.export import build_pack
    from handover.core.workspace import Workspace

    seen: list[tuple[int, int]] = []
    pack = build_pack(
        Workspace.open(book.root), everyone=True, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert pack.customers[0].brief.id == "gim-minsu"


DEMO = Path(__file__).resolve().parents[1] / "profiles"


def test_the_html_pack_passes_axe_core_on_a_desktop_and_a_phone(tmp_path: Path) -> None:
    """axe-core (the engine of browsers' accessibility audits) finds no serious or critical
    violation in the demo team's pack, which has every health band; words are not broken
    inside, and the chart's labels stay readable on a phone."""
    if not os.environ.get("HANDOVER_REQUIRE_BROWSER"):  # .ci/run sets it: there, no skipping
        if not CHROMIUM.exists():
            pytest.skip(f"no browser at {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.importorskip("playwright")
        pytest.importorskip("axe_playwright_python")
    import playwright.sync_api as playwright
    from axe_playwright_python.sync_playwright import Axe

    out = tmp_path / "team.html"
    done = run("export", "--all", "--format", "html", "-o", str(out), "--dir", str(DEMO))
    assert done.exit_code == 0, done.output
    found: dict[int, list[str]] = {}
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        try:
            for width, height in ((1000, 1300), (390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(out.as_uri(), wait_until="load")
                assert page.locator(".badge.mid").count() and page.locator(".badge.low").count()
                violations = Axe().run(page).response["violations"]
                found[width] = [
                    f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×)"
                    for v in violations
                    if v["impact"] in ("serious", "critical")
                    or v["id"] in ("heading-order", "landmark-one-main", "region")
                ]
                broken = page.evaluate(
                    "() => [...document.querySelectorAll('.cover tbody td:nth-child(3)')]"
                    ".filter(td => { const r = document.createRange(); r.selectNodeContents(td);"
                    " return r.getClientRects().length > 1; }).map(td => td.textContent)"
                )
                assert broken == [], (width, broken)
                label_px = page.evaluate(
                    "() => { const svg = document.querySelector('svg.chart');"
                    " const text = svg.querySelector('text');"
                    " const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
                    " return parseFloat(getComputedStyle(text).fontSize) * scale; }"
                )
                assert label_px >= 11, (width, label_px)
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, width
        finally:
            browser.close()
    assert found == {1000: [], 390: []}


def test_a_pack_is_dirty_only_for_uncommitted_changes_to_what_it_shows(
    book: Team, tmp_path: Path
) -> None:
    def dirty() -> bool:
        out = tmp_path / "pack.json"
        done = book.run("export", "--rep", "jpark", "-o", str(out))
        assert done.exit_code == 0, done.output
        return bool(json.loads(out.read_text("utf-8"))["source"]["dirty"])

    assert book.git("status", "--porcelain") == ""
    assert dirty() is False
    (book.root / "customers" / "emily-carter" / "scratch.txt").write_text("not jpark's book\n")
    assert dirty() is False  # sylee's customer: not in this pack
    (book.root / ".gitignore").write_text("*.tmp\n")
    book.git("add", ".gitignore")
    book.git("commit", "-qm", "ignore temporary files")
    (book.root / "customers" / "gim-minsu" / "draft.tmp").write_text("ignored\n")
    assert dirty() is False  # git would not add it either
    (book.root / "customers" / "gim-minsu" / "memo.txt").write_text("new, untracked\n")
    assert dirty() is True
    (book.root / "customers" / "gim-minsu" / "memo.txt").unlink()
    assert dirty() is False
    profile = book.root / "customers" / "choe-yeonghui" / "profile.yaml"
    profile.write_text(profile.read_text("utf-8") + "# a hand edit\n", "utf-8")
    assert dirty() is True
    book.git("checkout", "--", str(profile))
    (book.root / "handover.yaml").write_text(
        (book.root / "handover.yaml").read_text("utf-8") + "\n", "utf-8"
    )
    assert dirty() is True  # the team's settings are part of every pack
