"""`handover import`: bring a team's book in from a CRM export, an Excel sheet or vCards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json
from handover.cli.options import Json, NoCommit, TeamDir


def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV (UTF-8 or CP949), .xlsx or .vcf files; activity sheets become notes.",
            show_default=False,
            dir_okay=False,
        ),
    ],
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="The CSV's encoding, e.g. cp949 (default: detected)."),
    ] = None,
    sheet: Annotated[
        list[str] | None,
        typer.Option("--sheet", help="The workbook sheet(s) to read (default: the first)."),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map", help="A YAML file naming columns, owners, kinds and channels.", dir_okay=False
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Owner of new customers a row gives none (default: you)."),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="Kind of new customers a row gives none.")
    ] = "other",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows and list the bad ones.")
    ] = False,
    team_dir: TeamDir = None,
    no_commit: NoCommit = False,
    as_json: Json = False,
) -> None:
    """Create and update customers from CRM exports, Excel sheets and vCards, in one commit.

    Re-importing a file changes nothing: a row matches a customer by id, CRM id, email or
    mobile, then name + organisation. A bad row stops the import and is named FILE:ROW:COLUMN.

    Examples:
      handover import 거래처목록.csv --dry-run
      handover import salesforce-contacts.csv --map crm-map.yaml
      handover import 고객관리.xlsx --sheet 고객 --sheet 활동
      handover import 연락처.vcf --owner sylee --kind doctor
    """
    from handover.core.importing.run import ImportOptions, run_import
    from handover.domain.words import CUSTOMER_KINDS, canonical
    from handover.render.importing import render_import

    ws = open_workspace(team_dir, commit=not no_commit)
    options = ImportOptions(
        encoding=encoding,
        sheets=sheet or [],
        map_file=map_file,
        dry_run=dry_run,
        skip_bad=skip_bad,
        owner=owner,
        kind=canonical(CUSTOMER_KINDS, kind),  # 기타 = other, as its --help shows it
    )
    result = run_import(ws, files, options)
    if as_json:
        print_json(result)
        return
    render_import(console(), result)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
