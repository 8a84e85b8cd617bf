"""Shared fixtures: a real team folder in a real git repository, and a way to run commands.

Every test gets its own HOME, cache and git identity, so nothing leaks from the machine.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handover.cli.app import app

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "이서연")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "sylee@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "이서연")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "sylee@example.com")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("HANDOVER_DIR", "HANDOVER_REP", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    (home / ".gitconfig").write_text(
        "[user]\n\tname = 이서연\n\temail = sylee@example.com\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True
    ).stdout


@dataclass
class Team:
    """A team folder with two reps, made by the real commands."""

    root: Path

    def run(self, *args: str, input: str | None = None) -> Outcome:
        result = CliRunner().invoke(app, [*args, "--dir", str(self.root)], input=input)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def commits(self) -> list[str]:
        return self.git("log", "--format=%s").splitlines()

    def files(self) -> dict[str, bytes]:
        return {
            str(path.relative_to(self.root)): path.read_bytes()
            for path in sorted(self.root.rglob("*"))
            if path.is_file() and ".git" not in path.relative_to(self.root).parts
        }


def run(*args: str, input: str | None = None, cwd: Path | None = None) -> Outcome:
    """A command without --dir, as a user types it."""
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=input)
    finally:
        os.chdir(previous)
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    root = tmp_path / "team"
    done = run("init", str(root), "--team", "서울 동부 영업2팀")
    assert done.exit_code == 0, done.output
    folder = Team(root)
    for rep_id, name, email in (
        ("sylee", "이서연", "sylee@example.com"),
        ("jpark", "박지훈", "jpark@example.com"),
    ):
        added = folder.run("rep", "add", rep_id, "--name", name, "--email", email)
        assert added.exit_code == 0, added.output
    yield folder
