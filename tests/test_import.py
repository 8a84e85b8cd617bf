"""`handover import`: a team's book from a CRM CSV, an Excel workbook or a phone's vCards."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT, TODAY, Team

FIXTURES = Path(__file__).parent / "fixtures" / "import"
HANDOVER = PROJECT / ".venv" / "bin" / "handover"


def profile(team: Team, customer_id: str) -> dict[str, object]:
    text = (team.root / "customers" / customer_id / "profile.yaml").read_text("utf-8")
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def notes(team: Team, customer_id: str) -> list[dict[str, object]]:
    folder = team.root / "customers" / customer_id / "notes"
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted(folder.rglob("*.yaml"))]


def book_text() -> str:
    return (FIXTURES / "book.csv").read_text("utf-8")


def workbook(path: Path) -> Path:
    """A real Excel workbook, as a team keeps it: customers first, then their activities."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "고객"
    sheet.append(["성명", "기관명", "부서", "직책", "핸드폰", "이메일", "담당", "유형"])
    sheet.append(["김민수", "서울중앙내과의원", "내과", "원장", 1056329505, None, "sylee", "의사"])
    sheet.append(
        ["Emily Carter", "Seoul Intl Clinic", None, "MD", "010-3141-5926", None, "jpark", "doctor"]
    )
    activities = book.create_sheet("활동")
    activities.append(["일자", "고객", "활동내용", "방법", "작성자"])
    activities.append([dt.datetime(2026, 3, 4, 10, 30), "김민수", "신제품 소개", "방문", "이서연"])
    activities.append([dt.date(2026, 4, 1), "Emily Carter", "Follow-up call", "phone", "jpark"])
    book.save(path)
    return path


def test_a_korean_crm_csv_becomes_customers_in_one_commit(team: Team) -> None:
    before = len(team.commits())
    done = team.run("import", str(FIXTURES / "book.csv"))
    assert done.exit_code == 0, done.output
    assert "3 created, 0 updated, 0 unchanged" in done.stdout
    minsu = profile(team, "gim-minsu")
    assert minsu["organisation"] == "서울중앙내과의원"
    assert minsu["role"] == "내과 원장"
    assert minsu["kind"] == "doctor"
    assert minsu["owner"] == "sylee"
    assert minsu["contacts"] == {
        "mobile": "010-5632-9505",
        "office": "02-1983-5811",
        "email": "minsu.kim@seoul-jungang-im.example",
    }
    assert minsu["never_forget"] == ["수요일 오후 방문 금지"]
    assert profile(team, "han-sora")["owner"] == "jpark"
    assert profile(team, "choe-yeonghui")["kind"] == "pharmacist"
    commits = team.commits()
    assert len(commits) == before + 1
    assert commits[0] == "import: 3 created from book.csv"
    assert team.git("status", "--porcelain") == ""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949", "euc-kr"])
def test_excel_on_korean_windows_and_bom_csvs_are_detected(team: Team, encoding: str) -> None:
    path = team.root.parent / f"book-{encoding}.csv"
    path.write_bytes(book_text().encode(encoding))
    done = team.run("import", str(path), "--json")
    assert done.exit_code == 0, done.output
    created = [c["name"] for c in json.loads(done.stdout)["customers"]]
    assert created == ["김민수", "최영희", "한소라"]
    assert profile(team, "gim-minsu")["role"] == "내과 원장"


def test_encoding_can_be_named_and_a_wrong_one_is_one_line(team: Team) -> None:
    path = team.root.parent / "book-cp949.csv"
    path.write_bytes(book_text().encode("cp949"))
    before = team.files()
    wrong = team.run("import", str(path), "--encoding", "utf-8")
    assert wrong.exit_code == 3, wrong.output
    assert wrong.stderr.startswith(f"{path}:1: error: not utf-8 text")
    assert "Traceback" not in wrong.output
    assert team.files() == before
    right = team.run("import", str(path), "--encoding", "cp949")
    assert right.exit_code == 0, right.output
    assert profile(team, "gim-minsu")["name"] == "김민수"


def test_a_salesforce_contacts_export_with_a_map_for_its_owners(team: Team) -> None:
    owners = team.root.parent / "owners.yaml"
    owners.write_text("owners:\n  Seoyeon Lee: sylee\n  Jihun Park: jpark\n", "utf-8")
    done = team.run("import", str(FIXTURES / "salesforce-contacts.csv"), "--map", str(owners))
    assert done.exit_code == 0, done.output
    carter = profile(team, "emily-carter")
    assert carter["name"] == "Emily Carter"
    assert carter["organisation"] == "Seoul International Clinic"
    assert carter["role"] == "Internal Medicine Attending Physician"
    assert carter["owner"] == "sylee"
    assert carter["contacts"] == {
        "mobile": "010-3141-5926",
        "office": "02-555-0101",
        "email": "emily.carter@sic.example",
    }
    assert carter["never_forget"] == ["Prefers data over anecdotes"]
    assert carter["extra"] == {"source_id": "0035g00000AbCdEAA1"}
    assert profile(team, "david-moore")["owner"] == "jpark"
    assert "Salutation" in done.stdout and "Mailing City" in done.stdout  # not imported, said


