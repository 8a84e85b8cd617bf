"""Shared fixtures: a real team folder in a real git repository, and a way to run commands.

Every test gets its own HOME, cache and git identity, so nothing leaks from the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from handover.cli.app import app

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
"""The moment every command believes it is ($HANDOVER_NOW): the suite reads the same any day."""
TODAY = NOW.date()
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
PROJECT = Path(__file__).resolve().parents[1]


class _CommandTree:
    """The click command tree typer builds from `app`, built once per worker, not per command.

    Typer builds the tree (every option of every command, from the functions' signatures) on
    each invoke: about 35 ms, most of an in-process command's start. A real `handover` process
    builds it once too. A Korean run translates the help texts of the tree it is given in place
    (cli/usage.py `translate_help`, cli/help_screen.py `translate_arguments`), so the tree is
    rebuilt whenever its texts are no longer the ones it was built with.
    """

    def __init__(self) -> None:
        self.tree: Any = None  # typer's click Command (its own vendored click since 0.29)
        self.texts: list[object] = []

    def __call__(self, typer_app: typer.Typer) -> Any:
        if typer_app is not app:
            return _build_command(typer_app)
        if self.tree is None or _help_texts(self.tree) != self.texts:
            self.tree = _build_command(app)
            self.texts = _help_texts(self.tree)
        return self.tree


def _help_texts(command: object) -> list[object]:
    """Every text `translate_help` may change, depth first."""
    texts: list[object] = [
        getattr(command, name, None)
        for name in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar")
    ]
    for param in getattr(command, "params", ()):  # help, and an argument's name (help_screen)
        texts += [getattr(param, "help", None), getattr(param, "metavar", None)]
    for sub in getattr(command, "commands", {}).values():
        texts += _help_texts(sub)
    return texts


_build_command = typer.main.get_command
if hasattr(typer.testing, "_get_command"):  # what CliRunner().invoke(app, …) builds with
    typer.testing._get_command = _CommandTree()


def _test_folders_in_memory() -> None:
    """Every tmp_path on the machine's RAM disk, when it has room: real files and real git
    repositories all the same, but the fsync of each write (the store's and the transaction's,
    some thousands a run) costs nothing instead of milliseconds of disk. Not a test of
    durability: no test cuts the power. PYTEST_DEBUG_TEMPROOT set by hand wins."""
    memory = Path("/dev/shm")
    if "PYTEST_DEBUG_TEMPROOT" in os.environ or not os.access(memory, os.W_OK | os.X_OK):
        return
    free = os.statvfs(memory)
    if free.f_bavail * free.f_frsize >= 4 << 30:  # a full run writes well under 1 GiB
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(memory)


_test_folders_in_memory()  # before pytest makes its first temporary folder


def _isolate(home: Path, env: pytest.MonkeyPatch) -> None:
    home.mkdir(parents=True, exist_ok=True)
    env.setenv("HOME", str(home))
    env.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    env.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    env.setenv("GIT_CONFIG_NOSYSTEM", "1")
    env.setenv("GIT_AUTHOR_NAME", "이서연")
    env.setenv("GIT_AUTHOR_EMAIL", "sylee@example.com")
    env.setenv("GIT_COMMITTER_NAME", "이서연")
    env.setenv("GIT_COMMITTER_EMAIL", "sylee@example.com")
    env.setenv("COLUMNS", "120")
    env.setenv("NO_COLOR", "1")
    env.setenv("HANDOVER_NOW", NOW.isoformat())
    for name in ("HANDOVER_DIR", "HANDOVER_REP", "EDITOR", "VISUAL", "HANDOVER_LANG"):
        env.delenv(name, raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):  # English unless a test asks for Korean
        env.delenv(name, raising=False)
    env.setenv("LANG", "C.UTF-8")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = 이서연\n\temail = sylee@example.com\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolate(tmp_path / "home", monkeypatch)
    from handover import i18n

    i18n.reset()  # a command run in-process in Korean leaves its language for the next test


def as_a_terminal_starts_it() -> None:
    """``preexec_fn`` for a command a test stops with Ctrl-C: it starts with SIGINT and SIGQUIT
    at their defaults, as a shell starts a foreground command. A run started in the background
    by a script (`make test &`, no job control) has both ignored, exec passes an ignored signal
    on, and handover rightly keeps ignoring it, as every program does in a background job."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


_STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGPIPE)


def _signal_state() -> dict[str, object]:
    """How this process treats the stopping signals: what each does, and which are blocked."""
    state: dict[str, object] = {
        signal.Signals(number).name: signal.getsignal(number) for number in _STOPPING
    }
    state["blocked"] = sorted(signal.pthread_sigmask(signal.SIG_BLOCK, ()))
    return state


