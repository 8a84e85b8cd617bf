"""The Typer app, the global options, and the one error boundary of the command line."""

from __future__ import annotations

import copy
import json
import os
import sys
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.main import get_command_name
from typer.models import CommandInfo

from handover import __version__, i18n

# core and render are imported inside the commands: start-up of note and brief, see cli/__init__.py
from handover.cli import (
    brief,
    check,
    customers,
    digest,
    handing_over,
    importing,
    item_changes,
    items,
    note,
    report,
    search,
    startup,
    team,
    teamwork,
)
from handover.cli.completion_line import zsh_passes_the_whole_line
from handover.cli.help_screen import install as install_help_screen
from handover.cli.help_screen import translate_arguments
from handover.cli.usage import message as usage_message
from handover.cli.usage import run_translated, translate_help
from handover.errors import (
    DataError,
    ExitCode,
    FileStateError,
    HandoverError,
    Interrupted,
    os_error,
)
from handover.format.text import one_line, visible
from handover.i18n import N_

BUG = N_("handover hit a bug ({kind}: {message}); run again with --debug to see where")


class HandoverGroup(TyperGroup):
    """Turns every handover error into one line on stderr and a documented exit code.

    Usage errors, --help and Ctrl-C (exit 130) are Typer's own, except under --json, where a
    usage error is the same JSON object as every other error. Tracebacks appear only with
    --debug, and never with local variables: profiles hold customer data.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        argv = list(kwargs.get("args") or sys.argv[1:])
        debug = "--debug" in argv
        as_json = "--json" in argv
        kwargs["args"] = _choose_language(argv)
        try:
            if i18n.current() != "en":
                translate_arguments(self)  # `'고객' 인자가 필요합니다`, in JSON errors too
            if as_json and kwargs.get("standalone_mode", True):
                return _main_for_programs(super().main, *args, **kwargs)
            if i18n.current() != "en":
                translate_help(self)
            if i18n.current() != "en" and kwargs.get("standalone_mode", True):
                return run_translated(super().main, *args, **kwargs)
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
            for said in getattr(error, "__notes__", ()):  # what became of the change
                sys.stderr.write(visible(f"  {said}") + "\n")
            sys.exit(int(ExitCode.BUG))


def _main_for_programs(run: Any, *args: Any, **kwargs: Any) -> NoReturn:
    """Run with click's own handling off, so a usage error becomes the JSON error object."""
    try:
        result = run(*args, **{**kwargs, "standalone_mode": False})
    except _command_line_errors() as error:
        sys.stdout.write(json.dumps(_usage_error(error), ensure_ascii=False) + "\n")
        sys.exit(int(getattr(error, "exit_code", ExitCode.USAGE)))
    except typer.Abort:
        sys.stderr.write("Aborted!\n")
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)


def _command_line_errors() -> tuple[type[Exception], ...]:
    """Typer's usage errors: its own click since typer 0.29, the click package before."""
    try:
        from typer.exceptions import TyperException
    except ImportError:  # pragma: no cover - typer before 0.29
        import importlib

        return (importlib.import_module("click").ClickException,)
    return (TyperException,)


def _usage_error(error: Any) -> dict[str, object]:
    """A click usage error in the shape of ``HandoverError.to_dict``: the keys are English for
    programs, the message and hint in the language in use (click's own words in English)."""
    command = getattr(getattr(error, "ctx", None), "command_path", None) or "handover"
    if i18n.current() != "en":
        from handover.i18n import _

        said, hint = usage_message(error), _("see '{command} --help'", command=command)
    else:
        said, hint = error.format_message(), f"see `{command} --help`"
    return {
        "error": said,
        "hint": hint,
        "exit_code": int(getattr(error, "exit_code", ExitCode.USAGE)),
    }


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
    if not i18n.chosen_by_user():  # the team file's `language:`, read cheaply, so help and
        from pathlib import Path  # usage errors (before any command runs) speak it too

        from handover.cli.team_lookup import team_root

        root = team_root(rest, os.environ, Path.cwd())
        if root is not None:
            i18n.use_team_language(i18n.team_language(root / "handover.yaml"))
    return rest


def _report(error: HandoverError, as_json: bool) -> None:
    from handover.i18n import _

    if as_json:
        sys.stdout.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
        return
    for detail in error.details:
        sys.stderr.write(visible(detail) + "\n")
    located = isinstance(error, DataError | FileStateError)  # `path:line:column: error: …`
    line = str(error) if located else _("error: {message}", message=error.message)
    if isinstance(error, Interrupted):  # not an error: what became of the change
        line = error.message
    if error.hint:  # prose, wrapped on a terminal; the `path:line:col: error:` line never is
        from handover.render.prose import fold, stderr_width

        line += "\n" + fold(visible(_("  hint: {hint}", hint=error.hint)), stderr_width())
    sys.stderr.write(visible(line) + "\n")  # names and file content, shown literally


zsh_passes_the_whole_line()

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
    startup.release()  # start-up is over: collect garbage again (cli/startup.py)


team.register(app)
customers.register(app)
note.register(app)
items.register(app)
item_changes.register(app)
brief.register(app)
check.register(app)
handing_over.register(app)
search.register(app)
teamwork.register(app)
digest.register(app)
importing.register(app)
report.register(app)


install_help_screen()


def main() -> None:
    without_pydantic_plugins()
    only_the_command_asked(sys.argv[1:])(prog_name="handover")


def without_pydantic_plugins() -> None:
    """The command line never loads pydantic plugins (observers of validation, e.g. logfire's).

    To find them pydantic reads the entry points of every installed distribution the first
    time it builds a model, ~16 ms CPU at each start (8 % of a typer hello world), and handover
    validates only its own files, where no plugin belongs. A value the user set wins; the
    library (``import handover``) leaves pydantic as it finds it."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def only_the_command_asked(argv: list[str]) -> typer.Typer:
    """The app with just the command the line starts with (`handover note …`).

    Typer turns the signature of every registered command into click parameters at each
    start, ~45 ms CPU for the 66 commands, before the one asked for runs: `note` and `brief`
    must start fast and need only their own. The global options are flags (``--lang`` takes
    a value but starts with ``-``), so a first word that names a command is that command.
    Anything else (no command first, a group such as ``item``, a typo typer suggests a fix
    for, a Tab) gets the whole app."""
    if not argv or argv[0].startswith("-") or os.environ.get("_HANDOVER_COMPLETE"):
        return app
    asked = [command for command in app.registered_commands if _name(command) == argv[0]]
    if not asked:
        return app
    trimmed = copy.copy(app)  # the module's app stays whole (tests invoke it in-process)
    trimmed.registered_commands = asked
    trimmed.registered_groups = []
    return trimmed


def _name(command: CommandInfo) -> str | None:
    """A command's name as typer gives it: the one registered, else the function's."""
    if command.name:
        return command.name
    return get_command_name(command.callback.__name__) if command.callback else None
