"""One rep's views (`list`, `open`, `agenda`, `health --rep`) check only the files of that rep's
customers, all of them: what they show is fresh, including a note file added by hand; what
another rep's customer becomes by an uncommitted hand edit waits for a commit or a whole-team
view (README, "What the team views do not see at once")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import BuiltTeam, Team, git
from handover.format.store import TeamFolder
from handover.index import stamps
from handover.index.db import TeamIndex, index_path
from test_index import age, edit_in_place

HAND_WRITTEN_NOTE = """\
kind: moment
at: '2026-11-20T02:00:00Z'
by: sylee
channel: phone
summary: 샘플 요청 (메모에서 옮겨 적음)
opens:
- number: 1
  kind: promise
  text: 샘플 두 상자 전달
  due: '2026-11-28'
"""
"""A note a rep copied into the folder by hand (not by `handover note`, not committed)."""


def _two_books(team: Team) -> None:
    """sylee owns 김민수 and 최영희, jpark Emily Carter and Daniel Kim; sylee holds a promise
    at jpark's Emily Carter."""
    for name, owner in (
        ("김민수", "sylee"),
        ("최영희", "sylee"),
        ("Emily Carter", "jpark"),
        ("Daniel Kim", "jpark"),
    ):
        added = team.run("add", name, "--kind", "doctor", "--owner", owner)
        assert added.exit_code == 0, added.output
    for args in (
        ["김민수", "--by", "sylee", "-s", "처방 조건 논의", "-r", "3", "--at", "2026-11-20 10:00"],
        ["carter", "--by", "sylee", "-s", "자료 요청", "--promise", "신장 용량 자료 by 2030-01-20"],
    ):
        noted = team.run("note", *args)
        assert noted.exit_code == 0, noted.output


@pytest.fixture
def books(team_built_by: BuiltTeam) -> Team:
    team = team_built_by(_two_books)
    age(team.root)  # every stamp trusted, so only a real change is read again
    return team


def shown(team: Team, *command: str) -> list[dict[str, object]]:
    done = team.run(*command, "--json")
    assert done.exit_code == 0, done.output
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def ids(team: Team, *command: str) -> set[object]:
    return {row["id"] for row in shown(team, *command)}


def refs(team: Team, *command: str) -> set[object]:
    return {row["item"]["ref"] for row in shown(team, *command)}  # type: ignore[index]


def profile(team: Team, customer: str) -> Path:
    return team.root / "customers" / customer / "profile.yaml"


def test_a_profile_edited_in_place_keeping_its_size_shows_in_its_reps_list_and_health(
    books: Team,
) -> None:
    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui"}
    index = TeamIndex(TeamFolder(books.root), index_path(books.root))
    assert index.refresh(for_rep="sylee").read == 0  # nothing changed: nothing read

    edit_in_place(profile(books, "gim-minsu"), "name: 김민수", "name: 김민준")

    names = {row["id"]: row["name"] for row in shown(books, "list", "--rep", "sylee")}
    assert names["gim-minsu"] == "김민준"
    names = {row["id"]: row["name"] for row in shown(books, "health", "--rep", "sylee")}
    assert names["gim-minsu"] == "김민준"
    assert index.refresh(for_rep="sylee").read == 0
    assert index.refresh().read == 0  # the packed stamps the whole team's check compares agree
    index.close()


def test_damaged_packed_stamps_still_let_a_reps_list_see_a_hand_edit(books: Team) -> None:
    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui"}
    index = TeamIndex(TeamFolder(books.root), index_path(books.root))
    index.db.execute("UPDATE meta SET value = x'00' WHERE key = 'profile_stamps'")

    edit_in_place(profile(books, "gim-minsu"), "name: 김민수", "name: 김민준")

    names = {row["id"]: row["name"] for row in shown(books, "list", "--rep", "sylee")}
    assert names["gim-minsu"] == "김민준"
    assert stamps.load(index.db) is not None  # packed again from the rows, as a full scan does
    assert index.refresh().read == 0
    index.close()


def test_a_note_file_added_by_hand_shows_at_once_in_the_reps_open_agenda_and_digest(
    books: Team,
) -> None:
    assert refs(books, "open", "--rep", "sylee") == {"emily-carter#1"}
    note = books.root / "customers/gim-minsu/notes/2026/20261120T020000Z-sylee-0a1b2c.yaml"
    note.write_text(HAND_WRITTEN_NOTE, encoding="utf-8")

    assert refs(books, "open", "--rep", "sylee") == {"emily-carter#1", "gim-minsu#1"}
    agenda = shown(books, "agenda", "--rep", "sylee")
    assert ("promise", "gim-minsu#1", "2026-11-28") in {
        (entry["kind"], entry["ref"], entry["day"]) for entry in agenda
    }
    digest = books.run("digest", "--rep", "sylee")
    assert digest.exit_code == 0, digest.output
    assert "샘플 두 상자 전달" in digest.stdout
    assert "?? customers/gim-minsu/notes/" in books.git("status", "--porcelain")  # no commit


def test_a_resolve_without_a_commit_at_another_reps_customer_leaves_the_holders_open(
    books: Team,
) -> None:
    assert refs(books, "open", "--rep", "sylee") == {"emily-carter#1"}
    done = books.run("resolve", "emily-carter#1", "메일로 전달", "--by", "sylee", "--no-commit")
    assert done.exit_code == 0, done.output

    assert refs(books, "open", "--rep", "sylee") == set()


