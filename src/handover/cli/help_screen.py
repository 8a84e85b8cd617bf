"""--help screens that keep every character, in the language in use.

typer draws --help with rich tables whose columns cut what does not fit with `…`: a word
longer than its column (`(문자/카톡/카카오톡/메시지/메세지)`), and any line of Hangul that
rich wraps with a trailing space (rich 15's `Text.rstrip_end` trims by characters, not by
display cells, so the space is left and the line is cut one cell short: `3 좋음 · …`). Our
help texts fold instead: a line is broken by display cells (Hangul is two) and no character
is ever dropped.

The same place says typer's own words in the language in use: the panel titles, `[default:
…]`, the `-h` option's help, the value types (`<텍스트>`, `<숫자>`, a flag shows none) and
the argument names (`[고객]`). Everything here runs only when a help screen is drawn, so a
command that shows none imports nothing of typer's rich help.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from handover.domain.words import CHANNELS, CUSTOMER_KINDS
from handover.format.channels import channel_choices
from handover.i18n import N_, _, current

HELP_OPTION = N_("Show this message and exit.")
"""click's help for -h/--help, made where the option is built (no gettext hook)."""

ARGUMENT_NAMES = {
    "customer": N_("customer"),
    "customers": N_("customers"),
    "name": N_("name"),
    "facts": N_("facts"),
    "ref": N_("ref"),
    "how": N_("how"),
    "why": N_("why"),
    "note": N_("note"),
    "paths": N_("paths"),
    "kind": N_("kind"),
    "words": N_("words"),
    "files": N_("files"),
    "rep_id": N_("rep_id"),
    "rep": N_("rep"),
    "directory": N_("directory"),
    "DATE": N_("DATE"),
}
"""The arguments as the usage line and the help name them (typer uses the parameter's name)."""

TYPE_NAMES = {
    "str": N_("<text>"),
    "int": N_("<number>"),
    "int range": N_("<number>"),
    "float range": N_("<number>"),
    "float": N_("<number>"),
    "dir": N_("<folder>"),
    "file": N_("<file>"),
    "path": N_("<path>"),
    "Path": N_("<path>"),
}
"""typer's `<str>`, `<int>` … in the language in use (`<bool>`: a flag takes no value)."""


WORD_DEFAULTS = {
    "channel": CHANNELS,
    "kind": CUSTOMER_KINDS,
    "by": {"week": N_("week"), "month": N_("month")},  # report --by takes 주 / 월 too
}
"""Options whose default is a word the help shows in the language in use (`[기본: 방문]`; the
option takes the Korean word too), by parameter name → the table in domain.words."""


def install() -> None:
    """Make typer's help formatting call `prepare` first (cheap: no rich is imported)."""
    from typer import core

    for cls in (core.TyperCommand, core.TyperGroup):
        original = cls.__dict__["format_help"]
        if getattr(original, "_prepares_help", False):
            continue

        def format_help(self: Any, ctx: Any, formatter: Any, _original: Any = original) -> None:
            prepare()
            from handover.cli.help_text import breaking_after_slashes

            with breaking_after_slashes():
                _original(self, ctx, formatter)

        format_help._prepares_help = True  # type: ignore[attr-defined]
        cls.format_help = format_help  # type: ignore[method-assign]


def translate_arguments(command: Any) -> None:
    """The argument names of a command tree in the language in use (`[customer]` → `[고객]`),
    for the usage line, the help and click's errors about them."""
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") == "argument":
            name = param.metavar or param.name
            if name in ARGUMENT_NAMES:
                param.metavar = _(ARGUMENT_NAMES[name])
    for sub in getattr(command, "commands", {}).values():
        translate_arguments(sub)


def type_name(shown: str | None) -> str | None:
    """typer's type label (`<str>`, `<list[str]>`, `<bool>`) as the help shows it here."""
    if shown is None or current() == "en":
        return shown
    inner = shown.strip("<>")
    if inner == "bool":
        return ""
    if inner.startswith("list[") and inner.endswith("]"):
        element = type_name(f"<{inner[5:-1]}>")
        return f"{element}..." if element else element
    return _(TYPE_NAMES[inner]) if inner in TYPE_NAMES else shown


HELP_FILLS: dict[str, Callable[[], str]] = {"{channel_words}": channel_choices}
"""Placeholders a help text may hold, filled from their one table when the help is drawn: the
msgid (`{channel_words}; stored in English.`) stays the same when a channel word is added."""


def filled(text: str) -> str:
    """The help text with its placeholders filled (plain replace: other braces stay)."""
    for placeholder, fill in HELP_FILLS.items():
        if placeholder in text:
            text = text.replace(placeholder, fill())
    return text


class _Installed:
    done = False


