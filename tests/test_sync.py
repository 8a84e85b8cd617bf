"""Working as a team: clones of one team folder, a real bare remote, `handover sync`.

Notes, resolutions and corrections are new files, so reps never meet a merge conflict; a
conflict in a hand-edited profile stops sync with the folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import Outcome, Team, git, run

REPS = {
    "sylee": ("이서연", "sylee@example.com"),
    "jpark": ("박지훈", "jpark@example.com"),
}
SAME_MINUTE = "yesterday 10:15"


@contextmanager
def as_rep(monkeypatch: pytest.MonkeyPatch, rep: str) -> Iterator[None]:
    """git's identity of one rep, as on that rep's own laptop."""
    name, email = REPS[rep]
    with monkeypatch.context() as env:
        for role in ("AUTHOR", "COMMITTER"):
            env.setenv(f"GIT_{role}_NAME", name)
            env.setenv(f"GIT_{role}_EMAIL", email)
        yield


def ok(outcome: Outcome) -> Outcome:
    assert outcome.exit_code == 0, outcome.output
    return outcome


def shell(team: Team, line: str) -> Outcome:
    """A command as a person types it after `handover`, expected to succeed."""
    return ok(team.run(*shlex.split(line)))


def seed_remote(tmp_path: Path, team: Team) -> Path:
    """The team's shared repository: a bare remote holding the team folder."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    team.git("remote", "add", "origin", str(remote))
    ok(team.run("sync"))
    return remote


def clone(remote: Path, where: Path) -> Team:
    git(where.parent, "clone", "--quiet", str(remote), str(where))
    return Team(where)


def customer_files(team: Team) -> dict[str, bytes]:
    return {name: data for name, data in team.files().items() if name.startswith("customers/")}


@pytest.fixture
def remote(tmp_path: Path, team: Team) -> Path:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    shell(
        team,
        'note 김민수 -s "신환 처방 논의" -r 3 --at "-2d 14:00" --complaint "샘플 배송 지연" '
        '--promise "신장 용량 자료 전달" --question "eGFR 30 미만 감량?"',
    )
    return seed_remote(tmp_path, team)