def test_salesforce_owners_unknown_to_the_team_are_named_by_row(team: Team) -> None:
    done = team.run("import", str(FIXTURES / "salesforce-contacts.csv"))
    assert done.exit_code == 3, done.output
    assert "salesforce-contacts.csv:2:Contact Owner: unknown rep 'Seoyeon Lee'" in done.stderr, (
        done.stderr
    )
    assert "salesforce-contacts.csv:3:Contact Owner: unknown rep 'Jihun Park'" in done.stderr


def test_a_hubspot_contacts_export_matches_owners_by_email(team: Team) -> None:
    done = team.run("import", str(FIXTURES / "hubspot-contacts.csv"))
    assert done.exit_code == 0, done.output
    bae = profile(team, "bae-jiwon")
    assert bae["name"] == "배지원"
    assert bae["organisation"] == "강동정형외과"
    assert bae["role"] == "정형외과 과장"
    assert bae["owner"] == "sylee"
    assert bae["contacts"]["mobile"] == "010-4700-1234"  # type: ignore[index]
    assert bae["extra"] == {"source_id": "51234001"}
    assert profile(team, "anna-schmidt")["owner"] == "jpark"


def test_an_excel_workbook_brings_customers_and_their_past_activities(team: Team) -> None:
    path = workbook(team.root.parent / "고객관리.xlsx")
    done = team.run("import", str(path))
    assert done.exit_code == 0, done.output
    minsu = profile(team, "gim-minsu")
    assert minsu["contacts"] == {"mobile": "010-5632-9505"}  # Excel had dropped the 0
    assert minsu["role"] == "내과 원장"
    (visit,) = notes(team, "gim-minsu")
    assert visit["by"] == "sylee"
    assert visit["channel"] == "visit"
    assert visit["summary"] == "신제품 소개"
    assert str(visit["at"]).startswith("2026-03-04T10:30")
    (call,) = notes(team, "emily-carter")
    assert call["by"] == "jpark" and call["channel"] == "phone"
    assert team.commits()[0] == "import: 2 created, 2 notes from 고객관리.xlsx"


def test_sheet_picks_the_sheets_of_a_workbook(team: Team) -> None:
    path = workbook(team.root.parent / "book.xlsx")
    done = team.run("import", str(path), "--sheet", "고객")
    assert done.exit_code == 0, done.output
    assert notes(team, "gim-minsu") == []
    missing = team.run("import", str(path), "--sheet", "Sheet9")
    assert missing.exit_code == 2, missing.output
    assert "no sheet named 'Sheet9'" in missing.stderr and "고객, 활동" in missing.stderr


def test_a_phone_address_book_in_vcard(team: Team) -> None:
    done = team.run("import", str(FIXTURES / "phone.vcf"), "--kind", "doctor")
    assert done.exit_code == 0, done.output
    baek = profile(team, "baek-seungho")
    assert baek["organisation"] == "강동성심병원"
    assert baek["role"] == "심장내과 교수"
    assert baek["kind"] == "doctor"
    assert baek["contacts"] == {
        "mobile": "010-8282-1004",
        "office": "02-2224-2114",
        "email": "seungho.baek@kdss.example",
    }
    assert baek["never_forget"] == ["학회 발표 자료 선호"]
    assert profile(team, "grace-wilson")["owner"] == "sylee"


def test_a_map_file_names_the_columns_nobody_else_would_guess(team: Team) -> None:
    done = team.run(
        "import", str(FIXTURES / "custom-headers.csv"), "--map", str(FIXTURES / "custom-map.yaml")
    )
    assert done.exit_code == 0, done.output
    jung = profile(team, "jeong-haein")
    assert (jung["kind"], jung["owner"], jung["organisation"]) == (
        "doctor",
        "sylee",
        "해인이비인후과",
    )


def test_a_dry_run_shows_the_plan_as_a_table_and_json_and_writes_nothing(team: Team) -> None:
    before = team.files()
    shown = team.run("import", str(FIXTURES / "book.csv"), "--dry-run")
    assert shown.exit_code == 0, shown.output
    assert "create" in shown.stdout and "gim-minsu" in shown.stdout
    assert "3 would be created" in shown.stdout
    as_json = team.run("import", str(FIXTURES / "book.csv"), "--dry-run", "--json")
    assert as_json.exit_code == 0, as_json.output
    plan = json.loads(as_json.stdout)
    assert plan["dry_run"] is True
    assert [(c["action"], c["customer"]) for c in plan["customers"]] == [
        ("create", "gim-minsu"),
        ("create", "choe-yeonghui"),
        ("create", "han-sora"),
    ]
    assert team.files() == before


