"""`handover check`: validate a team folder like a compiler, every problem in one run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import BuiltTeam, Team, ended, started_with_workers, still_running

LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+?)"
    r"(?: \((?P<field>[\w.]+)\))?(?: — hint: .*)?$"
)
WHOLE_FILE = re.compile(r"^(?P<path>[^:\s]+): error: (?P<message>.+?)(?: — hint: .*)?$")

NOTE = """\
at: 2025-11-03T10:00:00+09:00
by: {by}
kind: moment
channel: visit
summary: 처방 논의
"""
NOTE_NAME = "20251103T010000Z-{by}-abcdef.yaml"


def write(team: Team, relative: str, text: str) -> Path:
    path = team.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def profile(customer_id: str, **fields: str) -> str:
    values = {"id": customer_id, "name": "홍길동", "kind": "doctor", "owner": "sylee", **fields}
    return "".join(f"{key}: {value}\n" for key, value in values.items() if value != "-")


def problems_by_path(stdout: str) -> dict[str, list[re.Match[str]]]:
    found: dict[str, list[re.Match[str]]] = {}
    for line in stdout.splitlines():
        match = LINE.match(line)
        assert match is not None, f"not path:line:column: error: message (field): {line!r}"
        found.setdefault(match["path"], []).append(match)
    return found


@pytest.fixture
def clean(team_built_by: BuiltTeam) -> Team:
    """Two customers, a note and a fact, all valid: set up once per worker, copied."""
    return team_built_by(_two_clean_customers)


def _two_clean_customers(team: Team) -> None:
    for args in (
        ("add", "김민수", "--kind", "doctor"),
        ("add", "John Carter", "--kind", "purchasing", "--owner", "jpark"),
        ("note", "김민수", "-s", "처방 논의", "-t", "신장", "-r", "3", "--next", "+7d"),
        ("remember", "김민수", "수요일 오후 방문 금지"),
    ):
        done = team.run(*args)
        assert done.exit_code == 0, done.output


def test_a_clean_folder_passes(clean: Team) -> None:
    done = clean.run("check")
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    assert "no problems" in done.stderr
    assert json.loads(clean.run("check", "--json").stdout) == []


def test_every_problem_is_reported_in_one_run_with_file_line_and_field(clean: Team) -> None:
    write(clean, "customers/wrong-type/profile.yaml", profile("wrong-type", tags="5"))
    write(clean, "customers/no-name/profile.yaml", profile("no-name", name="-"))
    write(clean, "customers/ghost-owner/profile.yaml", profile("ghost-owner", owner="ghost"))
    write(clean, "customers/dup-key/profile.yaml", profile("dup-key") + "name: 홍길순\n")
    write(clean, "customers/folder-name/profile.yaml", profile("other-name"))
    write(clean, "customers/broken/profile.yaml", "id: broken\nname: [홍길동\nkind: doctor\n")
    write(
        clean,
        "customers/phone/profile.yaml",
        profile("phone") + "contacts:\n  mobile: 01012345678\n",
    )
    notes = "customers/gim-minsu/notes"
    write(clean, f"{notes}/2025/{NOTE_NAME.format(by='ghost')}", NOTE.format(by="ghost"))
    write(clean, f"{notes}/2024/{NOTE_NAME.format(by='sylee')}", NOTE.format(by="sylee"))
    write(
        clean,
        f"{notes}/2025/20251104T010000Z-sylee-abcdef.yaml",
        NOTE.format(by="sylee").replace("2025-11-03", "2025-11-04")
        + 'next_contact: "2025-02-30"\n',
    )
    write(clean, "customers/gim-minsu/사진.txt", "명함 사진\n")
    before = clean.files()

    done = clean.run("check")

    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    assert clean.files() == before  # check never changes a file
    lines = done.stdout.splitlines()
    located = [line for line in lines if not WHOLE_FILE.match(line)]
    found = problems_by_path("\n".join(located))

    def one(path: str, field: str | None) -> re.Match[str]:
        matches = [m for m in found.get(path, []) if m["field"] == field]
        assert matches, f"no problem with field {field!r} for {path}:\n{done.stdout}"
        return matches[0]

    wrong_type = one("customers/wrong-type/profile.yaml", "tags")
    assert (wrong_type["line"], wrong_type["column"]) == ("5", "7")
    assert "list" in wrong_type["message"]
    missing = one("customers/no-name/profile.yaml", "name")
    assert "missing" in missing["message"]
    owner = one("customers/ghost-owner/profile.yaml", "owner")
    assert (owner["line"], owner["message"]) == ("4", "owner 'ghost' is not a rep in handover.yaml")
    duplicate = found["customers/dup-key/profile.yaml"][0]
    assert duplicate["line"] == "5" and 'the key "name" appears twice' in duplicate["message"]
    folder = one("customers/folder-name/profile.yaml", "id")
    assert folder["message"] == "id 'other-name' differs from its folder 'folder-name'"
    broken = found["customers/broken/profile.yaml"][0]
    assert broken["line"] == "3"
    phone = one("customers/phone/profile.yaml", "contacts.mobile")
    assert (phone["line"], phone["message"]) == ("6", "expected text, got the number 1012345678")
    by = one(f"{notes}/2025/{NOTE_NAME.format(by='ghost')}", "by")
    assert (by["line"], by["message"]) == ("2", "'ghost' is not a rep in handover.yaml")
    year = one(f"{notes}/2024/{NOTE_NAME.format(by='sylee')}", "at")
    assert year["message"] == "note of 2025 filed under 2024/"
    stray = [line for line in lines if line.startswith("customers/gim-minsu/사진.txt:")]
    assert len(stray) == 1 and "unexpected file in a customer folder" in stray[0]
    assert "hint: quote phone numbers" in done.stdout
    assert re.search(r"check: \d+ problem\(s\)", done.stderr)


def test_a_bad_date_in_a_note_names_its_line_and_field(clean: Team) -> None:
    write(
        clean,
        "customers/gim-minsu/notes/2025/20251103T010000Z-sylee-abcdef.yaml",
        NOTE.format(by="sylee") + 'next_contact: "2025-02-30"\nrating: 9\n',
    )
    done = clean.run("check")
    assert done.exit_code == 1, done.output
    fields = {m["field"]: m for ms in problems_by_path(done.stdout).values() for m in ms}
    assert fields["next_contact"]["line"] == "6", done.stdout
    assert fields["rating"]["line"] == "7", done.stdout


def test_an_unquoted_impossible_date_names_its_line(clean: Team) -> None:
    write(
        clean,
        "customers/gim-minsu/notes/2025/20251103T010000Z-sylee-abcdef.yaml",
        NOTE.format(by="sylee").replace("2025-11-03T10", "2025-13-03T10"),
    )
    done = clean.run("check")
    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    (match,) = [m for ms in problems_by_path(done.stdout).values() for m in ms]
    assert match["line"] == "1", done.stdout


def test_a_near_miss_of_the_vocabulary_is_reported_in_existing_notes(clean: Team) -> None:
    config = clean.root / "handover.yaml"
    text = config.read_text(encoding="utf-8").replace("topics: []", "topics: [Glucofin XR]")
    config.write_text(text, encoding="utf-8")
    write(
        clean,
        "customers/gim-minsu/notes/2025/20251103T010000Z-sylee-abcdef.yaml",
        NOTE.format(by="sylee") + "topics:\n  - glucofin\n",
    )
    done = clean.run("check")
    assert done.exit_code == 1, done.output
    (match,) = problems_by_path(done.stdout)[
        "customers/gim-minsu/notes/2025/20251103T010000Z-sylee-abcdef.yaml"
    ]
    assert match["field"] == "topics.0" and match["line"] == "7"
    assert "did you mean 'Glucofin XR'?" in match["message"]


def test_check_json_gives_the_same_problems_as_objects(clean: Team) -> None:
    write(clean, "customers/ghost-owner/profile.yaml", profile("ghost-owner", owner="ghost"))
    write(clean, "customers/broken/profile.yaml", "id: broken\nname: [홍길동\n")
    done = clean.run("check", "--json")
    assert done.exit_code == 1, done.output
    problems = json.loads(done.stdout)
    assert isinstance(problems, list) and len(problems) == 2
    for problem in problems:
        assert {"path", "line", "column", "message", "field"} <= set(problem)
    owner = next(p for p in problems if p["path"] == "customers/ghost-owner/profile.yaml")
    assert (owner["line"], owner["column"], owner["field"]) == (4, 8, "owner")
    assert owner["message"] == "owner 'ghost' is not a rep in handover.yaml"
    broken = next(p for p in problems if p["path"] == "customers/broken/profile.yaml")
    assert isinstance(broken["line"], int)


def test_check_of_one_customer_checks_only_that_customer(
    clean: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(clean, "customers/gim-minsu/stray.txt", "x\n")
    john = clean.root / "customers/john-carter/profile.yaml"
    john.write_text(john.read_text(encoding="utf-8") + "tags: 5\n", encoding="utf-8")
    monkeypatch.chdir(clean.root)
    done = clean.run("check", "customers/john-carter")
    assert done.exit_code == 1, done.output
    assert done.stdout.startswith("customers/john-carter/profile.yaml:")
    assert "gim-minsu" not in done.stdout
    assert len(done.stdout.splitlines()) == 1
    other = clean.run("check", str(clean.root / "customers/gim-minsu"))
    assert other.exit_code == 1, other.output
    assert "john-carter" not in other.stdout
    assert "customers/gim-minsu/stray.txt" in other.stdout


def test_a_customer_folder_without_a_profile_is_reported(clean: Team) -> None:
    write(
        clean, f"customers/lost/notes/2025/{NOTE_NAME.format(by='sylee')}", NOTE.format(by="sylee")
    )
    done = clean.run("check")
    assert done.exit_code == 1, done.output
    assert "customer folder without profile.yaml" in done.stdout
    assert "note of a customer with no profile ('lost')" in done.stdout


def test_a_broken_handover_yaml_is_reported_with_its_line(clean: Team) -> None:
    config = clean.root / "handover.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("format: 1", "format: 2"))
    done = clean.run("check")
    assert done.exit_code != 0, done.output
    assert "Traceback" not in done.output
    assert re.search(r"^handover\.yaml:\d+:\d+: error: .*\(format\)", done.output, re.MULTILINE)


def test_check_paths_may_be_given_relative_to_the_team_folder(clean: Team) -> None:
    john = clean.root / "customers/john-carter/profile.yaml"
    john.write_text(john.read_text(encoding="utf-8") + "tags: 5\n", encoding="utf-8")
    done = clean.run("check", "customers/john-carter")  # run from elsewhere, with --dir
    assert done.exit_code == 1, done.output
    assert done.stdout.startswith("customers/john-carter/profile.yaml:")
    assert clean.run("check", "customers/gim-minsu").exit_code == 0


def test_checking_a_path_that_does_not_exist_says_so(
    clean: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(clean.root)
    done = clean.run("check", "customers/gim-minsoo")
    assert done.exit_code != 0, done.output
    assert "unexpected file" not in done.output
    assert "does not exist" in done.output or "no such" in done.output.lower()


def test_a_mistyped_path_with_dir_is_not_called_a_symlink_escape(clean: Team) -> None:
    done = clean.run("check", "customers/gim-minsoo")
    assert done.exit_code != 0, done.output
    assert "outside the team folder" not in done.output
    assert "symlink" not in done.output


def test_a_large_team_is_checked_in_two_processes_with_the_same_problems_in_the_same_order(
    clean: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handover.core import check

    for number in range(6):
        customer = f"c{number}"
        owner = "ghost" if number % 2 else "sylee"
        write(clean, f"customers/{customer}/profile.yaml", profile(customer, owner=owner))
        name = NOTE_NAME.format(by="sylee")
        write(clean, f"customers/{customer}/notes/2024/{name}", NOTE.format(by="sylee"))
    write(
        clean,
        "customers/c3/notes/2025/20251104T010000Z-sylee-abcdef.yaml",
        NOTE.format(by="sylee").replace("2025-11-03", "2025-11-04")
        + "resolves:\n- item: 9\n  opened_in: 20251103T010000Z-sylee-abcdef\n",
    )
    alone = clean.run("check", "--json")
    assert alone.exit_code == 1, alone.output
    monkeypatch.setattr(check, "PARALLEL_FROM", 1)
    monkeypatch.setattr(check, "BATCH", 2)

    shared = clean.run("check", "--json")

    assert shared.exit_code == 1, shared.output
    assert json.loads(shared.stdout) == json.loads(alone.stdout)
    messages = [problem["message"] for problem in json.loads(shared.stdout)]
    assert messages.count("owner 'ghost' is not a rep in handover.yaml") == 3
    assert messages.count("note of 2025 filed under 2024/") == 6
    assert "item #9 opened in 20251103T010000Z-sylee-abcdef does not exist" in messages


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of a folder with its size and modification time."""
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
    }


