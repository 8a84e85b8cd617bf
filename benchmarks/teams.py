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


def stale_teams(store: Path, scales: Sequence[float]) -> list[Path]:
    """Pristine teams of these scales made by another version of the generator."""
    keep = {pristine_name(scale, generator_version()) for scale in scales}
    prefixes = tuple(f"team-{scale:g}-seed{SEED}-" for scale in scales)
    if not store.is_dir():
        return []
    return [
        folder
        for folder in sorted(store.iterdir())
        if folder.name.startswith(prefixes) and folder.name not in keep
    ]


def fresh_copy(master: Path, folder: Path) -> Path:
    """A copy of `master` at `folder` to measure, with git's index refreshed as after a clone.

    Linking a file changes its ctime, which git's index records: without the refresh, the
    copy's first git command would hash every file again.
    """
    shutil.rmtree(folder, ignore_errors=True)
    git_dir = master / ".git"
    for source, directories, files in os.walk(master):
        here = Path(source)
        target = folder / here.relative_to(master)
        target.mkdir()
        rewritten = here.is_relative_to(git_dir) and not here.is_relative_to(git_dir / "objects")
        for name in files:
            if rewritten:
                shutil.copy2(here / name, target / name)
            else:
                os.link(here / name, target / name)
        directories.sort()
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=folder, check=True)
    return folder
