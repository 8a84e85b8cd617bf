"""The README's pre-commit example, run with the real `pre-commit`: `init` writes the config,
`pre-commit install` once per clone, and from then on every commit is checked, including the
commits handover makes itself when `handover` is not on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT

BIN = Path(sys.executable).parent
HANDOVER = BIN / "handover"
PRE_COMMIT = BIN / "pre-commit"

pytestmark = pytest.mark.skipif(
    not (HANDOVER.exists() and PRE_COMMIT.exists()), reason="pre-commit is a test extra"
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A shell whose PATH has git but no handover (a rep who installed it in a venv)."""
    home = tmp_path / "home"
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HANDOVER_", "GIT_", "VIRTUAL_ENV", "PRE_COMMIT"))
    }
    environ.update(
        PATH="/usr/local/bin:/usr/bin:/bin",
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        PRE_COMMIT_HOME=str(home / ".cache/pre-commit"),
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
        COLUMNS="120",
    )
    return environ


def sh(env: dict[str, str], cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def checked_team(tmp_path: Path, env: dict[str, str]) -> Path:
    """A team folder after `handover init` and the README's `pre-commit install`."""
    root = tmp_path / "accounts"
    ok(sh(env, tmp_path, HANDOVER, "init", root, "--team", "서울 동부 영업2팀"))
    ok(
        sh(
            env,
            root,
            HANDOVER,
            "rep",
            "add",
            "sylee",
            "--name",
            "이서연",
            "--email",
            "sylee@example.com",
        )
    )
    ok(sh(env, root, "git", "config", "user.email", "sylee@example.com"))
    ok(sh(env, root, "git", "config", "user.name", "이서연"))
    ok(sh(env, root, HANDOVER, "add", "김민수", "--kind", "doctor"))
    installed = ok(sh(env, root, PRE_COMMIT, "install"))
    assert "pre-commit installed at .git/hooks/pre-commit" in installed.stdout
    return root


def test_the_readme_pre_commit_example_checks_handovers_own_commits(
    checked_team: Path, env: dict[str, str]
) -> None:
    root = checked_team
    assert sh(env, root, "sh", "-c", "command -v handover").returncode != 0  # not on PATH

    done = sh(env, root, HANDOVER, "note", "김민수", "-s", "처방 조건 문의", "-r", "3")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Noted visit with 김민수")
    log = ok(sh(env, root, "git", "log", "--format=%s")).stdout.splitlines()
    assert log[0].startswith("note: 김민수")
    assert ok(sh(env, root, "git", "status", "--porcelain")).stdout == ""


def test_a_broken_profile_committed_by_hand_is_stopped_by_the_hook(
    checked_team: Path, env: dict[str, str]
) -> None:
    root = checked_team
    profile = root / "customers/gim-minsu/profile.yaml"
    profile.write_text(profile.read_text("utf-8").replace("kind: doctor", "kind: dcotor"), "utf-8")
    env = env | {"PATH": f"{BIN}:{env['PATH']}"}  # this rep has handover on PATH

    done = sh(env, root, "git", "commit", "-qam", "김민수: 종류")

    assert done.returncode == 1, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "handover check" in said and "Failed" in said
    assert "customers/gim-minsu/profile.yaml:" in said
    assert "(kind)" in said
    assert ok(sh(env, root, "git", "log", "--format=%s")).stdout.splitlines()[0].startswith("add")


def test_a_hook_that_refuses_handovers_commit_is_named_with_a_hint(
    checked_team: Path, env: dict[str, str]
) -> None:
    root = checked_team
    config = root / ".pre-commit-config.yaml"
    config.write_text(
        config.read_text("utf-8") + "      - id: audit-freeze\n"
        "        name: audit freeze\n"
        "        language: fail\n"
        "        entry: the customers folder is frozen until the audit ends\n"
        "        files: ^customers/\n",
        "utf-8",
    )
    ok(sh(env, root, "git", "commit", "-qam", "audit freeze"))
    head = ok(sh(env, root, "git", "rev-parse", "HEAD")).stdout

    done = sh(env, root, HANDOVER, "note", "김민수", "-s", "처방 조건 문의")

    assert done.returncode == 4, done.stdout + done.stderr
    assert done.stderr.startswith(
        "error: nothing recorded, every file put back: git's pre-commit hook refused the "
        "commit: audit freeze: the customers folder is frozen until the audit ends"
    ), done.stderr
    assert "hint: fix what the hook says and run the command again" in done.stderr
    assert "git commit --no-verify" in done.stderr
    assert ok(sh(env, root, "git", "rev-parse", "HEAD")).stdout == head
    assert ok(sh(env, root, "git", "diff", "--cached", "--name-only")).stdout == ""  # unstaged


def test_the_published_hook_documents_a_rev_that_can_exist() -> None:
    hooks = (PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8")
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=PROJECT, capture_output=True, text=True, check=False
    ).stdout.split()

    for line in hooks.splitlines():
        if "rev:" in line:
            rev = line.split("rev:", 1)[1].split()[0]
            assert rev in tags or rev.startswith("<"), line