def test_importing_the_same_file_again_changes_nothing(team: Team) -> None:
    first = team.run("import", str(FIXTURES / "book.csv"), str(FIXTURES / "activities.csv"))
    assert first.exit_code == 0, first.output
    files, commits = team.files(), team.commits()
    again = team.run("import", str(FIXTURES / "book.csv"), str(FIXTURES / "activities.csv"))
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 3 unchanged, 0 note(s) written" in again.stdout
    assert team.files() == files
    assert team.commits() == commits


def test_a_second_file_updates_fields_and_keeps_hand_edits_and_comments(team: Team) -> None:
    assert team.run("import", str(FIXTURES / "book.csv")).exit_code == 0
    path = team.root / "customers" / "gim-minsu" / "profile.yaml"
    hand = (
        path.read_text("utf-8").replace("kind: doctor\n", "kind: doctor  # 핵심 처방의\n")
        + "tags: [kol]\n"
    )
    path.write_text(hand, "utf-8")
    team.git("commit", "-qam", "hand edit")
    newer = team.root.parent / "newer.csv"
    newer.write_text(
        "이메일,직책,전화,담당자\nminsu.kim@seoul-jungang-im.example,병원장,02-1983-0000,jpark\n",
        "utf-8",
    )
    done = team.run("import", str(newer))
    assert done.exit_code == 0, done.output
    assert "owner stays sylee (file says jpark): use `handover transfer`" in done.stdout
    text = path.read_text("utf-8")
    assert "kind: doctor  # 핵심 처방의" in text
    minsu = profile(team, "gim-minsu")
    assert minsu["role"] == "내과 병원장"  # the title changed, the department stays
    assert minsu["contacts"]["office"] == "02-1983-0000"  # type: ignore[index]
    assert minsu["contacts"]["mobile"] == "010-5632-9505"  # type: ignore[index]
    assert minsu["tags"] == ["kol"]
    assert minsu["owner"] == "sylee"
    assert minsu["organisation"] == "서울중앙내과의원"
    assert team.commits()[0] == "import: 1 updated from newer.csv"


def test_every_bad_row_is_named_in_one_run_and_nothing_is_written(team: Team) -> None:
    bad = team.root.parent / "bad.csv"
    bad.write_text(
        "이름,이메일,담당자,구분,휴대폰\n"
        "김민수,minsu@,sylee,의사,010-1\n"
        ",a@b.example,sylee,의사,\n"
        "최영희,,nobody,약사,\n"
        "한소라,,sylee,외계인,\n"
        "정상,ok@b.example,sylee,의사,\n",
        "utf-8",
    )
    before = team.files(), team.commits()
    done = team.run("import", str(bad))
    assert done.exit_code == 3, done.output
    assert done.stderr.splitlines() == [
        f"{bad}:2:이메일: 'minsu@' is not an email address",
        f"{bad}:3:이름: the name is empty",
        f"{bad}:4:담당자: unknown rep 'nobody' (reps: sylee, jpark; or map it under `owners:`)",
        f"{bad}:5:구분: unknown type '외계인' (one of: doctor, pharmacist, nurse, purchasing, "
        "manager, internal, other)",
        "error: nothing imported: 4 bad row(s)",
        "  hint: fix them and run again, or pass --skip-bad to import the good rows",
    ]
    assert (team.files(), team.commits()) == before


def test_skip_bad_imports_the_good_rows_and_says_what_it_skipped(team: Team) -> None:
    bad = team.root.parent / "bad.csv"
    bad.write_text("이름,이메일\n김민수,minsu@\n최영희,yh@b.example\n", "utf-8")
    done = team.run("import", str(bad), "--skip-bad")
    assert done.exit_code == 0, done.output
    assert f"skipped {bad}:2:이메일: 'minsu@' is not an email address" in done.stdout
    assert "1 created" in done.stdout and "1 bad row(s) skipped" in done.stdout
    assert (team.root / "customers" / "choe-yeonghui").is_dir()
    assert not (team.root / "customers" / "gim-minsu").exists()


def test_two_rows_for_one_customer_are_a_bad_row(team: Team) -> None:
    dup = team.root.parent / "dup.csv"
    dup.write_text("이름,이메일\n김민수,m@b.example\n김민수 원장,M@b.example\n", "utf-8")
    done = team.run("import", str(dup))
    assert done.exit_code == 3, done.output
    assert f"{dup}:3:-: the same customer as dup.csv:2 (gim-minsu, by email)" in done.stderr