@pytest.fixture(autouse=True)
def signals_left_as_found() -> Iterator[None]:
    """A command run in-process gives the worker its signals back. An ignored or blocked
    SIGINT is inherited by every process started later on this worker (exec keeps both), so
    a leak would fail some later Ctrl-C test far away: it fails here, in the test that leaked."""
    before = _signal_state()
    yield
    after = _signal_state()
    assert after == before, f"this test left the worker's signals changed: {before} -> {after}"


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


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team folder every `team` starts from, made once per worker by the real commands."""
    base = tmp_path_factory.mktemp("template")
    root = base / "team"
    with pytest.MonkeyPatch.context() as env:
        _isolate(base / "home", env)
        done = run("init", str(root), "--team", "서울 동부 영업2팀")
        assert done.exit_code == 0, done.output
        folder = Team(root)
        for rep_id, name, email in (
            ("sylee", "이서연", "sylee@example.com"),
            ("jpark", "박지훈", "jpark@example.com"),
        ):
            added = folder.run("rep", "add", rep_id, "--name", name, "--email", email)
            assert added.exit_code == 0, added.output
    return root


@pytest.fixture
def team(tmp_path: Path, team_template: Path) -> Iterator[Team]:
    """A team folder with two reps in a real git repository (a copy of the template)."""
    root = tmp_path / "team"
    shutil.copytree(team_template, root, symlinks=True)
    yield Team(root)


BuiltTeam = Callable[[Callable[[Team], object]], Team]


@pytest.fixture(scope="session")
def _built_teams() -> dict[str, Path]:
    return {}


@pytest.fixture
def team_built_by(
    team: Team,
    team_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _built_teams: dict[str, Path],
) -> BuiltTeam:
    """`team_built_by(build)`: `team` as `build(team)` leaves it, the commands run once per
    worker and the result copied into each test's `team` (files, git history and all).

    For a fixture that only sets a team up with real commands for tests that then read it:
    the copy has no index yet (the test's first command builds it, as after a clone).
    """

    def built(build: Callable[[Team], object]) -> Team:
        key = f"{build.__module__}.{build.__qualname__}"
        if key not in _built_teams:
            base = tmp_path_factory.mktemp("built")
            shutil.copytree(team_template, base / "team", symlinks=True)
            with pytest.MonkeyPatch.context() as env:
                _isolate(base / "home", env)
                build(Team(base / "team"))
            _built_teams[key] = base / "team"
        shutil.rmtree(team.root)
        shutil.copytree(_built_teams[key], team.root, symlinks=True)
        return team

    return built


@pytest.fixture(scope="session")
def team_of_400(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated team of 400 customers and 9,600 notes (no git), large enough that `check`
    and the index build share it with worker processes (their `PARALLEL_FROM`). Read-only:
    a test that writes in it copies it first."""
    import sys

    root = tmp_path_factory.mktemp("large") / "team"
    maker = [sys.executable, str(PROJECT / "benchmarks" / "make_team.py"), str(root)]
    made = subprocess.run([*maker, "--scale", "0.016", "--no-git"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return root


def forked_workers(pid: int) -> list[int]:
    """The children of `pid` that are forks of it (its pool's workers, not its git children)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        own = Path(f"/proc/{pid}/cmdline").read_bytes()
        return [int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == own]
    except OSError:  # the process, or a child, ended meanwhile
        return []


def started_with_workers(*args: str) -> tuple[subprocess.Popen[str], list[int]]:
    """The installed `handover` started as a terminal starts it, in its own process group,
    once its pool's workers are there (and working: 50 ms later)."""
    import sys
    import time

    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "handover"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=as_a_terminal_starts_it,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (workers := forked_workers(process.pid)):
        if process.poll() is not None or time.monotonic() > deadline:
            out, err = process.communicate()
            pytest.fail(f"handover {args[0]} never started its workers: {out}{err}")
        time.sleep(0.002)
    time.sleep(0.05)
    return process, workers


def ended(process: subprocess.Popen[str], within: float = 30) -> tuple[str, str]:
    """What the process printed, once it ended; it fails the test if it is still running
    `within` seconds later (its whole group is killed: no worker is left behind)."""
    try:
        return process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"still running after {within} s: {out}{err}")


def still_running(pids: list[int], within: float = 10) -> list[int]:
    """Those of `pids` that are still processes `within` seconds from now (a zombie has
    ended: it only waits to be reaped). A worker told to end, or whose parent was killed, may
    take a moment to exit, more on a busy machine: only one still there then is left behind."""
    import time

    deadline = time.monotonic() + within
    while True:
        running = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                running.append(pid)
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.01)
