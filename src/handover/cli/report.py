"""`handover report`: how the team is doing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from handover.cli.context import console, open_workspace, print_json
from handover.cli.options import Json, Rep, TeamDir

FORMATS = ("text", "json", "csv", "html")


def report(
    rep: Rep = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only customers of this kind.", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="First day (2026-01-01, 90d, monday). Default: 12 months, or 13 weeks "
            "with --by week.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Last day, figures as of then. Default: today.", show_default=False
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Trends by week or month.")] = "month",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, csv or html (default: from -o, else text).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The file to write (default: standard output).", dir_okay=False
        ),
    ] = None,
    team_dir: TeamDir = None,
    as_json: Json = False,
) -> None:
    """How the team is doing: response times, promises kept, complaints recovered, health
    at the end of each week or month (as of that day), contact and ratings.

    Every figure is computed from the records and says what it counted.

    Examples:
      handover report
      handover report --rep sylee --by week
      handover report --since 2026-01-01 --until 2026-06-30 --kind doctor
      handover report --format html -o team.html
      handover report --format csv > report.csv
    """
    from handover.core.report import team_report
    from handover.errors import UsageError

    if as_json:
        fmt = "json"
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"htm": "html", "txt": "text"}.get(suffix, suffix)
        fmt = fmt if fmt in FORMATS else "text"
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'", hint=f"use one of: {', '.join(FORMATS)}")
    ws = open_workspace(team_dir)
    target = None
    if output is not None and str(output) != "-":  # refused before any work, not after
        target = ws.folder.output_path(output, force=True)
    result = team_report(ws, rep=rep, kind=kind, since=since, until=until, by=by)
    if fmt == "text" and output is None:
        from handover.render.report import render_report

        render_report(console(), result)
        return
    if fmt == "json" and output is None:
        print_json(result)
        return
    if fmt == "json":
        from handover.render.terminal import to_json

        text = to_json(result) + "\n"
    elif fmt == "csv":
        from handover.render.report import report_csv

        text = report_csv(result)
    elif fmt == "html":
        from handover.render.report_html import report_html

        text = report_html(result)
    else:
        from handover.render.report import render_report

        plain = console()
        with plain.capture() as captured:
            render_report(plain, result)
        text = captured.get()
    if target is None:
        sys.stdout.write(text)
        return
    from handover.format.store import atomic_write

    atomic_write(target, text.encode("utf-8"))
    console().print(f"Wrote {output} ({fmt}, {len(text.encode()) // 1024 or 1} KB)")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
