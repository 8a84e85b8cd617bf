"""The installed `handover` command, run as a user runs it: a real process, a real git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT

HANDOVER = PROJECT / ".venv" / "bin" / "handover"
DEMO = PROJECT / "profiles"

pytestmark = pytest.mark.skipif(not HANDOVER.exists(), reason="handover is not installed in .venv")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"  # made by the autouse fixture, with a .gitconfig
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HANDOVER_", "GIT_")) and key not in ("EDITOR", "VISUAL")
    }
    environ.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="이서연",
        GIT_AUTHOR_EMAIL="sylee@example.com",
        GIT_COMMITTER_NAME="이서연",
        GIT_COMMITTER_EMAIL="sylee@example.com",
        NO_COLOR="1",
        COLUMNS="120",
    )
    return environ


def handover(
    env: dict[str, str], *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HANDOVER), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_version(env: dict[str, str]) -> None:
    done = handover(env, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("handover ")


def test_a_new_team_logs_and_briefs_a_korean_customer(env: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "영업2팀"
    steps = [
        ("init", str(root), "--team", "서울 동부 영업2팀"),
        ("rep", "add", "sylee", "--name", "이서연", "--email", "sylee@example.com"),
        ("add", "김민수", "--kind", "doctor", "--org", "서울중앙내과의원"),
    ]
    for step in steps:
        done = handover(env, *step, cwd=root if step[0] != "init" else tmp_path)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    noted = handover(
        env, "note", "민수", "--summary", "-", "-c", "visit", "-r", "3", "--next", "+7d",
        "--remember", "수요일 오후 방문 금지", cwd=root, stdin="글루코핀 처방 조건 문의\n",
    )  # fmt: skip
    assert noted.returncode == 0, noted.stderr
    brief = handover(env, "brief", "김민수", cwd=root)
    assert brief.returncode == 0, brief.stderr
    assert brief.stdout.startswith("김민수 (gim-minsu) · doctor · 서울중앙내과의원")
    assert "수요일 오후 방문 금지" in brief.stdout
    assert "글루코핀 처방 조건 문의" in brief.stdout
    log = subprocess.run(
        ["git", "log", "--format=%an|%s"], cwd=root, env=env, capture_output=True, text=True
    ).stdout.splitlines()
    assert log == [
        "이서연|note: 김민수 — visit",
        "이서연|add: 김민수 (gim-minsu)",
        "이서연|rep: add 이서연 (sylee)",
        "이서연|init: team folder for 서울 동부 영업2팀",
    ]
    check = handover(env, "check", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_demo_team_briefs_kim_minsu(env: dict[str, str], tmp_path: Path) -> None:
    if not (DEMO / "handover.yaml").is_file():
        pytest.skip("no demo team in profiles/")
    done = handover(env, "brief", "김민수", "--dir", str(DEMO), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "김민수" in done.stdout.splitlines()[0]
    assert "Traceback" not in done.stderr
