"""The Typer app, the global options, and the one error boundary of the command line."""

from __future__ import annotations

import json
import os
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
    items,
    note,
    report,
    search,
    team,
    teamwork,
)
from handover.errors import DataError, ExitCode, HandoverError, UnsafePathError, os_error
from handover.format.text import one_line, visible
from handover.i18n import N_

BUG = N_("handover hit a bug ({kind}: {message}); run again with --debug to see where")


class HandoverGroup(TyperGroup):
    """Turns every handover error into one line on stderr and a documented exit code.

    Usage errors, --help and Ctrl-C (exit 130) are Typer's own. Tracebacks appear only with
    --debug, and never with local variables: profiles hold customer data.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        argv = list(kwargs.get("args") or sys.argv[1:])
        debug = "--debug" in argv
        kwargs["args"] = _choose_language(argv)
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
            from handover.i18n import _

            bug = _(BUG, kind=type(error).__name__, message=message)
            sys.stderr.write(visible(_("error: {message}", message=bug)) + "\n")
            sys.exit(int(ExitCode.BUG))


def _choose_language(argv: list[str]) -> list[str]:
    """Take `--lang X` from anywhere on the command line (before or after the command) and
    set the language; the rest is what click parses."""
    from handover import i18n

    rest: list[str] = []
    requested = None
    words = iter(argv)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--lang":
            requested = next(words, None)
        elif word.startswith("--lang="):
            requested = word.split("=", 1)[1]
        else:
            rest.append(word)
    if requested is not None and i18n.normalise(requested) is None:
        sys.stderr.write(f"error: --lang: '{requested}' is not one of: ko, en\n")
        sys.exit(int(ExitCode.USAGE))
    i18n.choose(requested, os.environ)
    return rest


def _report(error: HandoverError, as_json: bool) -> None:
    from handover.i18n import _

    if as_json:
        sys.stdout.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
        return
    located = isinstance(error, DataError | UnsafePathError)  # `path:line:column: error: …`
    line = str(error) if located else _("error: {message}", message=error.message)
    if error.hint:
        line += "\n" + _("  hint: {hint}", hint=error.hint)
    sys.stderr.write(visible(line) + "\n")  # names and file content, shown literally


app = typer.Typer(
    name="handover",
    cls=HandoverGroup,
    help="Keep what your team knows about each customer, so it survives when the rep changes.",
    epilog="Examples: handover note 김민수 --summary '처방 논의' --rating 3 · "
    "handover brief 민수 · handover check",
    no_args_is_help=True,
    add_completion=False,
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
    lang: str | None = typer.Option(
        None,
        "--lang",
        help="Language of the output: ko or en (default: $HANDOVER_LANG, handover.yaml's "
        "language, else $LANG).",
        show_default=False,
    ),
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
report.register(app)


def main() -> None:
    app(prog_name="handover")
