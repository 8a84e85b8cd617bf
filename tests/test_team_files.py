"""What a team folder carries for git, editors and review: the files `init` writes, JSON
Schemas with the `$schema` line in every profile, and line endings git stores as LF."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from conftest import Outcome, Team, run
from handover.core.schemas import schema_text

MODELINE = b"# yaml-language-server: $schema=../../schemas/profile.schema.json"
HAND_WRITTEN = (
    "\ufeff# 김민수 원장 — 손으로 쓴 프로필\r\n"
    "id: gim-minsu\r\n"
    "name: '김민수'   # 원장님\r\n"
    "kind: doctor\r\n"
    "owner: sylee\r\n"
    "never_forget:\r\n"
    "    - 수요일 오후 방문 금지\r\n"
    "tags: [kol]"
).encode()  # a BOM, CRLF, odd indentation, a flow list and no newline at the end


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def test_init_writes_what_a_team_folder_needs_in_its_first_commit(tmp_path: Path) -> None:
    root = tmp_path / "accounts"
    ok(run("init", str(root), "--team", "서울 동부 영업2팀"))

    files = Team(root).git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == [
        ".gitattributes",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "customers/.gitkeep",
        "handover.yaml",
        "schemas/profile.schema.json",
        "schemas/record.schema.json",
        "schemas/team.schema.json",
    ]
    assert (root / "README.md").read_text().startswith("# 서울 동부 영업2팀: customer knowledge\n")
    assert "* text=auto eol=lf" in (root / ".gitattributes").read_text()
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert (hooks[0]["id"], hooks[0]["entry"]) == ("handover-check", "handover check")
    assert (
        (root / "handover.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=schemas/team.schema.json\n")
    )
    assert (root / "schemas/profile.schema.json").read_text() == schema_text("profile")


def test_init_keeps_a_readme_the_team_already_has(tmp_path: Path) -> None:
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "README.md").write_text("ours\n")
    ok(run("init", str(tmp_path / "accounts")))
    assert (tmp_path / "accounts" / "README.md").read_text() == "ours\n"


def test_git_stores_a_crlf_profile_with_lf_and_handover_keeps_the_files_own_endings(
    team: Team,
) -> None:
    path = team.root / "customers/gim-minsu/profile.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(HAND_WRITTEN + b"\r\n")
    team.git("add", str(path))
    team.git("commit", "--quiet", "-m", "a profile saved on Windows")
    ok(team.run("transfer", "민수", "--to", "jpark"))  # a tool edit of the profile

    stored = subprocess.run(
        ["git", "show", "HEAD:customers/gim-minsu/profile.yaml"], cwd=team.root, capture_output=True
    ).stdout
    assert b"\r\n" not in stored
    assert path.read_bytes().count(b"\r\n") == path.read_bytes().count(b"\n")  # still CRLF
    assert team.git("status", "--porcelain") == ""


def test_schema_write_adds_the_schema_line_and_changes_no_other_byte(team: Team) -> None:
    path = team.root / "customers/gim-minsu/profile.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(HAND_WRITTEN)
    ok(team.run("add", "최영희", "--kind", "pharmacist", "--owner", "sylee"))
    other = team.root / "customers/choe-yeonghui/profile.yaml"
    assert other.read_bytes().startswith(MODELINE + b"\n")  # `add` writes it already

    done = ok(team.run("schema", "--write"))

    assert done.stdout == "Added the $schema line to 1 file(s)\n"
    assert path.read_bytes() == b"\xef\xbb\xbf" + MODELINE + b"\r\n" + HAND_WRITTEN[3:]
    assert team.commits()[0] == "schema: JSON Schemas in schemas/, $schema line in 1 file(s)"
    assert ok(team.run("check")).stderr == "check: no problems\n"
    again = ok(team.run("schema", "--write"))
    assert again.stdout == "Up to date: schemas/ and every $schema line\n"


def test_schema_write_moves_an_old_schema_line_and_check_notices_stale_schemas(
    team: Team,
) -> None:
    path = team.root / "customers/gim-minsu/profile.yaml"
    path.parent.mkdir(parents=True)
    body = b"id: gim-minsu\nname: x\nkind: doctor\nowner: sylee\n"
    path.write_bytes(b"# top\n# yaml-language-server: $schema=./old.json\n" + body)
    schema = team.root / "schemas/record.schema.json"
    schema.write_text(schema.read_text().replace('"moment"', '"meeting"'))

    stale = team.run("check")
    assert stale.exit_code == 1
    assert stale.stdout == (
        "schemas/record.schema.json: error: record.schema.json is out of date with this "
        "version of handover — hint: run `handover schema --write` (the schemas come from "
        "this version of handover)\n"
    )
    ok(team.run("schema", "--write"))
    assert path.read_bytes() == b"# top\n" + MODELINE + b"\n" + body
    assert json.loads(schema.read_text()) == json.loads(schema_text("record"))
    assert ok(team.run("check")).exit_code == 0


def test_schema_write_skips_a_file_it_cannot_read_and_says_so(team: Team) -> None:
    path = team.root / "customers/gim-minsu/profile.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes("id: gim-minsu\nname: 김민수\n".encode("cp949"))
    done = ok(team.run("schema", "--write"))
    assert "skipped customers/gim-minsu/profile.yaml: file is not valid UTF-8" in done.stderr
    assert path.read_bytes() == "id: gim-minsu\nname: 김민수\n".encode("cp949")


def test_rep_add_takes_the_git_host_handle(team: Team) -> None:
    ok(team.run("rep", "add", "mchoi", "--name", "최민호", "--email", "m@x", "--handle", "minho"))
    assert "  handle: minho\n" in (team.root / "handover.yaml").read_text()
