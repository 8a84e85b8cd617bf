"""click's own usage errors ("No such option", "Missing argument" …) in the user's language.

Typer's copy of click writes these in English, with no gettext hook, so in a language other
than English the command line runs with click's handling off and this module says the same
thing from our catalogue, in the shape of every other handover error: a usage line, `오류: …`
and a hint. English keeps click's own rendering.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NoReturn

from handover.i18n import _

_INNER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Input should be a valid integer"), "whole number"),
    (re.compile(r"^Input should be a valid number"), "number"),
    (re.compile(r"^Input should be a valid boolean"), "yes or no"),
    (re.compile(r"^'(?P<value>.*)' is not a valid integer"), "whole number"),
)
"""click's and pydantic's messages about a value, and the word our catalogue says for them."""

_WORDS = {
    "whole number": lambda: _("a whole number is needed"),
    "number": lambda: _("a number is needed"),
    "yes or no": lambda: _("yes or no is needed"),
}


def run_translated(run: Any, *args: Any, **kwargs: Any) -> NoReturn:
    """Run the command line with click's error handling off and explain its usage errors."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    try:
        result = run(*args, **{**kwargs, "standalone_mode": False})
    except NoArgsIsHelpError as error:
        error.show()
        sys.exit(int(error.exit_code))
    except ClickException as error:
        sys.stderr.write(explain(error) + "\n")
        sys.exit(int(error.exit_code))
    except _abort() as error:  # Ctrl-D at a prompt
        del error
        sys.stderr.write(_("Aborted.") + "\n")
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)


def _abort() -> type[BaseException]:
    from typer import Abort

    return Abort


def explain(error: Any) -> str:
    """The usage line, the error and the hint, in the language in use."""
    ctx = getattr(error, "ctx", None)
    lines: list[str] = []
    if ctx is not None:
        usage = ctx.get_usage().strip()  # already prefixed, in the language in use
        usage = usage.removeprefix(_("Usage: ").strip()).removeprefix("Usage:").strip()
        usage = usage.replace("[OPTIONS]", _("[OPTIONS]")).replace(
            "COMMAND [ARGS]...", _("COMMAND [ARGS]...")
        )
        lines.append(_("usage: {usage}", usage=usage))
    lines.append(_("error: {message}", message=message(error)))
    command = getattr(ctx, "command_path", None) or "handover"
    hint = _("see '{command} --help'", command=command)
    lines.append(_("  hint: {hint}", hint=hint))
    return "\n".join(lines)


def message(error: Any) -> str:
    """What click's error says, from our catalogue (click's own text when it is a kind we
    do not know)."""
    from typer._click import exceptions as click

    if isinstance(error, click.NoSuchOption):
        said = _("no such option: {option}", option=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            said = _("{message} (did you mean: {options})", message=said, options=options)
        return said
    if isinstance(error, click.MissingParameter):
        if (error.param_type or getattr(error.param, "param_type_name", "")) == "option":
            return _("the option {name} is needed", name=_hint(error) or "?")
        return _("the argument {name} is needed", name=_hint(error) or "?")
    if isinstance(error, click.BadParameter):
        return _("{name}: the value is not right: {why}", name=_hint(error), why=_value(error))
    if isinstance(error, click.BadOptionUsage):
        return _("the option '{option}' needs a value", option=error.option_name)
    text = str(error.format_message())
    found = re.match(r"^No such command '(?P<name>.*)'\.(?: Did you mean (?P<close>.*)\?)?", text)
    if found:
        said = _("no such command: '{command}'", command=found["name"])
        if found["close"]:
            said = _("{message} (did you mean: {options})", message=said, options=found["close"])
        return said
    found = re.match(r"^Got unexpected extra argument\(s\) \((?P<words>.*)\)$", text)
    if found:
        return _("arguments not needed here: {words}", words=found["words"])
    if text == "Missing command.":
        return _("say which command to run")
    return text


def _hint(error: Any) -> str:
    from typer._click.exceptions import _join_param_hints

    if error.param_hint is not None:
        return str(_join_param_hints(error.param_hint))
    if error.param is not None:
        return str(_join_param_hints(error.param.get_error_hint()))
    return ""


def _value(error: Any) -> str:
    """The reason a value was refused: ours is translated already; click's and pydantic's
    common ones are said from the catalogue."""
    for pattern, word in _INNER:
        if pattern.match(error.message):
            return str(_WORDS[word]())
    at_least = re.match(r"^Input should be greater than or equal to (?P<low>-?\d+)", error.message)
    if at_least:
        return _("{low} or more is needed", low=at_least.group("low"))
    return str(error.message)


def translate_help(command: Any) -> None:
    """Every help text of the command tree in the language in use, when help may be shown.

    Typer reads help texts (docstrings and `help=`) while the app is built, before the language
    is known; they are English msgids of the catalogue (`scripts/babel_help.py` extracts them
    from the built app), translated here on the tree built for this run.
    """
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = _("[OPTIONS]")
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)
