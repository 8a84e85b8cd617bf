"""The demo team in `profiles/` is what `scripts/make_demo.py` writes from `scripts/demo/*.yaml`,
it passes `handover check`, and the README's examples on it are its real output."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import PROJECT, run

DEMO = PROJECT / "profiles"
README_NOW = "2026-11-24T16:13:36+09:00"
"""The moment the README's demo examples were run at (`HANDOVER_NOW`, said in the README)."""


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_generator_writes_the_committed_demo_team_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "profiles"
    done = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "make_demo.py"), "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"wrote 40 customers and 763 notes to {out}\n"
    made, committed = tree(out), tree(DEMO)
    assert sorted(made) == sorted(committed)
    assert [name for name in made if made[name] != committed[name]] == []


def test_check_passes_on_the_shipped_demo() -> None:
    done = run("check", "--dir", str(DEMO))
    assert done.exit_code == 0, done.output
    assert "no problems" in done.output


def test_the_departed_reps_open_promise_was_handed_to_the_team_lead() -> None:
    done = run("history", "gim-minsu", "--dir", str(DEMO))
    assert done.exit_code == 0, done.output
    assert "assigned gim-minsu#8 to sylee" in done.stdout


# --- the README's examples on the demo team -------------------------------------------------

SHOWN_AFTER_A_CHANGE = (
    "handover export --rep jpark",  # writes a file and names the commit it was made from
    "handover brief 김민수 --dir profiles\n…\nOwner         이서연",  # after the transfer above
)


@dataclass(frozen=True)
class Example:
    line: int
    command: str
    expected: list[str]
    exit_code: int | None
    lang: str | None = None  # `$ LANG=ko_KR.UTF-8 handover …`


def readme_examples() -> Iterator[Example]:
    """Every `$ handover … --dir profiles` in a code block of the README with the lines under it
    (to the next `$`); a following `$ echo $?` gives the exit code."""
    lines = (PROJECT / "README.md").read_text(encoding="utf-8").splitlines()
    inside = False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            inside = not inside
            continue
        korean = line.startswith("$ LANG=ko_KR.UTF-8 handover ")  # the Korean session
        if not (inside and (line.startswith("$ handover ") or korean) and "--dir profiles" in line):
            continue
        if " #" in line:  # a list of commands with what each does, not their output
            continue
        output: list[str] = []
        for following in lines[number + 1 :]:
            if following.startswith(("$ ", "```")):
                break
            output.append(following)
        rest = lines[number + 1 + len(output) :]
        exit_code = int(rest[1]) if rest and rest[0] == "$ echo $?" else None
        shown = "\n".join([line.removeprefix("$ "), *output])
        if any(shown.startswith(skipped) for skipped in SHOWN_AFTER_A_CHANGE):
            continue
        command = line.removeprefix("$ ").removeprefix("LANG=ko_KR.UTF-8 ")
        yield Example(number + 1, command, output, exit_code, "ko_KR.UTF-8" if korean else None)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing spaces aside; a line `…` stands for any number of lines."""
    pattern = "\n".join(".*?" if e == "…" else re.escape(e.rstrip()) for e in expected)
    return re.fullmatch(pattern, "\n".join(a.rstrip() for a in actual), re.DOTALL) is not None


@pytest.fixture
def readme_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The clock, zone, width and writer the README's examples were run with."""
    monkeypatch.setenv("HANDOVER_NOW", README_NOW)
    monkeypatch.setenv("HANDOVER_REP", "sylee")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_readmes_examples_on_the_demo_are_its_real_output(
    readme_clock: None, tmp_path: Path
) -> None:
    examples = list(readme_examples())
    assert len(examples) >= 9, [e.command for e in examples]
    demo = tmp_path / "profiles"  # a copy: the examples that write refuse, but never here
    shutil.copytree(DEMO, demo)
    wrong = []
    for example in examples:
        args = [str(demo) if a == "profiles" else a for a in shlex.split(example.command)[1:]]
        with pytest.MonkeyPatch.context() as env:
            env.setenv("LANG", example.lang or "C.UTF-8")
            done = run(*args)
        actual = (done.stdout + done.stderr).rstrip("\n").splitlines()
        if not matches(example.expected, actual) or example.exit_code not in (None, done.exit_code):
            wrong.append(f"README.md:{example.line}: $ {example.command} (exit {done.exit_code})\n"
                         + "\n".join(actual))  # fmt: skip
    assert wrong == [], "\n\n".join(wrong)
    written = {name: data for name, data in tree(demo).items() if not name.startswith(".handover/")}
    assert written == tree(DEMO)  # the lock aside (outside git it lives in .handover/)


def test_the_team_leads_agenda_and_digest_hold_the_promise_assigned_to_her() -> None:
    """gim-minsu#8 was jpark's; an `assign` record gave it to sylee: her views agree."""
    opened = run("open", "--rep", "sylee", "--json", "--dir", str(DEMO))
    assert opened.exit_code == 0, opened.output
    held = {row["item"]["ref"] for row in json.loads(opened.stdout)}
    assert "gim-minsu#8" in held
    agenda = run("agenda", "--rep", "sylee", "--json", "--dir", str(DEMO))
    assert agenda.exit_code == 0, agenda.output
    assert "gim-minsu#8" in {entry["ref"] for entry in json.loads(agenda.stdout)}
    digest = run("digest", "--rep", "sylee", "--json", "--dir", str(DEMO))
    assert digest.exit_code == 0, digest.output
    assert "gim-minsu#8" in {p["ref"] for p in json.loads(digest.stdout)["overdue_promises"]}


def test_a_bad_value_in_the_demo_data_is_one_line_naming_file_entry_and_field(
    tmp_path: Path,
) -> None:
    scripts = tmp_path / "scripts"
    shutil.copytree(PROJECT / "scripts" / "demo", scripts / "demo")
    shutil.copy(PROJECT / "scripts" / "make_demo.py", scripts / "make_demo.py")
    stories = scripts / "demo" / "stories.yaml"
    text = stories.read_text("utf-8")
    stories.write_text(text.replace("    rating: 0\n", "    rating: 7\n", 1), "utf-8")

    done = subprocess.run(
        [sys.executable, str(scripts / "make_demo.py"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "scripts/demo/stories.yaml: stories.gim-minsu[0].rating: "
        "Input should be less than or equal to 4 (got 7)"
    ]
    assert not (tmp_path / "out").exists()
