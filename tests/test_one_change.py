"""Every write goes through the one change (core/transaction.py), or does not happen.

The change journals each file before writing it and puts everything back on failure; that
promise holds only if nothing writes the folder another way. Three checks: a write with no
change open raises and writes nothing; every write command, made to fail at its first write
(`HANDOVER_TEST_CRASH_AT=write:1`, a point inside the change's own `write`), leaves the folder
exactly as it was; and no module but the change's own writes a file any other way.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, Team, _isolate
from handover.format.store import TeamFolder
from handover.format.team_config import TeamConfig
from test_git_states import WRITES, run_write, with_open_and_resolved_items

SOURCE = PROJECT / "src" / "handover"


def test_a_write_with_no_change_open_raises_and_writes_nothing(team: Team) -> None:
    folder = TeamFolder(team.root)
    files = team.files()

    with pytest.raises(RuntimeError, match=r"^stray\.yaml written outside a change$"):
        folder.write_file(team.root / "stray.yaml", b"kind: moment\n")
    with pytest.raises(RuntimeError, match=r"^handover\.yaml written outside a change$"):
        folder.edit_yaml(folder.config_path, TeamConfig, lambda tree: tree.update(team="다른 팀"))

    assert team.files() == files
    assert not (team.root / "stray.yaml").exists()
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""


@pytest.fixture(scope="module")
def ready_folder(tmp_path_factory: pytest.TempPathFactory, team_template: Path) -> Path:
    """A folder where every write command has something to write (built once)."""
    base = tmp_path_factory.mktemp("ready")
    root = base / "team"
    shutil.copytree(team_template, root, symlinks=True)
    with pytest.MonkeyPatch.context() as env:
        _isolate(base / "home", env)
        team = Team(root)
        with_open_and_resolved_items(team)
        (root / "schemas" / "profile.schema.json").unlink()  # so `schema --write` has work
        team.git("commit", "-qam", "a schema deleted by hand")
    return root


@pytest.mark.parametrize("command", list(WRITES))
def test_every_write_command_writes_only_through_its_change(
    ready_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    root = tmp_path / "team"
    shutil.copytree(ready_folder, root, symlinks=True)
    team = Team(root)
    files, head = team.files(), team.git("rev-parse", "HEAD")
    monkeypatch.setenv("HANDOVER_TEST_CRASH_AT", "write:1")  # a bug at its first write

    crashed = run_write(team, command)

    assert crashed.exit_code == 70, crashed.output  # the write was the change's: it crashed
    assert "nothing recorded, every file put back" in crashed.stderr, crashed.output
    assert team.files() == files
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""
    assert team.git("rev-parse", "HEAD") == head
    assert not (root / "sub").exists()


WRITERS = {"atomic_write", "write_text", "write_bytes", "unlink", "mkdir", "rmdir", "touch"}
"""The calls that change a file or a folder on disk; ``os.replace``, ``os.rename``, ``shutil``
and ``open`` for writing are checked apart (``str.replace`` is not a write)."""
OS_WRITERS = {"replace", "rename", "remove", "unlink", "mkdir", "makedirs", "rmdir", "open"}
SHUTIL_WRITERS = {"move", "copy", "copy2", "copyfile", "copytree", "rmtree"}

MAY_WRITE = {
    "format/files.py": "atomic_write itself (TeamFolder.write_file hands writes to the change)",
    "core/transaction.py": "the change: its journal comes first, then atomic_write",
    "core/journal.py": "the journal in git's folder, and putting files back",
    "core/team.py": "init makes the new folder before the change can open inside it",
    "core/drafts.py": "a note's draft, kept in git's folder, never in the team folder",
    "core/lock.py": "the lock file in git's folder",
    "core/notes.py": "the rep's last channel for the quick note, in git's folder (the clone's own)",
    "git/base.py": "git's own index.lock, when a git handover ran was killed",
    "git/plumbing.py": "the same, for the plumbing commit",
    "index/schema.py": "the search index, in the user's cache",
    "index/db.py": "the search index's folder, in the user's cache",
    "index/fresh.py": "a fresh search index and its leftovers, in the user's cache",
    "cli/note.py": "the editor's template, in a temporary folder",
    "cli/check.py": "the CI summary file $GITHUB_STEP_SUMMARY",
    "cli/report.py": "report -o, through TeamFolder.output_path",
    "cli/handing_over.py": "export -o, through TeamFolder.output_path",
    "cli/context.py": "the -o of list and friends, through TeamFolder.output_path",
    "cli/items.py": "agenda --ics, through TeamFolder.output_path",
}


def _opens_for_writing(call: ast.Call, name: str) -> bool:
    """``open(path, "w")``, ``path.open("a")``, ``os.open(path, os.O_WRONLY | ...)``."""
    if name == "open" and isinstance(call.func, ast.Attribute) and _owner(call) == "os":
        flags = {getattr(node, "attr", None) for arg in call.args[1:] for node in ast.walk(arg)}
        return bool(flags & {"O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"})
    if name not in ("open", "fdopen"):
        return False
    modes = call.args[1:] if isinstance(call.func, ast.Name) else call.args
    modes = [*modes, *(keyword.value for keyword in call.keywords if keyword.arg == "mode")]
    return any(
        isinstance(mode, ast.Constant)
        and isinstance(mode.value, str)
        and bool(set(mode.value) & set("wax+"))
        for mode in modes
    )


def _owner(call: ast.Call) -> str | None:
    return getattr(getattr(call.func, "value", None), "id", None)


def direct_writes(path: Path) -> list[str]:
    """Each call in ``path`` that writes, moves or removes a file or a folder."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None) or ""
        owner = _owner(node)
        if (
            (name in WRITERS and owner != "os")
            or (owner == "os" and name in OS_WRITERS - {"open"})
            or (owner == "shutil" and name in SHUTIL_WRITERS)
            or _opens_for_writing(node, name)
        ):
            found.append(f"{path.relative_to(SOURCE)}:{node.lineno} {name}()")
    return found


def test_nothing_writes_the_folder_except_through_the_change() -> None:
    """A new direct write shows up here: route it through TeamFolder.write_file (inside
    ``transaction()``), or add it with the reason it never touches the team's files."""
    unexpected = [
        found
        for path in sorted(SOURCE.rglob("*.py"))
        if path.relative_to(SOURCE).as_posix() not in MAY_WRITE
        for found in direct_writes(path)
    ]
    assert unexpected == []
    listed = [name for name in MAY_WRITE if not direct_writes(SOURCE / name)]
    assert listed == [], "these no longer write directly: take them off MAY_WRITE"