def test_activities_become_notes_dated_in_the_past_by_their_rep(team: Team) -> None:
    done = team.run("import", str(FIXTURES / "book.csv"), str(FIXTURES / "activities.csv"))
    assert done.exit_code == 0, done.output
    (visit,) = notes(team, "gim-minsu")
    assert (visit["by"], visit["channel"], visit["summary"]) == (
        "sylee",
        "visit",
        "글루코핀 XR 처방 조건 문의",
    )
    assert str(visit["at"]).startswith("2026-03-04T12:00")
    (sample,) = notes(team, "han-sora")
    assert sample["by"] == "jpark"
    brief = team.run("brief", "한소라")
    assert brief.exit_code == 0, brief.output
    assert "샘플 전달" in brief.stdout


def test_an_activity_in_the_future_or_for_nobody_is_a_bad_row(team: Team) -> None:
    assert team.run("import", str(FIXTURES / "book.csv")).exit_code == 0
    sheet = team.root.parent / "acts.csv"
    future = (TODAY + dt.timedelta(days=30)).isoformat()
    sheet.write_text(
        f"date,customer,summary\n{future},김민수,미래\n2026-01-05,홍길동,누구\n", "utf-8"
    )
    done = team.run("import", str(sheet))
    assert done.exit_code == 3, done.output
    assert f"{sheet}:2:date: a moment cannot be in the future" in done.stderr
    assert f"{sheet}:3:customer: no customer '홍길동' in the folder or in this import" in (
        done.stderr
    )


# --- the installed command, one run per format --------------------------------------------------


def _installed(tmp_path: Path, team: Team, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDOVER_")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(HANDOVER), "import", *args, "--dir", str(team.root), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


@pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")
@pytest.mark.parametrize("kind", ["utf-8 csv", "cp949 csv", "xlsx", "vcf"])
def test_each_format_imports_end_to_end_through_the_installed_command(
    tmp_path: Path, team: Team, kind: str
) -> None:
    if kind == "utf-8 csv":
        path = FIXTURES / "book.csv"
    elif kind == "cp949 csv":
        path = tmp_path / "거래처.csv"
        path.write_bytes(book_text().encode("cp949"))
    elif kind == "xlsx":
        path = workbook(tmp_path / "book.xlsx")
    else:
        path = FIXTURES / "phone.vcf"
    done = _installed(tmp_path, team, str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["commit"]
    assert {c["action"] for c in result["customers"]} == {"create"}
    created = [c["customer"] for c in result["customers"]]
    for customer_id in created:
        assert (team.root / "customers" / customer_id / "profile.yaml").is_file()
    assert team.commits()[0].startswith("import: ")
    again = _installed(tmp_path, team, str(path))
    assert again.returncode == 0, again.stderr
    assert {c["action"] for c in json.loads(again.stdout)["customers"]} == {"skip"}


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_a_new_profile_written_fast_reads_back_as_the_same_text(value: str) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from handover.core.importing.plan import profile_text

    tree = CommentedMap(
        {"id": "x", "name": value, "contacts": CommentedMap({"mobile": value}), "tags": [value]}
    )
    loaded = YAML(typ="safe").load(profile_text(tree))
    assert loaded == {"id": "x", "name": value, "contacts": {"mobile": value}, "tags": [value]}


def test_a_write_that_fails_half_way_puts_every_file_back(team: Team) -> None:
    (team.root / "customers").mkdir(exist_ok=True)
    (team.root / "customers" / "han-sora").write_text("not a folder", "utf-8")  # in the way
    before = team.files(), team.commits()
    done = team.run("import", str(FIXTURES / "book.csv"), str(FIXTURES / "activities.csv"))
    assert done.exit_code == 4, done.output
    assert (
        "nothing imported, every file put back: customers/han-sora is a file where handover "
        "keeps a folder" in done.stderr
    )
    assert "Traceback" not in done.output
    assert (team.files(), team.commits()) == before
    assert sorted(p.name for p in (team.root / "customers").iterdir()) == [".gitkeep", "han-sora"]


@pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")
def test_note_and_brief_start_without_the_import_libraries(team: Team) -> None:
    assert team.run("add", "김민수", "--owner", "sylee").exit_code == 0
    env = {k: v for k, v in os.environ.items() if k != "HANDOVER_DIR"}
    heavy = ("openpyxl", "vobject", "charset_normalizer", "icalendar", "codeowners", "jinja2")
    for command in (["brief", "김민수"], ["note", "김민수", "--help"]):
        done = subprocess.run(
            [str(HANDOVER.with_name("python")), "-X", "importtime", "-m", "handover", *command],
            cwd=team.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        modules = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
        assert "handover" in modules, command
        assert modules.isdisjoint(heavy), (command, sorted(modules & set(heavy)))