def prepare() -> None:
    """Before a help screen is drawn: typer's words in the language in use, and text that
    folds rather than being cut."""
    from typer import rich_utils

    _set_labels(rich_utils)
    if _Installed.done:
        return
    _Installed.done = True
    from handover.cli import help_text

    help_text.install(rich_utils)
    _fold_help_texts(rich_utils)
    _keep_option_names(rich_utils)
    _translate_types()
    _translate_usage_prefix()


def _set_labels(rich_utils: Any) -> None:
    """Set every time: the language may differ from one command to the next in one process."""
    labels = {
        "DEPRECATED_STRING": _("(deprecated) "),
        "DEFAULT_STRING": _("[default: {}]"),
        "ENVVAR_STRING": _("[env var: {}]"),
        "REQUIRED_LONG_STRING": _("[required]"),
        "ARGUMENTS_PANEL_TITLE": _("Arguments"),
        "OPTIONS_PANEL_TITLE": _("Options"),
        "COMMANDS_PANEL_TITLE": _("Commands"),
    }
    for name, text in labels.items():
        setattr(rich_utils, name, text)


def _fold_help_texts(rich_utils: Any) -> None:
    """Option and command help fold at the column's edge instead of ending in `…`."""
    parameter_help = rich_utils._get_parameter_help
    command_help = rich_utils._make_command_help

    def folded_parameter_help(*, param: Any, ctx: Any, markup_mode: Any) -> Any:
        said = param.help
        if said == HELP_OPTION:  # the option is cached on its command: translated only here
            param.help = _(HELP_OPTION)
        elif said:
            param.help = filled(said)
        try:
            shown = parameter_help(param=param, ctx=ctx, markup_mode=markup_mode)
        finally:
            param.help = said
        for part in getattr(shown, "renderables", ()):
            _fold(part)
        return shown

    def folded_command_help(*, help_text: str, markup_mode: Any) -> Any:
        return _fold(command_help(help_text=one_line_summary(help_text), markup_mode=markup_mode))

    rich_utils._get_parameter_help = folded_parameter_help
    rich_utils._make_command_help = folded_command_help


def one_line_summary(help_text: str) -> str:
    """A command's first paragraph as one line for the commands list: typer's rich mode keeps
    the docstring's (and the translation's) line breaks, so `pull` / `--rebase` and `해결,` /
    `정정` were split there instead of where the column ends."""
    first, *rest = inspect.cleandoc(help_text).split("\n\n", 1)
    if not first.startswith("\b"):
        first = " ".join(line.strip() for line in first.splitlines())
    return "\n\n".join([first, *rest])


def _keep_option_names(rich_utils: Any) -> None:
    """An option's name is never cut (`--install-complet…`): only its type and its help, the
    last two columns of the options table, give up room when the terminal is narrow."""
    from rich.table import Table

    class HelpTable(Table):
        def _calculate_column_widths(self, console: Any, options: Any) -> list[int]:
            if len(self.columns) > 2:
                for column in self.columns[:-2]:
                    column.no_wrap = True
            return super()._calculate_column_widths(console, options)

    rich_utils.Table = HelpTable


def _fold(part: Any) -> Any:
    from rich.text import Text

    if isinstance(part, Text):
        part.overflow = "fold"
    return part


def _translate_types() -> None:
    from typer import core

    for cls in (core.TyperOption, core.TyperArgument):
        shown = cls.display_type_rich

        def display_type_rich(self: Any, ctx: Any, _shown: Any = shown) -> str | None:
            if getattr(getattr(self, "type", None), "dir_okay", True) is False:  # a file
                return type_name("<file>")
            return type_name(_shown(self, ctx))

        cls.display_type_rich = display_type_rich  # type: ignore[method-assign]

        default_string = cls._get_default_string

        def translated_default(self: Any, *, _shown: Any = default_string, **how: Any) -> str:
            return default_word(self.name, _shown(self, **how))

        cls._get_default_string = translated_default  # type: ignore[method-assign]

        number_range = cls._get_number_range_help_str

        def translated_range(self: Any, _shown: Any = number_range) -> str | None:
            said = _shown(self)
            return None if said is None else number_range_words(self.min, self.max, said)

        cls._get_number_range_help_str = translated_range  # type: ignore[method-assign]


def number_range_words(low: float | None, high: float | None, shown: str) -> str:
    """typer's `x>=1` / `0<=x<=100` as a person says it: `1 이상`, `0–100`."""
    if current() == "en":
        return shown
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return _("{low} or more", low=low)
    return _("{high} or less", high=high)


def default_word(name: str | None, shown: str) -> str:
    """A default as `[default: …]` shows it: `visit` is `방문` in Korean."""
    table = WORD_DEFAULTS.get(name or "", {})
    return _(table[shown]) if shown in table else shown


def _translate_usage_prefix() -> None:
    from typer._click import formatting

    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]
