"""`handover check` and `handover schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handover.cli.context import console, open_workspace, print_json
from handover.cli.options import Json, NoCommit, TeamDir

if TYPE_CHECKING:
    from handover.core.workspace import Workspace

FORMATS = ("text", "json", "github")


def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Only these files or folders.", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only files changed since this git ref (e.g. origin/main), and new."
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="text, json, or github (GitHub Actions annotations on the diff)."
        ),
    ] = "text",
    team_dir: TeamDir = None,
    as_json: Json = False,
) -> None:
    """Validate the team folder like a compiler: one line per problem, exit 1 if any.

    Examples:
      handover check
      handover check customers/gim-minsu
      handover check --since origin/main --format github
      handover check --json
    """
    from handover.core.check import check_folder, paths_changed_since
    from handover.errors import ExitCode, UsageError
    from handover.i18n import _
    from handover.render.terminal import render_problems

    if output_format not in FORMATS:
        raise UsageError(
            _(
                "--format: '{format}' is not one of {choices}",
                format=output_format,
                choices=", ".join(FORMATS),
            )
        )
    if since is not None and paths:
        raise UsageError(_("give files to check, or --since REF, not both"))
    ws = _workspace(team_dir, paths)
    targets: list[Path] | None = paths or None
    if since is not None:
        targets = paths_changed_since(ws.folder, ws.git, since)
    problems = [] if targets == [] else check_folder(ws.folder, targets)
    output_format = "json" if as_json else output_format
    if output_format == "json":
        print_json(problems)
    elif output_format == "github":
        from handover.render.teamwork import github_annotations, github_summary

        sys.stdout.write(github_annotations(problems, ws.git.prefix))
        summary_file = ws.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:  # GitHub shows 10 annotations of a kind per step; the summary, all
            with Path(summary_file).open("a", encoding="utf-8") as summary_out:
                summary_out.write(github_summary(problems, ws.git.prefix, since=since))
    else:
        render_problems(console(), problems)
    if output_format != "json":
        if problems:
            summary = _("check: {count} problem(s)", count=len(problems))
        elif since is not None and targets:
            summary = _("check: no problems in {count} changed file(s)", count=len(targets))
        else:
            summary = _("check: no problems")
        console(stderr=True).print(summary, style="bold red" if problems else "green", markup=False)
    if problems:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _workspace(team_dir: Path | None, paths: list[Path] | None) -> Workspace:
    """The team folder: as usual, else the one holding the first path (pre-commit runs
    hooks at the repository root, which may be above the team folder)."""
    from handover.core.workspace import Workspace
    from handover.errors import FolderError
    from handover.format.folder_lookup import find_team_folder

    try:
        return open_workspace(team_dir)
    except FolderError:
        if team_dir is not None or not paths:
            raise
        start = paths[0].resolve()
        return Workspace.open(find_team_folder(None, cwd=start if start.is_dir() else start.parent))


def schema(
    kind: Annotated[
        str, typer.Argument(help="team, profile, record, or all.", show_default=True)
    ] = "all",
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Write all schemas into the team folder's schemas/ and add the $schema line "
            "to handover.yaml and every profile.",
        ),
    ] = False,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
) -> None:
    """Print the JSON Schema of a file kind, generated from the models (for YAML editors).

    Examples:
      handover schema profile > profile.schema.json
      handover schema --write
    """
    from handover.errors import UsageError
    from handover.format.schema import SCHEMAS, json_schema
    from handover.i18n import _

    if write:
        _write_schemas(team_dir, commit=not no_commit)
        return
    if kind == "all":
        document = {name: json_schema(name) for name in SCHEMAS}
    elif kind in SCHEMAS:
        document = json_schema(kind)
    else:
        raise UsageError(
            _("unknown file kind '{kind}'", kind=kind),
            hint=_("use one of: {kinds}", kinds=", ".join([*SCHEMAS, "all"])),
        )
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _write_schemas(team_dir: Path | None, *, commit: bool) -> None:
    from handover.core.schemas import write_schemas
    from handover.render.confirmations import schemas_lines, schemas_skipped

    ws = open_workspace(team_dir, commit=commit)
    done = write_schemas(ws)
    out = console()
    for line in schemas_lines(done):
        out.print(line)
    err = console(stderr=True)
    for line in schemas_skipped(done):
        err.print(line, style="yellow")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("schema")(schema)
