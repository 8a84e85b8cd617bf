"""The trees handover edits for its fast commit are byte for byte the trees git makes.

`note` changes one entry of a tree of 25,000 in git's own bytes (src/handover/git/trees.py)
instead of parsing and rewriting every entry; git's `mktree` is the judge of the result.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handover.git.trees import MalformedTree, Tree, object_id

# names that sort in the awkward places: a folder 'a' (sorted as 'a/') against files 'a-b',
# 'a.b', 'a0' and 'a'; spaces and digits that look like a mode; Hangul
NAMES = st.text(alphabet="ab -.04김민수", min_size=1, max_size=6).filter(
    lambda name: name not in (".", "..")
)
KINDS = st.sampled_from(["file", "executable", "folder"])
IDS = st.integers(min_value=0, max_value=2**160 - 1).map(lambda n: f"{n:040x}")
ENTRIES = st.dictionaries(NAMES, st.tuples(KINDS, IDS), max_size=12)
EDITS = st.lists(st.tuples(NAMES, st.one_of(st.none(), st.tuples(KINDS, IDS))), max_size=6)
MODES = {"file": "100644", "executable": "100755", "folder": "040000"}


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trees")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    return folder


def mktree(repository: Path, entries: dict[str, tuple[str, str]]) -> bytes:
    """The tree git itself makes of ``entries``, as its raw bytes."""
    listing = "".join(
        f"{MODES[kind]} {'tree' if kind == 'folder' else 'blob'} {sha}\t{name}\n"
        for name, (kind, sha) in entries.items()
    )
    made = subprocess.run(
        ["git", "mktree", "--missing"],
        cwd=repository,
        input=listing.encode(),
        capture_output=True,
        check=True,
    )
    sha = made.stdout.decode().strip()
    shown = subprocess.run(
        ["git", "cat-file", "tree", sha], cwd=repository, capture_output=True, check=True
    )
    assert object_id(b"tree", shown.stdout, 20).decode() == sha
    return shown.stdout


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=ENTRIES, edits=EDITS)
def test_a_tree_edited_in_place_equals_the_tree_git_makes(
    repository: Path,
    entries: dict[str, tuple[str, str]],
    edits: list[tuple[str, tuple[str, str] | None]],
) -> None:
    tree = Tree(mktree(repository, entries))
    wanted = dict(entries)
    for name, change in edits:
        if change is None:
            assert tree.remove(name.encode()) == (name in wanted)
            wanted.pop(name, None)
        else:
            kind, sha = change
            before = wanted.get(name)
            differs = before is None or (MODES[before[0]], before[1]) != (MODES[kind], sha)
            assert tree.put(name.encode(), MODES[kind].encode(), sha.encode()) == differs
            wanted[name] = change

    assert tree.body() == mktree(repository, wanted)


def test_a_sha256_trees_entries_are_read_with_their_32_byte_ids() -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    body = b"100644 note.yaml\0" + bytes.fromhex(sha)

    tree = Tree(body, hash_size=32)

    assert len(tree) == 1
    assert tree.put(b"note.yaml", b"100644", sha.encode()) is False
    assert tree.body() == body


def test_bytes_that_are_not_a_tree_are_refused() -> None:
    with pytest.raises(MalformedTree):
        Tree(b"100644 note.yaml\0" + b"short id")
