"""Writing while git is in the middle of something: refused, with how to finish it.

Committing a note during a rebase, a merge, a cherry-pick or a bisect, or on a detached HEAD,
puts it where git's own way out (`--abort`, `git switch`) throws it away; so every write
command refuses (exit 4), names what git is doing and says how to finish, and changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome, Team, _isolate, run

IMPORTS = Path(__file__).parent / "fixtures" / "import"


def attempt(team: Team, *args: str) -> None:
    """A git command that stops half-way, as it does for people (its exit code is not 0)."""
    subprocess.run(["git", *args], cwd=team.root, capture_output=True, check=False)


def conflicting_branch(team: Team) -> None:
    """memo.txt changed one way on `other` and another way here: any replay of one on the
    other stops with a conflict, as it does for people."""
    (team.root / "memo.txt").write_text("처음\n", encoding="utf-8")
    team.git("add", "memo.txt")
    team.git("commit", "-qm", "memo")
    team.git("switch", "-q", "-c", "other")
    (team.root / "memo.txt").write_text("저쪽\n", encoding="utf-8")
    team.git("commit", "-qam", "memo there")
    team.git("switch", "-q", "main")
    (team.root / "memo.txt").write_text("이쪽\n", encoding="utf-8")
    team.git("commit", "-qam", "memo here")


def rebasing(team: Team) -> None:
    conflicting_branch(team)
    attempt(team, "rebase", "other")


def merging(team: Team) -> None:
    conflicting_branch(team)
    attempt(team, "merge", "other")


def cherry_picking(team: Team) -> None:
    conflicting_branch(team)
    attempt(team, "cherry-pick", "other")


def bisecting(team: Team) -> None:
    team.git("bisect", "start")


def detached(team: Team) -> None:
    team.git("switch", "-q", "--detach", "HEAD")


STATES: dict[str, tuple[Callable[[Team], None], str, str]] = {
    "rebase": (rebasing, "a git rebase is unfinished", "git rebase --continue"),
    "merge": (merging, "a git merge is unfinished", "git merge --abort"),
    "cherry-pick": (
        cherry_picking,
        "a git cherry-pick is unfinished",
        "git cherry-pick --continue",
    ),
    "bisect": (bisecting, "a git bisect is unfinished", "git bisect reset"),
    "detached": (detached, "has a detached HEAD (no branch checked out)", "git switch main"),
}


@pytest.mark.parametrize("state", list(STATES))
def test_no_write_while_git_is_in_the_middle_of_something(team: Team, state: str) -> None:
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    enter, said, finish = STATES[state]
    enter(team)
    files, head = team.files(), team.git("rev-parse", "HEAD")

    for command in (
        ("note", "김민수", "-s", "진료 후 면담", "--no-commit"),
        ("note", "김민수", "-s", "진료 후 면담"),
        ("remember", "김민수", "수요일 오후 방문 금지"),
        ("add", "박지훈", "--kind", "doctor"),
        ("rep", "add", "mchoi", "--name", "최민", "--email", "mchoi@example.com"),
    ):
        refused = team.run(*command)
        assert refused.exit_code == 4, refused.output
        assert refused.stderr.startswith("error: "), refused.output
        assert said in refused.stderr.splitlines()[0]
        assert "handover writes nothing until it is finished" in refused.stderr
        assert finish in refused.stderr.splitlines()[1]

    assert team.files() == files
    assert team.git("rev-parse", "HEAD") == head


# --- every write command ------------------------------------------------------------------

WRITES: dict[str, tuple[str, ...]] = {
    "resolve": ("resolve", "gim-minsu#1", "전달함"),
    "reopen": ("reopen", "gim-minsu#2", "다시 요청"),
    "amend": ("amend", "김민수", "--rating", "4"),
    "item assign": ("item", "assign", "gim-minsu#1", "--to", "jpark"),
    "item due": ("item", "due", "gim-minsu#1", "+5d"),
    "transfer": ("transfer", "김민수", "--to", "jpark", "--by", "sylee"),
    "rep leave": ("rep", "leave", "jpark", "--successor", "sylee", "--force"),
    "codeowners": ("codeowners",),
    "schema --write": ("schema", "--write"),
    "import": ("import", str(IMPORTS / "book.csv")),
    "note --resolves": ("note", "김민수", "-s", "자료 회신", "--resolves", "gim-minsu#1"),
    "init": ("init", "sub", "--team", "영업3팀"),  # a team folder in a subfolder of this one
}

MATRIX_STATES = ["detached", "merge"]
"""The two ways git's state is found, for every command: no branch (HEAD), and an operation
git left unfinished (MERGE_HEAD, with a conflicted index). Every state is checked by the same
refusal; test_no_write_while_git_is_in_the_middle_of_something runs all five, and this
matrix runs every write command through it (a full cross product costs seconds, adds nothing)."""


def with_open_and_resolved_items(team: Team) -> None:
    """김민수 with an open promise (#1) and a resolved one (#2): something for each command."""
    for command in (
        ("add", "김민수", "--kind", "doctor", "--owner", "sylee"),
        ("note", "민수", "-s", "자료 요청", "--promise", "자료 전달"),
        ("note", "민수", "-s", "재고 문의", "--promise", "재고 확인"),
        ("resolve", "gim-minsu#2", "확인함"),
    ):
        done = team.run(*command)
        assert done.exit_code == 0, done.output


@pytest.fixture(scope="module")
def busy_folders(tmp_path_factory: pytest.TempPathFactory, team_template: Path) -> dict[str, Path]:
    """Each git state built once for the module; every test works on a copy of one."""
    base = tmp_path_factory.mktemp("busy")
    folders: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as env:
        _isolate(base / "home", env)
        for state in MATRIX_STATES:
            enter = STATES[state][0]
            root = base / state / "team"
            shutil.copytree(team_template, root, symlinks=True)
            team = Team(root)
            with_open_and_resolved_items(team)
            enter(team)
            folders[state] = root
    return folders


def run_write(team: Team, name: str) -> Outcome:
    if name == "init":  # init takes its folder as an argument, not --dir
        return run(*WRITES[name], cwd=team.root)
    return team.run(*WRITES[name])


@pytest.mark.parametrize("state", MATRIX_STATES)
@pytest.mark.parametrize("command", list(WRITES))
def test_every_write_command_refuses_while_git_is_busy_and_writes_nothing(
    busy_folders: dict[str, Path], tmp_path: Path, state: str, command: str
) -> None:
    root = tmp_path / "team"
    shutil.copytree(busy_folders[state], root, symlinks=True)
    team = Team(root)
    _enter, said, finish = STATES[state]
    files, status = team.files(), team.git("status", "--porcelain", "--untracked-files=all")
    head = team.git("rev-parse", "HEAD")

    refused = run_write(team, command)

    assert refused.exit_code == 4, refused.output
    lines = refused.stderr.splitlines()
    assert lines[0].startswith("error: "), refused.output
    assert said in lines[0], refused.output
    assert "handover writes nothing until it is finished" in lines[0]
    assert finish in lines[1], refused.output
    assert team.files() == files
    assert team.git("status", "--porcelain", "--untracked-files=all") == status
    assert team.git("rev-parse", "HEAD") == head
    assert not (root / "sub").exists()


@pytest.mark.parametrize(
    ("branch", "leave", "switch"),
    [
        ("master", ("switch", "-q", "--detach", "HEAD"), "git switch master"),
        ("영업2팀", ("checkout", "-q", "HEAD^0"), "git switch 영업2팀"),
    ],
)
def test_the_detached_head_hint_names_the_branch_you_were_on(
    team: Team, branch: str, leave: tuple[str, ...], switch: str
) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    team.git("branch", "-m", branch)
    team.git(*leave)

    refused = team.run("note", "김민수", "-s", "진료 후 면담")

    assert refused.exit_code == 4, refused.output
    assert refused.stderr.splitlines()[1] == (
        f"  hint: switch to your branch first ({switch}, or git switch -c NEW-BRANCH to keep "
        "commits made here)"
    )


def test_a_clone_that_never_had_a_branch_gets_a_placeholder_not_a_wrong_name(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    team.git("branch", "-m", "trunk")
    head = team.git("rev-parse", "HEAD").strip()
    (team.root / ".git" / "HEAD").write_text(head + "\n", encoding="utf-8")  # as CI checks out
    (team.root / ".git" / "logs" / "HEAD").unlink()  # no reflog to ask
    team.git("branch", "other")

    refused = team.run("note", "김민수", "-s", "진료 후 면담")

    assert refused.exit_code == 4, refused.output
    assert "(git switch BRANCH, or git switch -c NEW-BRANCH" in refused.stderr


def test_sync_on_a_detached_head_names_the_branch_you_were_on_as_note_does(team: Team) -> None:
    assert team.run("add", "김민수", "--kind", "doctor").exit_code == 0
    team.git("branch", "-m", "master")
    team.git("switch", "-q", "--detach", "HEAD")

    refused = team.run("sync")

    assert refused.exit_code == 4, refused.output
    assert refused.stderr.splitlines() == [
        "error: not on a branch (detached HEAD); nothing was synced",
        "  hint: switch to your branch first (git switch master, or git switch -c NEW-BRANCH to "
        "keep commits made here)",
    ]
