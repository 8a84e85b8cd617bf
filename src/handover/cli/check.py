"""`handover check` and `handover schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json
from handover.cli.options import Json, TeamDir


def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Only these files or folders.", show_default=False)
    ] = None,
    team_dir: TeamDir = None,
    as_json: Json = False,
) -> None:
    """Validate the team folder like a compiler: one line per problem, exit 1 if any.

    Examples:
      handover check
      handover check customers/gim-minsu
      handover check --json
    """
    from handover.core.check import check_folder
    from handover.errors import ExitCode
    from handover.render import render_problems

    ws = open_workspace(team_dir)
    problems = check_folder(ws.folder, paths or None)
    if as_json:
        print_json(problems)
    else:
        render_problems(console(), problems)
        summary = f"{len(problems)} problem(s)" if problems else "no problems"
        console(stderr=True).print(f"check: {summary}", style="bold red" if problems else "green")
    if problems:
        raise typer.Exit(int(ExitCode.PROBLEMS))


def schema(
    kind: Annotated[
        str, typer.Argument(help="team, profile, record, or all.", show_default=True)
    ] = "all",
) -> None:
    """Print the JSON Schema of a file kind, generated from the models (for YAML editors).

    Example: handover schema profile > profile.schema.json
    """
    from handover.errors import UsageError
    from handover.models import SCHEMAS, json_schema

    if kind == "all":
        document = {name: json_schema(name) for name in SCHEMAS}
    elif kind in SCHEMAS:
        document = json_schema(kind)
    else:
        raise UsageError(
            f"unknown file kind '{kind}'", hint=f"use one of: {', '.join(SCHEMAS)}, all"
        )
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("schema")(schema)