def test_an_uncommitted_hand_edit_giving_a_rep_a_customer_waits_for_a_team_view(
    books: Team,
) -> None:
    """The documented limit: one rep's views look only at the customers the index says are
    that rep's, so a customer made the rep's by an uncommitted edit shows in the rep's views
    after the whole-team view that sees it (or a commit, a pull, `reindex`)."""
    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui"}
    edit_in_place(profile(books, "daniel-kim"), "owner: jpark", "owner: sylee")

    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui"}
    owners = {row["id"]: row["owner"] for row in shown(books, "list")}
    assert owners["daniel-kim"] == "sylee"  # the whole team's view stats every profile
    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui", "daniel-kim"}


def test_a_commit_and_a_pull_show_in_a_reps_views(books: Team, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "--quiet", "-b", "main", str(remote))
    books.git("remote", "add", "origin", str(remote))
    books.git("push", "--quiet", "origin", "main")
    git(tmp_path, "clone", "--quiet", str(remote), "second")
    second = Team(tmp_path / "second")
    age(second.root)
    assert refs(second, "open", "--rep", "sylee") == {"emily-carter#1"}

    # a lead gives Daniel Kim to sylee by hand and commits; sylee promises him samples
    edit_in_place(profile(books, "daniel-kim"), "owner: jpark", "owner: sylee")
    books.git("commit", "-qam", "Daniel Kim → sylee")
    assert "daniel-kim" in ids(books, "list", "--rep", "sylee")
    noted = books.run("note", "daniel", "--by", "sylee", "-s", "샘플 요청", "--promise", "샘플")
    assert noted.exit_code == 0, noted.output
    books.git("push", "--quiet", "origin", "main")
    second.git("pull", "--quiet", "--ff-only")

    assert "daniel-kim" in ids(second, "list", "--rep", "sylee")
    assert refs(second, "open", "--rep", "sylee") == {"emily-carter#1", "daniel-kim#1"}


def test_a_note_written_with_no_commit_shows_at_once_in_every_view(books: Team) -> None:
    """`--no-commit` leaves the note for `sync` to commit; the views do not wait for that."""
    assert refs(books, "open") == {"emily-carter#1"}
    noted = books.run(
        "note", "daniel", "--by", "jpark", "-s", "샘플 요청", "--promise", "샘플", "--no-commit"
    )
    assert noted.exit_code == 0, noted.output

    assert refs(books, "open") == {"emily-carter#1", "daniel-kim#1"}
    assert refs(books, "open", "--rep", "jpark") == {"emily-carter#1", "daniel-kim#1"}
    assert "daniel-kim" in books.run("search", "샘플 요청").stdout
    synced = books.run("sync")  # no remote: commits it here
    assert synced.exit_code == 0, synced.output
    assert books.git("status", "--porcelain") == ""
    assert refs(books, "open") == {"emily-carter#1", "daniel-kim#1"}


def test_a_note_moved_away_and_back_at_another_reps_customer_gives_the_holder_the_item_again(
    books: Team, tmp_path: Path
) -> None:
    """Taking the note away makes Emily Carter no longer part of sylee's view; putting it back
    (nothing to commit then: the folder is as committed) must still show in sylee's views."""
    [note] = (books.root / "customers/emily-carter/notes").glob("*/*.yaml")
    assert refs(books, "open", "--rep", "sylee") == {"emily-carter#1"}
    kept = tmp_path / note.name
    note.rename(kept)
    assert refs(books, "open", "--rep", "sylee") == set()

    kept.rename(note)

    assert refs(books, "open", "--rep", "sylee") == {"emily-carter#1"}
    assert books.git("status", "--porcelain") == ""  # nothing to commit


def test_a_note_amended_into_a_commit_whose_old_version_git_pruned_shows_as_amended(
    books: Team,
) -> None:
    """`git commit --amend` then `git gc --prune=now`: the commit the index last saw is gone,
    so git cannot name what changed; every customer's notes are compared instead."""
    [note] = (books.root / "customers/emily-carter/notes").glob("*/*.yaml")
    assert {row["item"]["text"] for row in shown(books, "open")} == {"신장 용량 자료"}
    edit_in_place(note, "신장 용량 자료", "신장 용량 서류")

    books.git("commit", "-q", "--amend", "-a", "--no-edit")
    books.git("reflog", "expire", "--expire=now", "--all")
    books.git("gc", "-q", "--prune=now")

    assert {row["item"]["text"] for row in shown(books, "open")} == {"신장 용량 서류"}
    assert {row["item"]["text"] for row in shown(books, "open", "--rep", "sylee")} == {
        "신장 용량 서류"
    }


def test_a_hand_edit_of_owner_undone_gives_the_customer_back_to_the_rep_at_once(
    books: Team,
) -> None:
    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui"}
    edit_in_place(profile(books, "gim-minsu"), "owner: sylee", "owner: jpark")
    assert ids(books, "list", "--rep", "sylee") == {"choe-yeonghui"}

    edit_in_place(profile(books, "gim-minsu"), "owner: jpark", "owner: sylee")

    assert ids(books, "list", "--rep", "sylee") == {"gim-minsu", "choe-yeonghui"}
    assert "gim-minsu" not in ids(books, "list", "--rep", "jpark")
    assert books.git("status", "--porcelain") == ""  # nothing to commit
