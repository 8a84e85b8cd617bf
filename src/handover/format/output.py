"""Where a command may write a file the user asked for, outside the team's own data."""

from __future__ import annotations

from pathlib import Path

from handover.errors import UsageError
from handover.format.layout import CONFIG_FILE, CUSTOMERS_DIR
from handover.i18n import N_, _

_TEAM_DATA = frozenset({CUSTOMERS_DIR, CONFIG_FILE, "schemas", ".git", ".github", ".gitlab"})
"""What an output file may never replace: the folder's data and its git and review files."""
_OUTPUT_HINT = N_("write it to a path outside the team folder (e.g. in your home folder)")


def output_path(root: Path, path: Path, *, force: bool = False) -> Path:
    """Where a command may write a file the user asked for (`export -o`, `report -o`,
    `agenda --ics`, the views' `--format csv|xlsx -o`): the one guard they all share.
    Never over the team's own files (profiles, notes, handover.yaml, schemas, CODEOWNERS,
    anything in git's folder), never into a folder that does not exist (a typo would
    otherwise make folders), and inside the team folder only with ``force``."""
    resolved = path.expanduser().resolve()
    if ".git" in resolved.parts:
        raise UsageError(
            _("{path} is inside a git folder: refused", path=path), hint=_(_OUTPUT_HINT)
        )
    if resolved != root and root not in resolved.parents:
        return _writable_file(path, resolved)
    inside = resolved.relative_to(root) if resolved != root else Path()
    first = inside.parts[0] if inside.parts else ""
    if (
        first in _TEAM_DATA
        or resolved.name == "CODEOWNERS"
        or resolved.suffix.lower() in (".yaml", ".yml")
    ):
        raise UsageError(
            _("{path} is the team's own data: refused, it would be overwritten", path=inside),
            hint=_(_OUTPUT_HINT),
        )
    if not force:
        raise UsageError(
            _(
                "{path} is inside the team folder, where it would be committed by mistake",
                path=inside,
            ),
            hint=_("write it outside the folder, or pass --force to write it there anyway"),
        )
    return _writable_file(path, resolved)


def _writable_file(path: Path, resolved: Path) -> Path:
    """A file the user named, in a folder that exists: a typo never makes folders."""
    if resolved.is_dir():
        raise UsageError(
            _("{path} is a folder: name the file to write", path=path),
            hint=_("name a file inside it, e.g. {path}", path=path / "report.html"),
        )
    if not resolved.parent.is_dir():
        raise UsageError(
            _(
                "the folder {folder} does not exist: refused, nothing was written",
                folder=path.expanduser().parent,
            ),
            hint=_("create it first (mkdir -p), or write somewhere that exists"),
        )
    return resolved
