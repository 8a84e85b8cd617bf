"""The same folder read and written from Seoul (UTC+9) and New York (UTC−5).

A note's file name is its UTC moment, its folder and `at:` its writer's local time; a teammate
abroad reads them in theirs. Near the 1990–2100 bounds and near midnight UTC those differ by a
day or a year: `check` must read them all (an accepted `--at` once crashed it in UTC−5), and a
moment outside the years, typed or hand-edited, is refused or named, never a crash.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Team
from handover.domain import dates
from handover.format import records

SEOUL, NEW_YORK = "Asia/Seoul", "America/New_York"
HANDOVER = Path(sys.executable).parent / "handover"  # the installed command


@pytest.fixture
def zone() -> Iterator[Callable[[str], None]]:
    """Move this process to a time zone (commands run in it read `TZ` through the C library)."""
    before = os.environ.get("TZ")

    def enter(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield enter
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def notes(team: Team) -> list[Path]:
    return sorted((team.root / "customers" / "gim-minsu" / "notes").glob("*/*.yaml"))


def noted(team: Team, at: str) -> Path:
    before = set(notes(team))
    done = team.run("note", "김민수", "-s", f"방문 {at}", "--at", at)
    assert done.exit_code == 0, done.output
    (path,) = set(notes(team)) - before
    return path


def written_by_a_teammate(team: Team, like: Path, at: str, stamp: str = "") -> Path:
    """A note as a teammate's clone committed it (file name: its UTC moment)."""
    moment = dt.datetime.fromisoformat(at)
    stamp = stamp or moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = (
        team.root
        / "customers/gim-minsu/notes"
        / f"{moment.year:04d}"
        / f"{stamp}-sylee-a1b2c3.yaml"
    )
    path.parent.mkdir(exist_ok=True)
    lines = like.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(f"at: '{at}'\n" if line.startswith("at:") else line for line in lines),
        encoding="utf-8",
    )
    return path


def in_new_york(team: Team, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HANDOVER), *args, "--dir", str(team.root)],
        env={**os.environ, "TZ": NEW_YORK},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_in_new_york_reads_notes_near_the_bounds_and_midnight_utc(
    team: Team, zone: Callable[[str], None]
) -> None:
    zone(SEOUL)
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0
    first = noted(team, "1990-01-01 00:00")  # 1989-12-31T15:00Z
    assert (
        first.relative_to(first.parents[1]).as_posix()
        == "1990/19891231T150000Z-" + (first.name.split("-", 1)[1])
    )
    noted(team, "2026-12-02 08:59")  # 23:59Z the day before
    noted(team, "2026-12-02 09:00")  # 00:00Z
    zone(NEW_YORK)
    noted(team, "1990-01-01 00:00")  # 05:00Z
    noted(team, "2026-12-01 18:59")  # 23:59Z
    noted(team, "2026-12-01 19:00")  # 00:00Z the next day
    written_by_a_teammate(team, first, "2100-12-31T23:59:00-05:00")  # 2101 in UTC and Seoul
    written_by_a_teammate(team, first, "1990-01-01T00:00:00+14:00")  # 1989 in UTC and New York
    team.git("add", "-A")
    team.git("commit", "-qm", "two notes from teammates abroad")

    checked = in_new_york(team, "check")
    briefed = in_new_york(team, "brief", "김민수")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr == "check: no problems\n"
    assert briefed.returncode == 0, briefed.stdout + briefed.stderr
    assert "2100-12-31" in briefed.stdout
    assert "Traceback" not in checked.stderr + briefed.stderr


@pytest.mark.parametrize("where", [SEOUL, NEW_YORK])
def test_a_hand_edited_moment_outside_the_years_is_named_by_check(
    team: Team, zone: Callable[[str], None], where: str
) -> None:
    zone(where)
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0
    like = noted(team, "어제 오후 5시")
    path = written_by_a_teammate(
        team,
        like,
        "0001-01-01T00:00:00+09:00",
        stamp="00001231T150000Z",  # year 0: no datetime
    )
    shown = path.relative_to(team.root)

    checked = team.run("check")
    briefed = team.run("brief", "김민수")

    assert checked.exit_code == 1, checked.output  # was exit 70: OverflowError
    assert checked.stdout.splitlines() == [
        f"{shown}:2:5: error: 0001-01-01T00:00:00+09:00 is not between 1990 and 2100 (at)"
    ]
    assert briefed.exit_code == 3, briefed.output  # a broken note, and the rest shown
    assert "어제 오후 5시" in briefed.stdout
    assert "1 file could not be read" in briefed.stderr


@pytest.mark.parametrize(
    ("where", "typed", "stored"),
    [
        (SEOUL, "1990-01-01 00:00", "1990-01-01T00:00:00+09:00"),
        (SEOUL, "어제 오후 5시", "2026-12-01T17:00:00+09:00"),
        (SEOUL, "yesterday 14:30", "2026-12-01T14:30:00+09:00"),
        (SEOUL, "2026-12-01T23:59+00:00", "2026-12-01T23:59:00Z"),
        (NEW_YORK, "1990-01-01 00:00", "1990-01-01T00:00:00-05:00"),
        (NEW_YORK, "어제 오후 5시", "2026-11-30T17:00:00-05:00"),  # it is 1 Dec, 20:00 there
        (NEW_YORK, "14:30", "2026-12-01T14:30:00-05:00"),
        (NEW_YORK, "2026-12-02T00:00Z", "2026-12-02T00:00:00Z"),
    ],
)
def test_at_is_read_in_the_writers_zone(
    team: Team, zone: Callable[[str], None], where: str, typed: str, stored: str
) -> None:
    zone(where)
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0

    path = noted(team, typed)

    moment = dt.datetime.fromisoformat(stored)
    assert f"at: '{stored}'" in path.read_text(encoding="utf-8")
    assert path.name.startswith(moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ-sylee-"))
    assert path.parent.name == f"{moment.year}"
    checked = team.run("check")
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("where", [SEOUL, NEW_YORK])
@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("0001-01-01", "dates must be between 1990 and 2100"),
        ("1989-12-31 23:59", "dates must be between 1990 and 2100"),
        ("2100-12-31", "a moment cannot be in the future"),
    ],
)
def test_at_outside_the_years_or_in_the_future_is_refused_in_any_zone(
    team: Team, zone: Callable[[str], None], where: str, typed: str, said: str
) -> None:
    zone(where)
    assert team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee").exit_code == 0
    files = team.files()

    refused = team.run("note", "김민수", "-s", "방문", "--at", typed)

    assert refused.exit_code == 2, refused.output
    assert said in refused.stderr
    assert "bug" not in refused.output
    assert team.files() == files


def test_the_years_a_note_may_have_are_the_years_at_accepts() -> None:
    assert (records.FIRST_YEAR, records.LAST_YEAR) == (dates.FIRST_YEAR, dates.LAST_YEAR)
