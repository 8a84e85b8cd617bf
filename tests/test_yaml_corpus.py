"""Every case of the YAML test suite, dropped into a team folder, is a clean error or a profile.

The suite (see ../shared/corpora/README.md) holds a few hundred small files: valid YAML that is
not a profile (lists, anchors, tags, several documents, odd indentation) and invalid YAML that a
parser must reject. As a profile or a note, none may crash handover, every invalid one must be
reported with its line, and nothing may change any file.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CORPORA, Team
from handover.errors import DataError, HandoverError
from handover.format.profile import Profile
from handover.format.store import TeamFolder
from handover.format.validation import validate_model, validate_record

SUITE = CORPORA / "yaml-test-suite"
CASES = sorted(SUITE.glob("*.yaml"))
INVALID = set((SUITE / "invalid.txt").read_text("utf-8").split())
PROBLEM = re.compile(r"^(customers/[^:]+?)(?::(\d+))?(?::(\d+))?: error: \S")

PROFILE = """\
id: gim-minsu
name: 김민수
kind: doctor
owner: sylee
"""

# A few cases that once crashed or were accepted without a line: complex keys, `%YAML 1.3`,
# `!!omap`, a comment ruamel cannot place, and invalid flow lists ruamel parses anyway.
HANDFUL = ["4FJ6", "BEC7", "J7PZ", "P94K", "9JBA", "CVW2", "G5U8", "YJV2", "SR86", "2SXE"]


def case_id(case: Path) -> str:
    return case.stem.lower()


def test_the_corpus_is_there() -> None:
    assert len(CASES) > 300
    assert INVALID and {case.name for case in CASES} >= INVALID


def test_every_case_as_a_profile_is_a_profile_or_a_clean_error(team: Team) -> None:
    folder = TeamFolder(team.root)
    path = team.root / "customers" / "case" / "profile.yaml"
    path.parent.mkdir(parents=True)
    crashed: list[str] = []
    accepted_invalid: list[str] = []
    without_line: list[str] = []
    path.write_bytes(b"")
    before = team.files()
    for case in CASES:
        raw = case.read_bytes()
        path.write_bytes(raw)
        try:
            validate_model(Profile, folder.load_file(path))
        except DataError as error:
            assert "\n" not in str(error), case.name
            if case.name in INVALID and error.location.line is None:
                without_line.append(f"{case.name}: {error}")
        except HandoverError as error:
            crashed.append(f"{case.name}: {type(error).__name__}: {error}")
        except Exception as error:  # a bug: the command line would exit 70
            crashed.append(f"{case.name}: {type(error).__name__}: {error}")
        else:
            if case.name in INVALID:
                accepted_invalid.append(case.name)
        assert path.read_bytes() == raw, case.name
    path.write_bytes(b"")
    assert team.files() == before  # nothing else written, no temporary left behind
    assert crashed == []
    assert accepted_invalid == []
    assert without_line == []


def test_every_case_as_a_note_is_a_record_or_a_clean_error(team: Team) -> None:
    folder = TeamFolder(team.root)
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text(PROFILE, encoding="utf-8")
    path = profile.parent / "notes" / "2026" / "20260304T013000Z-sylee-abc123.yaml"
    path.parent.mkdir(parents=True)
    crashed: list[str] = []
    for case in CASES:
        path.write_bytes(case.read_bytes())
        try:
            validate_record(folder.load_file(path))
        except DataError as error:
            if case.name in INVALID and error.location.line is None:
                crashed.append(f"{case.name}: no line: {error}")
        except Exception as error:
            crashed.append(f"{case.name}: {type(error).__name__}: {error}")
        else:
            if case.name in INVALID:
                crashed.append(f"{case.name}: accepted as a note")
    assert crashed == []


def test_check_reports_every_invalid_case_with_its_line_and_changes_nothing(team: Team) -> None:
    for case in CASES:
        target = team.root / "customers" / case_id(case) / "profile.yaml"
        target.parent.mkdir(parents=True)
        target.write_bytes(case.read_bytes())
    before = team.files()
    checked = team.run("check")
    assert checked.exit_code == 1, checked.stderr
    assert "Traceback" not in checked.output and "bug" not in checked.stderr
    reported: dict[str, list[int | None]] = {}
    for line in checked.stdout.splitlines():
        match = PROBLEM.match(line)
        assert match, line
        lineno = match.group(2)
        reported.setdefault(match.group(1), []).append(None if lineno is None else int(lineno))
    for case in CASES:
        shown = f"customers/{case_id(case)}/profile.yaml"
        assert shown in reported, f"{case.name} is no profile, yet check says nothing"
        if case.name in INVALID:
            assert all(n is not None for n in reported[shown]), (case.name, reported[shown])
    assert team.files() == before


def test_tricky_cases_give_one_clean_line_in_brief_and_check(team: Team) -> None:
    for name in HANDFUL:
        customer = f"case-{name.lower()}"
        profile = team.root / "customers" / customer / "profile.yaml"
        profile.parent.mkdir(parents=True)
        profile.write_bytes((SUITE / f"{name}.yaml").read_bytes())
        before = team.files()
        briefed = team.run("brief", customer)
        assert briefed.exit_code == 3, (name, briefed.output)
        first = briefed.stderr.splitlines()[0]
        assert first.startswith(f"customers/{customer}/profile.yaml:"), (name, first)
        assert ": error: " in first
        checked = team.run("check", str(profile.parent))
        assert checked.exit_code == 1, (name, checked.output)
        assert checked.stdout.startswith(f"customers/{customer}/profile.yaml"), name
        assert len(checked.stdout.splitlines()) >= 1
        assert team.files() == before, name


def test_cases_as_notes_are_reported_by_check_and_brief(team: Team) -> None:
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text(PROFILE, encoding="utf-8")
    notes = profile.parent / "notes" / "2026"
    notes.mkdir(parents=True)
    chosen = [SUITE / f"{name}.yaml" for name in HANDFUL]
    for number, case in enumerate(chosen):
        (notes / f"20260304T0130{number:02d}Z-sylee-{number:06x}.yaml").write_bytes(
            case.read_bytes()
        )
    before = team.files()
    checked = team.run("check")
    assert checked.exit_code == 1, checked.output
    lines = checked.stdout.splitlines()
    assert all(PROBLEM.match(line) for line in lines), lines
    for number, case in enumerate(chosen):
        name = f"customers/gim-minsu/notes/2026/20260304T0130{number:02d}Z-sylee-{number:06x}"
        assert any(line.startswith(name) for line in lines), case.name
    briefed = team.run("brief", "gim-minsu")
    assert briefed.exit_code == 3, briefed.output
    assert briefed.stderr.startswith("customers/gim-minsu/notes/2026/")
    assert team.files() == before
