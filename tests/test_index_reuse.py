"""A pull that changed profiles but no note: the index reads the profiles alone, and ends up
exactly as a build from nothing would; a changed note is never hidden by its stamp."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import Team
from handover.format.store import TeamFolder
from handover.index.db import TeamIndex, index_path
from test_index import age, small_team


def table_rows(path: Path) -> dict[str, object]:
    """Every row of every table, sorted; documents without their row number (a re-indexed
    profile keeps its number, a fresh build numbers anew); the search table by what each
    bigram of every document finds (its own pages are stored in the order rows came)."""
    from handover.index.search_text import bigrams, normalize

    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'grams_%'"
        ).fetchall()
        rows = {name: db.execute(f"SELECT * FROM {name}").fetchall() for (name,) in tables}
        grams = sorted(set().union(*(bigrams(normalize(row[-1])) for row in rows["docs"])))
        found = {
            gram: sorted(
                db.execute(
                    "SELECT d.customer, d.kind, d.ref FROM grams JOIN docs d ON d.id = grams.rowid "
                    "WHERE grams MATCH ?",
                    (f'"{gram}"',),
                )
            )
            for gram in grams
        }
    rows["docs"] = [row[1:] for row in rows["docs"]]
    rows["meta"] = [row for row in rows["meta"] if row[0] == "root"]
    return {"search": found} | {name: sorted(got, key=repr) for name, got in rows.items()}


def searched(team: Team, words: str) -> list[str]:
    done = team.run("search", words, "--json")
    assert done.exit_code == 0, done.output
    return sorted({hit["customer"] for hit in json.loads(done.stdout)["hits"]})


def edit(path: Path, old: str, new: str) -> None:
    """A change as git writes it: a new file renamed into place."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(text.replace(old, new), encoding="utf-8")
    fresh.replace(path)


def test_a_pull_that_changed_every_profile_reads_no_note_and_equals_a_cold_build(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handover.index import build, notes_key

    monkeypatch.setattr(notes_key, "RACY_NS", 0)  # `age` cannot date change times back
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)  # in two processes, as on a big team
    monkeypatch.setattr(build, "BATCH", 2)
    small_team(team)
    assert team.run("remember", "김민수", "수요일 오후 방문 금지").exit_code == 0
    broken = team.root / "customers" / "choe-yeonghui" / "notes" / "2026" / "zz-by-hand.yaml"
    broken.write_text("kind: moment\nat: [unclosed\n", encoding="utf-8")
    team.git("add", "-A")
    team.git("commit", "-qm", "a note written by hand, broken")
    age(team.root)
    folder = TeamFolder(team.root)
    index = TeamIndex(folder, index_path(team.root))
    assert index.refresh().read == 3
    assert searched(team, "동부약품") == []

    for profile in sorted((team.root / "customers").glob("*/profile.yaml")):
        edit(profile, "owner: sylee", "owner: jpark\norganisation: 동부약품")
    team.git("commit", "-qam", "every customer to jpark (the pull)")

    done = index.refresh()
    assert (done.read, done.notes_kept) == (3, 3)
    index.close()
    cold = team.root.parent / "cold.sqlite3"
    TeamIndex(TeamFolder(team.root), cold).rebuild()
    assert table_rows(index_path(team.root)) == table_rows(cold)
    listed = json.loads(team.run("list", "--json").stdout)
    assert {row["owner"] for row in listed} == {"jpark"}
    assert searched(team, "동부약품") == ["choe-yeonghui", "emily-carter", "gim-minsu"]
    assert searched(team, "수요일 오후") == ["gim-minsu"]  # the fact the notes added, kept
    warned = team.run("list")
    assert "zz-by-hand.yaml" in warned.stderr, warned.output


def test_a_note_edited_in_place_with_its_size_and_time_kept_is_read_again(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the note's change time tells: same size, same modification time, same inode."""
    from handover.index import notes_key

    monkeypatch.setattr(notes_key, "RACY_NS", 0)  # the key alone decides, not the 2 s rule
    small_team(team)
    age(team.root)
    index = TeamIndex(TeamFolder(team.root), index_path(team.root))
    index.refresh()
    (note,) = [
        path
        for path in (team.root / "customers" / "gim-minsu" / "notes").rglob("*.yaml")
        if "처방 조건" in path.read_text(encoding="utf-8")
    ]
    before = note.stat()
    with note.open("r+", encoding="utf-8") as handle:  # in place, as some editors write
        text = handle.read().replace("처방 조건", "납품 조건")
        handle.seek(0)
        handle.write(text)
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = note.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    profile = team.root / "customers" / "gim-minsu" / "profile.yaml"
    edit(profile, "owner: sylee", "owner: jpark")
    team.git("commit", "-qm", "김민수 to jpark", "--", str(profile))

    done = index.refresh()
    assert (done.read, done.notes_kept) == (1, 0)
    assert searched(team, "납품 조건") == ["gim-minsu"]
    assert searched(team, "처방 조건") == []
