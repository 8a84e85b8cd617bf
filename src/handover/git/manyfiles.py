"""git's settings for folders of many files, given by `init` and `sync` to large folders only
(and by the first `note` in a fresh clone of one: `git clone` writes git's default index).

At 625,000 tracked files git's index is 90 MB, read and rewritten whole by every command that
stages anything. Three of git's own settings fix most of that:

- ``core.splitIndex``: changes go to a small index file beside a shared one, so an index write
  is a few MB instead of 90;
- ``index.version 4``: paths are prefix-compressed (the folder's paths share long prefixes):
  61 MB instead of 85, read for the same CPU as version 2 (measured);
- ``core.untrackedCache``: `git status` remembers which folders had no new files (a plain
  `git status` at 625,000 files 1.9 s of CPU instead of 3.6 s; each index write carries its
  6 MB, about 0.05 s more per note).

A split index has one weak spot: when many files' stat data changes without their content
(the folder copied to another disk or machine, restored from a backup, every file touched),
the next `git status` records the new stat data of every entry in the small file, and git
never moves those entries back to the shared one (``splitIndex.maxPercentChange`` counts new
entries only). Every later command then reads and writes those entries again: with 29 % of
625,000 entries there, a note's index update cost 0.37 s of CPU instead of 0.26 s. So when the
small file holds more than that share of the entries, handover asks git for a new shared index
(`git update-index --split-index`, once, about 0.35 s of CPU at 625,000 files):
``split_index_overgrown``.

A split index must never meet ``index.skipHash`` (git 2.40 and later: no SHA-1 written at the
end of the index; also what ``feature.manyFiles`` turns on there, which guides for big
repositories suggest putting in ~/.gitconfig). With both, git 2.47.3 names the shared index by
the hash it skipped (``sharedindex.0000…``), the small file points at nothing, and the next
`git status` says every file is deleted: a `git commit -a` then would delete the whole team.
So wherever the index is split, handover writes ``index.skipHash false`` into the repository
(a git before 2.40 ignores it), before git writes an index: ``keep_split_index_whole``. A
repository that chose ``index.skipHash true`` itself gets no split index from handover. Without
a split index, skipHash saves the SHA-1 of the whole 61 MB index, but each write is still the
whole index: measured slower than the split one on git 2.47 too (benchmarks/RESULTS.md).

Small folders keep git's defaults: their index is read in milliseconds anyway, and a split
index is not read by every git tool (libgit2 and JGit, inside some editors and git GUIs,
refuse it), so the settings are worth it only where git is slow without them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

MANY_FILES = 5_000  # tracked files from which a folder gets the settings
SETTINGS = {"core.splitIndex": "true", "index.version": "4", "core.untrackedCache": "true"}
SKIP_HASH = "index.skipHash"  # written false wherever the index is split (see above)
SPLIT_PERCENT = 20  # git's own default for splitIndex.maxPercentChange


def index_entries(index: Path) -> int:
    """How many entries an index file holds, from its header (no need to read 90 MB); for a
    split index, the entries of that file alone."""
    try:
        with index.open("rb") as handle:
            header = handle.read(12)
    except OSError:
        return 0
    if len(header) < 12 or header[:4] != b"DIRC":
        return 0
    return int.from_bytes(header[8:12], "big")


def tracked_files(git_dir: Path) -> int:
    """About how many files git tracks: the index's entries, or its shared index's."""
    shared = (index_entries(path) for path in git_dir.glob("sharedindex.*"))
    return max([index_entries(git_dir / "index"), *shared])


def split_index_overgrown(git_dir: Path, max_percent: str | None = None) -> bool:
    """True when the small file of a split index holds more than ``max_percent`` (git's
    splitIndex.maxPercentChange, 20 by default) of all entries; 0 and 100 are git's own
    "always" and "never", left to git. Reads two headers, so it is cheap on every commit."""
    percent = int(max_percent) if max_percent and max_percent.isdigit() else SPLIT_PERCENT
    own = index_entries(git_dir / "index")
    if own < MANY_FILES or not 0 < percent < 100:
        return False
    shared = max((index_entries(path) for path in git_dir.glob("sharedindex.*")), default=0)
    return own * 100 > max(shared, own) * percent


def tune_for_many_files(top_level: Path, git_dir: Path) -> list[str]:
    """Give a folder of ``MANY_FILES`` tracked files or more git's settings for many files;
    returns the settings it set. A setting the repository already has (any value: someone
    chose it) is left alone, and a folder once tuned is not looked at again."""

    def config(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "config", *args], cwd=top_level, capture_output=True, text=True, check=False
        )

    if config("--bool", "--get", "core.splitIndex").stdout.strip() == "true":
        keep_split_index_whole(top_level, config("--bool", "--get", SKIP_HASH).stdout)
        percent = config("--get", "splitIndex.maxPercentChange").stdout.strip()
        if split_index_overgrown(git_dir, percent):
            subprocess.run(
                ["git", "update-index", "--split-index"], cwd=top_level, capture_output=True
            )
    unset = [key for key in SETTINGS if config("--get", key).returncode != 0]
    if not unset or tracked_files(git_dir) < MANY_FILES:
        return []
    skip_hash = config("--bool", "--get", SKIP_HASH).stdout.strip()
    if "core.splitIndex" in unset and skip_hash == "true":  # someone chose it: no split index
        unset.remove("core.splitIndex")
    for key in unset:
        config(key, SETTINGS[key])
    split = []
    if "core.splitIndex" in unset:
        split = ["--split-index"]
        if keep_split_index_whole(top_level, skip_hash):
            unset.append(SKIP_HASH)
    # rewrite the index in the new form now, rather than on someone's next commit
    subprocess.run(
        ["git", "update-index", *split, "--index-version", "4", "--untracked-cache"],
        cwd=top_level,
        capture_output=True,
        check=False,
    )
    return unset


def keep_split_index_whole(top_level: Path, skip_hash: str | None) -> bool:
    """Write ``index.skipHash false`` into a split-index repository whose index.skipHash
    (``skip_hash``: its value from any config file, None or "" when unset) is not already
    false, so that no git of 2.40 or later loses the index (see above). True when it wrote."""
    if skip_hash is not None and skip_hash.strip().lower() in ("false", "no", "off", "0"):
        return False
    subprocess.run(
        ["git", "config", "index.skipHash", "false"],
        cwd=top_level,
        capture_output=True,
        check=False,
    )
    return True
