"""A team folder: `init`, `rep add`, `schema`, help texts and the exit code table."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, Team, git, run

HANDOVER = PROJECT / ".venv" / "bin" / "handover"


# --- init ---------------------------------------------------------------------------------


def test_init_in_a_plain_folder_creates_a_git_repository(tmp_path: Path) -> None:
    root = tmp_path / "accounts"
    done = run("init", str(root), "--team", "서울 동부 영업2팀")
    assert done.exit_code == 0, done.output
    assert "Created a git repository there" in done.stdout
    assert (root / ".git").is_dir()
    config = (root / "handover.yaml").read_text(encoding="utf-8")
    assert "format: 1\n" in config
    assert "team: 서울 동부 영업2팀\n" in config
    assert (root / "customers").is_dir()
    assert git(root, "log", "--format=%s").splitlines() == [
        "init: team folder for 서울 동부 영업2팀"
    ]
    assert git(root, "status", "--porcelain") == ""


def test_init_inside_a_repository_uses_that_repository(tmp_path: Path) -> None:
    outer = tmp_path / "company"
    outer.mkdir()
    git(outer, "init", "--quiet")
    done = run("init", str(outer / "sales"), "--team", "Sales East")
    assert done.exit_code == 0, done.output
    assert "Created a git repository" not in done.stdout
    said = " ".join(done.stdout.split())  # the console wraps a long path
    assert f"Using the git repository at {outer.resolve()} (the folder is inside it)" in said
    assert not (outer / "sales" / ".git").exists()
    assert git(outer, "log", "--format=%s").splitlines() == ["init: team folder for Sales East"]


def test_init_twice_is_refused(team: Team) -> None:
    before = team.files()
    done = run("init", str(team.root))
    assert done.exit_code == 4, done.output
    assert "already" in done.stderr
    assert team.files() == before


def test_a_team_name_with_yaml_characters_survives(tmp_path: Path) -> None:
    root = tmp_path / "t"
    done = run("init", str(root), "--team", 'Team: "A" # east')
    assert done.exit_code == 0, done.output
    listed = run("list", "--dir", str(root))
    assert listed.exit_code == 0, listed.output


# --- rep add ------------------------------------------------------------------------------


def test_rep_add_keeps_the_comments_in_handover_yaml(team: Team) -> None:
    config = team.root / "handover.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("team: 서울 동부 영업2팀\n", "team: 서울 동부 영업2팀  # 2026년 개편\n")
    text = text.replace("reps:\n", "# 팀장: 최유진 (reps에는 넣지 않음)\nreps:\n")
    text = text.replace("  email: jpark@example.com\n", "  email: jpark@example.com  # 휴직 예정\n")
    config.write_text(text, encoding="utf-8")
    team.git("commit", "--quiet", "-am", "comments")
    done = team.run(
        "rep", "add", "hkim", "--name", "김하늘", "--email", "hkim@example.com",
        "--territory", "강남구",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Added rep 김하늘 (hkim)" in done.stdout
    after = config.read_text(encoding="utf-8")
    changes = [
        line
        for line in difflib.ndiff(text.splitlines(), after.splitlines())
        if line.startswith(("- ", "+ "))
    ]
    assert all(line.startswith("+ ") for line in changes), changes
    assert "+ - id: hkim" in changes
    assert after.index("# 휴직 예정") < after.index("- id: hkim") < after.index("vocabulary:")
    assert team.commits()[0] == "rep: add 김하늘 (hkim)"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("sylee", "--name", "이서연", "--email", "x@example.com"), "already exists"),
        (("Kim Ha", "--name", "김하늘", "--email", "h@example.com"), "id"),
    ],
)
def test_rep_add_refuses_a_taken_or_bad_id(team: Team, args: tuple[str, ...], said: str) -> None:
    before = team.files(), team.commits()
    done = team.run("rep", "add", *args)
    assert done.exit_code == 2, done.output
    assert said in done.stderr
    assert (team.files(), team.commits()) == before


# --- schema -------------------------------------------------------------------------------


def test_schema_profile_is_json_schema_from_the_models(team: Team) -> None:
    done = run("schema", "profile")
    assert done.exit_code == 0, done.output
    assert '"additionalProperties": false' in done.stdout
    schema = json.loads(done.stdout)
    assert schema["additionalProperties"] is False
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "name", "kind", "owner", "never_forget", "related", "extra"} <= set(
        schema["properties"]
    )
    assert set(schema["required"]) >= {"id", "name", "kind", "owner"}


def test_schema_all_has_every_file_kind(team: Team) -> None:
    done = run("schema")
    assert done.exit_code == 0, done.output
    assert {"team", "profile", "record"} <= set(json.loads(done.stdout))


def test_an_unknown_schema_is_a_usage_error(team: Team) -> None:
    done = run("schema", "nope")
    assert done.exit_code == 2, done.output
    assert "unknown file kind 'nope'" in done.stderr
    assert "profile" in done.stderr


# --- help -----------------------------------------------------------------------------------

COMMANDS = [
    [],
    ["init"],
    ["rep"],
    ["rep", "add"],
    ["add"],
    ["list"],
    ["remember"],
    ["note"],
    ["brief"],
    ["check"],
    ["schema"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    done = run(*command, "--help")
    assert done.exit_code == 0, done.output
    assert "Example" in done.stdout, done.stdout
    assert "Usage" in done.stdout


def test_version(team: Team) -> None:
    done = run("--version")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("handover ")


# --- exit codes and errors ------------------------------------------------------------------


def test_the_exit_codes_follow_the_documented_table(team: Team, tmp_path: Path) -> None:
    assert team.run("add", "김민수").exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = {
        "not found": (team.run("brief", "nobody"), 2),
        "bad usage": (team.run("note", "김민수", "-s", "x", "--rating", "9"), 2),
        "not a team folder": (run("list", "--dir", str(empty)), 4),
    }
    profile = team.root / "customers/gim-minsu/profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "tags: 5\n", encoding="utf-8")
    cases["invalid data"] = (team.run("brief", "gim-minsu"), 3)
    cases["problems found"] = (team.run("check"), 1)
    for name, (done, code) in cases.items():
        assert done.exit_code == code, (name, done.output)
        assert "Traceback" not in done.output, name


def test_an_error_is_one_line_with_an_optional_hint(team: Team, tmp_path: Path) -> None:
    done = run("brief", "김민수", "--dir", str(tmp_path))
    assert done.exit_code == 4, done.output
    first, *rest = done.stderr.strip().splitlines()
    assert first.startswith("error: ") and "is not a team folder" in first
    assert [line.strip().startswith("hint: ") for line in rest] == [True] * len(rest)
    assert len(rest) <= 1


def test_a_folder_outside_git_still_works_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    assert run("init", str(root), "--team", "T").exit_code == 0
    shutil.rmtree(root / ".git")
    for args in (
        ("rep", "add", "sylee", "--name", "이서연", "--email", "sylee@example.com"),
        ("add", "김민수"),
        ("note", "김민수", "-s", "git 없이 방문"),
    ):
        done = run(*args, "--dir", str(root))
        assert done.exit_code == 0, (args, done.output)
        assert "commit" not in done.stdout
    assert len(list((root / "customers/gim-minsu/notes").glob("*/*.yaml"))) == 1


def test_the_team_folder_is_found_from_inside_it_or_from_handover_dir(
    team: Team, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert team.run("add", "김민수").exit_code == 0
    inside = run("brief", "민수", cwd=team.root / "customers" / "gim-minsu")
    assert inside.exit_code == 0, inside.output
    monkeypatch.setenv("HANDOVER_DIR", str(team.root))
    from_env = run("brief", "민수", cwd=tmp_path)
    assert from_env.exit_code == 0, from_env.output
    assert from_env.stdout == inside.stdout


def _handover(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    env.pop("HANDOVER_DIR", None)
    return subprocess.run(
        [str(HANDOVER), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")
def test_debug_shows_the_traceback_a_normal_run_hides(team: Team, tmp_path: Path) -> None:
    home = tmp_path / "home"
    normal = _handover("brief", "nobody", "--dir", str(team.root), home=home)
    assert normal.returncode == 2, normal.stderr
    assert "Traceback" not in normal.stderr + normal.stdout
    assert normal.stderr.splitlines()[0] == "error: no customer matches 'nobody'"
    assert len(normal.stderr.strip().splitlines()) == 2  # the error and its hint
    debug = _handover("--debug", "brief", "nobody", "--dir", str(team.root), home=home)
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert "NotFoundError: no customer matches 'nobody'" in debug.stderr