def test_three_clones_note_resolve_and_amend_the_same_customer_and_sync_in_every_order(
    tmp_path: Path, remote: Path, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_note = json.loads(team.run("brief", "김민수", "--json").stdout)["recent"][0]["id"]
    start = tmp_path / "start"
    start.mkdir()
    shutil.copytree(remote, start / "remote.git")
    laptop = {name: clone(start / "remote.git", start / name) for name in "abc"}

    # The same customer, the same minute, in three clones: sylee on her laptop (a), jpark on
    # his (b), and sylee again on her phone (c), where two of three actions are not committed.
    with as_rep(monkeypatch, "sylee"):
        a = laptop["a"]
        shell(a, f'note 민수 -s "자료 요청 받음" --at "{SAME_MINUTE}" --promise "다음 주 재방문"')
        ok(a.run("resolve", "gim-minsu#1", "샘플 재발송 완료"))
    with as_rep(monkeypatch, "jpark"):
        b = laptop["b"]
        shell(
            b,
            f'note 민수 -s "전화로 가격 문의" -c phone --by jpark --at "{SAME_MINUTE}" '
            '--request "가격표 보내기"',
        )
        ok(b.run("resolve", "gim-minsu#2", "자료 메일 발송", "--by", "jpark"))
        ok(b.run("amend", "김민수", seed_note, "--rating", "2", "--by", "jpark"))
    with as_rep(monkeypatch, "sylee"):
        c = laptop["c"]
        ok(c.run("note", "민수", "-s", "복도에서 인사", "--at", SAME_MINUTE, "--no-commit"))
        ok(c.run("amend", "김민수", seed_note, "-s", "신환 처방 논의 (정정)", "--no-commit"))
        ok(c.run("resolve", "gim-minsu#3", "용량 답변함"))

    briefs: dict[tuple[str, ...], str] = {}
    for order in itertools.permutations("abc"):
        work = tmp_path / "".join(order)  # the same three clones, fresh for each order
        shutil.copytree(start, work, symlinks=True)
        clones = {name: Team(work / name) for name in "abc"}
        for name in "abc":
            clones[name].git("remote", "set-url", "origin", str(work / "remote.git"))
        for name in [*order, *order[:2]]:  # the last to sync has it all; the others sync again
            synced = ok(clones[name].run("sync"))
            assert "conflict" not in synced.output

        seen = {name: clones[name].run("brief", "김민수", "--json").stdout for name in "abc"}
        assert seen["a"] == seen["b"] == seen["c"], order
        files = {name: customer_files(clones[name]) for name in "abc"}
        assert files["a"] == files["b"] == files["c"], order
        assert len({clones[name].git("rev-parse", "HEAD") for name in "abc"}) == 1, order
        for name in "abc":
            assert clones[name].git("status", "--porcelain") == "", (order, name)
            assert not (clones[name].root / ".git" / "rebase-merge").exists()
        notes = [n for n in files["a"] if "/notes/" in n]
        assert len(notes) == 1 + 2 + 3 + 3, "nothing lost: every record of every clone"
        briefs[order] = seen["a"]

    assert len(set(briefs.values())) == 1, "every order gives the same brief"
    brief = json.loads(next(iter(briefs.values())))
    assert brief["contact"]["moments"] == 4
    seed = next(m for m in brief["recent"] if m["id"] == seed_note)
    assert (seed["rating"], seed["summary"], seed["corrected"]) == (
        2,
        "신환 처방 논의 (정정)",
        True,
    )
    # Two clones chose #4 in the same minute: both kept, and neither keeps the bare number.
    assert sorted(i["text"] for i in brief["open_items"]) == ["가격표 보내기", "다음 주 재방문"]
    for item in brief["open_items"]:
        assert item["ref"] == f"gim-minsu#4@{item['opened_in'].rsplit('-', 1)[1]}"


def test_a_conflict_in_a_hand_edited_profile_leaves_the_folder_exactly_as_it_was(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = clone(remote, tmp_path / "mine"), clone(remote, tmp_path / "theirs")
    profile = "customers/gim-minsu/profile.yaml"
    with as_rep(monkeypatch, "jpark"):
        edited = (theirs.root / profile).read_text().replace("kind: doctor", "kind: nurse")
        (theirs.root / profile).write_text(edited)
        theirs.git("commit", "--quiet", "-am", "김민수: 수간호사로 정정")
        ok(theirs.run("sync"))
    edited = (mine.root / profile).read_text().replace("kind: doctor", "kind: pharmacist")
    (mine.root / profile).write_text(edited)
    mine.git("commit", "--quiet", "-am", "김민수: 약사")
    ok(mine.run("note", "민수", "-s", "약국에서 만남", "--no-commit"))
    (mine.root / "draft.txt").write_text("not handover's")
    before_files = mine.files()

    synced = mine.run("sync")

    assert synced.exit_code == 4, synced.output
    assert synced.stderr.startswith(
        f"error: {profile} changed both here and on origin/main, on the same lines; "
        "sync stopped and left your folder exactly as it was (first committed here: note: 김민수"
    )
    assert "hint: 박지훈 changed it in" in synced.stderr
    assert f"git diff HEAD...origin/main -- {profile}" in synced.stderr
    assert "git rebase --continue" in synced.stderr
    assert mine.files() == before_files
    assert mine.git("status", "--porcelain") == "?? draft.txt\n"
    assert not (mine.root / ".git" / "rebase-merge").exists()
    assert mine.commits()[:2] == ["note: 김민수 — visit", "김민수: 약사"]

    as_json = json.loads(mine.run("sync", "--json").stdout)
    assert (as_json["exit_code"], as_json["files"]) == (4, [profile])


def test_sync_never_commits_a_persons_uncommitted_edit(team: Team, remote: Path) -> None:
    profile = team.root / "customers/gim-minsu/profile.yaml"
    profile.write_text(profile.read_text() + "tags: [kol]\n")
    ok(team.run("note", "민수", "-s", "전화 확인", "--no-commit"))
    before = (team.files(), team.commits())

    synced = team.run("sync")

    assert synced.exit_code == 4, synced.output
    assert synced.stderr == (
        "error: uncommitted changes that handover did not make: "
        "customers/gim-minsu/profile.yaml; nothing was synced\n"
        "  hint: commit them (git commit -m '…' -- FILES) or set them aside (git stash), "
        "then run handover sync again\n"
    )
    assert (team.files(), team.commits()) == before


def test_sync_commits_what_handover_left_uncommitted_with_each_actions_message(
    team: Team, remote: Path
) -> None:
    ok(team.run("remember", "민수", "수요일 오후 방문 금지", "--no-commit"))
    ok(team.run("note", "민수", "-s", "샘플 전달", "--no-commit"))
    ok(team.run("remember", "민수", "오전 진료 후 통화", "--no-commit"))

    synced = ok(team.run("sync"))

    assert synced.stdout == (
        "Committed 3 change(s) handover had left uncommitted:\n"
        "  remember: 김민수 — 수요일 오후 방문 금지\n"
        "  note: 김민수 — visit\n"
        "  remember: 김민수 — 오전 진료 후 통화\n"
        "Sent 3 commit(s) to origin/main\n"
    )
    assert team.git("status", "--porcelain") == ""
    assert team.git("log", "-3", "--format=%s") == (
        "remember: 김민수 — 오전 진료 후 통화\n"
        "note: 김민수 — visit\n"
        "remember: 김민수 — 수요일 오후 방문 금지\n"
    )
    assert team.git("show", "--name-only", "--format=", "HEAD~1").startswith(
        "customers/gim-minsu/notes/"
    )
    assert team.git("rev-parse", "HEAD") == team.git("rev-parse", "origin/main")


def test_offline_sync_says_so_and_keeps_working_locally(
    tmp_path: Path, team: Team, remote: Path
) -> None:
    remote.rename(tmp_path / "unplugged.git")  # the server, or the USB drive, is gone
    ok(team.run("note", "민수", "-s", "지하 주차장에서 작성"))

    synced = ok(team.run("sync"))

    assert synced.stdout == ""
    assert synced.stderr.startswith("Offline: cannot reach origin: ")
    assert "Your work is committed here; run handover sync again" in synced.stderr
    assert team.commits()[0] == "note: 김민수 — visit"
    (tmp_path / "unplugged.git").rename(remote)
    assert ok(team.run("sync")).stdout == "Sent 1 commit(s) to origin/main\n"


def test_a_folder_without_a_remote_syncs_locally_and_an_empty_remote_gets_the_branch(
    tmp_path: Path, team: Team
) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    ok(team.run("note", "민수", "-s", "첫 방문", "--no-commit"))
    alone = ok(team.run("sync"))
    assert alone.stdout == (
        "Committed 1 change(s) handover had left uncommitted:\n"
        "  note: 김민수 — visit\n"
        "No remote: your work is committed here only. To share it: git remote add origin URL, "
        "then handover sync\n"
    )
    seed_remote(tmp_path, team)
    assert team.git("rev-parse", "--abbrev-ref", "@{upstream}") == "origin/main\n"
    assert ok(team.run("sync")).stdout == "Up to date with origin/main\n"


def test_sync_outside_git_or_in_the_middle_of_a_rebase_explains(tmp_path: Path, team: Team) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "handover.yaml").write_text("format: 1\nteam: x\n")
    outside = run("sync", "--dir", str(folder))
    assert outside.exit_code == 4
    assert "is not in a git repository: there is nothing to sync" in outside.stderr

    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    profile = team.root / "customers/gim-minsu/profile.yaml"
    team.git("switch", "--quiet", "-c", "side")
    profile.write_text(profile.read_text().replace("doctor", "nurse"))
    team.git("commit", "--quiet", "-am", "nurse")
    team.git("switch", "--quiet", "main")
    profile.write_text(profile.read_text().replace("doctor", "pharmacist"))
    team.git("commit", "--quiet", "-am", "pharmacist")
    stopped = subprocess.run(["git", "rebase", "side"], cwd=team.root, capture_output=True)
    assert stopped.returncode != 0  # a person's own rebase, stopped on a conflict

    busy = team.run("sync")
    assert busy.exit_code == 4
    assert busy.stderr == (
        "error: a rebase is unfinished in this repository; sync does not touch it\n"
        "  hint: finish it (git status says how) or undo it (git rebase --abort), then sync\n"
    )
    assert (team.root / ".git" / "rebase-merge").is_dir()


def test_a_push_the_git_host_refuses_is_explained(team: Team, remote: Path) -> None:
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(
        '#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = refs/heads/main ]; then\n'
        "    echo 'main is protected' >&2; exit 1\n  fi\ndone\n"
    )
    hook.chmod(0o755)
    ok(team.run("note", "민수", "-s", "보호된 브랜치"))

    refused = team.run("sync")

    assert refused.exit_code == 4
    assert refused.stderr.startswith(
        "error: origin refused the push to main: main is protected (pre-receive hook declined)\n"
    )
    assert "hint: if the branch is protected, work on your own branch" in refused.stderr
    team.git("switch", "--quiet", "-c", "sylee/notes")
    assert ok(team.run("sync")).stdout == "Sent 1 commit(s) to origin/sylee/notes\n"


def test_a_note_commits_only_its_file_and_leaves_other_staged_work_alone(team: Team) -> None:
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    (team.root / "README.md").write_text("staged, not ready\n")
    team.git("add", "README.md")

    ok(team.run("note", "민수", "-s", "메모"))

    assert team.git("show", "--name-only", "--format=", "HEAD").startswith("customers/")
    assert team.git("status", "--porcelain") == "M  README.md\n"


def test_hand_edits_to_different_lines_of_one_profile_merge_without_a_word(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = clone(remote, tmp_path / "mine"), clone(remote, tmp_path / "theirs")
    profile = "customers/gim-minsu/profile.yaml"
    with as_rep(monkeypatch, "jpark"):
        path = theirs.root / profile
        path.write_text(path.read_text().replace("name: 김민수", "name: 김민수  # 원장님"))
        theirs.git("commit", "--quiet", "-am", "주석")
        ok(theirs.run("sync"))
    path = mine.root / profile
    path.write_text(path.read_text().replace("owner: sylee", "owner: jpark"))
    mine.git("commit", "--quiet", "-am", "담당 변경")

    assert ok(mine.run("sync")).stdout == (
        "Received 1 commit(s) from origin/main\nSent 1 commit(s) to origin/main\n"
    )
    text = path.read_text()
    assert "name: 김민수  # 원장님\n" in text
    assert "owner: jpark\n" in text


@contextmanager
def git_host(status: int) -> Iterator[str]:
    """A real HTTP server on this machine that answers every request with ``status``."""
    import http.server
    import threading

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/team.git"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("host", "exit_code", "first_line", "hint"),
    [
        (
            "not a repository",
            4,
            "error: origin has no repository at its address: '{url}' does not appear to be a "
            "git repository",
            "  hint: check the address (git remote -v); fix it with git remote set-url origin "
            "URL, then handover sync",
        ),
        (
            404,
            4,
            "error: origin has no repository at its address: repository '{url}/' not found",
            "  hint: check the address (git remote -v); fix it with git remote set-url origin "
            "URL, then handover sync",
        ),
        (
            401,
            4,
            "error: origin refused who you are: could not read Username for "
            "'{url_host}': terminal prompts disabled",
            "  hint: check your access to the repository (your SSH key, token or password, and "
            "that you were given access), then handover sync",
        ),
        ("closed port", 0, "Offline: cannot reach origin: unable to access '{url}/': ", None),
    ],
)
def test_a_wrong_remote_is_told_apart_from_being_offline(
    tmp_path: Path,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
    host: object,
    exit_code: int,
    first_line: str,
    hint: str | None,
) -> None:
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")  # as in CI: no one to type a password
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    with contextlib.ExitStack() as stack:
        if host == "not a repository":
            url = str(tmp_path / "shared")  # a folder, but no repository in it
            (tmp_path / "shared").mkdir()
        elif host == "closed port":
            url = "http://127.0.0.1:9/team.git"  # the discard port: nothing listens
        else:
            url = stack.enter_context(git_host(int(str(host))))
        team.git("remote", "add", "origin", url)

        synced = team.run("sync")

    assert synced.exit_code == exit_code, synced.output
    lines = synced.stderr.splitlines()
    url_host = url.rsplit("/", 1)[0]
    assert lines[0].startswith(first_line.format(url=url, url_host=url_host)), synced.stderr
    if hint is not None:
        assert lines[1] == hint
    else:
        assert "Your work is committed here; run handover sync again" in synced.stderr
    assert team.commits()[0] == "add: 김민수 (gim-minsu)"


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root's override")
def test_a_profile_this_user_cannot_read_is_named_as_a_permission_problem(team: Team) -> None:
    import os

    from conftest import PROJECT

    handover = PROJECT / ".venv" / "bin" / "handover"
    if not handover.exists():
        pytest.skip("handover is not installed in .venv")
    ok(team.run("add", "김민수", "--kind", "doctor", "--owner", "sylee"))
    locked = team.root / "customers" / "gim-minsu" / "profile.yaml"
    head = team.git("rev-parse", "HEAD")
    stat = locked.stat()  # a time git's index does not have: git must read the file again
    os.utime(locked, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    locked.chmod(0)
    command = [str(handover), "sync", "--dir", str(team.root)]
    if os.geteuid() == 0:  # as root, permission bits bind once the override is dropped
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        synced = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        locked.chmod(0o644)

    assert synced.returncode == 4, synced.stdout + synced.stderr
    assert synced.stderr.splitlines() == [
        "error: cannot read customers/gim-minsu/profile.yaml: permission denied; nothing was "
        "synced",
        "  hint: give yourself read access (chmod u+r FILE, or ask who owns it), then run "
        "handover sync again",
    ]
    assert team.git("rev-parse", "HEAD") == head
