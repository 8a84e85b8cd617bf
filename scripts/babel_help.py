"""A Babel extractor: the help texts of every command, as typer builds them (`make messages`).

Docstrings and `help=` strings are English msgids that `cli/usage.translate_help` looks up at
run time; reading them from the built app (not from the source) makes the msgids exactly the
strings typer shows, however a docstring is indented or a string is split.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from babel.messages.extract import extract_python


def help_texts() -> list[str]:
    """Every help text of the command line, in tree order, without repeats."""
    import typer.main

    from handover.cli.app import app

    found: list[str] = []

    def walk(command: Any) -> None:
        for attribute in ("help", "short_help", "epilog"):
            text = getattr(command, attribute, None)
            if text and text not in found:
                found.append(text)
        for param in command.params:
            text = getattr(param, "help", None)
            if text and text not in found:
                found.append(text)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """The file's own `_()` messages, then (for cli/app.py) every help text of the app."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in help_texts():
        yield 1, None, text, ["help text"]
