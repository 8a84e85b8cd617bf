"""handover's own commits: fast where nothing expects `git commit`, `git commit` where hooks do.

A folder without commit hooks gets its commits through git's plumbing (see README, *Large
folders*): the same commit of exactly handover's files, without `git commit` looking at every
file of the folder first. A folder with hooks (in .git/hooks or core.hooksPath) or signed
commits gets `git commit`, so the hooks run as before.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import Team


@pytest.fixture
def minsu(team: Team) -> Team:
    added = team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee")
    assert added.exit_code == 0, added.output
    return team


def git_commands(trace: Path) -> list[str]:
    """The git commands a command ran, from GIT_TRACE's log."""
    return [
        line.split("trace: built-in: ", 1)[1]
        for line in trace.read_text("utf-8").splitlines()
        if "trace: built-in: " in line
    ]


def hook(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_note_is_committed_without_git_commit_and_leaves_git_status_clean(
    minsu: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tmp_path / "trace.log"
    monkeypatch.setenv("GIT_TRACE", str(trace))

    noted = minsu.run("note", "김민수", "-s", "처방 조건 문의")

    assert noted.exit_code == 0, noted.output
    commands = git_commands(trace)
    assert not [c for c in commands if c.split()[1] in ("commit", "add")], commands
    assert any(c.startswith("git update-ref") for c in commands), commands
    assert minsu.git("status", "--porcelain", "--untracked-files=all") == ""
    head = minsu.git("show", "--name-only", "--format=%s%n%an <%ae>", "HEAD").splitlines()
    assert head[:2] == ["note: 김민수 — visit", "이서연 <sylee@example.com>"]
    assert [name for name in head[2:] if name] == [
        str(path.relative_to(minsu.root))
        for path in (minsu.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
    ]
    assert minsu.git("reflog", "-1", "--format=%gs") == "commit: note: 김민수 — visit\n"
    assert minsu.git("fsck", "--no-dangling") == ""


def test_work_a_person_staged_stays_staged_and_out_of_the_commit(minsu: Team) -> None:
    memo = minsu.root / "memo.md"
    memo.write_text("# 우리 팀\n", encoding="utf-8")
    minsu.git("add", "memo.md")

    noted = minsu.run("note", "김민수", "-s", "샘플 전달")

    assert noted.exit_code == 0, noted.output
    assert "memo.md" not in minsu.git("show", "--name-only", "--format=", "HEAD")
    assert minsu.git("status", "--porcelain") == "A  memo.md\n"


def test_commit_hooks_still_run_on_handovers_commits(minsu: Team) -> None:
    hooks = minsu.root / ".git" / "hooks"
    hook(hooks, "commit-msg", 'echo "Reviewed-by: 팀장" >> "$1"\n')
    ran = minsu.root / ".git" / "post-commit-ran"
    hook(hooks, "post-commit", f"touch '{ran}'\n")

    noted = minsu.run("note", "김민수", "-s", "훅 확인")

    assert noted.exit_code == 0, noted.output
    assert minsu.git("log", "-1", "--format=%B").strip().endswith("Reviewed-by: 팀장")
    assert ran.exists()
    assert minsu.git("status", "--porcelain", "--untracked-files=all") == ""


def test_hooks_in_core_hooks_path_run_too(minsu: Team) -> None:
    hook(minsu.root / ".githooks", "commit-msg", "echo '검토 거부' >&2\nexit 1\n")
    minsu.git("add", ".githooks")
    minsu.git("commit", "-q", "-m", "team hooks")
    minsu.git("config", "core.hooksPath", ".githooks")
    files, log = minsu.files(), minsu.commits()

    noted = minsu.run("note", "김민수", "-s", "거절될 기록")

    assert noted.exit_code == 4, noted.output
    assert "nothing recorded, every file put back" in noted.output
    assert minsu.files() == files
    assert minsu.commits() == log
    assert minsu.git("status", "--porcelain", "--untracked-files=all") == ""


def test_a_folder_that_signs_its_commits_is_never_committed_unsigned(minsu: Team) -> None:
    minsu.git("config", "commit.gpgSign", "true")
    minsu.git("config", "gpg.program", "false")  # signing fails, as with no key
    files, log = minsu.files(), minsu.commits()

    noted = minsu.run("note", "김민수", "-s", "서명 필요")

    assert noted.exit_code == 4, noted.output
    assert "nothing recorded, every file put back" in noted.output
    assert minsu.files() == files
    assert minsu.commits() == log


def test_a_commit_someone_made_meanwhile_is_kept_and_the_note_goes_on_top(
    minsu: Team, tmp_path: Path
) -> None:
    # A clean filter runs while handover hashes its file: it commits as a person would, once,
    # so HEAD moves between handover reading it and handover moving it.
    marker = tmp_path / "moved"
    script = tmp_path / "clean.sh"
    script.write_text(
        "#!/bin/sh\n"
        f"if [ ! -e '{marker}' ]; then touch '{marker}'\n"
        "  tree=$(git rev-parse 'HEAD^{tree}')\n"
        "  commit=$(echo '누군가의 커밋' | git commit-tree \"$tree\" -p HEAD)\n"
        '  git update-ref HEAD "$commit"\n'
        "fi\ncat\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    minsu.git("config", "filter.someone.clean", str(script))
    (minsu.root / ".git" / "info" / "attributes").write_text("*.yaml filter=someone\n")
    before = minsu.commits()

    noted = minsu.run("note", "김민수", "-s", "동시 커밋")

    assert noted.exit_code == 0, noted.output
    assert marker.exists()
    assert minsu.commits() == ["note: 김민수 — visit", "누군가의 커밋", *before]
    assert minsu.git("status", "--porcelain", "--untracked-files=all") == ""


def test_the_index_and_head_agree_for_git_itself_afterwards(minsu: Team) -> None:
    for number in range(3):
        noted = minsu.run("note", "김민수", "-s", f"방문 {number}")
        assert noted.exit_code == 0, noted.output

    # a person's own commit right after builds on the same index
    (minsu.root / "NOTES.md").write_text("팀 메모\n", encoding="utf-8")
    minsu.git("add", "NOTES.md")
    minsu.git("commit", "-q", "-m", "team memo")

    assert (
        minsu.git("diff", "--stat", "HEAD~1", "HEAD")
        .strip()
        .endswith("1 file changed, 1 insertion(+)")
    )
    assert minsu.git("status", "--porcelain", "--untracked-files=all") == ""
    tracked = subprocess.run(
        ["git", "diff-index", "--cached", "HEAD"], cwd=minsu.root, capture_output=True, text=True
    )
    assert tracked.stdout == ""
