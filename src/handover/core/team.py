"""Creating a team folder and adding reps to it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from handover.core.customers import accept_name
from handover.core.schemas import write_schema_files
from handover.core.teamfiles import team_files
from handover.core.transaction import refuse_if_git_is_busy, transaction
from handover.core.workspace import Workspace
from handover.errors import FolderError, UsageError
from handover.format.layout import CONFIG_FILE, CUSTOMERS_DIR
from handover.format.store import TeamFolder
from handover.format.team_config import FORMAT_VERSION, Rep
from handover.format.validation import option_error
from handover.format.yamlio import append_to_list
from handover.git.repo import Git
from handover.i18n import _

CONFIG_TEMPLATE = """\
# yaml-language-server: $schema=schemas/team.schema.json
# The team folder's settings. Edit by hand or with `handover rep add`.
# Format documented in docs/format.md of handover; schema: `handover schema team`.
format: {format}
team: {team}
reps: []
vocabulary:
  # Declared topics and materials: notes may not use near-miss spellings of these.
  topics: []
  materials: []
"""

GITIGNORE = """\
# handover's temporary files (its index lives in the user cache, outside the folder)
.*.tmp
"""


@dataclass(frozen=True)
class Initialised:
    root: Path
    created_repository: bool
    commit: str | None
    repository: Path | None = None
    """The repository the folder's commits go to: its own, or the one it is inside."""


def init_folder(root: Path, team: str, *, commit: bool) -> Initialised:
    """A new team folder; `git init` when it is not already inside a repository."""
    root = root.resolve()  # git runs inside the folder: paths must not be relative to here
    existing = next(folder for folder in (root, *root.parents) if folder.is_dir())
    # a repository around the new folder that git is busy with refuses before any mkdir
    refuse_if_git_is_busy(Workspace(folder=TeamFolder(root), git=Git(existing)))
    made = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    try:
        return _init_in(root, team, commit=commit)
    except BaseException:
        if made:  # a refused or failed init leaves no folder of its own behind
            _remove_made_folder(root)
        raise


def _remove_made_folder(root: Path) -> None:
    """The folder this init made, once the change has put its files back: empty, or holding
    only the repository init created in it."""
    left = {path.name for path in root.iterdir()}
    if left <= {".git"}:
        shutil.rmtree(root, ignore_errors=True)


def _init_in(root: Path, team: str, *, commit: bool) -> Initialised:
    config = root / CONFIG_FILE
    if config.exists():
        raise FolderError(
            _("{config} already exists: this is a team folder already", config=config)
        )
    git = Git(root)
    created = False
    repository = git.top_level
    if repository is None:
        git.init()
        created, repository = True, root
    else:
        git.tune_for_many_files()  # a team folder inside a large repository
    ws = Workspace(folder=TeamFolder(root), git=git, commit=commit)
    with transaction(ws, f"init: team folder for {team}") as change:
        folder = ws.folder
        quoted = team if team.replace(" ", "").isalnum() else '"' + team.replace('"', '\\"') + '"'
        text = CONFIG_TEMPLATE.format(format=FORMAT_VERSION, team=quoted)
        folder.write_file(config, text.encode(), exclusive=True)
        keep = root / CUSTOMERS_DIR / ".gitkeep"
        if not keep.exists():
            folder.write_file(keep, b"")
        for name, text in {".gitignore": GITIGNORE, **team_files(team)}.items():
            if not (root / name).exists():  # a file the team already has is theirs
                folder.write_file(root / name, text.encode())
        write_schema_files(folder)
        folder.config()  # what we wrote must load
    return Initialised(
        root=root, created_repository=created, commit=change.commit, repository=repository
    )


def add_rep(
    ws: Workspace,
    rep_id: str,
    *,
    name: str,
    email: str,
    territory: str | None,
    handle: str | None = None,
) -> tuple[Rep, str | None, tuple[str, ...]]:
    """The rep added, the commit, and warnings (invisible characters removed from the name)."""
    name, warnings = accept_name(name, who="rep")
    with transaction(ws) as change:
        rep = _add_rep(ws, rep_id, name=name, email=email, territory=territory, handle=handle)
        change.message = f"rep: add {rep.name} ({rep.id})"
    return rep, change.commit, warnings


def _add_rep(
    ws: Workspace,
    rep_id: str,
    *,
    name: str,
    email: str,
    territory: str | None,
    handle: str | None,
) -> Rep:
    config = ws.folder.config()
    if config.rep(rep_id) is not None:
        raise UsageError(_("rep '{rep}' already exists", rep=rep_id))
    try:
        rep = Rep(id=rep_id, name=name, email=email, territory=territory, handle=handle)
    except ValidationError as exc:
        raise option_error(exc, as_option=False) from None
    entry = CommentedMap(rep.model_dump(exclude_none=True, exclude_defaults=True))
    entry["id"] = rep.id
    entry.move_to_end("id", last=False)

    def add(tree: CommentedMap) -> None:
        append_to_list(tree, "reps", entry, after="team")

    ws.folder.edit_config(add)
    return rep