def test_ctrl_c_while_a_large_team_is_checked_in_two_processes_ends_it_and_its_workers(
    team_of_400: Path,
) -> None:
    """A real Ctrl-C (SIGINT to the whole foreground group) while the workers check customers."""
    import os
    import signal

    before = _stamps(team_of_400)
    process, workers = started_with_workers("check", "--dir", str(team_of_400))
    os.killpg(process.pid, signal.SIGINT)
    out, err = ended(process, within=10)

    assert process.returncode == 130, out + err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert len(err.splitlines()) <= 1, err
    assert still_running(workers) == []
    assert _stamps(team_of_400) == before


def test_a_worker_killed_while_a_large_team_is_checked_is_an_error_not_a_wait_forever(
    team_of_400: Path,
) -> None:
    """A worker killed by the system (the out-of-memory killer sends SIGKILL): the check stops
    with one line saying so, instead of waiting forever for the customers that worker had."""
    import os
    import signal

    process, workers = started_with_workers("check", "--dir", str(team_of_400))
    os.kill(workers[0], signal.SIGKILL)
    out, err = ended(process, within=30)

    assert process.returncode == 4, out + err
    assert err.splitlines()[0] == (
        "error: a worker process was killed by SIGKILL before it had finished; nothing was changed"
    ), err
    assert "Traceback" not in err, err
    assert out == ""
    assert still_running(workers) == []


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_kill_while_a_large_team_is_checked_ends_its_workers_without_a_traceback(
    team_of_400: Path, signal_name: str
) -> None:
    """`kill PID` (SIGTERM) reaches handover alone, not its workers: it ends at once as before,
    and its workers with it, instead of leaving them to find it gone and print tracebacks.
    `kill -9` gives handover no moment for that: the system ends the workers with it."""
    import signal

    number = signal.Signals[signal_name]
    process, workers = started_with_workers("check", "--dir", str(team_of_400))
    process.send_signal(number)
    out, err = ended(process, within=10)  # its output ends when the workers' copies close

    assert process.returncode == -number, out + err
    assert err == ""
    assert still_running(workers) == []
