"""`handover report`: how the team is doing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handover.cli.context import (
    check_suffix,
    console,
    open_workspace,
    output_target,
    print_json,
    quiet_when_the_reader_quits,
    tolerates_unreadable,
)
from handover.cli.options import Json, Rep, Strict, TeamDir
from handover.i18n import _

if TYPE_CHECKING:
    from handover.domain.report.results import Report

FORMATS = ("text", "json", "csv", "html")
SUFFIXES = {"txt": "text", "text": "text", "json": "json", "csv": "csv", "html": "html",
            "htm": "html"}  # fmt: skip


@tolerates_unreadable
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
    strict: Strict = False,
    as_json: Json = False,
) -> None:
    """How the team is doing: response times, promises kept, complaints recovered, health
    at the end of each week or month (as of that day), contact and ratings.

    Every figure is computed from the records and says what it counted. With -o the format
    comes from the file's suffix (.txt, .json, .csv, .html); a suffix that does not match
    --format is refused, and so is a file over the team's own data.

    Examples:
      handover report
      handover report --rep 이서연 --by week
      handover report --since 2026-01-01 --until 2026-06-30 --kind doctor
      handover report -o team.html
      handover report --format csv > report.csv
    """
    from handover.core.report import team_report
    from handover.core.reps import rep_id

    ws = open_workspace(team_dir)
    target = output_target(ws, output)  # refused before any work, not after
    fmt = _chosen_format(fmt, output, as_json)
    result = team_report(ws, rep=rep_id(ws, rep), kind=kind, since=since, until=until, by=by)
    if target is None:
        with quiet_when_the_reader_quits():
            if fmt == "text":
                from handover.render.report import render_report

                render_report(console(), result)
            elif fmt == "json":
                print_json(result)
            else:
                sys.stdout.write(_rendered(result, fmt))
                sys.stdout.flush()
        return
    from handover.format.files import atomic_write

    text = _rendered(result, fmt)
    atomic_write(target, text.encode("utf-8"))
    size = len(text.encode()) // 1024 or 1
    console().print(_("Wrote {file} ({format}, {size} KB)", file=output, format=fmt, size=size))


def _chosen_format(fmt: str | None, output: Path | None, as_json: bool) -> str:
    """--format (any case), else --json, else the suffix of -o, else text; mismatches refused."""
    from handover.errors import UsageError

    if fmt is not None:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise UsageError(
                _("unknown format '{format}'", format=fmt),
                hint=_("use one of: {formats}", formats=", ".join(FORMATS)),
            )
        if as_json and fmt != "json":
            raise UsageError(
                _("--json and --format {format} ask for two formats", format=fmt),
                hint=_("give one of them"),
            )
    elif as_json:
        fmt = "json"
    elif output is not None and output.suffix:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in SUFFIXES:
            raise UsageError(
                _("cannot tell a report's format from {file}", file=output),
                hint=_("name it .txt, .json, .csv or .html, or give --format"),
            )
        fmt = SUFFIXES[suffix]
    else:
        fmt = "text"
    check_suffix(output, fmt, SUFFIXES)
    return fmt


def _rendered(result: Report, fmt: str) -> str:
    if fmt == "json":
        from handover.render.terminal import to_json

        return to_json(result) + "\n"
    if fmt == "csv":
        from handover.render.report_csv import report_csv

        return report_csv(result)
    if fmt == "html":
        from handover.render.report_html import report_html

        return report_html(result)
    from handover.render.report import render_report

    plain = console()
    with plain.capture() as captured:
        render_report(plain, result)
    return captured.get()


def register(app: typer.Typer) -> None:
    app.command("report")(report)
