"""The generated teams benchmarks/run.py measures: made once, then copied for every run.

A run changes the team it measures (it adds notes, edits every profile and commits), so each
run gets a fresh copy of a pristine team kept in WORK/teams. The pristine team is generated
again only when what it is made from changed: its scale, its seed, or the generator (the
source of make_team.py and of the handover modules it writes with). The copy hard-links the
files and git's packs (handover and git replace a file by rename, never write it in place)
and copies git's other files (the index, refs and logs are rewritten or appended in place).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "make_team.py"
SEED = 5  # make_team.py's default


def generator_version() -> str:
    """A digest of what a generated team's bytes depend on: make_team.py, and the handover
    modules it takes ids, file names and the notes' canonical form from."""
    from handover.domain import romanize
    from handover.format import note_file, records

    digest = hashlib.sha256()
    for source in (GENERATOR, romanize.__file__, note_file.__file__, records.__file__):
        digest.update(Path(str(source)).read_bytes())
    return digest.hexdigest()[:12]


def pristine_name(scale: float, version: str) -> str:
    return f"team-{scale:g}-seed{SEED}-{version}"


def pristine_teams(store: Path, scales: Sequence[float]) -> list[Path]:
    """The pristine team of each scale, generated (all at once, in parallel) when missing."""
    version = generator_version()
    wanted = [store / pristine_name(scale, version) for scale in scales]
    store.mkdir(parents=True, exist_ok=True)
    started = []
    for scale, folder in zip(scales, wanted, strict=True):
        if (folder / ".git" / "index").exists():
            continue
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)  # what an interrupted generation left
        print(f"generating {folder} …", file=sys.stderr)
        command = [sys.executable, str(GENERATOR), str(building), "--scale", str(scale)]
        started.append((subprocess.Popen(command), building, folder))
    for process, building, folder in started:
        if process.wait() != 0:
            raise SystemExit(f"make_team.py failed for {folder.name}")
        building.rename(folder)  # complete, or not there: never half a team
    return wanted


def remove_stale(store: Path, scales: Sequence[float]) -> None:
    """Remove the teams of these scales made by another version of the generator, in a
    process of their own that the run does not wait for: a 2,000-customer team's 11,000
    folders take half a minute to remove on this machine's disk. A team being removed is
    first renamed, so that it never looks like a team."""
    keep = {pristine_name(scale, generator_version()) for scale in scales}
    prefixes = (".removing-", *(f"team-{scale:g}-seed{SEED}-" for scale in scales))
    for folder in sorted(store.iterdir()) if store.is_dir() else []:
        if not folder.name.startswith(prefixes) or folder.name in keep:
            continue
        doomed = folder
        if not folder.name.startswith(".removing-"):
            print(f"removing {folder} (made by another make_team.py) …", file=sys.stderr)
            doomed = folder.rename(folder.with_name(f".removing-{folder.name}"))
        subprocess.Popen(
            ["nice", "-n", "19", "rm", "-rf", "--", str(doomed)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def fresh_copy(master: Path, folder: Path) -> Path:
    """Make `folder` a copy of `master` to measure, git's index refreshed as after a clone.

    A copy left by the last run is brought back to the master rather than removed: only the
    files that run replaced or added change (a few thousand after it edited every profile).
    Removing a folder costs ~2.5 ms on this machine's disk (mounted with `discard`), and a
    2,000-customer team has 11,000 of them. Linking a file changes its ctime, which git's index
    records, hence the refresh: without it the copy's first git command would hash every file.
    The master's index is refreshed first (only its stat data changes), so that only the files
    linked again since the last run are hashed.
    """
    _mirror(str(master), str(folder), "")
    _refresh_index(master)
    copied_index = folder / ".git" / "index.bench-copy"
    shutil.copy2(master / ".git" / "index", copied_index)
    copied_index.replace(folder / ".git" / "index")
    _refresh_index(folder)
    return folder


def _refresh_index(team: Path) -> None:
    """Refresh git's stat data; a file that differs from the commit stops the run: something
    wrote a hard-linked file in place, so the master itself changed and must be made again."""
    done = subprocess.run(
        ["git", "update-index", "--refresh"], cwd=team, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(
            f"{team} differs from its commit, a file written in place through a hard link "
            f"(remove {team} to have it generated again):\n{done.stdout}{done.stderr}"
        )


def _mirror(source: str, target: str, relative: str) -> None:
    """Make folder `target` hold what `source` holds (`relative`: where, in the team)."""
    copied = relative == ".git/" or (
        relative.startswith(".git/") and not relative.startswith(".git/objects/")
    )
    Path(target).mkdir(exist_ok=True)
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    with os.scandir(source) as entries:
        for entry in entries:
            there = present.pop(entry.name, None)
            destination = f"{target}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                _mirror(entry.path, destination, f"{relative}{entry.name}/")
            elif copied:  # rewritten or appended in place by git: a copy of its own
                shutil.copy2(entry.path, f"{destination}.bench-copy")
                Path(f"{destination}.bench-copy").replace(destination)
            elif there is None:
                os.link(entry.path, destination)
            elif there.inode() != entry.inode():  # replaced by the last run: link it again
                os.link(entry.path, f"{destination}.bench-copy")
                Path(f"{destination}.bench-copy").replace(destination)
    for extra in present.values():  # what the last run added: notes, git objects
        if extra.is_dir(follow_symlinks=False):
            shutil.rmtree(extra.path)
        else:
            Path(extra.path).unlink()
