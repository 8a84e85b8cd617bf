"""The Typer app, the global options, and the one error boundary of the command line."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from handover import __version__
from handover.cli import (
    brief,
    check,
    customers,
    handover_cmds,
    importing,
    items,
    note,
    report,
    search,
    team,
    teamwork,
)
from handover.errors import DataError, ExitCode, HandoverError, UnsafePathError, os_error
from handover.format.text import one_line, visible

BUG = "handover hit a bug ({kind}: {message}); run again with --debug to see where"


class HandoverGroup(TyperGroup):
    """Turns every handover error into one line on stderr and a documented exit code.

    Usage errors, --help and Ctrl-C (exit 130) are Typer's own. Tracebacks appear only with
    --debug, and never with local variables: profiles hold customer data.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        argv = list(kwargs.get("args") or sys.argv[1:])
        debug = "--debug" in argv
        try:
            return super().main(*args, **kwargs)
        except HandoverError as error:
            if debug:
                raise
            _report(error, as_json="--json" in argv)
            sys.exit(int(error.exit_code))
        except OSError as error:  # the disk, a permission, a file where a folder belongs
            if debug:
                raise
            refused = os_error(error, error.filename or "a file", doing="use")
            _report(refused, as_json="--json" in argv)
            sys.exit(int(refused.exit_code))
        except Exception as error:
            if debug:
                raise
            message = one_line(str(error))[:200]
            sys.stderr.write(f"error: {BUG.format(kind=type(error).__name__, message=message)}\n")
            sys.exit(int(ExitCode.BUG))


def _report(error: HandoverError, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
        return
    for detail in error.details:
        sys.stderr.write(visible(detail) + "\n")
    located = isinstance(error, DataError | UnsafePathError)  # `path:line:column: error: …`
    line = str(error) if located else f"error: {error.message}"
    if error.hint:
        line += f"\n  hint: {error.hint}"
    sys.stderr.write(visible(line) + "\n")  # names and file content, shown literally


app = typer.Typer(
    name="handover",
    cls=HandoverGroup,
    help="Keep what your team knows about each customer, so it survives when the rep changes.",
    epilog="Examples: handover note 김민수 --summary '처방 논의' --rating 3 · "
    "handover brief 민수 · handover check",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handover {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an error."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Keep what your team knows about each customer, so it survives when the rep changes."""


team.register(app)
customers.register(app)
note.register(app)
items.register(app)
brief.register(app)
check.register(app)
handover_cmds.register(app)
search.register(app)
teamwork.register(app)
importing.register(app)
report.register(app)


def main() -> None:
    app(prog_name="handover")
