"""Shell completion of values (customers, reps, items, channels, kinds) before typer loads.

The shell runs `handover` on every Tab. Starting typer, rich and pydantic takes longer than a
Tab may (100 ms), so the values that come from the team folder are answered here, from the
index, and only commands and options go on to typer's own completion. The tables below say
which argument and option takes which value; a test checks them against the real commands.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from handover.cli.completion_line import WHOLE_LINE_VAR
from handover.cli.team_lookup import team_root

CHANNELS = ("visit", "phone", "email", "message", "video", "event", "other")
CUSTOMER_KINDS = ("doctor", "pharmacist", "nurse", "purchasing", "manager", "internal", "other")
ITEM_KINDS = ("request", "complaint", "promise", "question")
"""The models' values, copied so a Tab never imports pydantic (a test keeps them equal)."""

COMPLETE_VAR = "_HANDOVER_COMPLETE"

FIRST_ARGUMENT: dict[str, str] = {
    "note": "customer",
    "brief": "customer",
    "remember": "customer",
    "amend": "customer",
    "history": "customer",
    "transfer": "customer",
    "resolve": "item",
    "reopen": "item",
    "item assign": "item",
    "item due": "item",
    "rep leave": "rep",
}
"""Commands (and subcommands, ``group sub``) whose first argument names a customer, an item
or a rep."""

OPTION_VALUES: dict[str, str] = {
    "--rep": "rep",
    "--by": "rep",
    "--owner": "rep",
    "--to": "rep",
    "--from": "rep",
    "--successor": "rep",
    "--channel": "channel",
    "-c": "channel",
    "--customer": "customer",
    "--resolves": "item",
}
"""Options whose value is a rep, a channel, a customer or an item ref (`--kind` depends on the
command: see `kind_of`)."""

ITEM_KIND_COMMANDS = frozenset({"open"})


def kind_of(command: str) -> str:
    return "item_kind" if command in ITEM_KIND_COMMANDS else "customer_kind"


def words_and_incomplete(environ: Mapping[str, str], shell: str) -> tuple[list[str], str]:
    """The words typed before the cursor and the one being completed, as typer reads them."""
    if shell == "bash":
        words = _split(environ.get("COMP_WORDS", ""))
        index = int(environ.get("COMP_CWORD", "0") or 0)
        incomplete = words[index] if index < len(words) else ""
        return words[1:index], incomplete
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _whole_line(environ: Mapping[str, str], shell: str, before: list[str]) -> list[str]:
    """Every word typed, after the cursor too (`brief 김<Tab> --dir PATH`): bash passes them,
    and so does our zsh script (cli/completion_line.py); fish sends the words
    up to the cursor only."""
    if shell == "bash":
        return _split(environ.get("COMP_WORDS", ""))[1:]
    if shell == "zsh" and environ.get(WHOLE_LINE_VAR):
        return _split(environ[WHOLE_LINE_VAR])[1:]
    return before


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:  # an open quote: complete what there is
        return line.split()


def wanted_value(words: list[str], incomplete: str) -> str | None:
    """What the word under the cursor is: a customer, rep, item, channel or kind, or None
    (a command or an option: typer's part)."""
    if incomplete.startswith("-") or not words:
        return None
    command = next((w for w in words if not w.startswith("-")), None)
    if command is None:
        return None
    previous = words[-1]
    if previous == "--kind":
        return kind_of(command)
    if previous in OPTION_VALUES and "=" not in previous:
        return OPTION_VALUES[previous]
    after = words[words.index(command) + 1 :]
    positional = [
        w
        for i, w in enumerate(after)
        if not w.startswith("-") and not (i and after[i - 1] in {*OPTION_VALUES, "--kind"})
    ]
    if positional and f"{command} {positional[0]}" in FIRST_ARGUMENT:  # item assign, item due
        command, positional = f"{command} {positional[0]}", positional[1:]
    if command in FIRST_ARGUMENT and not positional:
        return FIRST_ARGUMENT[command]
    return None


def values(kind: str, incomplete: str, root: Path | None) -> list[tuple[str, str]]:
    static: dict[str, tuple[str, ...]] = {
        "channel": CHANNELS,
        "customer_kind": CUSTOMER_KINDS,
        "item_kind": ITEM_KINDS,
    }
    if kind in static:
        return [(v, "") for v in static[kind] if v.startswith(incomplete)]
    if root is None:
        return []
    from handover.index import complete

    finders: dict[str, Callable[[Path, str], list[tuple[str, str]]]] = {
        "customer": complete.customers,
        "rep": complete.reps,
        "item": complete.item_refs,
    }
    return finders[kind](root, incomplete)


def formatted(shell: str, found: list[tuple[str, str]]) -> str:
    """The answer in the form typer's completion scripts expect."""
    if shell == "bash":
        return "\n".join(value for value, _ in found)
    if shell == "fish":
        return "\n".join(f"{v}\t{h}" if h else v for v, h in found)

    return _zsh_compadd(found)


def _zsh_compadd(found: list[tuple[str, str]]) -> str:
    """zsh code for typer's function, which evals what we print (after splitting it into
    words, so statements are joined by ``;``). ``compadd -U`` offers the values without zsh's
    own prefix filter, which would drop 김민수 for ㄱㅁㅅ: the index already chose them. Each
    shows with its help (the id) beside it, one per line."""
    if not found:
        return "_files"

    def quoted(text: str) -> str:
        return "'" + " ".join(text.split()).replace("'", "'\\''") + "'"

    shown = " ".join(quoted(f"{v} -- {h}" if h else v) for v, h in found)
    values = " ".join(quoted(v) for v, _ in found)
    return (
        f"local -a _handover_shown; _handover_shown=({shown}); "
        f"compadd -U -l -d _handover_shown -- {values}"
    )


def answer(environ: Mapping[str, str], cwd: Path) -> str | None:
    """The completion of a value, or None when typer must answer (commands, options)."""
    mode = environ.get(COMPLETE_VAR, "")
    shell = mode.removeprefix("complete_")
    if shell not in ("bash", "zsh", "fish"):
        return None
    words, incomplete = words_and_incomplete(environ, shell)
    kind = wanted_value(words, incomplete)
    if kind is None:
        return None
    found = values(kind, incomplete, team_root(_whole_line(environ, shell, words), environ, cwd))
    if shell == "fish" and environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        sys.exit(0 if found else 1)
    return formatted(shell, found)


def main() -> None:
    """The console entry point: a value completes here; everything else is the typer app."""
    if os.environ.get(COMPLETE_VAR):
        try:
            reply = answer(os.environ, Path.cwd())
        except (OSError, ValueError):
            reply = None
        if reply is not None:
            sys.stdout.write(reply + ("\n" if reply else ""))
            return
    from handover.cli import startup

    startup.hold()  # before typer, rich and pydantic load: see cli/startup.py
    from handover.cli.app import main as run

    run()
