"""A command's description and examples as --help draws them, at any width.

typer's rich mode keeps every line break of a docstring (and of its translation), so a
paragraph broken by hand at 95 columns ends lines short at 100 and half-empty at 60 (`-o를` /
`쓰면 형식은 파일`), and an example command wraps back to the first column (`--kind doctor`).
Here a paragraph of prose is reflowed to the terminal, a list or an example block keeps its
lines, and an example command (`  handover …`) stays indented: it is broken only between its
arguments (an option with its value), and its further lines start under its first argument.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import RenderableType
from rich.styled import Styled
from rich.text import Text

from handover.render.hanging import Hanging

_LIST_MARKS = ("- ", "* ", "• ", "· ")
_INLINE_EXAMPLES = re.compile(r"(?P<label>[^\s:]+:) (?P<commands>handover [^\n]+)")
_WORD = re.compile(r"""(?:[^\s'"]+|'[^']*'|"[^"]*")+""")  # a quoted value is one word


def _keeps_its_lines(paragraph: str) -> bool:
    """A list or an example block: some line after the first is indented or a list item."""
    lines = paragraph.splitlines()
    return any(line[:1].isspace() or line.lstrip().startswith(_LIST_MARKS) for line in lines[1:])


def reflowed(paragraph: str) -> str:
    """One paragraph of prose as one line (the terminal wraps it), or a list as it was."""
    if paragraph.startswith("\b") or _keeps_its_lines(paragraph):
        return paragraph
    return " ".join(line.strip() for line in paragraph.splitlines())


def command_parts(command: str) -> list[str]:
    """`handover report --since 2026-01-01 --kind doctor` → the pieces it may break between:
    each argument, an option with its value, a redirection with its file."""
    parts: list[str] = []
    for word in _WORD.findall(command):
        last = parts[-1] if parts else ""
        takes_value = last.startswith("-") and " " not in last and not word.startswith("-")
        if parts and (takes_value or last in (">", "|", ">>")):
            parts[-1] = f"{last} {word}"
        else:
            parts.append(word)
    return parts


def example(line: str, style: str) -> RenderableType:
    """An indented example command: whole on a line when it fits, else broken between its
    arguments with the rest under the first one."""
    indent = len(line) - len(line.lstrip())
    program, *rest = command_parts(line.strip())
    lead = Text(" " * indent + program + " ")
    shown = Hanging(lead, rest, sep=" ") if rest else lead
    return Styled(shown, style)


def described(paragraphs: list[str], style: str, make: Any) -> Iterator[RenderableType]:
    """The paragraphs after the first, as --help shows them (`make` is typer's rich text)."""
    for number, paragraph in enumerate(paragraphs):
        if number:
            yield Text("")
        inline = _INLINE_EXAMPLES.fullmatch(paragraph.strip())
        if inline:  # `Example: handover add …` (`예: … · handover check`): label, then each
            yield make(text=inline["label"], style=style)
            for command in inline["commands"].split(" · "):
                yield example("  " + command, style)
            continue
        if not _keeps_its_lines(paragraph) or paragraph.startswith("\b"):
            yield make(text=reflowed(paragraph), style=style)
            continue
        for line in paragraph.splitlines():
            if line[:1].isspace() and line.lstrip().startswith("handover "):
                yield example(line, style)
            elif line.strip():
                yield make(text=line, style=style)


_WORD_OR_SLASHED = re.compile(r"\s*(?:[^\s/]+/+|/+|[^\s/]+)\s*")


@contextmanager
def breaking_after_slashes() -> Iterator[None]:
    """While help is drawn, a line may also break after `/`: `문자/카톡/카카오톡/메시지` is
    one word to rich, which folded it mid-word (`카카오톡/메` / `시지`) in a narrow column."""
    from rich import _wrap

    word = _wrap.re_word
    _wrap.re_word = _WORD_OR_SLASHED
    try:
        yield
    finally:
        _wrap.re_word = word


def install(rich_utils: Any) -> None:
    """typer's description (`_get_help_text`) and epilog drawn the way described above."""
    from rich.console import group

    @group()
    def help_text(*, obj: Any, markup_mode: Any) -> Iterator[RenderableType]:
        if obj.deprecated:
            yield Text(rich_utils.DEPRECATED_STRING, style=rich_utils.STYLE_DEPRECATED)
        text = inspect.cleandoc(obj.help or "").partition("\f")[0]
        first, *rest = text.split("\n\n")
        if not first.startswith("\b"):
            first = first.replace("\n", " ")
        style = rich_utils.STYLE_HELPTEXT_FIRST_LINE
        yield rich_utils._make_rich_text(text=first.strip(), style=style, markup_mode=markup_mode)
        if rest:
            yield Text("")

            def make(*, text: str, style: str) -> Any:
                return rich_utils._make_rich_text(text=text, style=style, markup_mode=markup_mode)

            yield from described(rest, rich_utils.STYLE_HELPTEXT, make)

    rich_utils._get_help_text = help_text
    format_help = rich_utils.rich_format_help

    def rich_format_help(*, obj: Any, ctx: Any, markup_mode: Any) -> None:
        epilog, obj.epilog = obj.epilog, None
        try:
            format_help(obj=obj, ctx=ctx, markup_mode=markup_mode)
        finally:
            obj.epilog = epilog
        if epilog:
            from rich.console import Group
            from rich.padding import Padding

            def make(*, text: str, style: str) -> Any:
                return rich_utils._make_rich_text(text=text, style=style, markup_mode=markup_mode)

            shown = Group(*described(epilog.split("\n\n"), "", make))
            rich_utils._get_rich_console().print(Padding(shown, 1))

    rich_utils.rich_format_help = rich_format_help
