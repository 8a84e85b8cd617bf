"""Large folders get git's settings for many files from `init` and `sync`; small ones do not."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import Team, git, run
from handover.git import manyfiles

MANY = 300  # the threshold the tests use (5,000 files would cost seconds per test)


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manyfiles, "MANY_FILES", MANY)


SETTINGS = ("core.splitIndex", "index.version", "core.untrackedCache")


def settings(folder: Path) -> dict[str, str]:
    found = {}
    for key in SETTINGS:
        value = git(folder, "config", "--default", "", "--get", key).strip()
        if value:
            found[key] = value
    return found


def commit_many_files(folder: Path, count: int) -> None:
    archive = folder / "archive"
    archive.mkdir()
    for number in range(count):
        (archive / f"{number:05d}.txt").write_text(f"{number}\n", encoding="utf-8")
    git(folder, "add", "archive")
    git(folder, "commit", "-q", "-m", "old archive")


def test_sync_gives_a_large_folder_gits_settings_for_many_files(team: Team) -> None:
    commit_many_files(team.root, MANY)

    synced = team.run("sync")

    assert synced.exit_code == 0, synced.output
    assert settings(team.root) == {
        "core.splitIndex": "true",
        "index.version": "4",
        "core.untrackedCache": "true",
    }
    assert list((team.root / ".git").glob("sharedindex.*")), "the index is split now"
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""
    noted = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert noted.exit_code == 0, noted.output
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""


def test_a_small_folder_keeps_gits_defaults(team: Team) -> None:
    commit_many_files(team.root, MANY // 2)

    synced = team.run("sync")

    assert synced.exit_code == 0, synced.output
    assert settings(team.root) == {}
    assert not list((team.root / ".git").glob("sharedindex.*"))


def test_a_setting_someone_chose_is_left_as_they_chose_it(team: Team) -> None:
    commit_many_files(team.root, MANY)
    team.git("config", "core.splitIndex", "false")

    synced = team.run("sync")

    assert synced.exit_code == 0, synced.output
    assert settings(team.root) == {
        "core.splitIndex": "false",
        "index.version": "4",
        "core.untrackedCache": "true",
    }


def test_init_in_a_large_repository_gives_it_the_settings(tmp_path: Path) -> None:
    repository = tmp_path / "company"
    repository.mkdir()
    git(repository, "init", "-q")
    commit_many_files(repository, MANY)

    done = run("init", str(repository / "team"), "--team", "서울 동부 영업2팀")

    assert done.exit_code == 0, done.output
    assert settings(repository)["core.splitIndex"] == "true"
    assert git(repository, "status", "--porcelain", "--untracked-files=all") == ""


def entries_in_the_split_part(folder: Path) -> int:
    return manyfiles.index_entries(folder / ".git" / "index")


@pytest.mark.parametrize(
    "command",
    [("note", "김민수", "-s", "복사한 폴더에서 첫 방문"), ("sync",)],
    ids=["note", "sync"],
)
def test_after_every_files_stat_changed_the_next_note_or_sync_makes_the_index_small_again(
    team: Team, command: tuple[str, ...]
) -> None:
    commit_many_files(team.root, MANY)
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    assert team.run("sync").exit_code == 0
    # the folder copied to another disk: every file's stat data changes, the content does not
    tracked = team.git("ls-files", "-z").split("\0")
    for name in filter(None, tracked):
        os.utime(team.root / name, (1_700_000_000, 1_700_000_000))
    assert team.git("status", "--porcelain") == ""  # git records the new stat data ...
    assert entries_in_the_split_part(team.root) > MANY  # ... in the small part, for good

    done = team.run(*command)

    assert done.exit_code == 0, done.output
    assert entries_in_the_split_part(team.root) < 10, "every entry is back in the shared index"
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""


def test_a_fresh_clone_of_a_large_folder_gets_the_settings_at_its_first_note(
    team: Team, tmp_path: Path
) -> None:
    commit_many_files(team.root, MANY)
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    clone = Team(tmp_path / "clone")
    git(tmp_path, "clone", "-q", str(team.root), str(clone.root))
    assert settings(clone.root) == {}, "git clone gives git's defaults"

    noted = clone.run("note", "김민수", "-s", "새 노트북에서 첫 방문", "--by", "sylee")

    assert noted.exit_code == 0, noted.output
    assert settings(clone.root) == {
        "core.splitIndex": "true",
        "index.version": "4",
        "core.untrackedCache": "true",
    }
    assert clone.git("status", "--porcelain", "--untracked-files=all") == ""
    assert clone.commits()[0] == "note: 김민수 — visit"


def test_sync_sees_every_untracked_file_one_by_one_as_git_status_all_lists_them(
    team: Team,
) -> None:
    """sync asks git as a plain `git status` (which uses the untracked cache) and lists only
    the untracked folders file by file: the same files `--untracked-files=all` names."""
    from handover.git.repo import Git

    (team.root / ".git" / "info" / "exclude").write_text("*.tmp\n", encoding="utf-8")
    new = team.root / "customers" / "new-customer" / "notes" / "2026"
    new.mkdir(parents=True)
    (new / "20261202T010000Z-sylee-aaaaaa.yaml").write_text("kind: moment\n", encoding="utf-8")
    (new / "draft.tmp").write_text("ignored\n", encoding="utf-8")
    (team.root / "customers" / "new-customer" / "profile.yaml").write_text("id: x\n")
    (team.root / "메모 폴더" / "안쪽").mkdir(parents=True)
    (team.root / "메모 폴더" / "안쪽" / "[1].txt").write_text("글자 그대로\n", encoding="utf-8")
    (team.root / "only-ignored").mkdir()
    (team.root / "only-ignored" / "x.tmp").write_text("ignored\n", encoding="utf-8")
    listed = team.git("-c", "core.quotePath=false", "status", "--porcelain", "-z", "-uall")
    untracked = sorted(entry[3:] for entry in listed.split("\0") if entry.startswith("?? "))

    seen = Git(team.root).status()

    assert sorted(change.path.relative_to(team.root).as_posix() for change in seen) == untracked
    assert {change.status for change in seen} == {"?"}


def _newer_git() -> Path | None:
    """A git of 2.40 or later to test with besides the machine's, from HANDOVER_TEST_NEWER_GIT
    (its bin folder; CI has Debian bookworm's 2.39 only, see .ci/run)."""
    bindir = os.environ.get("HANDOVER_TEST_NEWER_GIT")
    if not bindir or not (Path(bindir) / "git").exists():
        return None
    said = subprocess.run([str(Path(bindir) / "git"), "version"], capture_output=True, text=True)
    numbers = re.findall(r"\d+", said.stdout)[:2]
    return Path(bindir) if [int(n) for n in numbers] >= [2, 40] else None


@pytest.fixture(params=["installed", "2.40 or later"])
def any_git(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test runs with the machine's git, and again with a git that knows index.skipHash."""
    if request.param == "installed":
        return request.param
    newer = _newer_git()
    if newer is None:
        pytest.skip("no git 2.40 or later: set HANDOVER_TEST_NEWER_GIT to its bin folder")
    monkeypatch.setenv("PATH", f"{newer}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GIT_EXEC_PATH", str(newer.parent / "libexec" / "git-core"))
    return request.param


def test_a_rep_whose_git_has_feature_many_files_still_has_every_file_in_git_after_sync(
    team: Team, any_git: str
) -> None:
    """feature.manyFiles (which many guides suggest for big repositories) means
    index.skipHash on git 2.40 and later, and git 2.47 loses the whole index when that meets
    a split index: `git status` then says every file is deleted."""
    commit_many_files(team.root, MANY)
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    team.git("config", "--global", "feature.manyFiles", "true")

    synced = team.run("sync")

    assert synced.exit_code == 0, synced.output
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""
    assert len(team.git("ls-files").splitlines()) > MANY
    # what keeps it so when this rep's git is 2.40 or later, today or after an upgrade
    assert team.git("config", "--local", "--bool", "index.skipHash").strip() == "false"
    noted = team.run("note", "김민수", "-s", "동기화 뒤 첫 방문", "--by", "sylee")
    assert noted.exit_code == 0, noted.output
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""
    assert len(team.git("ls-files").splitlines()) > MANY


def test_a_folder_split_before_the_rep_turned_feature_many_files_on_survives_the_next_note(
    team: Team, any_git: str
) -> None:
    commit_many_files(team.root, MANY)
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    assert team.run("sync").exit_code == 0
    subprocess.run(["git", "config", "--unset-all", "index.skipHash"], cwd=team.root)  # as
    # a folder split by handover before it wrote index.skipHash is
    assert list((team.root / ".git").glob("sharedindex.*"))
    team.git("config", "--global", "feature.manyFiles", "true")

    noted = team.run("note", "김민수", "-s", "git을 올린 뒤 첫 방문", "--by", "sylee")
    team.git("update-index", "--split-index")  # as git does once the small file has grown

    assert noted.exit_code == 0, noted.output
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""
    assert len(team.git("ls-files").splitlines()) > MANY


def test_a_repository_that_chose_index_skip_hash_gets_no_split_index(
    team: Team, any_git: str
) -> None:
    commit_many_files(team.root, MANY)
    team.git("config", "index.skipHash", "true")

    synced = team.run("sync")

    assert synced.exit_code == 0, synced.output
    assert settings(team.root) == {"index.version": "4", "core.untrackedCache": "true"}
    assert team.git("config", "index.skipHash").strip() == "true", "left as they chose it"
    assert not list((team.root / ".git").glob("sharedindex.*"))
    assert team.git("status", "--porcelain", "--untracked-files=all") == ""
